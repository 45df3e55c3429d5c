import secrets

from django.conf import settings
from django.db import models

from hocbac.core.models import OrgScopedManager


class Campaign(models.Model):
    """"Study document(s) X by date D", launched by a committee for its whole subtree."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="cấp ủy phát động")
    title = models.CharField("tên đợt học tập", max_length=300)
    description = models.TextField("yêu cầu", blank=True)
    documents = models.ManyToManyField("library.Document", blank=True, related_name="campaigns", verbose_name="văn bản cần học")
    topic = models.ForeignKey("library.Topic", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="chuyên đề")
    starts_on = models.DateField("từ ngày")
    due_on = models.DateField("hoàn thành trước ngày")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrgScopedManager()

    class Meta:
        ordering = ["-due_on", "-id"]
        verbose_name = "đợt học tập"

    def __str__(self):
        return self.title


class SessionKind(models.TextChoices):
    CONFERENCE = "hoi_nghi", "Hội nghị nghiên cứu, học tập, quán triệt"
    THEMATIC = "chuyen_de", "Sinh hoạt chuyên đề"
    REGULAR = "thuong_ky", "Sinh hoạt chi bộ thường kỳ"
    OTHER = "khac", "Khác"


def _checkin_code():
    return secrets.token_urlsafe(9)


class StudySession(models.Model):
    """A conference, thematic session or cell meeting, with its invited organisations."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị tổ chức")
    kind = models.CharField("hình thức", max_length=20, choices=SessionKind.choices)
    title = models.CharField("tên buổi", max_length=300)
    starts_at = models.DateTimeField("bắt đầu")
    ends_at = models.DateTimeField("kết thúc")
    place = models.CharField("địa điểm", max_length=200, blank=True)
    invited_orgs = models.ManyToManyField("orgs.Organization", related_name="+", verbose_name="tổ chức được mời")
    documents = models.ManyToManyField("library.Document", blank=True, related_name="sessions", verbose_name="văn bản")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions", verbose_name="thuộc đợt học tập")
    # Null until someone takes attendance: a session without it is shown as such, never as zero.
    attendance_taken_at = models.DateTimeField(null=True, blank=True)
    non_member_count = models.PositiveIntegerField("số quần chúng tham dự", default=0)
    non_member_names = models.TextField("danh sách quần chúng (mỗi dòng một người)", blank=True)
    checkin_code = models.CharField(max_length=20, unique=True, default=_checkin_code, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrgScopedManager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["org", "starts_at"])]
        verbose_name = "buổi học tập, sinh hoạt"

    def __str__(self):
        return f"{self.title} ({self.starts_at:%d/%m/%Y})"


class AttendanceStatus(models.TextChoices):
    PRESENT = "co_mat", "Có mặt"
    EXCUSED = "vang_co_ly_do", "Vắng có lý do"
    ABSENT = "vang_khong_ly_do", "Vắng không lý do"


class AttendanceSource(models.TextChoices):
    SELF = "tu_diem_danh", "Tự điểm danh (mã QR)"
    SECRETARY = "chi_uy", "Chi ủy điểm danh"
    IMPORT = "nhap_excel", "Nhập từ Excel"


class Attendance(models.Model):
    """One invited member at one session. `org` is the member's cell on the session date."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey("orgs.Member", on_delete=models.CASCADE, related_name="attendances")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    source = models.CharField(max_length=20, choices=AttendanceSource.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    objects = OrgScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="attendance_once_per_session")]
        indexes = [models.Index(fields=["org", "session"]), models.Index(fields=["member", "status"])]

    def __str__(self):
        return f"{self.member_id} @ {self.session_id}: {self.status}"
