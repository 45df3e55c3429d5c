from django.conf import settings
from django.db import models

from hocbac.core.models import OrgScopedManager


class Tally(models.Model):
    """One figure of an organisation's whole subtree for one period ("2026-11", "2026-Q4",
    "2026-H2", "2026"): kept up to date by `summaries.refresh`, so a dashboard reads a node's and
    its children's rows instead of the raw facts. Zero is not stored."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    indicator = models.CharField(max_length=40)
    value = models.BigIntegerField()
    refreshed_at = models.DateTimeField()

    objects = OrgScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "period", "indicator"], name="tally_once")]
        indexes = [models.Index(fields=["period", "org"])]

    def __str__(self):
        return f"{self.org_id} {self.period} {self.indicator}={self.value}"


class Facts(models.TextChoices):
    """The kinds of facts a change can touch; each indicator source reads some of them. A change
    of the organisations' own facts is refreshed from those organisations' rows alone; TREE (an
    organisation moved) and CAMPAIGNS (a campaign's dates or subtree changed: every organisation
    under it counts it) recompute subtrees."""

    MEMBERS = "dang_vien", "Đảng viên, chuyển sinh hoạt"
    ATTENDANCE = "hoc_tap", "Buổi học tập, điểm danh"
    CAMPAIGNS = "chien_dich", "Đợt học tập"
    COMMITMENTS = "lam_theo", "Đăng ký làm theo"
    REFLECTIONS = "thu_hoach", "Bài thu hoạch"
    CONTESTS = "thi", "Thi trắc nghiệm"
    PRACTICES = "mo_hinh", "Mô hình"
    AWARDS = "khen_thuong", "Khen thưởng"
    CLASSIFICATION = "phan_loai", "Phân loại hằng tháng"
    RATINGS = "xep_loai", "Xếp loại cuối năm"
    TREE = "cay", "Cây tổ chức"


class StaleMark(models.Model):
    """A change to the `facts` of `org` dated `since` (or later) that the summaries do not hold
    yet. Services write one in the same transaction as the change; `summaries.refresh_stale`
    takes them, refreshes the periods they touch and deletes them."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    since = models.DateField()
    facts = models.CharField(max_length=12, choices=Facts.choices, default=Facts.TREE)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrgScopedManager()

    def __str__(self):
        return f"{self.org_id} từ {self.since}"


class RefreshRun(models.Model):
    """One pass of `summaries.refresh_stale` (or a whole refresh): when, what it did, how long."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    marks = models.PositiveIntegerField(default=0)
    subtrees = models.PositiveIntegerField(default=0)
    periods = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    whole = models.BooleanField(default=False)

    class Meta:
        ordering = ["-finished_at"]
        indexes = [models.Index(fields=["-finished_at"])]

    def __str__(self):
        return f"{self.finished_at:%Y-%m-%d %H:%M}"


class ReportKind(models.TextChoices):
    QUARTER = "quy", "Báo cáo quý"
    HALF = "so_ket", "Báo cáo sơ kết 6 tháng"
    YEAR = "tong_ket", "Báo cáo tổng kết năm"
    YEARS = "nhieu_nam", "Báo cáo nhiều năm"


class Report(models.Model):
    """A committee's report on the programme: the narrative it writes as drafts and, once issued,
    its number within the committee's term ("12-BC/ĐU") and the figures frozen as they were on
    that day, so the document never moves when the data changes later."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("loại báo cáo", max_length=12, choices=ReportKind.choices)
    periods = models.JSONField(default=list)  # period codes: one, or one year each for a multi-year report
    title = models.CharField("trích yếu", max_length=300)
    place = models.CharField("địa danh", max_length=100)
    situation = models.TextField("I. Đặc điểm tình hình", blank=True)
    leadership = models.TextField("Lãnh đạo, chỉ đạo, quán triệt, tuyên truyền", blank=True)
    exemplary = models.TextField("Nêu gương", blank=True)
    commendations = models.TextField("Khen thưởng", blank=True)
    limitations = models.TextField("III. Hạn chế, nguyên nhân", blank=True)
    lessons = models.TextField("IV. Bài học kinh nghiệm", blank=True)
    direction = models.TextField("V. Phương hướng, nhiệm vụ", blank=True)
    proposals = models.TextField("VI. Kiến nghị, đề xuất", blank=True)
    recipients = models.TextField("nơi nhận", blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=60, default="BÍ THƯ")
    signer_name = models.CharField("người ký", max_length=100, blank=True)
    term_start = models.PositiveSmallIntegerField("nhiệm kỳ từ năm")
    number = models.PositiveIntegerField(null=True, blank=True)  # set at issue
    issued_on = models.DateField(null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    figures = models.JSONField(default=dict)  # frozen at issue
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgScopedManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "term_start", "number"], name="report_number_once")]

    def __str__(self):
        return self.title

    @property
    def is_issued(self):
        return self.number is not None
