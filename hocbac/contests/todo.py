"""What contests put on the "việc cần làm" panels: an open contest the member has not yet taken
(due at its close); for the cell, an open contest of the cell or above with members still to
take it."""

from django.urls import reverse
from django.utils import timezone

from hocbac.core.todo import Todo

from .models import Attempt, Contest


def _open_for(org):
    now = timezone.now()
    return list(Contest.objects.in_orgs(org.ancestor_ids()).filter(opens_at__lte=now, closes_at__gt=now)
                .order_by("closes_at"))


def member_todos(member):
    if not member.is_eligible:
        return []
    contests = _open_for(member.org)
    taken = set(Attempt.objects.unscoped().filter(member=member, contest__in=contests, finished_at__isnull=False)
                .values_list("contest_id", flat=True))
    return [Todo(title=f"Thi trắc nghiệm: {c.title}", url=reverse("contests:landing", args=[c.code]),
                 due=timezone.localtime(c.closes_at).date(), detail=f"Đóng lúc {timezone.localtime(c.closes_at):%H:%M %d/%m/%Y}.")
            for c in contests if c.pk not in taken]


def org_todos(org):
    if not org.holds_members:
        return []
    items = []
    eligible = org.members.eligible().count()
    for contest in _open_for(org):
        took = (Attempt.objects.in_orgs([org.pk]).filter(contest=contest, member__isnull=False, finished_at__isnull=False)
                .values("member_id").distinct().count())
        if took < eligible:
            items.append(Todo(title=f"{eligible - took}/{eligible} đảng viên chưa thi: {contest.title}",
                              url=reverse("contests:detail", args=[org.pk, contest.pk]),
                              due=timezone.localtime(contest.closes_at).date()))
    return items
