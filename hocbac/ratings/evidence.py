"""The evidence pack for a member's year-end review meeting: everything the system holds about
the member's year, read from the owning apps, for the page and the Word form (documents.py).

Scope: the member was reached through a scoped query (`orgs.selectors.member_in`, or the signed-in
member themself); their facts are read in the cells they belonged to (current cell and every
cell of their history), so a transfer in the middle of the year keeps the months spent in the old
cell. Reflections count only once handed in (a draft is its author's alone); notebook entries
are private and never part of the pack. The query count is fixed whatever the number of items
(tested)."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone

from hocbac.awards.models import Commendation, Stage
from hocbac.awards.selectors import my_reminders
from hocbac.commitments.models import Registration
from hocbac.contests.models import Attempt
from hocbac.core.text import format_number
from hocbac.journal.models import WRITTEN_STATES, Citation, Reflection
from hocbac.orgs.models import Member
from hocbac.study.models import Attendance, AttendanceStatus, SessionKind
from hocbac.study.selectors import MemberAttendance

from .models import RATING_ORDER, Classification, Frame, Mark, YearRating
from .selectors import current_frame, period_label


@dataclass
class YearAttendance(MemberAttendance):
    """The member's marks at sessions of the year, with the regular cell meetings apart."""

    regular: int = 0
    regular_present: int = 0


@dataclass
class ContestResult:
    """The member's counted attempt at one contest (best score, then earliest), how many
    attempts they made, and their place by score: 1 + the people whose best score is higher
    (the official ranking also weighs time and submission; see contests.selectors.ranking)."""

    contest: object
    best: Attempt
    attempts: int
    takers: int
    higher: int

    @property
    def place(self):
        return self.higher + 1


@dataclass
class ManifestationCount:
    code: str
    label: str
    count: int


@dataclass
class EvidencePack:
    member: Member
    year: int
    as_of: datetime.date
    registration: Registration | None
    attendance: YearAttendance | None
    reflections: list  # handed in, month order; each with .citations prefetched
    manifestations: list  # ManifestationCount, most cited first
    contests: list  # ContestResult, by finishing time
    classifications: list  # Classification with .missed ([Mark] not met) and .period_text, by period
    commendations: list  # Commendation issued in the year
    reminders: list  # Reminder in force during the year (decided by its end, not closed before it)
    year_rating: YearRating | None
    frame: Frame | None

    @property
    def cell(self):
        return self.member.org

    @property
    def self_total(self):
        r = self.year_rating
        if r is None or r.self_general is None or r.self_tasks is None:
            return None
        return r.self_general + r.self_tasks

    @property
    def proposed_total(self):
        r = self.year_rating
        if r is None or r.proposed_general is None or r.proposed_tasks is None:
            return None
        return r.proposed_general + r.proposed_tasks

    @property
    def rating_conditions(self):
        """The disqualifying conditions marked on the year rating, as text (stored as the
        frame's wording or as its index in the frame's list)."""
        if self.year_rating is None:
            return []
        listed = self.frame.conditions if self.frame else []
        texts = []
        for item in self.year_rating.conditions or []:
            if isinstance(item, int) and 0 <= item < len(listed):
                texts.append(listed[item])
            else:
                texts.append(str(item))
        return texts

    @property
    def levels(self):
        """[(code, label)] of the four levels, highest first (for the form's tick boxes)."""
        return [(r.value, r.label) for r in RATING_ORDER]

    @property
    def classification_summary(self):
        """'Đảng viên 6 tốt: 10 tháng; Khá: 2 tháng' — the monthly levels counted."""
        counts = Counter(c.level for c in self.classifications)
        return "; ".join(f"{level}: {format_number(n)} kỳ" for level, n in counts.most_common())


def _year_span(year):
    """The year as aware datetimes [start, end) in the site's time zone."""
    zone = timezone.get_current_timezone()
    return (datetime.datetime(year, 1, 1, tzinfo=zone), datetime.datetime(year + 1, 1, 1, tzinfo=zone))


def member_cell_ids(member):
    """The cells a member's facts of any year may sit in: the current one and those of their
    history (an attendance, a reflection, an attempt keep the cell of their time)."""
    return sorted({member.org_id, *member.periods.values_list("org_id", flat=True)})


def _registration(member, year, cells):
    return Registration.objects.in_orgs(cells).filter(member=member, year=year).first()


def _attendance(member, start, end, cells):
    """Equivalent of study.selectors.attendance_rates for one member, in one query."""
    row = (
        Attendance.objects.in_orgs(cells)
        .filter(member=member, session__starts_at__gte=start, session__starts_at__lt=end)
        .aggregate(
            invited=Count("id"),
            present=Count("id", filter=Q(status=AttendanceStatus.PRESENT)),
            excused=Count("id", filter=Q(status=AttendanceStatus.EXCUSED)),
            absent=Count("id", filter=Q(status=AttendanceStatus.ABSENT)),
            regular_absent=Count("id", filter=Q(status=AttendanceStatus.ABSENT, session__kind=SessionKind.REGULAR)),
            regular=Count("id", filter=Q(session__kind=SessionKind.REGULAR)),
            regular_present=Count("id", filter=Q(status=AttendanceStatus.PRESENT, session__kind=SessionKind.REGULAR)),
        )
    )
    return YearAttendance(member=member, **row) if row["invited"] else None


def _reflections(member, year, cells):
    citations = Prefetch("citations", queryset=Citation.objects.select_related("manifestation"))
    rows = (Reflection.objects.in_orgs(cells).filter(member=member, year=year, state__in=WRITTEN_STATES)
            .prefetch_related(citations).order_by("month"))
    return list(rows)


def _manifestations(reflections):
    """The manifestations cited over the year's reflections (a sub-item counts as itself)."""
    counts, labels = Counter(), {}
    for reflection in reflections:
        for citation in reflection.citations.all():
            counts[citation.code] += 1
            labels.setdefault(citation.code, citation.label)

    def order(code):
        return (-counts[code], [int(part) for part in code.split(".")])

    return [ManifestationCount(code, labels[code], counts[code]) for code in sorted(counts, key=order)]


def _contests(member, start, end, cells):
    attempts = list(
        Attempt.objects.in_orgs(cells)
        .filter(member=member, finished_at__gte=start, finished_at__lt=end)
        .select_related("contest", "contest__org").order_by("-score", "finished_at", "id")
    )
    best, counts = {}, Counter()
    for attempt in attempts:
        counts[attempt.contest_id] += 1
        best.setdefault(attempt.contest_id, attempt)
    if not best:
        return []
    higher = Q(pk__in=[])
    for contest_id, attempt in best.items():
        higher |= Q(contest_id=contest_id, score__gt=attempt.score)
    # Counts only, over everyone who took these contests (the contest is the scope: who took
    # part is not shown). Two counts per contest, for members and for guests of public contests.
    rows = (
        Attempt.objects.unscoped().filter(contest_id__in=list(best), finished_at__isnull=False)
        .values("contest_id").order_by()
        .annotate(takers=Count("member", distinct=True) + Count("guest", distinct=True),
                  higher=Count("member", distinct=True, filter=higher) + Count("guest", distinct=True, filter=higher))
    )
    figures = {row["contest_id"]: row for row in rows}
    results = [ContestResult(contest=a.contest, best=a, attempts=counts[cid], takers=figures[cid]["takers"],
                             higher=figures[cid]["higher"]) for cid, a in best.items()]
    return sorted(results, key=lambda r: (r.best.finished_at, r.contest.pk))


def _classifications(member, year, cells):
    """The member's classifications of `year` with the criteria not met: a yes/no item marked
    not met, or a level or points item given less than its full points."""
    missed = Mark.objects.filter(Q(met=False) | Q(met__isnull=True, points__lt=F("criterion__points"))) \
        .select_related("criterion")
    rows = (Classification.objects.in_orgs(cells).filter(member=member, year=year)
            .select_related("criteria_set").prefetch_related(Prefetch("marks", queryset=missed, to_attr="missed"))
            .order_by("period", "criteria_set__name", "id"))
    rows = list(rows)
    for row in rows:
        row.period_text = period_label(row.criteria_set.cadence, row.year, row.period)
    return rows


def _commendations(member, start, end, cells):
    return list(Commendation.objects.in_orgs(cells)
                .filter(member=member, stage=Stage.ISSUED, decided_on__gte=start.date(), decided_on__lt=end.date())
                .select_related("form", "awarding_org").order_by("decided_on", "id"))


def _reminders(member, start, end):
    """Reminders and reviews in force during the year: decided by its end and not closed before
    it began (so last year's reminder followed up this year is here too)."""
    return [r for r in reversed(my_reminders(member))
            if r.decided_on < end.date() and (r.closed_on is None or r.closed_on >= start.date())]


def _year_rating(member, year, cells):
    return (YearRating.objects.in_orgs(cells).filter(member=member, year=year)
            .select_related("frame", "decided_by_org").first())


def evidence_pack(member, year):
    """Everything the system holds on `member` for the review of `year` (EvidencePack). Each
    part is empty (None or []) when nothing was recorded; the callers say so."""
    start, end = _year_span(year)
    cells = member_cell_ids(member)
    reflections = _reflections(member, year, cells)
    rating = _year_rating(member, year, cells)
    frame = rating.frame if rating else current_frame()
    return EvidencePack(
        member=member, year=year, as_of=timezone.localdate(),
        registration=_registration(member, year, cells),
        attendance=_attendance(member, start, end, cells),
        reflections=reflections,
        manifestations=_manifestations(reflections),
        contests=_contests(member, start, end, cells),
        classifications=_classifications(member, year, cells),
        commendations=_commendations(member, start, end, cells),
        reminders=_reminders(member, start, end),
        year_rating=rating,
        frame=frame,
    )

