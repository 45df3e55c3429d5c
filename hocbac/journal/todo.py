"""What reflections put on the "việc cần làm" panels: a member's assignment with its due date;
for the cell, reflections waiting to be recorded as read and a month with nobody on the rota."""

from django.urls import reverse
from django.utils import timezone

from hocbac.core.todo import Todo

from .models import Reflection, State


def member_todos(member):
    rows = Reflection.objects.in_orgs([member.org_id]).filter(
        member=member, state__in=[State.ASSIGNED, State.DRAFT]).order_by("year", "month")
    return [Todo(title=f"Viết bài cảm nhận tháng {r.month}/{r.year}", url=reverse("journal:write", args=[r.pk]),
                 due=r.due_on, detail="Bản nháp đã lưu, chưa nộp." if r.state == State.DRAFT else "")
            for r in rows]


def org_todos(org):
    if not org.holds_members:
        return []
    today = timezone.localdate()
    items = []
    waiting = Reflection.objects.in_orgs([org.pk]).filter(state=State.SUBMITTED).count()
    url = reverse("journal:rota", args=[org.pk])
    if waiting:
        items.append(Todo(title=f"{waiting} bài cảm nhận đã nộp, chờ ghi nhận đọc tại sinh hoạt", url=url))
    if not Reflection.objects.in_orgs([org.pk]).filter(year=today.year, month=today.month).exists():
        items.append(Todo(title=f"Chưa phân công viết bài cảm nhận tháng {today.month}/{today.year}", url=url))
    return items
