"""Commendations (khen thưởng), reminders and reviews of those who fell short (nhắc nhở, kiểm
điểm), and the committees' inspection and supervision plans (kế hoạch kiểm tra, giám sát)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from hocbac.core.models import OrgScopedManager


class AwardForm(models.Model):
    """A form of commendation (giấy khen, bằng khen, …): reference data an administrator edits."""

    name = models.CharField("hình thức khen thưởng", max_length=120, unique=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "hình thức khen thưởng"

    def __str__(self):
        return self.name


class Recipient(models.TextChoices):
    COLLECTIVE = "tap_the", "Tập thể"
    INDIVIDUAL = "ca_nhan", "Cá nhân"


class Basis(models.TextChoices):
    PROGRAMME = "chuong_trinh", "Học tập và làm theo Bác"
    PRACTICE = "mo_hinh", "Mô hình học tập và làm theo Bác"
    CONTEST = "cuoc_thi", "Kết quả cuộc thi"
    REVIEW = "so_ket", "Sơ kết, tổng kết"


class Stage(models.TextChoices):
    NOMINATED = "de_nghi", "Đề nghị"
    APPROVED = "da_duyet", "Đã duyệt"
    ISSUED = "da_khen", "Đã ban hành quyết định"
    DECLINED = "khong_duyet", "Không duyệt"


class Commendation(models.Model):
    """One commendation of a collective (`recipient_org`) or an individual (`member`), from its
    nomination to the decision. `org` is the lowest organisation concerned (the recipient, or the
    member's cell at the time); `awarding_org` is the competent body that approves and decides."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    recipient = models.CharField("đối tượng", max_length=10, choices=Recipient.choices)
    recipient_org = models.ForeignKey("orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                      verbose_name="tập thể được khen")
    member = models.ForeignKey("orgs.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="cá nhân được khen")
    awarding_org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+",
                                     verbose_name="cấp khen thưởng")
    form = models.ForeignKey(AwardForm, on_delete=models.PROTECT, related_name="+", verbose_name="hình thức")
    year = models.PositiveSmallIntegerField("năm")
    reason = models.TextField("thành tích, lý do")
    basis = models.CharField("khen về", max_length=14, choices=Basis.choices, default=Basis.PROGRAMME)
    practice = models.ForeignKey("practices.Practice", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="mô hình")
    contest = models.ForeignKey("contests.Contest", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name="cuộc thi")
    stage = models.CharField("bước", max_length=12, choices=Stage.choices, default=Stage.NOMINATED)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    nominated_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    decision_number = models.CharField("số quyết định", max_length=60, blank=True)
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    signer = models.CharField("người ký", max_length=120, blank=True)
    declined_reason = models.TextField("lý do không duyệt", blank=True)
    # A hidden key per nomination form: a doubled "Đề nghị" records once.
    client_key = models.CharField(max_length=40, blank=True)

    objects = OrgScopedManager()

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = "khen thưởng"
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient="tap_the", recipient_org__isnull=False, member__isnull=True)
                | Q(recipient="ca_nhan", member__isnull=False, recipient_org__isnull=True),
                name="commendation_one_recipient",
            ),
            models.UniqueConstraint(fields=["nominated_by", "client_key"], condition=~Q(client_key=""),
                                    name="commendation_client_key_once"),
        ]

    def __str__(self):
        return f"{self.form} — {self.recipient_name}"

    @property
    def recipient_name(self):
        if self.recipient == Recipient.COLLECTIVE:
            return self.recipient_org.name
        return self.member.full_name


class ReminderKind(models.TextChoices):
    REMINDER = "nhac_nho", "Nhắc nhở"
    REVIEW = "kiem_diem", "Kiểm điểm"


class Reminder(models.Model):
    """A member (`member` set) or an organisation (`org` alone) that fell short of the programme.
    Seen only by those who manage `org` and, for a member, the member."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("orgs.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="đảng viên")
    kind = models.CharField("hình thức", max_length=10, choices=ReminderKind.choices)
    reason = models.TextField("lý do")
    decided_by = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+",
                                   verbose_name="cấp quyết định")
    decided_on = models.DateField("ngày quyết định")
    follow_up_on = models.DateField("hạn xem lại", null=True, blank=True)
    outcome = models.TextField("kết quả khắc phục", blank=True)
    closed_on = models.DateField("ngày kết thúc theo dõi", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrgScopedManager()

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = "nhắc nhở, kiểm điểm"

    def __str__(self):
        return f"{self.get_kind_display()} ngày {self.decided_on:%d/%m/%Y}"


class InspectionKind(models.TextChoices):
    INSPECTION = "kiem_tra", "Kiểm tra"
    SUPERVISION = "giam_sat", "Giám sát"


class InspectionItem(models.Model):
    """One item of a committee's yearly inspection and supervision plan that includes the
    programme: whom, when, what, who inspects, and then the conclusion."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="cấp ủy")
    year = models.PositiveSmallIntegerField("năm")
    kind = models.CharField("hình thức", max_length=10, choices=InspectionKind.choices)
    content = models.TextField("nội dung")
    targets = models.ManyToManyField("orgs.Organization", related_name="+", verbose_name="tổ chức được kiểm tra, giám sát")
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    inspectors = models.CharField("chủ thể kiểm tra, giám sát", max_length=300)
    conclusion = models.TextField("kết luận", blank=True)
    concluded_on = models.DateField("ngày kết luận", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrgScopedManager()

    class Meta:
        ordering = ["year", "starts_on", "id"]
        verbose_name = "nội dung kiểm tra, giám sát"
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="inspection_dates_in_order")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.content[:80]}"


class FollowUp(models.Model):
    """A task the conclusion sets for an organisation, with its due date and when it was done."""

    item = models.ForeignKey(InspectionItem, on_delete=models.CASCADE, related_name="follow_ups")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức thực hiện")
    text = models.TextField("việc phải làm")
    due_on = models.DateField("hạn")
    done_on = models.DateField("đã xong ngày", null=True, blank=True)
    done_note = models.TextField("kết quả", blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self):
        return f"{self.text[:80]} (hạn {self.due_on:%d/%m/%Y})"
