"""Models of studying and following (mô hình học tập và làm theo Bác): the registry, each model's
status history with its recognitions, evidence, periodic reviews, and replication (nhân rộng):
an organisation that adopts a model runs its own copy linked to the original."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from hocbac.core.models import OrgScopedManager

MAX_PHOTO_BYTES = 5 * 1024 * 1024


class Field(models.Model):
    """A field or theme (lĩnh vực): reference data an administrator edits."""

    name = models.CharField("tên lĩnh vực", max_length=120, unique=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "lĩnh vực mô hình"

    def __str__(self):
        return self.name


class Origin(models.TextChoices):
    LAUNCHED = "phat_dong", "Do cấp ủy phát động trong toàn đảng bộ"
    OWN = "rieng", "Mô hình riêng của chi bộ, đảng bộ"


class Holder(models.TextChoices):
    COLLECTIVE = "tap_the", "Tập thể"
    INDIVIDUAL = "ca_nhan", "Cá nhân"


class Status(models.TextChoices):
    RUNNING = "dang_thuc_hien", "Đang thực hiện"
    TYPICAL = "tieu_bieu", "Tiêu biểu"
    EXCELLENT = "xuat_sac", "Xuất sắc"
    STOPPED = "ngung", "Ngừng thực hiện"


RECOGNISED_STATUSES = {Status.TYPICAL, Status.EXCELLENT}


class Practice(models.Model):
    """A model (mô hình) owned by an organisation. `adopted_from` links an adoption to the
    original it replicates (always the original, never another adoption)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức thực hiện")
    name = models.CharField("tên mô hình", max_length=300)
    origin = models.CharField("nguồn", max_length=12, choices=Origin.choices, default=Origin.OWN)
    holder = models.CharField("tập thể hay cá nhân", max_length=10, choices=Holder.choices, default=Holder.COLLECTIVE)
    member = models.ForeignKey("orgs.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="đảng viên thực hiện")
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="+", verbose_name="lĩnh vực")
    started_on = models.DateField("ngày bắt đầu")
    description = models.TextField("mô tả, cách làm", blank=True)
    goals = models.TextField("mục tiêu", blank=True)
    status = models.CharField("tình trạng", max_length=16, choices=Status.choices, default=Status.RUNNING)
    status_since = models.DateField("tình trạng từ ngày")
    adopted_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="adoptions",
                                     verbose_name="nhân rộng từ mô hình")
    result = models.TextField("kết quả khi nhân rộng", blank=True)
    is_public = models.BooleanField("công bố trên trang công khai", default=False)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrgScopedManager()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "mô hình"
        constraints = [
            models.CheckConstraint(
                condition=Q(holder="tap_the", member__isnull=True) | Q(holder="ca_nhan", member__isnull=False),
                name="practice_member_iff_individual",
            ),
            models.UniqueConstraint(fields=["adopted_from", "org"], name="practice_adopted_once_per_org"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_adoption(self):
        return self.adopted_from_id is not None

    @property
    def is_recognised(self):
        return self.status in RECOGNISED_STATUSES


class StatusChange(models.Model):
    """One step of a model's status history. A recognition (tiêu biểu, xuất sắc) says by which
    body, decision and date ("Thị ủy Long Mỹ công nhận, Quyết định số 15-QĐ/TU ngày 10/01/2023")."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField("tình trạng", max_length=16, choices=Status.choices)
    changed_on = models.DateField("từ ngày")
    note = models.TextField("lý do, ghi chú", blank=True)
    recognised_by = models.CharField("cơ quan công nhận", max_length=200, blank=True)
    decision = models.CharField("số quyết định", max_length=60, blank=True)
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "id"]

    def __str__(self):
        return f"{self.get_status_display()} từ {self.changed_on:%d/%m/%Y}"

    @property
    def is_recognition(self):
        return bool(self.recognised_by)


class EvidenceKind(models.TextChoices):
    SESSION = "buoi_sinh_hoat", "Buổi học tập, sinh hoạt"
    DOCUMENT = "van_ban", "Văn bản, tài liệu"
    PHOTO = "anh", "Ảnh"
    LINK = "lien_ket", "Liên kết"


class Evidence(models.Model):
    """Something that shows the model at work: a session, a document, a photo or a link."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField("loại", max_length=16, choices=EvidenceKind.choices)
    caption = models.CharField("chú thích", max_length=300, blank=True)
    session = models.ForeignKey("study.StudySession", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                verbose_name="buổi học tập, sinh hoạt")
    document = models.ForeignKey("library.Document", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                 verbose_name="văn bản")
    photo = models.FileField("ảnh", upload_to="practices/%Y/", blank=True)
    photo_type = models.CharField(max_length=20, blank=True)
    url = models.URLField("địa chỉ liên kết", max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return self.caption or self.get_kind_display()


class Reviewer(models.TextChoices):
    OWNER = "tu_danh_gia", "Tổ chức thực hiện tự đánh giá"
    ABOVE = "cap_tren", "Cấp ủy cấp trên đánh giá"


class Period(models.TextChoices):
    FIRST_HALF = "6_thang_dau", "6 tháng đầu năm"
    YEAR = "ca_nam", "Cả năm"


class Verdict(models.TextChoices):
    GOOD = "tot", "Hiệu quả tốt"
    FAIR = "kha", "Có hiệu quả"
    WEAK = "chua_hieu_qua", "Chưa hiệu quả"


class Proposal(models.TextChoices):
    KEEP = "duy_tri", "Tiếp tục duy trì"
    RECOGNISE_TYPICAL = "tieu_bieu", "Đề nghị công nhận tiêu biểu"
    RECOGNISE_EXCELLENT = "xuat_sac", "Đề nghị công nhận xuất sắc"
    REPLICATE = "nhan_rong", "Đề nghị nhân rộng"
    STOP = "ngung", "Đề nghị ngừng"


class Review(models.Model):
    """A short assessment of a model for a period, by its owner or by the committee above; one
    per model, year, period and reviewer (a second saves over the first)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="reviews")
    year = models.PositiveSmallIntegerField("năm")
    period = models.CharField("kỳ", max_length=12, choices=Period.choices)
    reviewer = models.CharField("bên đánh giá", max_length=12, choices=Reviewer.choices)
    reviewer_org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField("đánh giá", max_length=16, choices=Verdict.choices)
    assessment = models.TextField("nhận xét")
    proposal = models.CharField("đề xuất", max_length=12, choices=Proposal.choices, default=Proposal.KEEP)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "period", "reviewer"]
        constraints = [models.UniqueConstraint(fields=["practice", "year", "period", "reviewer"], name="review_once_per_period")]

    def __str__(self):
        return f"{self.get_period_display()} {self.year}: {self.get_verdict_display()}"
