"""Quiz contests (thi trắc nghiệm trực tuyến): the question bank, contests, attempts and answers.

The server owns the clock. An attempt is a fixed list of slots drawn at its start (question,
option order, the answer key and weight copied at that moment); a slot's `served_at` is set the
first time the question is shown and its deadline follows from it. An answer is one `Answer` row
per slot, unique: a doubled tap, a retry or a replayed request finds the row already there and
records nothing more.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hocbac.core.models import OrgScopedManager

MAX_OPTIONS = 6
MAX_CORRECT = 4
GRACE_SECONDS = 3  # network allowance after a question's deadline


class Difficulty(models.IntegerChoices):
    EASY = 1, "Dễ"
    MEDIUM = 2, "Trung bình"
    HARD = 3, "Khó"


class QuestionKind(models.TextChoices):
    SINGLE = "mot", "Một đáp án đúng"
    MULTIPLE = "nhieu", "Nhiều đáp án đúng"


class Question(models.Model):
    """A question of an organisation's bank, read by its subtree. Once asked in an attempt its
    wording and key no longer change (`is_used`): make a copy to edit."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="ngân hàng của")
    kind = models.CharField("loại", max_length=5, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    text = models.TextField("câu hỏi")
    explanation = models.TextField("giải thích", blank=True)
    document = models.ForeignKey("library.Document", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name="tài liệu")
    topic = models.ForeignKey("library.Topic", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name="chuyên đề")
    tags = models.CharField("thẻ", max_length=200, blank=True, help_text="Cách nhau bởi dấu phẩy")
    difficulty = models.PositiveSmallIntegerField("độ khó", choices=Difficulty.choices, default=Difficulty.MEDIUM)
    is_active = models.BooleanField("đang dùng", default=True)
    search_text = models.TextField(blank=True, editable=False)  # folded text and tags, for search
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrgScopedManager()

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return self.text[:80]

    @property
    def tag_list(self):
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    text = models.CharField("phương án", max_length=500)
    is_correct = models.BooleanField("đúng", default=False)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["question", "position"], name="option_position_unique")]

    def __str__(self):
        return self.text


class Audience(models.TextChoices):
    MEMBERS = "dang_vien", "Đảng viên trong tổ chức"
    PUBLIC = "cong_khai", "Công khai (cả người ngoài Đảng)"


class Contest(models.Model):
    """A contest of an organisation for its members (its subtree) or the public."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị tổ chức")
    title = models.CharField("tên cuộc thi", max_length=200)
    description = models.TextField("thể lệ, giới thiệu", blank=True)
    document = models.ForeignKey("library.Document", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name="tìm hiểu văn bản")
    audience = models.CharField("đối tượng", max_length=10, choices=Audience.choices, default=Audience.MEMBERS)
    code = models.CharField("mã ngắn", max_length=8, unique=True)
    opens_at = models.DateTimeField("mở lúc")
    closes_at = models.DateTimeField("đóng lúc")
    question_count = models.PositiveSmallIntegerField("số câu mỗi lượt", default=10)
    draw_at_random = models.BooleanField("rút ngẫu nhiên từ bộ câu hỏi", default=True)
    seconds_per_question = models.PositiveSmallIntegerField("số giây mỗi câu", default=30)
    shuffle_questions = models.BooleanField("đảo thứ tự câu", default=True)
    shuffle_options = models.BooleanField("đảo thứ tự phương án", default=True)
    attempts_allowed = models.PositiveSmallIntegerField("số lượt được thi", default=1)
    partial_credit = models.BooleanField("câu nhiều đáp án: tính điểm từng phần", default=False)
    has_prediction = models.BooleanField("có câu dự đoán số người trả lời đúng tất cả", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the first start: from then on the questions, count and scoring are fixed.
    started_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = OrgScopedManager()

    class Meta:
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="contest_window"),
            models.CheckConstraint(condition=Q(question_count__gte=1), name="contest_question_count"),
            models.CheckConstraint(condition=Q(attempts_allowed__gte=1), name="contest_attempts_allowed"),
        ]

    def __str__(self):
        return self.title

    def is_open_at(self, now):
        return self.opens_at <= now < self.closes_at

    @property
    def is_public(self):
        return self.audience == Audience.PUBLIC


class ContestQuestion(models.Model):
    """A question in a contest's pool (drawn at random) or fixed list (in `position` order)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    weight = models.PositiveSmallIntegerField("hệ số", default=1)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["contest", "question"], name="contest_question_unique")]

    def __str__(self):
        return f"{self.contest_id}#{self.position}: {self.question_id}"


class ExtraTime(models.Model):
    """A member who needs more time (WCAG 2.2.1): every question's time is multiplied."""

    member = models.OneToOneField("orgs.Member", on_delete=models.CASCADE, related_name="contest_extra_time")
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")  # the member's cell
    multiplier = models.DecimalField("hệ số thời gian", max_digits=3, decimal_places=1)
    reason = models.CharField("lý do", max_length=200, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    objects = OrgScopedManager()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(multiplier__gte=1) & Q(multiplier__lte=4),
                                              name="extra_time_range")]

    def __str__(self):
        return f"{self.member_id} × {self.multiplier}"


class Guest(models.Model):
    """Someone outside the Party who joined a public contest with a name, phone and unit."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField("họ và tên", max_length=120)
    phone = models.CharField("số điện thoại", max_length=20)
    unit = models.CharField("đơn vị, nơi ở", max_length=200)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)  # set from the service's `now`

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contest", "phone"], name="guest_phone_unique")]
        indexes = [models.Index(fields=["ip", "created_at"])]

    def __str__(self):
        return self.name


class ContestPass(models.Model):
    """A per-member sign-in link for one contest, for members without a password: signed,
    used once (the browser that opens it keeps the pass in its session), void after closing."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="passes")
    member = models.ForeignKey("orgs.Member", on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=32, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.contest_id}: {self.member_id}"


class FinishReason(models.TextChoices):
    SUBMITTED = "nop_bai", "Nộp bài"
    TIME_UP = "het_gio", "Hết giờ"


class Attempt(models.Model):
    """One go at a contest by a member (or a guest). At most one unfinished attempt per person
    and contest, and numbered attempts are unique: ten simultaneous starts make one attempt."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="attempts")
    member = models.ForeignKey("orgs.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="contest_attempts")
    guest = models.ForeignKey(Guest, null=True, blank=True, on_delete=models.CASCADE, related_name="attempts")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")  # the member's cell then
    number = models.PositiveSmallIntegerField(default=1)
    started_at = models.DateTimeField()
    time_multiplier = models.DecimalField(max_digits=3, decimal_places=1, default=1)
    current = models.PositiveSmallIntegerField(default=0)  # position of the slot being answered
    finished_at = models.DateTimeField(null=True, blank=True)
    finish_reason = models.CharField(max_length=10, choices=FinishReason.choices, blank=True)
    correct_count = models.PositiveSmallIntegerField(default=0)
    score = models.DecimalField("điểm", max_digits=5, decimal_places=2, null=True, blank=True)
    time_taken_ms = models.PositiveIntegerField(null=True, blank=True)
    prediction = models.PositiveIntegerField("dự đoán", null=True, blank=True)
    tab_switches = models.PositiveIntegerField(default=0)

    objects = OrgScopedManager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(member__isnull=False, guest__isnull=True)
                                   | Q(member__isnull=True, guest__isnull=False), name="attempt_one_taker"),
            models.UniqueConstraint(fields=["contest", "member", "number"], name="attempt_member_number"),
            models.UniqueConstraint(fields=["contest", "guest", "number"], name="attempt_guest_number"),
            models.UniqueConstraint(fields=["contest", "member"], condition=Q(finished_at__isnull=True),
                                    name="attempt_member_one_open"),
            models.UniqueConstraint(fields=["contest", "guest"], condition=Q(finished_at__isnull=True),
                                    name="attempt_guest_one_open"),
        ]
        indexes = [models.Index(fields=["contest", "finished_at"])]

    def __str__(self):
        return f"{self.contest} — lượt {self.number}"

    @property
    def is_finished(self):
        return self.finished_at is not None

    @property
    def taker_name(self):
        return self.member.full_name if self.member_id else self.guest.name


class Slot(models.Model):
    """The question at one position of an attempt, with what was fixed when it was drawn: the
    option order shown and the key (option ids) and weight used to mark it."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    option_order = models.JSONField()  # option ids in the order shown
    key = models.JSONField()  # ids of the correct options
    weight = models.PositiveSmallIntegerField(default=1)
    # Shown with checkboxes: a multiple-choice question, even one whose key has a single option
    # (the number of right options is not given away).
    multiple = models.BooleanField(default=False)
    served_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="slot_position_unique")]

    def __str__(self):
        return f"{self.attempt_id}#{self.position}"


class Answer(models.Model):
    """The ledger of accepted answers: one row per slot at most (the unique constraint is what
    makes a replay harmless). `points` is 0..1 of the slot's weight."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    chosen = models.JSONField()  # option ids
    answered_at = models.DateTimeField()
    is_correct = models.BooleanField()
    points = models.DecimalField(max_digits=4, decimal_places=3)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="answer_once")]
        indexes = [models.Index(fields=["question", "is_correct"])]

    def __str__(self):
        return f"{self.attempt_id}#{self.position}: {self.chosen}"
