"""Reads for study: who is invited, coverage of campaigns, activity and attendance rates.

Coverage rule (shown with every figure): the denominator is the members who are chính thức or
dự bị in the subtree on the reference date (miễn sinh hoạt excluded); the numerator is the
members marked present at a session of the campaign, counted in the cell they belonged to on
the session date."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hocbac.core.text import format_number, format_percent
from hocbac.orgs.models import Member, MemberPeriod, Organization
from hocbac.orgs.selectors import eligible_by_path, eligible_on, roll_up

from .models import Attendance, AttendanceStatus, Campaign, SessionKind, StudySession


def session_day(session):
    return timezone.localdate(session.starts_at)


def invited_members(session, within=None):
    """Members invited to `session`: eligible on its date in one of its invited organisations'
    subtrees (and inside `within`, a list of organisations, when given). Each Member carries
    `.cell_id` and `.cell_name`: their cell on that date. Vietnamese order."""
    periods = MemberPeriod.objects.in_subtrees(list(session.invited_orgs.all())).filter(eligible_on(session_day(session)))
    if within is not None:
        periods = periods.in_subtrees(within)
    cells = dict(periods.values_list("member_id", "org_id"))
    names = dict(Organization.objects.filter(pk__in=set(cells.values())).values_list("pk", "name"))
    # Scoped by the period query above: these ids are exactly the invited members.
    members = list(Member.objects.unscoped().filter(pk__in=list(cells)).order_by("sort_key", "id"))
    for member in members:
        member.cell_id = cells[member.pk]
        member.cell_name = names[member.cell_id]
    return members


def invited_cell_of(session, member):
    """The member's cell on the session date if they are invited, else None."""
    period = (
        MemberPeriod.objects.in_subtrees(list(session.invited_orgs.all()))
        .filter(eligible_on(session_day(session)), member=member).select_related("org").first()
    )
    return period.org if period else None


def sessions_visible_at(org):
    """Sessions organised inside `org`'s subtree, or to which `org` or one of its ancestors
    is invited (a ward conference invites every cell of the ward)."""
    ancestor_ids = org.ancestor_ids()
    return (
        StudySession.objects.unscoped()
        .filter(Q(org__path__startswith=org.path) | Q(invited_orgs__in=ancestor_ids) | Q(invited_orgs__path__startswith=org.path))
        .distinct()
    )


def session_in(org, session_id):
    return get_object_or_404(sessions_visible_at(org).select_related("org", "campaign"), pk=session_id)


def campaigns_visible_at(org):
    """Campaigns launched by `org`, its ancestors, or inside its subtree."""
    return Campaign.objects.unscoped().filter(Q(org_id__in=org.ancestor_ids()) | Q(org__path__startswith=org.path))


def campaign_in(org, campaign_id):
    return get_object_or_404(campaigns_visible_at(org).select_related("org", "topic"), pk=campaign_id)


@dataclass
class CoverageRow:
    org: Organization | None
    eligible: int
    studied: int
    non_members: int
    sessions: int

    @property
    def percent(self):
        return format_percent(self.studied, self.eligible)

    @property
    def ratio(self):
        return self.studied / self.eligible if self.eligible else 0.0

    @property
    def text(self):
        """'3.790/3.985 đảng viên, đạt 95,1% và 261 quần chúng'"""
        words = f"{format_number(self.studied)}/{format_number(self.eligible)} đảng viên, đạt {self.percent}"
        return f"{words} và {format_number(self.non_members)} quần chúng" if self.non_members else words


def campaign_reference_day(campaign, today=None):
    today = today or timezone.localdate()
    return min(campaign.due_on, today)


def campaign_coverage(campaign, org, today=None):
    """Coverage of `campaign` over `org`: (total CoverageRow, [CoverageRow per child]),
    children sorted weakest first. Four queries whatever the size of the subtree."""
    return _coverage(org, Q(campaign=campaign), campaign_reference_day(campaign, today))


def document_coverage(document, org, today=None):
    """Coverage of one document over `org`: members present at any session that covered it,
    directly or through its campaign. Same rule and query count as a campaign's."""
    covering = Q(documents=document) | Q(campaign__documents=document)
    return _coverage(org, covering, today or timezone.localdate())


def _coverage(org, covering, day):
    counters = eligible_by_path(org, day)
    sessions = StudySession.objects.in_subtree(org).filter(covering).values("pk").distinct()
    studied = (
        Attendance.objects.in_subtree(org)
        .filter(session__in=sessions, status=AttendanceStatus.PRESENT)
        .values_list("org__path").order_by().annotate(n=Count("member_id", distinct=True))
    )
    for path, n in studied:
        counters.setdefault(path, Counter())["studied"] += n
    held = (
        StudySession.objects.in_subtree(org).filter(pk__in=sessions, attendance_taken_at__isnull=False)
        .values_list("org__path").order_by().annotate(n=Count("id"), quan_chung=Sum("non_member_count"))
    )
    for path, n, non_members in held:
        counters.setdefault(path, Counter()).update(sessions=n, non_members=non_members or 0)
    return _coverage_rows(org, counters)


COVERAGE_ORDERS = {
    "yeu": ("Thấp nhất trước", lambda r: (r.ratio, r.org.sort_key)),
    "cao": ("Cao nhất trước", lambda r: (-r.ratio, r.org.sort_key)),
    "ten": ("Theo tên", lambda r: r.org.sort_key),
}


def sort_coverage(rows, order):
    """Rows in the order asked for ("yeu", weakest first, unless told otherwise)."""
    return sorted(rows, key=COVERAGE_ORDERS.get(order, COVERAGE_ORDERS["yeu"])[1])


def _coverage_rows(org, counters):
    by_child_id, total = roll_up(org, counters)
    children = list(org.children.filter(dissolved_on__isnull=True))
    rows = [_row(child, by_child_id.get(child.pk, Counter())) for child in children]
    return _row(org, total), sort_coverage(rows, "yeu")


def _row(org, counter):
    return CoverageRow(org=org, eligible=counter["eligible"], studied=counter["studied"],
                       non_members=counter["non_members"], sessions=counter["sessions"])


def activity(org, start, end):
    """Sessions held (attendance taken) inside `org`'s subtree between `start` and `end`
    (dates, inclusive), and participations: members present plus non-members.
    '23 hội nghị, 3.031 lượt cán bộ, đảng viên và quần chúng'."""
    sessions = StudySession.objects.in_subtree(org).filter(
        attendance_taken_at__isnull=False, starts_at__date__gte=start, starts_at__date__lte=end
    )
    by_kind = dict(sessions.values_list("kind").order_by().annotate(n=Count("id")))
    non_members = sessions.aggregate(n=Sum("non_member_count"))["n"] or 0
    present = Attendance.objects.in_subtree(org).filter(
        status=AttendanceStatus.PRESENT, session__starts_at__date__gte=start, session__starts_at__date__lte=end
    ).count()
    held = sum(by_kind.values())
    return {
        "sessions": held, "by_kind": [(SessionKind(k).label, n) for k, n in sorted(by_kind.items())],
        "members_present": present, "non_members": non_members, "participations": present + non_members,
        "text": f"{format_number(held)} buổi, {format_number(present + non_members)} lượt cán bộ, đảng viên và quần chúng",
    }


@dataclass
class MemberAttendance:
    member: Member
    invited: int
    present: int
    excused: int
    absent: int
    regular_absent: int

    @property
    def rate(self):
        return format_percent(self.present, self.invited)

    @property
    def flagged(self):
        # Điều lệ Đảng: bỏ sinh hoạt 3 lần trong năm không có lý do chính đáng → xem xét xóa tên.
        return self.regular_absent >= 3


def attendance_rates(org, start, end):
    """Per member of `org`'s subtree (where they were marked, at the time): sessions marked,
    present, excused, absent, and unexcused absences from regular cell meetings."""
    rows = (
        Attendance.objects.in_subtree(org)
        .filter(session__starts_at__date__gte=start, session__starts_at__date__lte=end)
        .values("member_id")
        .annotate(
            invited=Count("id"),
            present=Count("id", filter=Q(status=AttendanceStatus.PRESENT)),
            excused=Count("id", filter=Q(status=AttendanceStatus.EXCUSED)),
            absent=Count("id", filter=Q(status=AttendanceStatus.ABSENT)),
            regular_absent=Count("id", filter=Q(status=AttendanceStatus.ABSENT, session__kind=SessionKind.REGULAR)),
        )
        .order_by()
    )
    by_member = {row["member_id"]: row for row in rows}
    members = Member.objects.unscoped().filter(pk__in=list(by_member)).select_related("org").order_by("sort_key", "id")
    result = []
    for member in members:
        row = by_member[member.pk]
        result.append(MemberAttendance(member=member, invited=row["invited"], present=row["present"],
                                       excused=row["excused"], absent=row["absent"], regular_absent=row["regular_absent"]))
    return result


def year_bounds(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def marks_for(session, org):
    """{member id: attendance status} for the session's marks inside `org`'s subtree."""
    return dict(Attendance.objects.in_subtree(org).filter(session=session).values_list("member_id", "status"))


def present_counts(sessions, org):
    """{session id: members of `org`'s subtree present} for a list of sessions, in one query."""
    rows = (Attendance.objects.in_subtree(org).filter(session__in=sessions, status=AttendanceStatus.PRESENT)
            .values_list("session_id").order_by().annotate(n=Count("id")))
    return dict(rows)


def open_campaigns_for(member, today=None):
    """Campaigns that reach the member's cell and are not yet due."""
    today = today or timezone.localdate()
    return campaigns_visible_at(member.org).filter(starts_on__lte=today, due_on__gte=today).order_by("due_on")


def session_for_member(member, session_id):
    """A session the member is invited to (organised at or above their cell), else 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(StudySession.objects.unscoped().filter(invited_orgs__in=member.org.ancestor_ids())
                             .select_related("org").distinct(), pk=session_id)


def upcoming_sessions_for(member, now=None, limit=3):
    """The next sessions the member is invited to (organised at or above their cell)."""
    now = now or timezone.now()
    return (
        StudySession.objects.unscoped()
        .filter(invited_orgs__in=member.org.ancestor_ids(), ends_at__gte=now)
        .distinct().order_by("starts_at")[:limit]
    )
