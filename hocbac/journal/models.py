"""The notebook (sổ tay học tập và làm theo Bác), the monthly reflections (bài cảm nhận) with the
cell's comments, and the 27 manifestations of degradation (Nghị quyết 04-NQ/TW) they cite."""

from django.conf import settings
from django.db import models

from hocbac.core.models import OrgScopedManager

COMMENT_EDIT_MINUTES = 15  # a comment can be corrected by its author this long after writing it
MAX_WRITERS_PER_MONTH = 2  # the cell names one or two members a month
MAX_CORRECTIONS = 5


class Group(models.IntegerChoices):
    POLITICAL = 1, "Suy thoái về tư tưởng chính trị"
    ETHICS = 2, "Suy thoái về đạo đức, lối sống"
    SELF_EVOLUTION = 3, "“Tự diễn biến”, “tự chuyển hóa”"


class Manifestation(models.Model):
    """One of the 27 (group, number, sub = 0) or a locality's sub-item of one (sub = 1, 2, …).
    Reference data an administrator edits; a reflection keeps the wording it cited (`Citation`)."""

    group = models.PositiveSmallIntegerField("nhóm", choices=Group.choices)
    number = models.PositiveSmallIntegerField("số thứ tự trong nhóm")
    sub = models.PositiveSmallIntegerField("ý nhỏ", default=0)
    label = models.CharField("tên ngắn", max_length=200)
    text = models.TextField("nội dung đầy đủ", blank=True)
    version = models.PositiveIntegerField("phiên bản", default=1)
    is_active = models.BooleanField("đang dùng", default=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group", "number", "sub"]
        constraints = [models.UniqueConstraint(fields=["group", "number", "sub"], name="manifestation_unique")]

    def __str__(self):
        return f"{self.code}. {self.label}"

    @property
    def code(self):
        """'1.3' for an item, '1.3.2' for its second sub-item."""
        return f"{self.group}.{self.number}" + (f".{self.sub}" if self.sub else "")


class NotebookEntry(models.Model):
    """A member's own dated entry: what they studied, did, will correct. Private unless shared
    with the cell's committee."""

    member = models.ForeignKey("orgs.Member", on_delete=models.CASCADE, related_name="notebook_entries")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")  # the cell then
    written_on = models.DateField("ngày")
    studied = models.TextField("đã học tập", blank=True)
    did = models.TextField("đã làm theo", blank=True)
    will_correct = models.TextField("sẽ sửa, sẽ làm", blank=True)
    document = models.ForeignKey("library.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name="tài liệu")
    session = models.ForeignKey("study.StudySession", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name="buổi học tập, sinh hoạt")
    registration = models.ForeignKey("commitments.Registration", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name="bản đăng ký làm theo")
    shared_at = models.DateTimeField("chia sẻ với chi ủy lúc", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgScopedManager()

    class Meta:
        indexes = [models.Index(fields=["member", "written_on"]), models.Index(fields=["org", "shared_at"])]

    def __str__(self):
        return f"Sổ tay {self.member} — {self.written_on:%d/%m/%Y}"

    @property
    def is_shared(self):
        return self.shared_at is not None


class NotebookRemark(models.Model):
    """The committee's remark on a member's shared entries for a month ("2026-03") or a quarter
    ("2026-Q1")."""

    member = models.ForeignKey("orgs.Member", on_delete=models.CASCADE, related_name="notebook_remarks")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    period = models.CharField("kỳ", max_length=7)
    text = models.TextField("nhận xét")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "period"], name="notebook_remark_unique")]

    def __str__(self):
        return f"Nhận xét {self.period} — {self.member}"

    @property
    def period_label(self):
        year, part = self.period.split("-")
        return f"Quý {part[1:]}/{year}" if part.startswith("Q") else f"Tháng {int(part)}/{year}"


class State(models.TextChoices):
    ASSIGNED = "phan_cong", "Được phân công"
    DRAFT = "nhap", "Đang viết"
    SUBMITTED = "da_nop", "Đã nộp"
    READ = "da_doc", "Đã đọc tại sinh hoạt"


WRITTEN_STATES = [State.SUBMITTED, State.READ]


class Reflection(models.Model):
    """A monthly reflection: the rota's assignment of `member` for (`year`, `month`), then the
    text they write, its reading at the meeting and the cell's conclusion."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")  # the cell
    member = models.ForeignKey("orgs.Member", on_delete=models.CASCADE, related_name="reflections")
    year = models.PositiveSmallIntegerField("năm")
    month = models.PositiveSmallIntegerField("tháng")
    due_on = models.DateField("hạn nộp")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=12, choices=State.choices, default=State.ASSIGNED)
    title = models.CharField("tiêu đề", max_length=200, blank=True)
    body = models.TextField("nội dung", blank=True)
    corrections = models.JSONField("hướng khắc phục", default=list)  # [{"text": …, "by": "YYYY-MM-DD"}]
    submitted_at = models.DateTimeField(null=True, blank=True)
    read_on = models.DateField("ngày đọc tại sinh hoạt", null=True, blank=True)
    read_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    conclusion = models.TextField("kết luận của chi bộ", blank=True)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    concluded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "year", "month"], name="reflection_unique")]
        indexes = [models.Index(fields=["org", "year", "month"])]

    def __str__(self):
        return f"Bài cảm nhận tháng {self.month}/{self.year} — {self.member}"

    @property
    def is_written(self):
        return self.state in WRITTEN_STATES

    @property
    def is_unstarted(self):
        """Named on the rota and nothing written yet: the name can still be taken off."""
        return self.state == State.ASSIGNED

    @property
    def is_editable(self):
        return self.state in (State.ASSIGNED, State.DRAFT)

    @property
    def period_label(self):
        return f"Tháng {self.month}/{self.year}"


class Citation(models.Model):
    """A manifestation a reflection self-identifies against, with the wording as it was cited."""

    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="citations")
    manifestation = models.ForeignKey(Manifestation, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    label = models.CharField(max_length=200)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["manifestation__group", "manifestation__number", "manifestation__sub"]
        constraints = [models.UniqueConstraint(fields=["reflection", "manifestation"], name="citation_unique")]

    def __str__(self):
        return f"{self.code}. {self.label}"

    @property
    def code(self):
        return self.manifestation.code

    @property
    def group_label(self):
        return Group(self.manifestation.group).label


class Comment(models.Model):
    """A comment on a reflection, or a reply to one (one level of threading is kept per parent).
    Deleting keeps the row (the thread stays whole) and empties the text."""

    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=120)
    body = models.TextField("góp ý")
    client_key = models.CharField(max_length=40)  # one per form shown, so a doubled post records once
    created_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["reflection", "author", "client_key"], name="comment_once")]

    def __str__(self):
        return f"Góp ý của {self.author_name}"

    @property
    def is_deleted(self):
        return self.deleted_at is not None
