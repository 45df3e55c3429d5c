"""What study puts on a member's "việc cần làm": campaigns to follow and the next sessions."""

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
        items.append(Todo(title=f"Dự {session.title}", url="", due=starts.date(),
                          detail=f"{starts:%H:%M} {starts:%d/%m/%Y}{' · ' + session.place if session.place else ''}"))
    return items
