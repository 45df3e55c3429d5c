"""Monthly classification against criteria sets ("chi bộ bốn tốt", "6 tốt") and the year-end
evaluation and rating of members and organisations (Quy định 366-QĐ/TW) with its quota."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from hocbac.core.models import OrgScopedManager


class Target(models.TextChoices):
    CELL = "chi_bo", "Chi bộ, tổ chức đảng"
    MEMBER = "dang_vien", "Đảng viên"


class Cadence(models.TextChoices):
    MONTHLY = "thang", "Hằng tháng"
    QUARTERLY = "quy", "Hằng quý"
    YEARLY = "nam", "Hằng năm"


class Judged(models.TextChoices):
    YES_NO = "dat", "Đạt / chưa đạt"
    LEVEL = "muc", "Mức (tốt, khá, trung bình, kém)"
    POINTS = "diem", "Chấm điểm"


class AutoSource(models.TextChoices):
    """System data that suggests an item: the person classifying sees it and decides."""

    NONE = "", "Không có"
    MEETINGS = "sinh_hoat", "Dự đủ sinh hoạt chi bộ trong kỳ"
    REFLECTION = "cam_nhan", "Viết bài cảm nhận được phân công trong kỳ"
    CONTEST = "thi", "Tham gia cuộc thi trong kỳ"
    COMMITMENT = "lam_theo", "Có đăng ký làm theo năm"


# A level item's fraction of its weight.
LEVEL_FRACTIONS = {"tot": 1, "kha": 0.75, "trung_binh": 0.5, "kem": 0}
LEVEL_LABELS = {"tot": "Tốt", "kha": "Khá", "trung_binh": "Trung bình", "kem": "Kém"}


class CriteriaSet(models.Model):
    """A set of criteria an organisation's subtree classifies by. `levels` is the set's rule:
    [[label, minimum share of the points in %], …] from the highest; the first whose minimum is
    reached is the level ("Chi bộ bốn tốt" at 100 %)."""

    # The organisation whose subtree uses the set; none: shipped for everyone (an administrator edits it).
    org = models.ForeignKey("orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                            verbose_name="tổ chức ban hành (áp dụng cho cấp dưới)")
    name = models.CharField("tên bộ tiêu chí", max_length=200)
    target = models.CharField("đối tượng", max_length=10, choices=Target.choices)
    cadence = models.CharField("kỳ phân loại", max_length=5, choices=Cadence.choices, default=Cadence.MONTHLY)
    levels = models.JSONField("mức phân loại", default=list)
    basis = models.CharField("căn cứ", max_length=200, blank=True, help_text="vd: Nghị quyết 21-NQ/TW")
    is_active = models.BooleanField("đang dùng", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrgScopedManager()

    class Meta:
        ordering = ["target", "name", "id"]
        verbose_name = "bộ tiêu chí phân loại"

    def __str__(self):
        return self.name


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField("thứ tự")
    text = models.TextField("tiêu chí")
    points = models.PositiveSmallIntegerField("điểm tối đa", default=1)
    judged = models.CharField("cách đánh giá", max_length=5, choices=Judged.choices, default=Judged.YES_NO)
    auto_source = models.CharField("gợi ý từ dữ liệu", max_length=10, choices=AutoSource.choices, blank=True, default="")
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "position"], name="criterion_position_once")]

    def __str__(self):
        return f"{self.position}. {self.text[:60]}"


class Classification(models.Model):
    """A cell's or a member's classification for one period of a set. A cell's own is confirmed
    by the committee above; a member's is the cell's (confirmed when the cell records it). After
    confirmation a change needs a reason (`Classification.reopen`-style audit)."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="classifications")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")  # the cell (then)
    member = models.ForeignKey("orgs.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    period = models.PositiveSmallIntegerField("kỳ")  # month 1–12, quarter 1–4, or 1 for a year
    score = models.DecimalField("điểm", max_digits=6, decimal_places=2)
    max_score = models.DecimalField("điểm tối đa", max_digits=6, decimal_places=2)
    level = models.CharField("mức", max_length=120)
    classified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    classified_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = OrgScopedManager()

    class Meta:
        ordering = ["year", "period", "id"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "member", "year", "period"], condition=Q(member__isnull=False),
                                    name="classification_member_once"),
            models.UniqueConstraint(fields=["criteria_set", "org", "year", "period"], condition=Q(member__isnull=True),
                                    name="classification_cell_once"),
        ]

    def __str__(self):
        return f"{self.level} ({self.period}/{self.year})"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class Mark(models.Model):
    """One criterion of a classification: the value given, what the system suggested and why."""

    classification = models.ForeignKey(Classification, on_delete=models.CASCADE, related_name="marks")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField("đạt", null=True)
    level = models.CharField("mức", max_length=12, blank=True)
    points = models.DecimalField("điểm", max_digits=5, decimal_places=2)
    suggested = models.BooleanField("gợi ý đạt", null=True)
    evidence = models.CharField("căn cứ gợi ý", max_length=300, blank=True)
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        ordering = ["criterion__position"]
        constraints = [models.UniqueConstraint(fields=["classification", "criterion"], name="mark_once")]

    def __str__(self):
        return f"{self.criterion_id}: {self.points}"


class Rating(models.TextChoices):
    EXCELLENT = "htxsnv", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "httnv", "Hoàn thành tốt nhiệm vụ"
    DONE = "htnv", "Hoàn thành nhiệm vụ"
    NOT_DONE = "khtnv", "Không hoàn thành nhiệm vụ"


RATING_ORDER = [Rating.EXCELLENT, Rating.GOOD, Rating.DONE, Rating.NOT_DONE]


class Frame(models.Model):
    """The 100-point frame (QĐ 366-QĐ/TW): the maxima of the two parts, the thresholds of the
    levels, the disqualifying conditions that cap the level at KHTNV, and the quota rule
    ("HTXSNV at most `quota_percent` % of those rated HTTNV within a grassroots organisation")."""

    name = models.CharField("tên khung", max_length=200)
    general_points = models.PositiveSmallIntegerField("điểm tiêu chí chung", default=30)
    task_points = models.PositiveSmallIntegerField("điểm kết quả nhiệm vụ", default=70)
    excellent_from = models.PositiveSmallIntegerField("HTXSNV từ", default=90)
    good_from = models.PositiveSmallIntegerField("HTTNV từ", default=70)
    done_from = models.PositiveSmallIntegerField("HTNV từ", default=50)
    conditions = models.JSONField("trường hợp xếp không hoàn thành nhiệm vụ", default=list)
    quota_percent = models.PositiveSmallIntegerField("tỷ lệ HTXSNV tối đa (% số HTTNV)", default=20)
    quota_exception_allowed = models.BooleanField("cho phép vượt tỷ lệ khi có lý do", default=True)
    is_current = models.BooleanField("đang áp dụng", default=True)

    class Meta:
        verbose_name = "khung đánh giá, xếp loại"

    def __str__(self):
        return self.name

    def level_for(self, total, capped=False):
        if capped or total < self.done_from:
            return Rating.NOT_DONE
        if total >= self.excellent_from:
            return Rating.EXCELLENT
        return Rating.GOOD if total >= self.good_from else Rating.DONE


class Step(models.TextChoices):
    SELF = "tu_danh_gia", "Tự đánh giá"
    PROPOSED = "de_xuat", "Đã đề xuất"
    DECIDED = "quyet_dinh", "Đã quyết định"


class YearRating(models.Model):
    """A member's (`member` set) or an organisation's year-end evaluation, step by step: the
    self-assessment, the proposal (the cell for a member, the committee for an organisation) and
    the decision of the competent body. Each step keeps who, when, the points and the level."""

    frame = models.ForeignKey(Frame, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")  # the cell, or the rated org
    member = models.ForeignKey("orgs.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    step = models.CharField("bước", max_length=12, choices=Step.choices, default=Step.SELF)
    self_general = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    self_tasks = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    self_level = models.CharField(max_length=8, choices=Rating.choices, blank=True)
    self_note = models.TextField(blank=True)
    self_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    self_at = models.DateTimeField(null=True, blank=True)
    proposed_general = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    proposed_tasks = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    proposed_level = models.CharField(max_length=8, choices=Rating.choices, blank=True)
    proposed_note = models.TextField(blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(null=True, blank=True)
    conditions = models.JSONField("trường hợp không hoàn thành nhiệm vụ đã đánh dấu", default=list)
    decided_level = models.CharField(max_length=8, choices=Rating.choices, blank=True)
    decided_by_org = models.ForeignKey("orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    quota_exception = models.TextField("lý do vượt tỷ lệ", blank=True)

    objects = OrgScopedManager()

    class Meta:
        ordering = ["year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "member"], condition=Q(member__isnull=False), name="year_rating_member_once"),
            models.UniqueConstraint(fields=["year", "org"], condition=Q(member__isnull=True), name="year_rating_org_once"),
        ]

    def __str__(self):
        return f"{self.year}: {self.get_decided_level_display() or self.get_step_display()}"
