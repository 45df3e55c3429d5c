"""What study puts on the "việc cần làm" panels: for a member, campaigns to follow and the next
sessions; for an organisation, campaigns it has not yet held a session for, and past sessions
whose attendance was not taken."""

from django.urls import reverse
from django.utils import timezone

from hocbac.core.todo import Todo

from . import selectors
from .models import Attendance, AttendanceStatus


def study_todos(member):
    items = []
    campaigns = list(selectors.open_campaigns_for(member).prefetch_related("documents"))
    studied = set(
        Attendance.objects.in_orgs([member.org_id]).filter(
            member=member, status=AttendanceStatus.PRESENT, session__campaign__in=campaigns
        ).values_list("session__campaign_id", flat=True)
    )
    for campaign in campaigns:
        if campaign.pk in studied:
            continue
        documents = list(campaign.documents.all())
        url = reverse("library:document_detail", kwargs={"document_id": documents[0].pk}) if documents else ""
        items.append(Todo(title=f"Học tập: {campaign.title}", url=url, due=campaign.due_on,
                          detail="; ".join(d.display_title for d in documents[:3])))
    for session in selectors.upcoming_sessions_for(member):
        starts = timezone.localtime(session.starts_at)
        items.append(Todo(title=f"Dự {session.title}", url=reverse("outreach:my_meeting", args=[session.pk]),
                          due=starts.date(),
                          detail=f"{starts:%H:%M} {starts:%d/%m/%Y}{' · ' + session.place if session.place else ''}"))
    return items


def org_todos(org):
    today = timezone.localdate()
    items = []
    open_campaigns = selectors.campaigns_visible_at(org).filter(starts_on__lte=today, due_on__gte=today)
    held = set(
        selectors.sessions_visible_at(org).filter(campaign__in=open_campaigns, attendance_taken_at__isnull=False)
        .values_list("campaign_id", flat=True)
    )
    for campaign in open_campaigns.select_related("org").order_by("due_on"):
        if campaign.pk not in held:
            items.append(Todo(title=f"Tổ chức học tập: {campaign.title}", due=campaign.due_on,
                              url=reverse("study:campaign_detail", args=[org.pk, campaign.pk]),
                              detail=f"Do {campaign.org.name} phát động; chưa có buổi học nào được điểm danh."))
    not_taken = selectors.sessions_visible_at(org).filter(
        org__path__startswith=org.path, ends_at__lt=timezone.now(), attendance_taken_at__isnull=True,
    ).select_related("org").order_by("-starts_at")[:10]
    for session in not_taken:
        starts = timezone.localtime(session.starts_at)
        items.append(Todo(title=f"Điểm danh: {session.title}", due=starts.date(),
                          url=reverse("study:attendance_sheet", args=[org.pk, session.pk]),
                          detail=f"{starts:%H:%M %d/%m/%Y} · {session.org.name} · chưa điểm danh"))
    return items
