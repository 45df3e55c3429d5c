"""Writes for notices, proposals and the public site. Each runs in one transaction, checks who
acts (outreach.rules) and writes its audit entry; a doubled post (same `client_key`) records once.
Bad input raises ValidationError with a Vietnamese message and changes nothing."""

import datetime
import re
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from hocbac.core.audit import log_action
from hocbac.library.services import sniff_attachment
from hocbac.practices.services import sniff_photo

from . import rules
from .models import (
    MAX_ATTACHMENT_BYTES,
    Notice,
    NoticeAttachment,
    NoticeRead,
    Proposal,
    ProposalKind,
    ProposalStatus,
    Publication,
    PublicationKind,
)

PROPOSALS_PER_ADDRESS_PER_HOUR = 5
MAX_ATTACHMENTS = 5
_MARKUP = re.compile(r"<\s*[a-zA-Z/!?]|javascript:", re.IGNORECASE)


def _refuse(message, code=None):
    raise ValidationError(message, code=code)


def _text(value, label, max_length, required=True):
    value = " ".join(str(value or "").split()) if max_length <= 300 else str(value or "").strip()
    if required and not value:
        _refuse(f"Chưa nhập {label}.")
    if len(value) > max_length:
        _refuse(f"{label[0].upper()}{label[1:]} dài quá {max_length} ký tự.")
    return value


def sniff_notice_file(upload):
    """The content type of an attachment read from its bytes: PDF, Word or a photo."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        _refuse(f"Tệp quá lớn: tối đa {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB.")
    try:
        return sniff_attachment(upload)
    except ValidationError:
        pass
    try:
        return sniff_photo(upload)
    except ValidationError:
        _refuse("Chỉ nhận tệp PDF, Word (.doc, .docx) hoặc ảnh JPEG, PNG, WebP.")


def email_enabled():
    """E-mail goes out only when an SMTP server is configured (HOCBAC_EMAIL_HOST); never required."""
    return bool(getattr(settings, "HOCBAC_EMAIL_HOST", ""))


def send_notice(*, by, org, title, body="", must_read=False, due_on=None, attachments=(), client_key="", now=None,
                email=False):
    """`org` sends a notice to every member of its subtree. Side effects: attachments stored;
    with `email` and SMTP configured, one message to each member with an address, after commit."""
    if not rules.may_send_notice(by, org):
        raise PermissionDenied
    now = now or timezone.now()
    title = _text(title, "tiêu đề", 200)
    body = _text(body, "nội dung", 20000, required=False)
    attachments = list(attachments)
    if len(attachments) > MAX_ATTACHMENTS:
        _refuse(f"Tối đa {MAX_ATTACHMENTS} tệp đính kèm.")
    if due_on is not None and due_on < timezone.localdate(now):
        _refuse("Hạn đọc không được trước hôm nay.")
    types = [sniff_notice_file(upload) for upload in attachments]  # every file checked before anything is written
    client_key = (client_key or "")[:40]
    if client_key:
        existing = Notice.objects.in_orgs([org.pk]).filter(sent_by=by, client_key=client_key).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            notice = Notice.objects.create(org=org, title=title, body=body, must_read=must_read, due_on=due_on,
                                           sent_by=by, sent_at=now, client_key=client_key)
            for upload, content_type in zip(attachments, types, strict=True):
                NoticeAttachment.objects.create(notice=notice, file=upload, name=upload.name[-200:],
                                                content_type=content_type)
            log_action("notice.send", by=by, org=org, obj=notice, summary=f"Gửi thông báo: {title}",
                       after={"title": title, "must_read": must_read, "attachments": len(attachments)})
    except IntegrityError:  # the same post raced in
        return Notice.objects.in_orgs([org.pk]).get(sent_by=by, client_key=client_key)
    if email and email_enabled():
        transaction.on_commit(lambda: _email_notice(notice))
    return notice


def _email_notice(notice):
    from hocbac.orgs.models import Member

    addresses = sorted(set(
        Member.objects.in_subtree(notice.org).active().filter(user__isnull=False).exclude(user__email="")
        .values_list("user__email", flat=True)))
    link = settings.HOCBAC_SITE_URL.rstrip("/") + reverse("outreach:my_notice", args=[notice.pk])
    text = f"{notice.body}\n\nXem và xác nhận đã đọc: {link}"
    sent = send_mass_mail([(f"[{notice.org.name}] {notice.title}", text, None, [a]) for a in addresses],
                          fail_silently=True)
    Notice.objects.in_orgs([notice.org_id]).filter(pk=notice.pk).update(emailed=sent)


def mark_notice_read(notice, *, member, now=None):
    """Record that `member` read `notice` (once; reading again changes nothing)."""
    if not rules.member_receives(member, notice):
        raise PermissionDenied
    try:
        with transaction.atomic():
            read, _ = NoticeRead.objects.in_orgs([member.org_id]).get_or_create(
                notice=notice, member=member, defaults={"org_id": member.org_id, "read_at": now or timezone.now()})
    except IntegrityError:  # two tabs at once
        read = NoticeRead.objects.unscoped().get(notice=notice, member=member)
    return read


# Proposals ----------------------------------------------------------------------------------

def _check_proposal_text(title, body, *, public):
    title = _text(title, "tiêu đề", 200)
    body = _text(body, "nội dung", 5000)
    if public and (_MARKUP.search(title) or _MARKUP.search(body)):
        _refuse("Nội dung không được chứa mã HTML hay mã lệnh. Hãy viết bằng văn bản thường.")
    return title, body


def _new_proposal(**fields):
    client_key = fields.get("client_key", "")
    org = fields["org"]
    if client_key:
        existing = Proposal.objects.in_orgs([org.pk]).filter(client_key=client_key).first()
        if existing:
            return existing, False
    try:
        with transaction.atomic():
            return Proposal.objects.create(token=secrets.token_urlsafe(18)[:24], **fields), True
    except IntegrityError:
        return Proposal.objects.in_orgs([org.pk]).get(client_key=client_key), False


@transaction.atomic
def send_proposal(*, by, org, title, body, kind=ProposalKind.PROPOSAL, client_key="", now=None):
    """A member sends a proposal or a good idea to a committee above or at their cell."""
    member = getattr(by, "member", None)
    if member is None or not rules.may_receive_proposals(org) or org.pk not in member.org.ancestor_ids():
        _refuse("Chỉ gửi đề xuất đến cấp ủy của đồng chí.")
    if kind not in ProposalKind.values:
        _refuse("Loại ý kiến không hợp lệ.")
    title, body = _check_proposal_text(title, body, public=False)
    proposal, created = _new_proposal(org=org, kind=kind, title=title, body=body, member=member,
                                      sender_name=member.full_name, client_key=(client_key or "")[:40],
                                      created_at=now or timezone.now())
    if created:
        log_action("proposal.send", by=by, org=org, obj=proposal, summary=f"Đề xuất của đảng viên: {title}")
    return proposal


def send_public_proposal(*, org, name, contact, title, body, kind=ProposalKind.PROPOSAL, ip=None, client_key="",
                         now=None):
    """A citizen sends a proposal through the committee's public page, without an account. At most
    PROPOSALS_PER_ADDRESS_PER_HOUR from one address (a flood gets code "throttled"); markup refused."""
    now = now or timezone.now()
    if not rules.may_receive_proposals(org):
        _refuse("Tổ chức này không nhận đề xuất qua trang công khai.")
    if kind not in ProposalKind.values:
        _refuse("Loại ý kiến không hợp lệ.")
    name = _text(name, "họ tên", 120)
    contact = _text(contact, "điện thoại hoặc thư điện tử", 120, required=False)
    if _MARKUP.search(name) or _MARKUP.search(contact):
        _refuse("Nội dung không được chứa mã HTML hay mã lệnh. Hãy viết bằng văn bản thường.")
    title, body = _check_proposal_text(title, body, public=True)
    recent = Proposal.objects.unscoped().filter(ip=ip, created_at__gte=now - datetime.timedelta(hours=1)).count()
    if ip and recent >= PROPOSALS_PER_ADDRESS_PER_HOUR:
        _refuse("Có quá nhiều ý kiến gửi từ địa chỉ này. Xin thử lại sau một giờ.", code="throttled")
    with transaction.atomic():
        proposal, created = _new_proposal(org=org, kind=kind, title=title, body=body, sender_name=name,
                                          sender_contact=contact, ip=ip, client_key=(client_key or "")[:40],
                                          created_at=now)
        if created:
            log_action("proposal.send_public", by=None, org=org, obj=proposal, summary=f"Ý kiến của người dân: {title}",
                       ip=ip)
    return proposal


@transaction.atomic
def answer_proposal(proposal, *, by, status, answer="", publish=False, now=None):
    """The committee triages (status), answers, and may publish the answer on its public site."""
    if not rules.may_handle_proposals(by, proposal.org):
        raise PermissionDenied
    if status not in ProposalStatus.values:
        _refuse("Tình trạng không hợp lệ.")
    answer = _text(answer, "câu trả lời", 5000, required=status == ProposalStatus.ANSWERED)
    if publish and status != ProposalStatus.ANSWERED:
        _refuse("Chỉ công khai được ý kiến đã có câu trả lời.")
    now = now or timezone.now()
    before = {"status": proposal.status, "answer": proposal.answer, "is_published": proposal.is_published}
    proposal.status, proposal.answer, proposal.is_published = status, answer, publish
    if answer and before["answer"] != answer:
        proposal.answered_by, proposal.answered_at = by, now
    proposal.save(update_fields=["status", "answer", "is_published", "answered_by", "answered_at"])
    live = Publication.objects.in_orgs([proposal.org_id]).filter(proposal=proposal, withdrawn_at__isnull=True)
    if publish and not live.exists():
        Publication.objects.create(org=proposal.org, kind=PublicationKind.ANSWER, title=proposal.title,
                                   lead=proposal.body, body=answer, proposal=proposal, published_at=now, created_by=by)
    elif publish:
        live.update(body=answer)
    elif not publish:
        live.update(withdrawn_at=now)
    after = {"status": status, "answer": answer, "is_published": publish}
    log_action("proposal.answer", by=by, org=proposal.org, obj=proposal, summary=f"Xử lý đề xuất: {proposal.title}",
               before={k: v for k, v in before.items() if after[k] != v},
               after={k: v for k, v in after.items() if before[k] != v})
    return proposal


# The public site ----------------------------------------------------------------------------

@transaction.atomic
def publish_article(*, by, org, title, lead="", body, client_key="", now=None):
    """A committee publishes an article on its public site."""
    if not rules.may_publish(by, org):
        raise PermissionDenied
    title = _text(title, "tiêu đề", 300)
    lead = _text(lead, "sa pô", 1000, required=False)
    body = _text(body, "nội dung", 50000)
    existing = Publication.objects.in_orgs([org.pk]).filter(kind=PublicationKind.ARTICLE, title=title,
                                                            created_by=by, withdrawn_at__isnull=True).first()
    if existing:  # the same article posted twice
        return existing
    item = Publication.objects.create(org=org, kind=PublicationKind.ARTICLE, title=title, lead=lead, body=body,
                                      published_at=now or timezone.now(), created_by=by)
    log_action("publication.create", by=by, org=org, obj=item, summary=f"Đăng bài công khai: {title}")
    return item


@transaction.atomic
def publish_practice(*, by, org, practice, now=None):
    """Publish the story of a model of the committee's subtree (and its public page /mo-hinh/<id>/)."""
    from hocbac.practices.services import set_public

    if not rules.may_publish(by, org):
        raise PermissionDenied
    if not practice.org.path.startswith(org.path):
        _refuse("Mô hình này không thuộc đảng bộ của đồng chí.")
    set_public(practice, by=by, is_public=True)
    return _publish_once(by=by, org=org, kind=PublicationKind.PRACTICE, title=practice.name,
                         lead=practice.goals, body=practice.description, practice=practice, now=now)


@transaction.atomic
def publish_contest(*, by, org, contest, now=None):
    """Publish the results (the winners) of a closed contest of the committee's subtree."""
    if not rules.may_publish(by, org):
        raise PermissionDenied
    if not contest.org.path.startswith(org.path):
        _refuse("Cuộc thi này không thuộc đảng bộ của đồng chí.")
    if contest.closes_at > (now or timezone.now()):
        _refuse("Cuộc thi chưa kết thúc: chỉ công bố kết quả sau khi đóng.")
    return _publish_once(by=by, org=org, kind=PublicationKind.CONTEST, title=f"Kết quả {contest.title}",
                         lead=contest.description, body="", contest=contest, now=now)


def _publish_once(*, by, org, kind, title, lead, body, now, **target):
    live = Publication.objects.in_orgs([org.pk]).filter(kind=kind, withdrawn_at__isnull=True, **target).first()
    if live:
        return live
    item = Publication.objects.create(org=org, kind=kind, title=title[:300], lead=lead, body=body,
                                      published_at=now or timezone.now(), created_by=by, **target)
    log_action("publication.create", by=by, org=org, obj=item, summary=f"Công khai: {item.title}")
    return item


@transaction.atomic
def withdraw(item, *, by, now=None):
    """Take an item off the public site (its view count is kept)."""
    if not rules.may_publish(by, item.org):
        raise PermissionDenied
    if item.withdrawn_at is None:
        item.withdrawn_at = now or timezone.now()
        item.save(update_fields=["withdrawn_at"])
        log_action("publication.withdraw", by=by, org=item.org, obj=item, summary=f"Thôi công khai: {item.title}")
    return item


def count_view(item):
    """One more view of a public item (an atomic increment: concurrent readers all count)."""
    Publication.objects.in_orgs([item.org_id]).filter(pk=item.pk).update(views=F("views") + 1)
