from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Q

from .models import RefreshRun, StaleMark, Tally

# A dashboard read that takes longer is cut short (PostgreSQL): it never holds a connection the
# contest path needs. Dashboards only read summaries, so they take no lock a writer waits for.
READ_TIMEOUT_MS = 5000


@contextmanager
def bounded(milliseconds=READ_TIMEOUT_MS):
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(milliseconds)])
        yield


def figures(orgs, period):
    """{org id: Counter(indicator → value of its subtree)} for `orgs` in `period`, from the
    summaries (one query, whatever the size of the subtrees)."""
    by_org = {org.pk: Counter() for org in orgs}
    for org_id, code, value in (Tally.objects.in_orgs(list(by_org)).filter(period=period.code)
                                .values_list("org_id", "indicator", "value")):
        by_org[org_id][code] = value
    return by_org


def figures_by_period(org, period_list):
    """{period code: Counter(indicator → value of `org`'s subtree)} for each of `period_list` (one query)."""
    by_period = {period.code: Counter() for period in period_list}
    for code, indicator, value in (Tally.objects.in_orgs([org.pk]).filter(period__in=list(by_period))
                                   .values_list("period", "indicator", "value")):
        by_period[code][indicator] = value
    return by_period


def monthly(org, year, codes):
    """{indicator: [value of each month 1…12]} of `org`'s subtree (one query)."""
    series = {code: [0] * 12 for code in codes}
    for period, code, value in (Tally.objects.in_orgs([org.pk])
                                .filter(period__startswith=f"{year}-", period__regex=r"^\d{4}-\d{2}$", indicator__in=codes)
                                .values_list("period", "indicator", "value")):
        series[code][int(period[5:]) - 1] = value
    return series


def campaigns_running(org, period):
    """The study campaigns that cover `org` (launched by it or a committee above it) and run
    during `period`, by due date."""
    from hocbac.study.models import Campaign

    return list(Campaign.objects.unscoped().filter(org_id__in=org.ancestor_ids(), starts_on__lte=period.end,
                                                   due_on__gte=period.start).order_by("due_on", "pk"))


def last_refresh():
    return RefreshRun.objects.order_by("-finished_at").first()


def pending_changes(org):
    """Changes in `org`'s subtree that the figures do not hold yet."""
    return StaleMark.objects.in_subtree(org).count()


@dataclass
class MemberRow:
    member: object
    present: int
    invited: int
    regular_present: int
    regular_invited: int
    registration: str
    reflections_written: int
    reflections_assigned: int
    attempts: int


def member_rows(cell, period):
    """Each member of a cell with their own facts for `period` (read from the raw facts: a cell
    is small). Members marked, registered, writing or competing in this cell during the period
    and those in it now."""
    from hocbac.commitments.models import Registration, State
    from hocbac.contests.models import Attempt
    from hocbac.journal.models import WRITTEN_STATES, Reflection
    from hocbac.orgs.models import Member
    from hocbac.study.models import Attendance, AttendanceStatus, SessionKind

    inside = {"session__attendance_taken_at__isnull": False, "session__starts_at__date__gte": period.start,
              "session__starts_at__date__lte": period.end}
    present, regular = Q(status=AttendanceStatus.PRESENT), Q(session__kind=SessionKind.REGULAR)
    marks = {row["member_id"]: row for row in Attendance.objects.in_orgs([cell.pk]).filter(**inside)
             .values("member_id").order_by().annotate(
                 invited=Count("id"), present=Count("id", filter=present),
                 regular_invited=Count("id", filter=regular), regular_present=Count("id", filter=regular & present))}
    states = dict(Registration.objects.in_orgs([cell.pk]).filter(year=period.start.year)
                  .values_list("member_id", "state"))
    reflections = {row["member_id"]: row for row in Reflection.objects.in_orgs([cell.pk]).filter(
        year=period.start.year, month__gte=period.start.month, month__lte=period.end.month)
        .values("member_id").order_by().annotate(n=Count("id"), written=Count("id", filter=Q(state__in=WRITTEN_STATES)))}
    attempts = dict(Attempt.objects.in_orgs([cell.pk]).filter(
        member__isnull=False, finished_at__date__gte=period.start, finished_at__date__lte=period.end)
        .values_list("member_id").order_by().annotate(n=Count("id")))
    ids = set(marks) | set(states) | set(reflections) | set(attempts)
    members = Member.objects.unscoped().filter(Q(pk__in=ids) | Q(org=cell)).order_by("sort_key", "id")
    labels = dict(State.choices)
    rows = []
    for member in members:
        mark, written = marks.get(member.pk, {}), reflections.get(member.pk, {})
        rows.append(MemberRow(member, mark.get("present", 0), mark.get("invited", 0), mark.get("regular_present", 0),
                              mark.get("regular_invited", 0), labels.get(states.get(member.pk), "Chưa đăng ký"),
                              written.get("written", 0), written.get("n", 0), attempts.get(member.pk, 0)))
    return rows
