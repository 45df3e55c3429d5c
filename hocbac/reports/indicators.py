"""What a summary counts. Each source reads the raw facts of one capability for a period, grouped
by the organisation that holds them (the cell where the member was marked, registered, wrote or
took part), and yields (org id, indicator, value). `summaries.refresh` adds those up along the
tree. A figure that counts people counts each member once per cell: someone who moved in the
middle of a period counts in both cells, as they took part in both."""

from django.db.models import Count, Q, Sum
from django.utils import timezone

from hocbac.commitments.models import Registration
from hocbac.commitments.models import Result as CommitmentResult
from hocbac.contests.models import Attempt
from hocbac.journal.models import WRITTEN_STATES, Reflection
from hocbac.orgs.models import MemberPeriod
from hocbac.orgs.selectors import eligible_on
from hocbac.ratings.models import Rating, YearRating
from hocbac.study.models import Attendance, AttendanceStatus, SessionKind, StudySession

# (code, label): every indicator a summary holds, in the order dashboards show them.
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
    *[(f"xep_loai.{code}", label) for code, label in Rating.choices],
]
LABELS = dict(INDICATORS)


def _under(prefix, field="org"):
    return Q(**{f"{field}__path__startswith": prefix})


def members(prefix, period):
    """Eligible members at the period's end (today while it runs), in their cell that day."""
    day = min(period.end, timezone.localdate())
    rows = (MemberPeriod.objects.unscoped().filter(_under(prefix), eligible_on(day))
            .values_list("org_id").order_by().annotate(n=Count("member_id", distinct=True)))
    for org_id, n in rows:
        yield org_id, "dang_vien", n


def study(prefix, period):
    """Sessions held (attendance taken) that began in the period, by kind; participations; the
    regular meetings' invitations and presence; members present at least once."""
    sessions = StudySession.objects.unscoped().filter(
        _under(prefix), attendance_taken_at__isnull=False,
        starts_at__date__gte=period.start, starts_at__date__lte=period.end)
    for org_id, kind, n, guests in (sessions.values_list("org_id", "kind").order_by()
                                    .annotate(n=Count("id"), guests=Sum("non_member_count"))):
        yield org_id, f"buoi.{kind}", n
        if guests:
            yield org_id, "luot.quan_chung", guests
    marks = Attendance.objects.unscoped().filter(
        _under(prefix), session__attendance_taken_at__isnull=False,
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


def commitments(prefix, period):
    """The period's year's registrations submitted by its end, evaluated by its end, by result."""
    rows = Registration.objects.unscoped().filter(_under(prefix), year=period.start.year)
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


def reflections(prefix, period):
    """Reflections assigned for a month of the period, and those written (submitted or read)."""
    months = Q(year=period.start.year, month__gte=period.start.month, month__lte=period.end.month)
    for org_id, assigned, written in (
            Reflection.objects.unscoped().filter(_under(prefix), months).values_list("org_id").order_by()
            .annotate(n=Count("id"), written=Count("id", filter=Q(state__in=WRITTEN_STATES)))):
        yield org_id, "thu_hoach.phan_cong", assigned
        yield org_id, "thu_hoach.da_nop", written


def contests(prefix, period):
    """Members' attempts finished in the period, and the members who finished one."""
    for org_id, n, people in (
            Attempt.objects.unscoped().filter(_under(prefix), member__isnull=False,
                                   finished_at__date__gte=period.start, finished_at__date__lte=period.end)
            .values_list("org_id").order_by().annotate(n=Count("id"), people=Count("member_id", distinct=True))):
        yield org_id, "thi.luot", n
        yield org_id, "thi.dang_vien", people


def ratings(prefix, period):
    """Decided year-end ratings of members, in the cell that rated them: the year only."""
    if (period.start.month, period.start.day, period.end.month, period.end.day) != (1, 1, 12, 31):
        return
    for org_id, level, n in (
            YearRating.objects.unscoped().filter(_under(prefix), year=period.start.year, member__isnull=False)
            .exclude(decided_level="").values_list("org_id", "decided_level").order_by().annotate(n=Count("id"))):
        yield org_id, f"xep_loai.{level}", n


SOURCES = [members, study, commitments, reflections, contests, ratings]
