"""Yearly commitments (đăng ký làm theo, cam kết nêu gương): a member's registration and its
evaluation, an organisation's own plan, and the year's template set by a committee."""

from django.conf import settings
from django.db import models

from hocbac.core.models import OrgScopedManager

MAX_DEEDS = 6  # deeds a registration holds (rows on the form)

# The four parts of a registration; a committee's template gives each its guidance and example.
SECTIONS = [
    ("study_plan", "Nội dung học tập",
     "Những chuyên đề, văn bản đồng chí sẽ học trong năm và cách học.",
     "Học tập chuyên đề năm; nghiên cứu Chỉ thị 05-CT/TW, Kết luận 01-KL/TW; đọc ít nhất một tác phẩm của Bác mỗi quý."),
    ("deeds", "Việc làm theo gắn với nhiệm vụ",
     "Mỗi dòng một việc cụ thể gắn với công việc của đồng chí, kèm kết quả đo được hoặc minh chứng.",
     "Giải quyết hồ sơ đúng hạn 100% | sổ theo dõi của bộ phận một cửa"),
    ("exemplary", "Cam kết nêu gương",
     "Đồng chí nêu gương ở nơi làm việc, nơi cư trú và trong gia đình thế nào.",
     "Gương mẫu chấp hành quy định nơi cư trú; vận động gia đình phân loại rác tại nguồn."),
    ("anti_degradation", "Cam kết chống suy thoái",
     "Những biểu hiện suy thoái (Nghị quyết 04-NQ/TW) đồng chí cam kết không để xảy ra.",
     "Không nói không đi đôi với làm; không né tránh tự phê bình và phê bình."),
]


class State(models.TextChoices):
    DRAFT = "nhap", "Bản nháp"
    SUBMITTED = "da_nop", "Đã nộp"
    DISCLOSED = "cong_khai", "Đã công khai trước chi bộ"
    CHECKED_IN = "giua_nam", "Đã tự kiểm tra giữa năm"
    SELF_ASSESSED = "tu_danh_gia", "Đã tự đánh giá"
    EVALUATED = "da_danh_gia", "Chi bộ đã đánh giá"


class Result(models.TextChoices):
    GOOD = "tot", "Thực hiện tốt"
    DONE = "hoan_thanh", "Hoàn thành"
    NOT_DONE = "chua_hoan_thanh", "Chưa hoàn thành"


class YearTemplate(models.Model):
    """What a committee asks its subtree to write in `year`: guidance and an example per part."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    intro = models.TextField("lời dẫn", blank=True)
    sections = models.JSONField(default=dict)  # {part key: {"guidance": …, "example": …}}
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="commitment_template_unique")]

    def __str__(self):
        return f"Mẫu đăng ký {self.year} — {self.org}"


class Registration(models.Model):
    """One member's commitments for one year, through to the cell's evaluation."""

    member = models.ForeignKey("orgs.Member", on_delete=models.CASCADE, related_name="registrations")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")  # the cell
    year = models.PositiveSmallIntegerField("năm")
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    study_plan = models.TextField("nội dung học tập", blank=True)
    deeds = models.JSONField("việc làm theo", default=list)  # [{"text", "measure", "progress"}]
    exemplary = models.TextField("cam kết nêu gương", blank=True)
    anti_degradation = models.TextField("cam kết chống suy thoái", blank=True)
    is_key_leader = models.BooleanField("cán bộ chủ chốt", default=False)
    on_behalf = models.BooleanField("chi ủy nhập thay", default=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    disclosed_on = models.DateField("ngày công khai trước chi bộ", null=True, blank=True)
    midyear_note = models.TextField("tự kiểm tra giữa năm", blank=True)
    midyear_at = models.DateTimeField(null=True, blank=True)
    self_assessment = models.TextField("tự đánh giá cuối năm", blank=True)
    self_assessed_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField("kết quả", max_length=20, choices=Result.choices, blank=True)
    evaluation_comment = models.TextField("nhận xét của chi bộ", blank=True)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    evaluated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="registration_unique")]
        indexes = [models.Index(fields=["org", "year", "state"])]

    def __str__(self):
        return f"{self.member} — {self.year}"

    @property
    def is_locked(self):
        return self.state == State.EVALUATED

    def full_text(self):
        """Everything the member wrote, for the near-copy check."""
        deeds = "\n".join(f"{d.get('text', '')} {d.get('measure', '')}" for d in self.deeds)
        return "\n".join([self.study_plan, deeds, self.exemplary, self.anti_degradation])


class OrgPlan(models.Model):
    """An organisation's own yearly plan for the programme."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    content = models.TextField("nội dung kế hoạch")
    in_resolution = models.BooleanField("đã đưa vào nghị quyết của cấp ủy, chi bộ", default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="org_plan_unique")]

    def __str__(self):
        return f"Kế hoạch {self.year} — {self.org}"
