from django.conf import settings
from django.db import models
from django.db.models import Q

from hocbac.core.models import OrgScopedManager, OrgScopedQuerySet


class DocumentKind(models.TextChoices):
    DIRECTIVE = "chi_thi", "Chỉ thị"
    RESOLUTION = "nghi_quyet", "Nghị quyết"
    CONCLUSION = "ket_luan", "Kết luận"
    REGULATION = "quy_dinh", "Quy định"
    GUIDANCE = "huong_dan", "Hướng dẫn"
    PLAN = "ke_hoach", "Kế hoạch"
    ARTICLE = "bai_viet", "Bài viết của Ban Tuyên giáo"
    OTHER = "khac", "Tài liệu khác"


class Topic(models.Model):
    """A thematic topic: the whole-term topic (no parent) or a yearly topic (chuyên đề năm)
    whose parent is the whole-term one. National topics have no owner organisation."""

    org = models.ForeignKey("orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="chuyên đề toàn khóa")
    name = models.CharField("tên chuyên đề", max_length=400)
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    description = models.TextField("nội dung chính", blank=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = "chuyên đề"

    def __str__(self):
        return f"Chuyên đề {self.year}: {self.name}" if self.year else f"Chuyên đề toàn khóa: {self.name}"


class DocumentQuerySet(OrgScopedQuerySet):
    def visible_to_paths(self, home_paths, subtree_paths=()):
        """Documents published by an organisation above or at one of `home_paths` (a member sees
        what their cell and every level above published), national documents (no org), and,
        for committees, everything published inside `subtree_paths`."""
        ancestor_ids = {int(i) for path in home_paths for i in path.strip("/").split("/") if i}
        condition = Q(org__isnull=True) | Q(org_id__in=ancestor_ids)
        for path in subtree_paths:
            condition |= Q(org__path__startswith=path)
        return self.filter(condition)._mark()


class Document(models.Model):
    org = models.ForeignKey("orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                            verbose_name="tổ chức ban hành trên hệ thống")
    kind = models.CharField("loại văn bản", max_length=20, choices=DocumentKind.choices)
    number_symbol = models.CharField("số, ký hiệu", max_length=60, blank=True, help_text="vd: 05-CT/TW")
    issue_number = models.PositiveIntegerField("kỳ", null=True, blank=True, help_text="Số kỳ của bài viết chuyên mục, vd: 97")
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=200, blank=True)
    title = models.CharField("trích yếu / tiêu đề", max_length=500)
    summary = models.TextField("tóm tắt", blank=True)
    body = models.TextField("nội dung", blank=True)
    attachment = models.FileField("tệp đính kèm", upload_to="documents/%Y/", blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="documents", verbose_name="chuyên đề")
    is_public = models.BooleanField("công khai cho mọi người", default=False)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrgScopedManager.from_queryset(DocumentQuerySet)()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "văn bản, tài liệu"

    def __str__(self):
        return f"{self.number_symbol} {self.title}".strip()

    @property
    def display_title(self):
        if self.kind == DocumentKind.ARTICLE and self.issue_number:
            return f"Kỳ {self.issue_number}: {self.title}"
        if self.number_symbol:
            return f"{self.get_kind_display()} {self.number_symbol}: {self.title}"
        return self.title


class Bookmark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "document"], name="bookmark_unique")]

    def __str__(self):
        return f"{self.user} ★ {self.document_id}"


class DocumentRead(models.Model):
    """A member opened a document. One row per member and document; `org` is the member's cell
    when they first read it, so later transfers do not move the fact."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reads")
    member = models.ForeignKey("orgs.Member", on_delete=models.CASCADE, related_name="document_reads")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    first_read_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(auto_now=True)
    times = models.PositiveIntegerField(default=1)

    objects = OrgScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "member"], name="document_read_unique")]
        indexes = [models.Index(fields=["org", "document"])]

    def __str__(self):
        return f"{self.member_id} đọc {self.document_id}"
