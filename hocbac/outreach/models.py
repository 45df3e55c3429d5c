"""Reaching members and the public: notices from a committee or a cell to its subtree (with read
receipts), proposals and good ideas (đề xuất, ý kiến hay) from members and citizens to a
committee, and the public site of a committee (articles, stories of models, contest results)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from hocbac.core.models import OrgScopedManager

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


class Notice(models.Model):
    """A notice (thông báo) of `org` to every member of its subtree."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức gửi")
    title = models.CharField("tiêu đề", max_length=200)
    body = models.TextField("nội dung", blank=True)
    must_read = models.BooleanField("bắt buộc đọc", default=False)
    due_on = models.DateField("đọc trước ngày", null=True, blank=True)
    emailed = models.PositiveIntegerField(default=0, editable=False)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(db_index=True)
    client_key = models.CharField(max_length=40, blank=True)

    objects = OrgScopedManager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = "thông báo"
        constraints = [models.UniqueConstraint(fields=["sent_by", "client_key"], condition=~Q(client_key=""),
                                               name="notice_client_key_once")]

    def __str__(self):
        return self.title


class NoticeAttachment(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="notices/%Y/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)

    def __str__(self):
        return self.name


class NoticeRead(models.Model):
    """A member opened a notice. `org` is the member's cell when they read it."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="reads")
    member = models.ForeignKey("orgs.Member", on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField()

    objects = OrgScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notice", "member"], name="notice_read_once")]
        indexes = [models.Index(fields=["org", "notice"])]

    def __str__(self):
        return f"{self.member_id} đọc {self.notice_id}"


class ProposalKind(models.TextChoices):
    PROPOSAL = "de_xuat", "Đề xuất, kiến nghị"
    IDEA = "y_kien_hay", "Ý kiến hay, cách làm hay"


class ProposalStatus(models.TextChoices):
    RECEIVED = "moi", "Mới nhận"
    IN_PROGRESS = "dang_xu_ly", "Đang xem xét"
    ANSWERED = "da_tra_loi", "Đã trả lời"
    DECLINED = "khong_xu_ly", "Không xem xét (trùng, không đúng thẩm quyền)"


class Proposal(models.Model):
    """A proposal or good idea sent to the committee `org`, by a member (`member`) or by a citizen
    (name and contact only). `token` is the sender's private link to follow it."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="gửi đến")
    kind = models.CharField("loại", max_length=12, choices=ProposalKind.choices, default=ProposalKind.PROPOSAL)
    title = models.CharField("tiêu đề", max_length=200)
    body = models.TextField("nội dung")
    member = models.ForeignKey("orgs.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sender_name = models.CharField("họ tên", max_length=120)
    sender_contact = models.CharField("điện thoại hoặc thư điện tử", max_length=120, blank=True)
    status = models.CharField("tình trạng", max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.RECEIVED)
    answer = models.TextField("trả lời", blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    is_published = models.BooleanField("công khai câu trả lời", default=False)
    token = models.CharField(max_length=32, unique=True)
    client_key = models.CharField(max_length=40, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(db_index=True)

    objects = OrgScopedManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "đề xuất, ý kiến"
        constraints = [models.UniqueConstraint(fields=["org", "client_key"], condition=~Q(client_key=""),
                                               name="proposal_client_key_once")]

    def __str__(self):
        return self.title

    @property
    def from_citizen(self):
        return self.member_id is None


class PublicationKind(models.TextChoices):
    ARTICLE = "bai_viet", "Bài viết"
    PRACTICE = "mo_hinh", "Câu chuyện mô hình"
    CONTEST = "ket_qua_thi", "Kết quả cuộc thi"
    ANSWER = "tra_loi", "Trả lời ý kiến"


class Publication(models.Model):
    """One item of a committee's public site: an article written for it, or a model, a contest's
    results or an answer to a proposal the committee chose to publish."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="cấp ủy")
    kind = models.CharField("loại", max_length=12, choices=PublicationKind.choices)
    title = models.CharField("tiêu đề", max_length=300)
    lead = models.TextField("sa pô", blank=True)
    body = models.TextField("nội dung", blank=True)
    practice = models.ForeignKey("practices.Practice", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    contest = models.ForeignKey("contests.Contest", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    published_at = models.DateTimeField(db_index=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    views = models.PositiveIntegerField("lượt xem", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = OrgScopedManager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "bài công khai"

    def __str__(self):
        return self.title

    @property
    def is_live(self):
        return self.withdrawn_at is None
