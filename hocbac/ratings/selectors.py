"""Reads for classification and rating: the sets an organisation uses, the periods, what the
system's own data suggests for each criterion (with its evidence), the year view, and the
distribution of year-end levels with the quota check."""

import calendar
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.shortcuts import get_object_or_404

from hocbac.orgs.models import GRASSROOTS_KINDS, Member

from .models import (
    RATING_ORDER,
    AutoSource,
    Cadence,
    Classification,
    CriteriaSet,
    Frame,
    Rating,
    YearRating,
)


def sets_for(org, target=None):
    """Active sets that `org` uses: shipped ones and those of `org` and the organisations above."""
    sets = CriteriaSet.objects.unscoped().filter(Q(org__isnull=True) | Q(org_id__in=org.ancestor_ids()), is_active=True)
    if target:
        sets = sets.filter(target=target)
    return sets.select_related("org").prefetch_related("criteria")


def set_for(org, set_id):
    return get_object_or_404(sets_for(org), pk=set_id)


def sets_owned(org):
    """Sets `org` issued (for its committee to edit)."""
    return CriteriaSet.objects.in_orgs([org.pk]).prefetch_related("criteria")


def period_bounds(cadence, year, period):
    """(first day, last day) of a period, or ValueError when the period does not exist."""
    if cadence == Cadence.MONTHLY and 1 <= period <= 12:
        return datetime.date(year, period, 1), datetime.date(year, period, calendar.monthrange(year, period)[1])
    if cadence == Cadence.QUARTERLY and 1 <= period <= 4:
        last_month = period * 3
        return (datetime.date(year, last_month - 2, 1),
                datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]))
    if cadence == Cadence.YEARLY and period == 1:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    raise ValueError("kỳ không hợp lệ")


def period_label(cadence, year, period):
    if cadence == Cadence.MONTHLY:
        return f"tháng {period}/{year}"
    if cadence == Cadence.QUARTERLY:
        return f"quý {period}/{year}"
    return f"năm {year}"


def members_to_classify(cell, day):
    """The eligible members of the cell on `day`, in Vietnamese order."""
    from hocbac.orgs.models import MemberPeriod
    from hocbac.orgs.selectors import eligible_on

    there = MemberPeriod.objects.in_orgs([cell.pk]).filter(eligible_on(day)).values("member_id")
    return list(Member.objects.unscoped().filter(pk__in=there).order_by("sort_key", "id"))


@dataclass
class Suggestion:
    met: bool | None  # None: the system has nothing to say
    evidence: str = ""


def suggestions(criteria_set, cell, members, start, end):
    """{(member id or None for the cell, criterion id): Suggestion} from the system's own data in
    [start, end]: the cell's meetings and who attended, the reflections assigned, the contests
    finished, the year's commitment. One or two queries per source used by the set."""
    from hocbac.commitments.models import Registration
    from hocbac.contests.models import Attempt
    from hocbac.journal.models import Reflection
    from hocbac.journal.models import State as ReflectionState
    from hocbac.study.models import Attendance, AttendanceStatus, SessionKind, StudySession

    sources = {c.auto_source for c in criteria_set.criteria.all() if c.is_active and c.auto_source}
    member_ids = [m.pk for m in members]
    by_source = {}
    if AutoSource.MEETINGS in sources:
        meetings = list(StudySession.objects.unscoped().filter(
            org=cell, kind=SessionKind.REGULAR, starts_at__date__gte=start, starts_at__date__lte=end,
            attendance_taken_at__isnull=False).values_list("pk", flat=True))
        present = Counter(Attendance.objects.unscoped().filter(session_id__in=meetings, member_id__in=member_ids,
                                                               status=AttendanceStatus.PRESENT)
                          .values_list("member_id", flat=True))
        held = len(meetings)
        by_source[AutoSource.MEETINGS] = {
            None: Suggestion(held > 0, f"{held} buổi sinh hoạt thường kỳ đã điểm danh" if held else
                             "Chưa có buổi sinh hoạt thường kỳ nào được điểm danh trong kỳ"),
            **{m: Suggestion(present[m] == held if held else None,
                             f"Dự {present[m]}/{held} buổi sinh hoạt thường kỳ" if held else "") for m in member_ids},
        }
    if AutoSource.REFLECTION in sources:
        rows = list(Reflection.objects.in_orgs([cell.pk]).filter(
            year=start.year, month__gte=start.month, month__lte=end.month).values_list("member_id", "state"))
        done = {ReflectionState.SUBMITTED, ReflectionState.READ}
        assigned = defaultdict(list)
        for member_id, state in rows:
            assigned[member_id].append(state in done)
        written = sum(sum(flags) for flags in assigned.values())
        by_source[AutoSource.REFLECTION] = {
            None: Suggestion(all(all(f) for f in assigned.values()) if assigned else None,
                             f"{written}/{len(rows)} bài cảm nhận được phân công đã nộp" if rows else ""),
            **{m: Suggestion(all(assigned[m]), "Đã nộp bài cảm nhận được phân công" if all(assigned[m])
                             else "Chưa nộp bài cảm nhận được phân công") if m in assigned else Suggestion(None)
               for m in member_ids},
        }
    if AutoSource.CONTEST in sources:
        took = set(Attempt.objects.unscoped().filter(
            member_id__in=member_ids, finished_at__isnull=False, finished_at__date__gte=start,
            finished_at__date__lte=end).values_list("member_id", flat=True))
        by_source[AutoSource.CONTEST] = {
            None: Suggestion(bool(took) or None, f"{len(took)}/{len(member_ids)} đảng viên đã dự thi trong kỳ"),
            **{m: Suggestion(m in took or None, "Đã dự thi trong kỳ" if m in took else "") for m in member_ids},
        }
    if AutoSource.COMMITMENT in sources:
        registered = set(Registration.objects.in_orgs([cell.pk]).filter(year=end.year).exclude(state="nhap")
                         .values_list("member_id", flat=True))
        by_source[AutoSource.COMMITMENT] = {
            None: Suggestion(None),
            **{m: Suggestion(m in registered, "Đã nộp đăng ký làm theo năm" if m in registered
                             else "Chưa nộp đăng ký làm theo năm") for m in member_ids},
        }
    result = {}
    for criterion in criteria_set.criteria.all():
        table = by_source.get(criterion.auto_source)
        if table is None:
            continue
        for subject, suggestion in table.items():
            result[(subject, criterion.pk)] = suggestion
    return result


def classifications_in(org, criteria_set, year, period):
    return list(Classification.objects.in_subtree(org).filter(criteria_set=criteria_set, year=year, period=period)
                .select_related("member", "org", "classified_by", "confirmed_by").prefetch_related("marks"))


def classification_in(org, classification_id):
    return get_object_or_404(Classification.objects.in_subtree(org).select_related("criteria_set", "org", "member"),
                             pk=classification_id)


def awaiting_confirmation(org):
    """Cells' own classifications of `org`'s subtree not yet confirmed, for the committee above."""
    return list(Classification.objects.in_subtree(org).filter(member__isnull=True, confirmed_at__isnull=True)
                .exclude(org=org).select_related("criteria_set", "org").order_by("year", "period", "org__sort_key"))


@dataclass
class YearRow:
    subject: object  # a Member or the cell
    levels: dict = field(default_factory=dict)  # {period: level}


def year_view(cell, criteria_set, year):
    """Per member (or the cell) the level of each period of the year: the year at a glance."""
    rows = {}
    for c in (Classification.objects.in_orgs([cell.pk]).filter(criteria_set=criteria_set, year=year)
              .select_related("member").order_by("period")):
        key = c.member_id or 0
        rows.setdefault(key, YearRow(c.member or cell)).levels[c.period] = c.level
    return sorted(rows.values(), key=lambda r: (not isinstance(r.subject, Member), getattr(r.subject, "sort_key", "")))


# Year-end ------------------------------------------------------------------------------------

def current_frame():
    return Frame.objects.filter(is_current=True).order_by("-id").first()


def grassroots_of(org):
    """The grassroots organisation (đảng bộ cơ sở, chi bộ cơ sở) `org` belongs to, or `org`."""
    from hocbac.orgs.models import Organization

    ancestors = Organization.objects.in_bulk(org.ancestor_ids())
    for org_id in reversed(org.ancestor_ids()):
        if ancestors[org_id].kind in GRASSROOTS_KINDS:
            return ancestors[org_id]
    return org


def member_ratings_in(org, year):
    return (YearRating.objects.in_subtree(org).filter(year=year, member__isnull=False)
            .select_related("member", "org", "decided_by_org").order_by("org__sort_key", "member__sort_key"))


def rating_in(org, rating_id):
    return get_object_or_404(YearRating.objects.in_subtree(org).select_related("member", "org", "frame"), pk=rating_id)


def own_rating(member, year):
    # The member is the scope: their rating stays under the cell that rated them after a transfer.
    return YearRating.objects.unscoped().filter(member=member, year=year).select_related("frame").first()


def org_rating(org, year):
    """An organisation's own year-end rating (its committee's self-assessment, the proposal and
    decision one level up)."""
    return (YearRating.objects.unscoped().filter(year=year, org=org, member=None)
            .select_related("frame", "self_by", "proposed_by", "decided_by", "decided_by_org").first())


def child_org_ratings(org, year):
    """[(child, its rating or None)] for the organisations directly under `org`."""
    children = list(org.children.all())
    ratings = {r.org_id: r for r in YearRating.objects.unscoped().filter(
        year=year, member=None, org__in=children)}
    return [(child, ratings.get(child.pk)) for child in children]


@dataclass
class QuotaCheck:
    excellent: int
    good: int
    percent: int

    @property
    def allowed(self):
        return self.good * self.percent // 100

    @property
    def exceeded(self):
        return self.excellent * 100 > self.good * self.percent


def quota_check(grassroots, year, frame, *, adding=None, replacing=None):
    """HTXSNV against HTTNV among the decided member ratings of a grassroots organisation, as
    they would stand if `replacing` (a rating being decided) took the level `adding`."""
    counts = Counter(YearRating.objects.in_subtree(grassroots).filter(year=year, member__isnull=False)
                     .exclude(decided_level="").exclude(pk=getattr(replacing, "pk", None))
                     .values_list("decided_level", flat=True))
    if adding:
        counts[adding] += 1
    return QuotaCheck(counts[Rating.EXCELLENT], counts[Rating.GOOD], frame.quota_percent)


def distribution(org, year):
    """Decided member levels of `org`'s subtree: (Counter over the four levels, [(child, Counter)])."""
    from hocbac.orgs.selectors import roll_up

    by_path = defaultdict(Counter)
    for path, level in (YearRating.objects.in_subtree(org).filter(year=year, member__isnull=False)
                        .exclude(decided_level="").values_list("org__path", "decided_level")):
        by_path[path][level] += 1
    by_child, total = roll_up(org, by_path)
    return total, [(child, by_child.get(child.pk, Counter())) for child in org.children.all()]


LEVELS = [(level, Rating(level).label) for level in RATING_ORDER]


def periods_of(cadence, year, today):
    """The periods of `year` that have begun by `today`, latest first."""
    count = {Cadence.MONTHLY: 12, Cadence.QUARTERLY: 4, Cadence.YEARLY: 1}[cadence]
    return [p for p in range(count, 0, -1) if period_bounds(cadence, year, p)[0] <= today]


@dataclass
class Recorded:
    levels: Counter
    confirmed: bool

    @property
    def level_counts(self):
        """[(level, n)] most first (a template cannot call a Counter's items: it looks up a key)."""
        return self.levels.most_common()


def recorded_periods(cell, year):
    """{(set id, period): Recorded} of a cell's classifications in a year (one query)."""
    recorded = {}
    for set_id, period, level, confirmed_at in (
            Classification.objects.in_orgs([cell.pk]).filter(year=year)
            .values_list("criteria_set_id", "period", "level", "confirmed_at")):
        row = recorded.setdefault((set_id, period), Recorded(Counter(), True))
        row.levels[level] += 1
        row.confirmed = row.confirmed and confirmed_at is not None
    return recorded


def classifications_of_cell(cell, criteria_set, year, period):
    return list(Classification.objects.in_orgs([cell.pk]).filter(criteria_set=criteria_set, year=year, period=period)
                .prefetch_related("marks"))


@dataclass
class QuotaRow:
    org: object
    check: QuotaCheck


def quotas_in(org, year, frame):
    """The quota of every grassroots organisation in `org`'s subtree (or `org`'s own) that has
    decided ratings: HTXSNV against HTTNV."""
    from hocbac.orgs.models import Organization

    counts = defaultdict(Counter)
    for path, level in (YearRating.objects.in_subtree(org).filter(year=year, member__isnull=False)
                        .exclude(decided_level="").values_list("decided_by_org__path", "decided_level")):
        counts[path][level] += 1
    bodies = {o.path: o for o in Organization.objects.filter(path__in=list(counts))}
    return [QuotaRow(bodies[path], QuotaCheck(c[Rating.EXCELLENT], c[Rating.GOOD], frame.quota_percent))
            for path, c in sorted(counts.items(), key=lambda item: bodies[item[0]].sort_key)]


def members_without_rating(org, year):
    """Eligible members of the subtree with no rating of the year yet (to remind them)."""
    rated = YearRating.objects.in_subtree(org).filter(year=year, member__isnull=False).values("member_id")
    return list(Member.objects.in_subtree(org).eligible().exclude(pk__in=rated).select_related("org")
                .order_by("org__sort_key", "sort_key"))
