"""What a summary counts. Each `Source` reads the raw facts of one capability for a period,
grouped by the organisation that holds them (the cell where the member was marked, registered,
wrote, took part or was rated; the organisation holding a model or a commendation), and yields
(org id, indicator, value). `summaries` adds those up along the tree. A figure that counts people
counts each member once per cell: someone who moved in the middle of a period counts in both
cells, as they took part in both.

A source says which kinds of facts it reads (`reads`, the `facts` of `stale.touch`), so a change
recomputes only the sources that read it, and which indicators it writes (`codes`, `prefixes`),
so a refresh of one source leaves the others' rows alone. It counts within a `Scope`: a whole
subtree, or the own facts of a few organisations."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone

from hocbac.awards.models import Commendation, Recipient
from hocbac.awards.models import Stage as CommendationStage
from hocbac.commitments.models import Registration
from hocbac.commitments.models import Result as CommitmentResult
from hocbac.contests.models import Attempt
from hocbac.journal.models import WRITTEN_STATES, Reflection
from hocbac.orgs.models import MemberPeriod
from hocbac.orgs.selectors import eligible_on
from hocbac.practices.models import Practice, StatusChange
from hocbac.practices.selectors import counts as practice_counts
from hocbac.ratings.models import Cadence, Classification, Rating, YearRating
from hocbac.study.models import Attendance, AttendanceStatus, Campaign, SessionKind, StudySession

from .models import Facts

# (code, label): the fixed indicators a summary holds, in the order dashboards show them.
# A campaign's coverage is held as "chien_dich.<id>" (members who studied) and
# "chien_dich.<id>.mau_so" (members it counts on its reference day).
INDICATORS = [
    ("dang_vien", "Đảng viên (chính thức, dự bị) cuối kỳ"),
    *[(f"buoi.{kind}", label) for kind, label in SessionKind.choices],
    ("luot.dang_vien", "Lượt đảng viên tham dự"),
    ("luot.quan_chung", "Lượt quần chúng tham dự"),
    ("dang_vien.tham_du", "Đảng viên dự ít nhất một buổi"),
    ("thuong_ky.moi", "Lượt mời sinh hoạt thường kỳ"),
    ("thuong_ky.co_mat", "Lượt có mặt sinh hoạt thường kỳ"),
    ("dang_ky.da_nop", "Đảng viên đã nộp đăng ký làm theo"),
    ("dang_ky.da_danh_gia", "Bản đăng ký chi bộ đã đánh giá"),
    *[(f"dang_ky.{code}", label) for code, label in CommitmentResult.choices],
    ("thu_hoach.phan_cong", "Bài thu hoạch được phân công"),
    ("thu_hoach.da_nop", "Bài thu hoạch đã nộp"),
    ("thi.luot", "Lượt thi hoàn thành"),
    ("thi.dang_vien", "Đảng viên dự thi"),
    ("mo_hinh.phat_dong", "Mô hình do cấp ủy phát động"),
    ("mo_hinh.rieng", "Mô hình riêng của chi bộ, đảng bộ"),
    ("mo_hinh.nhan_rong", "Lượt nhân rộng mô hình"),
    ("mo_hinh.tieu_bieu", "Mô hình tiêu biểu, xuất sắc được duy trì"),
    ("mo_hinh.moi", "Mô hình mới trong kỳ"),
    ("mo_hinh.nhan_rong_moi", "Lượt nhân rộng mới trong kỳ"),
    ("khen_thuong.tap_the", "Tập thể được khen thưởng"),
    ("khen_thuong.ca_nhan", "Cá nhân được khen thưởng"),
    ("phan_loai.dang_vien", "Lượt đảng viên được phân loại"),
    ("phan_loai.dang_vien.cao_nhat", "Lượt đảng viên đạt mức cao nhất"),
    ("phan_loai.chi_bo", "Lượt chi bộ tự phân loại"),
    ("phan_loai.chi_bo.cao_nhat", "Lượt chi bộ đạt mức cao nhất"),
    *[(f"xep_loai.{code}", label) for code, label in Rating.choices],
]
LABELS = dict(INDICATORS)
CAMPAIGN = "chien_dich."


def campaign_codes(campaign_id):
    """(studied, counted) indicators of a campaign."""
    return f"{CAMPAIGN}{campaign_id}", f"{CAMPAIGN}{campaign_id}.mau_so"


@dataclass(frozen=True)
class Scope:
    """Where a source counts: the subtree under `prefix`, or the own facts of the organisations
    `ids` (their rows only, not their subtrees')."""

    prefix: str | None = None
    ids: frozenset = frozenset()

    def q(self, field="org"):
        if self.prefix is not None:
            return Q(**{f"{field}__path__startswith": self.prefix})
        return Q(**{f"{field}__in": sorted(self.ids)})


def members(scope, period):
    """Eligible members at the period's end (today while it runs), in their cell that day."""
    for org_id, n in _eligible(scope, min(period.end, timezone.localdate())).items():
        yield org_id, "dang_vien", n


def _eligible(scope, day):
    return dict(MemberPeriod.objects.unscoped().filter(scope.q(), eligible_on(day))
                .values_list("org_id").order_by().annotate(n=Count("member_id", distinct=True)))


def study(scope, period):
    """Sessions held (attendance taken) that began in the period, by kind; participations; the
    regular meetings' invitations and presence; members present at least once."""
    sessions = StudySession.objects.unscoped().filter(
        scope.q(), attendance_taken_at__isnull=False,
        starts_at__date__gte=period.start, starts_at__date__lte=period.end)
    for org_id, kind, n, guests in (sessions.values_list("org_id", "kind").order_by()
                                    .annotate(n=Count("id"), guests=Sum("non_member_count"))):
        yield org_id, f"buoi.{kind}", n
        if guests:
            yield org_id, "luot.quan_chung", guests
    marks = Attendance.objects.unscoped().filter(
        scope.q(), session__attendance_taken_at__isnull=False,
        session__starts_at__date__gte=period.start, session__starts_at__date__lte=period.end)
    present = Q(status=AttendanceStatus.PRESENT)
    regular = Q(session__kind=SessionKind.REGULAR)
    for org_id, present_n, people, invited, attended in (
            marks.values_list("org_id").order_by().annotate(
                present=Count("id", filter=present), people=Count("member_id", filter=present, distinct=True),
                invited=Count("id", filter=regular), attended=Count("id", filter=regular & present))):
        yield org_id, "luot.dang_vien", present_n
        yield org_id, "dang_vien.tham_du", people
        yield org_id, "thuong_ky.moi", invited
        yield org_id, "thuong_ky.co_mat", attended


def campaigns(scope, period):
    """For each study campaign running in the period (from its start to its due date): members
    present at one of its sessions that began by the period's end, and the members it counts,
    eligible on its reference day (the period's end, its due date or today, whichever is first),
    in the campaign organisation's subtree. The same rule as the campaign's coverage page."""
    today = timezone.localdate()
    running = list(Campaign.objects.unscoped().filter(starts_on__lte=period.end, due_on__gte=period.start)
                   .values_list("pk", "org__path", "due_on"))
    if not running:
        return
    studied = (Attendance.objects.unscoped().filter(
        scope.q(), status=AttendanceStatus.PRESENT, session__campaign_id__in=[pk for pk, _, _ in running],
        session__attendance_taken_at__isnull=False, session__starts_at__date__lte=period.end)
        .values_list("org_id", "session__campaign_id").order_by().annotate(n=Count("member_id", distinct=True)))
    for org_id, campaign_id, n in studied:
        yield org_id, campaign_codes(campaign_id)[0], n
    by_day = defaultdict(list)
    for pk, path, due_on in running:
        by_day[min(period.end, due_on, today)].append((pk, path))
    for day, day_campaigns in by_day.items():
        eligible = (MemberPeriod.objects.unscoped().filter(scope.q(), eligible_on(day))
                    .values_list("org_id", "org__path").order_by().annotate(n=Count("member_id", distinct=True)))
        for org_id, org_path, n in eligible:
            for pk, path in day_campaigns:
                if org_path.startswith(path):
                    yield org_id, campaign_codes(pk)[1], n


def commitments(scope, period):
    """The period's year's registrations submitted by its end, evaluated by its end, by result."""
    rows = Registration.objects.unscoped().filter(scope.q(), year=period.start.year)
    end = Q(submitted_at__date__lte=period.end)
    evaluated = Q(evaluated_at__date__lte=period.end) & ~Q(result="")
    for org_id, submitted, done, *results in (
            rows.values_list("org_id").order_by().annotate(
                submitted=Count("id", filter=end), done=Count("id", filter=evaluated),
                **{f"r_{code}": Count("id", filter=evaluated & Q(result=code)) for code in CommitmentResult.values})):
        yield org_id, "dang_ky.da_nop", submitted
        yield org_id, "dang_ky.da_danh_gia", done
        for code, n in zip(CommitmentResult.values, results, strict=True):
            yield org_id, f"dang_ky.{code}", n


def reflections(scope, period):
    """Reflections assigned for a month of the period, and those written (submitted or read)."""
    months = Q(year=period.start.year, month__gte=period.start.month, month__lte=period.end.month)
    for org_id, assigned, written in (
            Reflection.objects.unscoped().filter(scope.q(), months).values_list("org_id").order_by()
            .annotate(n=Count("id"), written=Count("id", filter=Q(state__in=WRITTEN_STATES)))):
        yield org_id, "thu_hoach.phan_cong", assigned
        yield org_id, "thu_hoach.da_nop", written


def contests(scope, period):
    """Members' attempts finished in the period, and the members who finished one."""
    for org_id, n, people in (
            Attempt.objects.unscoped().filter(scope.q(), member__isnull=False,
                                              finished_at__date__gte=period.start, finished_at__date__lte=period.end)
            .values_list("org_id").order_by().annotate(n=Count("id"), people=Count("member_id", distinct=True))):
        yield org_id, "thi.luot", n
        yield org_id, "thi.dang_vien", people


PRACTICE_CODES = {"launched": "mo_hinh.phat_dong", "own": "mo_hinh.rieng", "replications": "mo_hinh.nhan_rong",
                  "typical": "mo_hinh.tieu_bieu", "new": "mo_hinh.moi", "new_replications": "mo_hinh.nhan_rong_moi"}


def practices(scope, period):
    """Models held by each organisation, as on the models' figures page (`practices.selectors.counts`)."""
    by_org = practice_counts(Practice.objects.unscoped().filter(scope.q()),
                             StatusChange.objects.filter(scope.q("practice__org")), period.start, period.end,
                             key="org_id")
    for org_id, counter in by_org.items():
        for name, code in PRACTICE_CODES.items():
            yield org_id, code, counter[name]


def awards(scope, period):
    """Commendations issued with a decision dated in the period, collectives and individuals,
    at the organisation they were given in."""
    for org_id, recipient, n in (
            Commendation.objects.unscoped().filter(scope.q(), stage=CommendationStage.ISSUED,
                                                   decided_on__gte=period.start, decided_on__lte=period.end)
            .values_list("org_id", "recipient").order_by().annotate(n=Count("id"))):
        yield org_id, "khen_thuong.tap_the" if recipient == Recipient.COLLECTIVE else "khen_thuong.ca_nhan", n


def _classified_in(period):
    """Classifications whose own period (a month, a quarter, a year of their set) ends in `period`."""
    year, first, last = period.start.year, period.start.month, period.end.month
    quarters = [q for q in range(1, 5) if first <= 3 * q <= last]
    return Q(year=year) & (Q(criteria_set__cadence=Cadence.MONTHLY, period__gte=first, period__lte=last)
                           | Q(criteria_set__cadence=Cadence.QUARTERLY, period__in=quarters)
                           | (Q(criteria_set__cadence=Cadence.YEARLY) if last == 12 else Q(pk__in=[])))


def classification(scope, period):
    """Monthly (or quarterly, yearly) classifications recorded for periods ending in the period:
    members' and the cells' own, and of them those at their set's highest level ("Đảng viên 6
    tốt", "Chi bộ bốn tốt")."""
    rows = (Classification.objects.unscoped().filter(scope.q(), _classified_in(period))
            .values_list("org_id", "member_id", "level", "criteria_set__levels").order_by())
    counts = defaultdict(int)
    for org_id, member_id, level, levels in rows:
        who = "dang_vien" if member_id else "chi_bo"
        counts[org_id, f"phan_loai.{who}"] += 1
        counts[org_id, f"phan_loai.{who}.cao_nhat"] += bool(levels) and level == levels[0][0]
    for (org_id, code), n in counts.items():
        yield org_id, code, n


def ratings(scope, period):
    """Decided year-end ratings of members, in the cell that rated them: the year only."""
    if (period.start.month, period.start.day, period.end.month, period.end.day) != (1, 1, 12, 31):
        return
    for org_id, level, n in (
            YearRating.objects.unscoped().filter(scope.q(), year=period.start.year, member__isnull=False)
            .exclude(decided_level="").values_list("org_id", "decided_level").order_by().annotate(n=Count("id"))):
        yield org_id, f"xep_loai.{level}", n


@dataclass(frozen=True)
class Source:
    count: object  # (Scope, Period) -> iterable of (org id, indicator, value)
    reads: frozenset  # the kinds of facts (stale.Facts) it counts
    codes: frozenset = frozenset()
    prefixes: tuple = ()
    name: str = ""

    def owns(self, code):
        return code in self.codes or code.startswith(self.prefixes)

    def owned(self):
        """A condition on Tally rows: the indicators this source writes."""
        condition = Q(indicator__in=sorted(self.codes))
        for prefix in self.prefixes:
            condition |= Q(indicator__startswith=prefix)
        return condition


def _codes(prefix):
    return frozenset(code for code, _ in INDICATORS if code.startswith(prefix))


SOURCES = [
    Source(members, frozenset({Facts.MEMBERS}), frozenset({"dang_vien"}), name="members"),
    Source(study, frozenset({Facts.ATTENDANCE}),
           _codes("buoi.") | _codes("luot.") | _codes("thuong_ky.") | {"dang_vien.tham_du"}, name="study"),
    Source(campaigns, frozenset({Facts.ATTENDANCE, Facts.MEMBERS, Facts.CAMPAIGNS}), prefixes=(CAMPAIGN,),
           name="campaigns"),
    Source(commitments, frozenset({Facts.COMMITMENTS}), _codes("dang_ky."), name="commitments"),
    Source(reflections, frozenset({Facts.REFLECTIONS}), _codes("thu_hoach."), name="reflections"),
    Source(contests, frozenset({Facts.CONTESTS}), _codes("thi."), name="contests"),
    Source(practices, frozenset({Facts.PRACTICES}), _codes("mo_hinh."), name="practices"),
    Source(awards, frozenset({Facts.AWARDS}), _codes("khen_thuong."), name="awards"),
    Source(classification, frozenset({Facts.CLASSIFICATION}), _codes("phan_loai."), name="classification"),
    Source(ratings, frozenset({Facts.RATINGS}), _codes("xep_loai."), name="ratings"),
]


def sources_reading(facts):
    """The sources a change of `facts` can move (all of them for a change of the tree)."""
    if facts == Facts.TREE:
        return SOURCES
    return [source for source in SOURCES if facts in source.reads]
