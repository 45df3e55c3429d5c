"""What outreach puts on the "việc cần làm" panels. For a member: unread notices (must-read ones
until read, whatever their age) and documents their cell or the levels above issued (or, undated,
added) in the last DOCUMENT_DAYS days that they have not opened. For an organisation (those who manage it): its
must-read notices not yet read by everyone, with counts, and proposals waiting for an answer."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from hocbac.core.text import format_number
from hocbac.core.todo import Todo

from . import selectors

DOCUMENT_DAYS = 30
ORG_NOTICES_SHOWN = 5


def member_todos(member):
    return [Todo(title=f"{'Đọc thông báo (bắt buộc)' if n.must_read else 'Đọc thông báo'}: {n.title}",
                 url=reverse("outreach:my_notice", args=[n.pk]), due=n.due_on,
                 detail=f"{n.org.name} · gửi ngày {timezone.localtime(n.sent_at):%d/%m/%Y}")
            for n in selectors.unread_notices(member)[:10]]


def document_todos(member):
    """New documents published at or above the member's cell that the member has not opened."""
    from hocbac.library.models import Document, DocumentRead

    since = timezone.now() - datetime.timedelta(days=DOCUMENT_DAYS)
    # new: issued in the last days (an old document uploaded late is not news), or undated and added lately
    recent = Q(issued_on__gte=timezone.localdate(since)) | Q(issued_on__isnull=True, created_at__gte=since)
    documents = (Document.objects.in_orgs(member.org.ancestor_ids()).filter(recent)
                 .exclude(Exists(DocumentRead.objects.unscoped().filter(document=OuterRef("pk"), member=member)))
                 .select_related("org").order_by("-created_at")[:5])
    return [Todo(title=f"Đọc tài liệu: {d.display_title}", url=reverse("library:document_detail", args=[d.pk]),
                 detail=f"{d.org.name} ban hành" if d.org_id else "")
            for d in documents]


def org_todos(org):
    items = []
    total_members = None
    for notice in selectors.notices_sent_by(org).filter(must_read=True)[:ORG_NOTICES_SHOWN]:
        if total_members is None:
            total_members = selectors.eligible_count(org)
        unread = max(total_members - notice.read_count, 0)
        if unread:
            items.append(Todo(title=f"{format_number(unread)}/{format_number(total_members)} đảng viên chưa đọc "
                                    f"thông báo: {notice.title}",
                              url=reverse("outreach:notice_detail", args=[org.pk, notice.pk]), due=notice.due_on))
    if not org.holds_members:
        waiting = selectors.open_proposal_count(org)
        if waiting:
            items.append(Todo(title=f"{format_number(waiting)} đề xuất, ý kiến chờ trả lời",
                              url=reverse("outreach:proposal_list", args=[org.pk])))
    return items
