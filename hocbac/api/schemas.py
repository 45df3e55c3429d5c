"""What the API sends and accepts. Dates are ISO 8601; codes are the values in DOMAIN terms
(`MemberStatus`, `OrgKind`, `AttendanceStatus`, commitments' `State` and `Result`), labels are
Vietnamese.

Input schemas forbid unknown fields (a PATCH with "status" must not be silently ignored), check
codes against the model's choices and lengths against the columns (PostgreSQL would refuse a
longer value with a 500 after the service ran its checks). In PATCH schemas a field may be
left out but, unless the column is nullable, not sent as null."""

import datetime
from decimal import Decimal
from typing import Annotated

from django.db import models
from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, WithJsonSchema
from pydantic_core import PydanticCustomError

from hocbac.awards.models import Basis, InspectionKind, Recipient, ReminderKind
from hocbac.commitments.models import Result
from hocbac.contests.models import MAX_OPTIONS, Audience, Difficulty, QuestionKind
from hocbac.orgs.models import Gender, MemberStatus, OrgKind, Sector
from hocbac.practices.models import EvidenceKind, Holder, Origin, Proposal, Verdict
from hocbac.practices.models import Status as PracticeStatus
from hocbac.ratings.models import AutoSource, Cadence, Judged, Rating, Target
from hocbac.ratings.selectors import period_label
from hocbac.study.models import AttendanceStatus


def one_of(choices: type[models.TextChoices] | list[str], *, blank=False):
    """A plain string that must be one of `choices`' values ("" too when `blank`)."""
    allowed = [*([""] if blank else []), *getattr(choices, "values", choices)]

    def check(value):
        if value not in allowed:
            raise PydanticCustomError("choice", "phải là một trong: {expected}", {"expected": ", ".join(allowed)})
        return value

    return Annotated[str, AfterValidator(check), WithJsonSchema({"type": "string", "enum": allowed})]


class In(Schema):
    model_config = ConfigDict(extra="forbid")


NOT_BLANK = r"\S"  # at least one character that is not a space


class OrgOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    sector: str
    parent_id: int | None
    dissolved_on: datetime.date | None


class OrgCounts(OrgOut):
    active_count: int = 0
    eligible_count: int = 0


class OrgDetail(OrgCounts):
    abilities: list[str]
    children: list[OrgCounts]

    @staticmethod
    def resolve_abilities(org):
        return org.ability_names

    @staticmethod
    def resolve_children(org):
        return org.child_rows


class OrgIn(In):
    code: str = Field(max_length=40, pattern=NOT_BLANK)
    name: str = Field(max_length=200, pattern=NOT_BLANK)
    kind: one_of(OrgKind)
    sector: one_of(Sector, blank=True) = ""
    address: str = Field("", max_length=200)


class OrgPatch(In):
    code: str = Field(None, max_length=40, pattern=NOT_BLANK)
    name: str = Field(None, max_length=200, pattern=NOT_BLANK)
    kind: one_of(OrgKind) = Field(None)
    sector: one_of(Sector, blank=True) = Field(None)
    address: str = Field(None, max_length=200)
    dissolved_on: datetime.date | None = None


class MemberOut(Schema):
    id: int
    full_name: str
    gender: str
    birth_date: datetime.date
    card_number: str
    admitted_on: datetime.date
    full_member_on: datetime.date | None
    status: str
    status_label: str = Field(alias="get_status_display")
    position: str
    is_key_leader: bool
    phone: str
    org_id: int
    org_name: str = Field(alias="org.name")


class MemberIn(In):
    full_name: str = Field(max_length=120, pattern=NOT_BLANK)
    gender: one_of(Gender)
    birth_date: datetime.date
    admitted_on: datetime.date
    card_number: str = Field("", max_length=20)
    full_member_on: datetime.date | None = None
    status: one_of(MemberStatus) = MemberStatus.FULL.value
    position: str = Field("", max_length=150)
    is_key_leader: bool = False
    phone: str = Field("", max_length=20)


class MemberPatch(In):
    full_name: str = Field(None, max_length=120, pattern=NOT_BLANK)
    gender: one_of(Gender) = Field(None)
    birth_date: datetime.date = Field(None)
    admitted_on: datetime.date = Field(None)
    card_number: str = Field(None, max_length=20)
    full_member_on: datetime.date | None = None
    position: str = Field(None, max_length=150)
    is_key_leader: bool = Field(None)
    phone: str = Field(None, max_length=20)


class MemberPage(Schema):
    count: int
    page: int
    pages: int
    results: list[MemberOut]


class GrantOut(Schema):
    org_id: int
    org_name: str = Field(alias="org.name")
    role: str
    role_label: str = Field(alias="get_role_display")


class MeOut(Schema):
    username: str
    full_name: str
    is_superuser: bool
    member: MemberOut | None
    grants: list[GrantOut]
    organisations: list[OrgOut]  # the tops of the subtrees the user reaches (GET /orgs)


class CampaignOut(Schema):
    id: int
    title: str
    org_id: int
    org_name: str = Field(alias="org.name")
    starts_on: datetime.date
    due_on: datetime.date


class CoverageRowOut(Schema):
    org_id: int
    org_name: str
    studied: int
    eligible: int
    percent: str
    non_members: int
    sessions: int
    text: str


class CoverageOut(Schema):
    rule: str
    reference_day: datetime.date
    total: CoverageRowOut
    rows: list[CoverageRowOut]


class SessionOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    org_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    campaign_id: int | None
    attendance_taken: bool
    non_member_count: int

    @staticmethod
    def resolve_attendance_taken(session):
        return session.attendance_taken_at is not None


class MarkOut(Schema):
    member_id: int
    full_name: str
    cell_name: str
    status: str | None


class SessionDetail(SessionOut):
    marks: list[MarkOut]


class MarkIn(In):
    status: one_of(AttendanceStatus)


class DocumentOut(Schema):
    id: int
    kind: str
    title: str = Field(alias="display_title")
    number_symbol: str
    issued_on: datetime.date | None
    issuer: str
    summary: str
    has_attachment: bool

    @staticmethod
    def resolve_has_attachment(document):
        return bool(document.attachment)


class DocumentDetail(DocumentOut):
    body: str


class MemberRateOut(Schema):
    member_id: int
    full_name: str
    cell_name: str
    invited: int
    present: int
    excused: int
    absent: int
    rate: str
    regular_absent: int
    flagged: bool


class ActivityOut(Schema):
    start: datetime.date
    end: datetime.date
    sessions: int
    members_present: int
    non_members: int
    participations: int
    text: str
    members: list[MemberRateOut]


# Commitments (đăng ký làm theo, cam kết nêu gương). A year is 2001–2099, as on the pages.
Year = Annotated[int, Field(ge=2001, le=2099)]
# A row's id in a body: what a database key can hold (a larger number is a 422, not a crash).
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
# The register's filters (`commitments.selectors.register`): not registered (or only a draft),
# registered and disclosed but not yet self-assessed.
REGISTER_FILTERS = ["chua_dang_ky", "chua_tu_danh_gia"]


class DeedOut(Schema):
    text: str
    measure: str = ""
    progress: str = ""  # written at the mid-year check-in


class RegistrationOut(Schema):
    """A whole registration: only its member (through /me) and their cell committee (manage) read it."""

    id: int
    year: int
    member_id: int
    full_name: str = Field(alias="member.full_name")
    org_id: int
    org_name: str = Field(alias="org.name")
    state: str
    state_label: str = Field(alias="get_state_display")
    locked: bool = Field(alias="is_locked")
    is_key_leader: bool
    on_behalf: bool  # entered by the cell committee for the member
    study_plan: str
    deeds: list[DeedOut]
    exemplary: str
    anti_degradation: str
    submitted_at: datetime.datetime | None
    disclosed_on: datetime.date | None
    midyear_note: str
    midyear_at: datetime.datetime | None
    self_assessment: str
    self_assessed_at: datetime.datetime | None
    result: str
    result_label: str = Field(alias="get_result_display")
    evaluation_comment: str
    evaluated_at: datetime.datetime | None


class DeedIn(In):
    text: str = Field(max_length=500, pattern=NOT_BLANK)
    measure: str = Field("", max_length=300)


class RegistrationIn(In):
    """The whole draft (PUT replaces it: a part left out is saved empty)."""

    year: Year = Field(default_factory=lambda: timezone.localdate().year)
    study_plan: str = ""
    deeds: list[DeedIn] = []
    exemplary: str = ""
    anti_degradation: str = ""


class CheckInIn(In):
    progress: list[Annotated[str, Field(max_length=300)]] = []  # one per deed, in the deeds' order
    note: str = ""


class SelfAssessmentIn(In):
    text: str = Field(pattern=NOT_BLANK)


class RegisterRowOut(Schema):
    """A line of the register: who registered and how far; no contents (ability "view")."""

    member_id: int
    full_name: str
    cell_name: str
    is_key_leader: bool
    registration_id: int | None
    state: str | None  # null: not started
    state_label: str
    result: str
    result_label: str
    on_behalf: bool
    disclosed_on: datetime.date | None


class RegisterOut(Schema):
    year: int
    show: str
    rows: list[RegisterRowOut]


class FiguresRowOut(Schema):
    org_id: int
    org_name: str
    eligible: int
    registered: int
    registered_percent: str
    key_leaders: int
    evaluated: int
    good: int
    good_percent: str
    plans: int
    planning_orgs: int
    text: str


class FiguresOut(Schema):
    year: int
    rule: str
    total: FiguresRowOut
    children: list[FiguresRowOut]  # weakest first


class DiscloseIn(In):
    ids: list[int] = Field(min_length=1, max_length=1000)  # registration ids
    on: datetime.date  # the cell meeting where they were read out


class DiscloseOut(Schema):
    disclosed: int
    on: datetime.date


class EvaluationIn(In):
    result: one_of(Result)
    comment: str = ""


class ReopenIn(In):
    reason: str = Field(max_length=300, pattern=NOT_BLANK)


class OrgPlanIn(In):
    content: str = Field(pattern=NOT_BLANK)
    in_resolution: bool = False


class OrgPlanOut(Schema):
    org_id: int
    org_name: str = Field(alias="org.name")
    year: int
    content: str
    in_resolution: bool
    updated_at: datetime.datetime


class CopySideOut(Schema):
    registration_id: int
    year: int
    member_id: int
    full_name: str
    cell_name: str


class CopyPairOut(Schema):
    first: CopySideOut
    second: CopySideOut  # another member's of the same year, or the member's own of last year
    score: float  # resemblance 0–1
    percent: str
    own_last_year: bool


class CopiesOut(Schema):
    year: int
    count: int
    pairs: list[CopyPairOut]  # most alike first


# Journal (sổ tay, bài cảm nhận, 27 biểu hiện). Texts are sent back as written: JSON is not
# HTML, a client escapes them where it shows them.
class ManifestationOut(Schema):
    id: int
    code: str  # "1.3", or "1.3.2" for a sub-item
    label: str
    text: str
    version: int  # goes up when the wording changes; a citation keeps the version it quoted


class ManifestationItemOut(ManifestationOut):
    sub_items: list[ManifestationOut]


class ManifestationGroupOut(Schema):
    group: int
    label: str
    items: list[ManifestationItemOut]


class NotebookEntryOut(Schema):
    id: int
    org_id: int
    written_on: datetime.date
    studied: str
    did: str
    will_correct: str
    shared: bool = Field(alias="is_shared")  # with the cell's committee
    shared_at: datetime.datetime | None
    document_id: int | None
    session_id: int | None
    registration_id: int | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class NotebookEntryIn(In):
    """The whole entry (PUT replaces it: a text left out is saved empty, a link left out removed)."""

    written_on: datetime.date
    studied: str = ""
    did: str = ""
    will_correct: str = ""
    shared: bool = False
    document_id: Id | None = None
    session_id: Id | None = None  # a session of the member's cell or one it was invited to
    registration_id: Id | None = None  # one of the member's own registrations


class CitationOut(Schema):
    manifestation_id: int
    code: str
    group: int = Field(alias="manifestation.group")
    label: str  # the wording as it was cited
    text: str
    version: int


class CorrectionOut(Schema):
    text: str
    by: datetime.date


class ReflectionOut(Schema):
    id: int
    org_id: int
    org_name: str = Field(alias="org.name")
    member_id: int
    full_name: str = Field(alias="member.full_name")
    year: int
    month: int
    due_on: datetime.date
    state: str
    state_label: str = Field(alias="get_state_display")
    title: str
    body: str
    corrections: list[CorrectionOut]
    citations: list[CitationOut]
    submitted_at: datetime.datetime | None
    read_on: datetime.date | None
    conclusion: str
    concluded_at: datetime.datetime | None


class CommentOut(Schema):
    id: int
    reflection_id: int
    parent_id: int | None
    author_name: str
    body: str  # "" once deleted: the comment keeps its place in the thread
    created_at: datetime.datetime
    edited_at: datetime.datetime | None
    deleted: bool = Field(alias="is_deleted")


class CommentThreadOut(CommentOut):
    replies: list[CommentOut]

    @staticmethod
    def resolve_replies(comment):
        return getattr(comment, "replies_list", [])


class ReflectionDetail(ReflectionOut):
    comments: list[CommentThreadOut]  # top-level comments in order, each with its replies

    @staticmethod
    def resolve_comments(reflection):
        return reflection.thread


class CorrectionIn(In):
    text: str = ""
    by: datetime.date | None = None


class ReflectionIn(In):
    """The whole draft (PUT replaces it: a part left out is saved empty)."""

    title: str = Field("", max_length=200)
    body: str = ""
    manifestation_ids: list[Id] = Field([], max_length=100)
    corrections: list[CorrectionIn] = Field([], max_length=20)


class RotaRowOut(Schema):
    """A name on the rota: who writes which month and how far (no text: ability "view")."""

    id: int
    org_id: int
    member_id: int
    full_name: str = Field(alias="member.full_name")
    year: int
    month: int
    due_on: datetime.date
    state: str
    state_label: str = Field(alias="get_state_display")
    submitted_at: datetime.datetime | None
    read_on: datetime.date | None


class RotaMonthOut(Schema):
    month: int
    reflections: list[RotaRowOut]


class ReflectionFiguresRowOut(Schema):
    org_id: int
    org_name: str
    assigned: int
    written: int
    read: int
    eligible: int
    never_written: int
    written_percent: str
    read_percent: str


class ReflectionFiguresOut(Schema):
    year: int
    period: str
    months: list[int]
    rule: str
    total: ReflectionFiguresRowOut
    children: list[ReflectionFiguresRowOut]  # fewest written first
    rota: list[RotaMonthOut] | None  # a cell's months of the period; null above the cells


class AssignIn(In):
    member_id: Id
    year: Year
    month: int = Field(ge=1, le=12)
    due_on: datetime.date | None = None  # the last day of the month when left out


class ItemCountOut(Schema):
    code: str
    label: str
    group: int
    count: int


class GroupCountOut(Schema):
    label: str
    count: int


class ManifestationTallyOut(Schema):
    year: int
    period: str
    reflections: int  # reflections handed in over the period
    items: list[ItemCountOut]  # the 27, most cited first
    groups: list[GroupCountOut]


class ReadIn(In):
    read_on: datetime.date  # the day of the meeting where it was read


class ConclusionIn(In):
    text: str = Field(pattern=NOT_BLANK)


class CommentIn(In):
    body: str = Field(pattern=NOT_BLANK)
    parent_id: Id | None = None  # a reply to this comment
    client_key: str = Field(max_length=40, pattern=NOT_BLANK)  # one per comment written: a retry records once


class CommentPatch(In):
    body: str = Field(pattern=NOT_BLANK)


# Contests (thi trắc nghiệm). Times are ISO 8601; one sent without an offset is read in Vietnam's
# time (Asia/Ho_Chi_Minh), as the pages do. Scores are numbers on 10 (7.5), not text. What a
# taker receives during an attempt never holds the key, `is_correct` or the explanation: those
# appear only in the organiser's bank and in the review, once the contest has closed.
def _local_if_naive(value):
    return timezone.make_aware(value) if timezone.is_naive(value) else value


Moment = Annotated[datetime.datetime, AfterValidator(_local_if_naive)]
Trimmed = Annotated[str, AfterValidator(str.strip)]


def _tag_list(value):
    """"a,b" as the bank stores it ("a, b"): the length is checked on what will be stored."""
    tags = ", ".join(t.strip() for t in value.split(",") if t.strip())
    if len(tags) > 200:
        raise PydanticCustomError("string_too_long", "dài quá {max_length} ký tự", {"max_length": 200})
    return tags


Tags = Annotated[str, AfterValidator(_tag_list)]


class ContestOut(Schema):
    id: int
    title: str
    code: str  # the short link /t/<code>/, and POST /contests/{code}/attempts
    org_id: int
    org_name: str = Field(alias="org.name")
    audience: str
    audience_label: str = Field(alias="get_audience_display")
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    question_count: int  # asked in each attempt
    seconds_per_question: int
    attempts_allowed: int
    pool_size: int  # questions chosen for the contest
    started: bool  # someone has started: what decides the questions and the marking is fixed

    @staticmethod
    def resolve_started(contest):
        return contest.started_at is not None


class PoolEntryOut(Schema):
    question_id: int
    text: str = Field(alias="question.text")
    weight: int


class ContestDetail(ContestOut):
    description: str
    document_id: int | None
    draw_at_random: bool
    shuffle_questions: bool
    shuffle_options: bool
    partial_credit: bool
    has_prediction: bool
    started_at: datetime.datetime | None
    not_ready: str | None  # why it cannot be taken yet (too few questions), or null
    questions: list[PoolEntryOut]  # the pool (random draw) or the fixed list, in order


class ContestIn(In):
    title: Trimmed = Field(max_length=200, pattern=NOT_BLANK)
    description: Trimmed = ""
    document_id: Id | None = None  # a document the caller may read
    audience: one_of(Audience) = Audience.MEMBERS.value
    opens_at: Moment
    closes_at: Moment
    # Ranges (1–100 questions, 10–600 s, 1–20 attempts) are the service's, answered 400.
    question_count: int = 10
    draw_at_random: bool = True
    seconds_per_question: int = 30
    shuffle_questions: bool = True
    shuffle_options: bool = True
    attempts_allowed: int = 1
    partial_credit: bool = False
    has_prediction: bool = False


class ContestPatch(In):
    """Only what is sent changes. After the first start, a field that decides the questions or
    the marking may be sent only with its current value."""

    title: Trimmed = Field(None, max_length=200, pattern=NOT_BLANK)
    description: Trimmed = Field(None)
    document_id: Id | None = None
    audience: one_of(Audience) = Field(None)
    opens_at: Moment = Field(None)
    closes_at: Moment = Field(None)
    question_count: int = Field(None)
    draw_at_random: bool = Field(None)
    seconds_per_question: int = Field(None)
    shuffle_questions: bool = Field(None)
    shuffle_options: bool = Field(None)
    attempts_allowed: int = Field(None)
    partial_credit: bool = Field(None)
    has_prediction: bool = Field(None)


class ContestQuestionsIn(In):
    question_ids: list[Id] = Field(max_length=1000)  # in order; questions of the banks the contest's organisation uses
    weights: dict[int, int] = {}  # question id → weight 1–10 (1 when left out)


class RankingRowOut(Schema):
    rank: int
    name: str
    unit: str
    score: float
    time_taken_ms: int
    finished_at: datetime.datetime
    reason: str  # what put this row below the one above it ("" for the first)
    attempts: int  # finished attempts of this person; the best one counts
    prediction_gap: int | None  # distance of the prediction from all_correct, when the contest has one


class RankingOut(Schema):
    has_prediction: bool
    all_correct: int  # people whose counted attempt is all right (what the prediction guesses)
    takers: int
    rows: list[RankingRowOut]


class ParticipationRowOut(Schema):
    org_id: int
    org_name: str
    eligible: int
    took: int  # members who finished an attempt, counted in the cell they took it in
    percent: str


class ParticipationOut(Schema):
    day: datetime.date  # the day eligibility is counted on
    rule: str
    total: ParticipationRowOut
    children: list[ParticipationRowOut]  # the weakest first


class QuestionStatisticOut(Schema):
    question_id: int
    text: str
    asked: int
    right: int
    wrong: int
    unanswered: int
    percent: str  # right / asked


class OptionOut(Schema):
    id: int
    text: str
    is_correct: bool


class QuestionOut(Schema):
    """A question of a bank as its organisers see it: with the key and the explanation."""

    id: int
    org_id: int
    org_name: str = Field(alias="org.name")
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    text: str
    explanation: str
    tags: list[str] = Field(alias="tag_list")
    difficulty: int
    difficulty_label: str = Field(alias="get_difficulty_display")
    active: bool = Field(alias="is_active")
    document_id: int | None
    topic_id: int | None
    options: list[OptionOut]
    asked: int = 0  # in finished attempts, any contest
    right: int = 0

    @staticmethod
    def resolve_options(question):
        return question.options.all()


class QuestionPage(Schema):
    count: int
    page: int
    pages: int
    results: list[QuestionOut]


class OptionIn(In):
    text: str = Field(max_length=500)
    is_correct: bool = False


class QuestionIn(In):
    kind: one_of(QuestionKind) = QuestionKind.SINGLE.value
    text: str = Field(pattern=NOT_BLANK)
    options: list[OptionIn]  # in display order; 2–6, the right ones marked (the service says what is wrong)
    explanation: str = ""  # shown in the review once a contest has closed
    tags: Tags = ""  # separated by commas
    difficulty: int = Field(Difficulty.MEDIUM.value, ge=1, le=3)
    document_id: Id | None = None  # a document the caller may read
    topic_id: Id | None = None  # a topic of the organisation or those above it


class MyContestOut(Schema):
    id: int
    title: str
    code: str
    org_name: str = Field(alias="org.name")
    audience: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    question_count: int
    seconds_per_question: int
    attempts_allowed: int
    is_open: bool
    attempts_used: int
    best_score: float | None  # of the finished attempts; null before any
    best_attempt_id: int | None


class AttemptOut(Schema):
    id: int
    contest_id: int
    contest_title: str = Field(alias="contest.title")
    code: str = Field(alias="contest.code")
    number: int  # the person's first, second… attempt at this contest
    started_at: datetime.datetime
    finished: bool = Field(alias="is_finished")


class ChoiceOut(Schema):
    id: int
    text: str


class CurrentOut(Schema):
    """Either the question to answer now, or `{"finished": true}`, or `{"awaiting_prediction": true}`
    (every question is done and the contest asks for the prediction): fields not concerned are left out."""

    position: int | None = None  # what POST …/answers names
    number: int | None = None  # position + 1, as shown
    count: int | None = None
    text: str | None = None
    options: list[ChoiceOut] | None = None  # in the order drawn for this attempt
    multiple: bool | None = None  # more than one option may be chosen
    seconds_left: int | None = None  # by the server's clock
    finished: bool | None = None
    awaiting_prediction: bool | None = None


class AnswerIn(In):
    position: int = Field(ge=0, le=1000)
    option_ids: list[Id] = Field(max_length=MAX_OPTIONS)


class AnswerOut(Schema):
    """What was recorded (a replay answers the first recording). Not whether it is right."""

    position: int
    option_ids: list[int] = Field(alias="chosen")
    answered_at: datetime.datetime


class FinishIn(In):
    prediction: int | None = Field(None, ge=0, le=10_000_000)  # how many will have every question right


class ReviewOptionOut(Schema):
    id: int
    text: str
    chosen: bool
    correct: bool


class ReviewRowOut(Schema):
    position: int
    text: str
    explanation: str
    options: list[ReviewOptionOut]
    answered: bool
    is_correct: bool


class AttemptResultOut(Schema):
    id: int
    contest_id: int
    contest_title: str
    code: str
    number: int
    started_at: datetime.datetime
    finished: bool
    finished_at: datetime.datetime | None
    finish_reason: str  # "nop_bai", "het_gio"; "" while open
    finish_reason_label: str
    score: float | None  # on 10
    correct_count: int
    question_count: int
    time_taken_ms: int | None
    prediction: int | None
    rank: int | None  # of this attempt when it is the person's counted one
    closes_at: datetime.datetime
    review: list[ReviewRowOut] | None  # null until the contest has closed


# Practices (mô hình học tập và làm theo Bác). Codes are `practices.models`' `Origin`, `Holder`,
# `Status`, `EvidenceKind`, `Period`, `Verdict`, `Proposal`; labels are Vietnamese.
class DetailOut(Schema):
    detail: str


def _user_name(user):
    return (user.full_name or user.username) if user is not None else ""


class PracticeFieldOut(Schema):
    id: int
    name: str


class PracticeOut(Schema):
    id: int
    name: str
    org_id: int
    org_name: str = Field(alias="org.name")
    origin: str  # "phat_dong": launched by a committee for its subtree; "rieng": the organisation's own
    origin_label: str = Field(alias="get_origin_display")
    holder: str
    holder_label: str = Field(alias="get_holder_display")
    member_id: int | None  # the member who runs an individual model
    member_name: str
    field_id: int
    field_name: str = Field(alias="field.name")
    started_on: datetime.date
    status: str
    status_label: str = Field(alias="get_status_display")
    status_since: datetime.date
    is_public: bool  # published on the public page /mo-hinh/{id}/
    adopted_from_id: int | None  # the original this model replicates (null for an original)
    adopted_from_name: str
    adopted_from_org_name: str
    adoption_count: int  # organisations replicating it (0 for an adoption)

    @staticmethod
    def resolve_member_name(practice):
        return practice.member.full_name if practice.member_id else ""

    @staticmethod
    def resolve_adopted_from_name(practice):
        return practice.adopted_from.name if practice.adopted_from_id else ""

    @staticmethod
    def resolve_adopted_from_org_name(practice):
        return practice.adopted_from.org.name if practice.adopted_from_id else ""

    @staticmethod
    def resolve_adoption_count(practice):
        return getattr(practice, "adoption_count", 0)


class PracticePage(Schema):
    count: int
    page: int
    pages: int
    results: list[PracticeOut]


class LaunchedPracticeOut(PracticeOut):
    adopted_here: bool  # the organisation asked about already replicates it


class StatusChangeOut(Schema):
    status: str
    status_label: str = Field(alias="get_status_display")
    changed_on: datetime.date
    note: str
    recognition: bool = Field(alias="is_recognition")
    recognised_by: str  # the recognising body, for a recognition ("" otherwise)
    decision: str  # its decision's number
    decided_on: datetime.date | None
    by_name: str
    at: datetime.datetime

    @staticmethod
    def resolve_by_name(change):
        return _user_name(change.by)


class PracticeReviewOut(Schema):
    id: int
    year: int
    period: str
    period_label: str = Field(alias="get_period_display")
    reviewer: str  # "tu_danh_gia" (the model's organisation) or "cap_tren" (a committee above)
    reviewer_label: str = Field(alias="get_reviewer_display")
    reviewer_org_id: int
    reviewer_org_name: str = Field(alias="reviewer_org.name")
    verdict: str
    verdict_label: str = Field(alias="get_verdict_display")
    assessment: str
    proposal: str
    proposal_label: str = Field(alias="get_proposal_display")
    by_name: str
    at: datetime.datetime

    @staticmethod
    def resolve_by_name(review):
        return _user_name(review.by)


class EvidenceOut(Schema):
    """A session, a document, a link or a photo. A photo's file is not sent: `photo_url` is the
    page that serves it to those who see the model (a signed-in browser session)."""

    id: int
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    caption: str
    session_id: int | None
    session_title: str
    session_starts_at: datetime.datetime | None
    document_id: int | None
    document_title: str
    url: str
    photo_url: str | None
    by_name: str
    at: datetime.datetime

    @staticmethod
    def resolve_session_title(evidence):
        return evidence.session.title if evidence.session_id else ""

    @staticmethod
    def resolve_session_starts_at(evidence):
        return evidence.session.starts_at if evidence.session_id else None

    @staticmethod
    def resolve_document_title(evidence):
        return evidence.document.display_title if evidence.document_id else ""

    @staticmethod
    def resolve_photo_url(evidence):
        return getattr(evidence, "photo_url", None)

    @staticmethod
    def resolve_by_name(evidence):
        return _user_name(evidence.by)


class FamilyRowOut(Schema):
    """An adoption of the original: where the replication stands."""

    practice_id: int
    name: str
    org_id: int
    org_name: str
    started_on: datetime.date
    status: str
    status_label: str
    result: str
    latest_review: PracticeReviewOut | None


class PracticeDetail(PracticeOut):
    description: str
    goals: str
    result: str  # what replicating it achieved (adoptions)
    created_at: datetime.datetime
    # What the caller may do from the organisation asked about: "manage" (edit, status, evidence,
    # through the model's own organisation), "recognise" and "publish" (a committee over it),
    # "review" (from this organisation), "adopt" (replicate it here).
    abilities: list[str]
    history: list[StatusChangeOut]  # oldest first
    recognitions: list[StatusChangeOut]  # the steps of the history that are recognitions
    reviews: list[PracticeReviewOut]  # latest year first
    evidence: list[EvidenceOut]  # newest first
    family: list[FamilyRowOut]  # the original's adoptions, oldest first

    @staticmethod
    def resolve_reviews(practice):
        return practice.review_rows  # `reviews` is the model's related manager

    @staticmethod
    def resolve_evidence(practice):
        return practice.evidence_rows


class PracticeIn(In):
    name: str = Field(max_length=300, pattern=NOT_BLANK)
    origin: one_of(Origin) = Origin.OWN.value
    holder: one_of(Holder) = Holder.COLLECTIVE.value
    member_id: Id | None = None  # a member of the organisation's subtree, for an individual model
    field_id: Id  # GET /practice-fields
    started_on: datetime.date
    description: str = ""
    goals: str = ""


class PracticePatch(In):
    """Only what is sent changes; the origin is fixed once registered."""

    name: str = Field(None, max_length=300, pattern=NOT_BLANK)
    holder: one_of(Holder) = Field(None)
    member_id: Id | None = None
    field_id: Id = Field(None)
    started_on: datetime.date = Field(None)
    description: str = Field(None)
    goals: str = Field(None)
    result: str = Field(None)  # an adoption's only


class PracticeStatusIn(In):
    status: one_of(PracticeStatus)
    changed_on: datetime.date = Field(default_factory=timezone.localdate)
    note: str = ""  # the reason, needed to stop
    # A recognition (tieu_bieu, xuat_sac) says which body recognised it, by which decision and when.
    recognised_by: str = Field("", max_length=200)
    decision: str = Field("", max_length=60)
    decided_on: datetime.date | None = None


class EvidenceIn(In):
    """A link, a session or a document; a photo is uploaded on the model's web page."""

    kind: one_of([EvidenceKind.LINK, EvidenceKind.SESSION, EvidenceKind.DOCUMENT])
    caption: str = Field("", max_length=300)
    url: str = Field("", max_length=500)  # kind "lien_ket": http:// or https://
    session_id: Id | None = None  # kind "buoi_sinh_hoat": held or attended by the model's organisation
    document_id: Id | None = None  # kind "van_ban": a document the caller may read


class PracticeReviewIn(In):
    verdict: one_of(Verdict)
    assessment: str = Field(pattern=NOT_BLANK)
    proposal: one_of(Proposal) = Proposal.KEEP.value


class AdoptIn(In):
    name: str = Field("", max_length=300)  # the original's name when left empty
    started_on: datetime.date = Field(default_factory=timezone.localdate)
    goals: str = ""  # the original's when left empty
    description: str = ""  # the original's when left empty


class PracticeFiguresRowOut(Schema):
    org_id: int
    org_name: str
    launched: int  # originals launched by a committee for its subtree, started by `end`
    own: int  # the organisations' own originals, started by `end`
    replications: int  # adoptions, started by `end`
    typical: int  # typical or excellent on `end`, by the status history
    excellent: int
    stopped: int  # stopped on `end`
    new: int  # originals started in the period
    new_replications: int  # adoptions started in the period
    recognised: int  # models recognised in the period


class PracticeFiguresOut(Schema):
    start: datetime.date
    end: datetime.date
    rule: str
    total: PracticeFiguresRowOut
    children: list[PracticeFiguresRowOut]  # fewest models first


# Awards: commendations (khen thưởng), reminders and reviews (nhắc nhở, kiểm điểm), inspection and
# supervision plans (kế hoạch kiểm tra, giám sát). Codes are `awards.models`' `Recipient`, `Basis`,
# `Stage`, `ReminderKind`, `InspectionKind`; lengths are the pages' forms' and the columns'.
class AwardFormOut(Schema):
    id: int
    name: str


class CommendationOut(Schema):
    id: int
    year: int
    recipient: str  # "tap_the" (recipient_org) or "ca_nhan" (member)
    recipient_label: str = Field(alias="get_recipient_display")
    recipient_name: str
    recipient_org_id: int | None
    member_id: int | None
    org_id: int  # the collective, or the member's cell at the nomination
    org_name: str = Field(alias="org.name")
    awarding_org_id: int  # the competent body: approves, declines and issues the decision
    awarding_org_name: str = Field(alias="awarding_org.name")
    form_id: int
    form_name: str = Field(alias="form.name")
    basis: str
    basis_label: str = Field(alias="get_basis_display")
    practice_id: int | None
    contest_id: int | None
    reason: str
    stage: str
    stage_label: str = Field(alias="get_stage_display")
    nominated_at: datetime.datetime
    approved_at: datetime.datetime | None  # approved or declined
    declined_reason: str
    decision_number: str
    decided_on: datetime.date | None
    signer: str


class CommendationDetail(CommendationOut):
    practice_name: str
    contest_title: str
    nominated_by_name: str
    approved_by_name: str
    # What the caller may do: "decide" (approve, decline, issue: manage the awarding body),
    # "withdraw" (a nomination not yet decided, by those who manage its organisation).
    abilities: list[str]

    @staticmethod
    def resolve_practice_name(c):
        return c.practice.name if c.practice_id else ""

    @staticmethod
    def resolve_contest_title(c):
        return c.contest.title if c.contest_id else ""

    @staticmethod
    def resolve_nominated_by_name(c):
        return _user_name(c.nominated_by)

    @staticmethod
    def resolve_approved_by_name(c):
        return _user_name(c.approved_by)

    @staticmethod
    def resolve_abilities(c):
        return c.ability_names


class CommendationPage(Schema):
    count: int
    page: int
    pages: int
    results: list[CommendationOut]


class CommendationIn(In):
    recipient: one_of(Recipient)
    member_id: Id | None = None  # "ca_nhan": an active member of the organisation's subtree
    recipient_org_id: Id | None = None  # "tap_the": an organisation of the subtree, not dissolved
    awarding_org_id: Id  # the organisation itself or one above it
    form_id: Id  # GET /award-forms
    year: Year = Field(default_factory=lambda: timezone.localdate().year)
    reason: str = Field(max_length=4000, pattern=NOT_BLANK)
    basis: one_of(Basis) = Basis.PROGRAMME.value
    practice_id: Id | None = None  # basis "mo_hinh": a model of the subtree or of an organisation above
    contest_id: Id | None = None  # basis "cuoc_thi": a contest of the subtree or of an organisation above
    client_key: str = Field("", max_length=40)  # one per nomination written: a retry records once


class DeclineIn(In):
    reason: str = Field(max_length=2000, pattern=NOT_BLANK)


class IssueIn(In):
    ids: list[int] = Field(min_length=1, max_length=1000)  # approved commendations this organisation decides on
    decision_number: str = Field(max_length=60, pattern=NOT_BLANK)
    decided_on: datetime.date
    signer: str = Field("", max_length=120)


class IssueOut(Schema):
    decision_number: str
    decided_on: datetime.date
    signer: str
    collectives: int
    individuals: int
    commendations: list[CommendationOut]


class TallyOut(Schema):
    label: str  # the organisation's or the form's name
    org_id: int | None
    collectives: int
    individuals: int
    total: int

    @staticmethod
    def resolve_org_id(tally):
        return tally.org.pk if tally.org is not None else None


class AwardFiguresOut(Schema):
    year: int
    start: datetime.date
    end: datetime.date
    rule: str
    total: TallyOut
    by_form: list[TallyOut]  # catalogue order, forms used only
    children: list[TallyOut]


class ReminderOut(Schema):
    id: int
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    org_id: int  # the organisation reminded, or the member's cell
    org_name: str = Field(alias="org.name")
    member_id: int | None
    member_name: str
    reason: str
    decided_by_id: int
    decided_by_name: str = Field(alias="decided_by.name")
    decided_on: datetime.date
    follow_up_on: datetime.date | None
    outcome: str
    closed_on: datetime.date | None  # the follow-up ended: the record is final

    @staticmethod
    def resolve_member_name(reminder):
        return reminder.member.full_name if reminder.member_id else ""


class ReminderPage(Schema):
    count: int
    page: int
    pages: int
    results: list[ReminderOut]


class ReminderIn(In):
    kind: one_of(ReminderKind)
    reason: str = Field(max_length=4000, pattern=NOT_BLANK)
    member_id: Id | None = None  # an active member of the subtree; none: the organisation is reminded
    concerned_org_id: Id | None = None  # the organisation (of the subtree) reminded; the path's by default
    decided_by_id: Id | None = None  # the organisation concerned or one above it; the path's by default
    decided_on: datetime.date = Field(default_factory=timezone.localdate)
    follow_up_on: datetime.date | None = None


class OutcomeIn(In):
    outcome: str = Field(max_length=4000, pattern=NOT_BLANK)
    closed_on: datetime.date | None = None  # ends the follow-up: the record is then final


class FollowUpOut(Schema):
    id: int
    item_id: int
    org_id: int
    org_name: str = Field(alias="org.name")
    text: str
    due_on: datetime.date
    done_on: datetime.date | None
    done_note: str


class TargetOut(Schema):
    id: int
    name: str


class InspectionItemOut(Schema):
    id: int
    org_id: int  # the committee whose plan it is
    org_name: str = Field(alias="org.name")
    year: int
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    content: str
    targets: list[TargetOut]
    starts_on: datetime.date
    ends_on: datetime.date
    inspectors: str
    conclusion: str
    concluded_on: datetime.date | None
    own: bool  # planned inside the organisation asked about (else: it targets it from above)
    follow_ups: list[FollowUpOut]  # from above, only those of the organisation's subtree

    @staticmethod
    def resolve_targets(item):
        return item.targets.all()

    @staticmethod
    def resolve_follow_ups(item):
        return item.visible_follow_ups


class InspectionItemDetail(InspectionItemOut):
    abilities: list[str]  # "plan": change or conclude it (the committee that owns it)


class InspectionItemIn(In):
    year: Year
    kind: one_of(InspectionKind)
    content: str = Field(max_length=4000, pattern=NOT_BLANK)
    target_ids: list[Id] = Field(min_length=1, max_length=500)  # organisations of the subtree, not dissolved
    starts_on: datetime.date
    ends_on: datetime.date  # both within `year`
    inspectors: str = Field(max_length=300, pattern=NOT_BLANK)


class InspectionItemPatch(In):
    """Only what is sent changes; until the item is concluded."""

    year: Year = Field(None)
    kind: one_of(InspectionKind) = Field(None)
    content: str = Field(None, max_length=4000, pattern=NOT_BLANK)
    target_ids: list[Id] = Field(None, min_length=1, max_length=500)
    starts_on: datetime.date = Field(None)
    ends_on: datetime.date = Field(None)
    inspectors: str = Field(None, max_length=300, pattern=NOT_BLANK)


class FollowUpIn(In):
    org_id: Id  # an organisation inside one of the item's targets
    text: str = Field(max_length=2000, pattern=NOT_BLANK)
    due_on: datetime.date


class InspectionConclusionIn(In):
    conclusion: str = Field(max_length=8000, pattern=NOT_BLANK)
    concluded_on: datetime.date = Field(default_factory=timezone.localdate)
    follow_ups: list[FollowUpIn] = Field([], max_length=20)


class FollowUpDoneIn(In):
    done_on: datetime.date = Field(default_factory=timezone.localdate)
    note: str = Field(max_length=2000, pattern=NOT_BLANK)


# ratings: monthly classification against criteria sets ("Chi bộ bốn tốt", "6 tốt") and the
# year-end evaluation (Quy định 366-QĐ/TW). Codes are `ratings.models`' `Target`, `Cadence`,
# `Judged`, `AutoSource`, `Step` and `Rating` (htxsnv, httnv, htnv, khtnv); points are numbers.
class LevelRuleOut(Schema):
    label: str
    minimum: int  # the least share of the points (%) that reaches the level; the first reached applies


class CriterionOut(Schema):
    id: int
    position: int
    text: str
    points: int  # the most it gives
    judged: str
    judged_label: str = Field(alias="get_judged_display")
    auto_source: str  # the system's data that suggests it ("" for none)
    auto_source_label: str = Field(alias="get_auto_source_display")
    is_active: bool  # a retired item stays for the classifications that used it


class CriteriaSetOut(Schema):
    id: int
    name: str
    target: str
    target_label: str = Field(alias="get_target_display")
    cadence: str
    cadence_label: str = Field(alias="get_cadence_display")
    basis: str
    org_id: int | None  # the issuing organisation (its subtree uses it); null: shipped for everyone
    org_name: str
    levels: list[LevelRuleOut]
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_org_name(criteria_set):
        return criteria_set.org.name if criteria_set.org_id else ""

    @staticmethod
    def resolve_levels(criteria_set):
        return [{"label": label, "minimum": minimum} for label, minimum in criteria_set.levels]

    @staticmethod
    def resolve_criteria(criteria_set):
        return criteria_set.criteria.all()


class LevelRuleIn(In):
    label: str = Field(max_length=120, pattern=NOT_BLANK)  # the length of a classification's level
    minimum: int = Field(ge=0, le=100)


class CriterionIn(In):
    text: str = Field(max_length=2000, pattern=NOT_BLANK)
    points: int = Field(1, ge=1, le=100)
    judged: one_of(Judged) = Judged.YES_NO.value
    auto_source: one_of(AutoSource) = AutoSource.NONE.value


class CriteriaSetIn(In):
    name: str = Field(max_length=200, pattern=NOT_BLANK)
    target: one_of(Target)
    cadence: one_of(Cadence) = Cadence.MONTHLY.value
    basis: str = Field("", max_length=200)
    levels: list[LevelRuleIn] = Field(min_length=1, max_length=10)  # from the highest; the last from 0
    criteria: list[CriterionIn] = Field(min_length=1, max_length=50)


class ClassificationMarkOut(Schema):
    criterion_id: int
    position: int = Field(alias="criterion.position")
    text: str = Field(alias="criterion.text")
    met: bool | None  # a yes/no criterion
    level: str  # a level criterion: tot, kha, trung_binh, kem
    points: float
    suggested: bool | None  # what the system's data suggested (null: nothing to say)
    evidence: str  # why
    note: str


class ClassificationOut(Schema):
    id: int
    criteria_set_id: int
    criteria_set_name: str = Field(alias="criteria_set.name")
    target: str = Field(alias="criteria_set.target")
    org_id: int  # the cell (at the time)
    org_name: str = Field(alias="org.name")
    member_id: int | None  # null: the cell's own classification
    member_name: str
    year: int
    period: int  # month 1–12, quarter 1–4, or 1 for a year
    period_label: str
    score: float
    max_score: float
    level: str
    classified_by_name: str
    classified_at: datetime.datetime
    confirmed: bool = Field(alias="is_confirmed")  # a member's when recorded; a cell's by the committee above
    confirmed_by_name: str
    confirmed_at: datetime.datetime | None
    marks: list[ClassificationMarkOut]

    @staticmethod
    def resolve_member_name(c):
        return c.member.full_name if c.member_id else ""

    @staticmethod
    def resolve_period_label(c):
        return period_label(c.criteria_set.cadence, c.year, c.period)

    @staticmethod
    def resolve_classified_by_name(c):
        return _user_name(c.classified_by)

    @staticmethod
    def resolve_confirmed_by_name(c):
        return _user_name(c.confirmed_by)

    @staticmethod
    def resolve_marks(c):
        return c.marks.all()


class ClassificationPage(Schema):
    count: int
    page: int
    pages: int
    results: list[ClassificationOut]


# A criterion's value: true/false (yes/no), "tot", "kha", "trung_binh" or "kem" (a level), a
# number (points). A criterion left out is met, at the best level, with all its points.
MarkValue = bool | str | float


class ClassifyMembersIn(In):
    set: int  # a members' set in use (GET …/criteria-sets)
    year: Year
    period: int = Field(ge=1, le=12)
    exceptions: dict[int, dict[int, MarkValue]] = {}  # {member id: {criterion id: value}}
    reason: str = Field("", max_length=2000)  # needed to change a period already recorded


class ClassifyCellIn(In):
    set: int  # a cells' set in use
    year: Year
    period: int = Field(ge=1, le=12)
    values: dict[int, MarkValue] = {}  # {criterion id: value}
    reason: str = Field("", max_length=2000)  # needed to change one the committee above confirmed


class ConfirmIn(In):
    level: str = Field("", max_length=120)  # one of the set's levels; the cell's own by default
    note: str = Field("", max_length=2000)  # needed for another level than the cell's


class SuggestionOut(Schema):
    criterion_id: int
    position: int
    text: str
    auto_source: str
    auto_source_label: str
    met: bool | None  # null: the system has nothing to say
    evidence: str


class SuggestionSubjectOut(Schema):
    member_id: int | None  # null: the cell itself
    name: str
    suggestions: list[SuggestionOut]  # the set's active criteria filled from the system's data


class SuggestionSetOut(Schema):
    set_id: int
    set_name: str
    target: str
    year: int
    period: int
    period_label: str
    start: datetime.date
    end: datetime.date
    subjects: list[SuggestionSubjectOut]  # the eligible members, or the cell


class FrameOut(Schema):
    id: int
    name: str
    general_points: int
    task_points: int
    excellent_from: int
    good_from: int
    done_from: int
    conditions: list[str]  # any of them ticked caps the level at khtnv
    quota_percent: int  # htxsnv at most this % of httnv within a grassroots organisation
    quota_exception_allowed: bool


class RatingStepOut(Schema):
    general: float
    tasks: float
    total: float
    level: str
    level_label: str
    note: str
    by_name: str
    at: datetime.datetime


class RatingProposalOut(RatingStepOut):
    conditions: list[int]  # indexes into the frame's conditions


class RatingDecisionOut(Schema):
    level: str
    level_label: str
    org_id: int  # the competent body
    org_name: str
    by_name: str
    at: datetime.datetime
    quota_exception: str  # the reason recorded for going past the quota ("" within it)


class RatingStepsOut(Schema):
    """A year-end rating's steps, a member's or an organisation's."""
    year: int
    frame: FrameOut | None
    step: str  # "" before the self-assessment, then tu_danh_gia, de_xuat, quyet_dinh
    step_label: str
    self_assessment: RatingStepOut | None
    proposal: RatingProposalOut | None
    decision: RatingDecisionOut | None
    abilities: list[str]  # what the caller may do next: self_assess, propose, decide


class MemberRatingOut(RatingStepsOut):
    member_id: int
    full_name: str
    org_id: int
    org_name: str
    deciding_org_id: int  # the grassroots organisation
    deciding_org_name: str


class OrgRatingOut(RatingStepsOut):
    org_id: int
    org_name: str
    deciding_org_id: int | None  # the committee one level up (none at the top of the tree)
    deciding_org_name: str | None


Points = Annotated[Decimal, Field(ge=0, max_digits=5, decimal_places=2)]


class RatingSelfIn(In):
    year: Year = Field(default_factory=lambda: timezone.localdate().year)
    general: Points  # 0 to the frame's general points
    tasks: Points  # 0 to the frame's task points
    note: str = Field("", max_length=4000)


class RatingProposalIn(In):
    general: Points
    tasks: Points
    conditions: list[int] = Field([], max_length=20)  # indexes into the frame's conditions
    note: str = Field("", max_length=4000)


class RatingDecisionIn(In):
    level: one_of(Rating, blank=True) = ""  # the proposed level by default; only it or lower
    exception: str = Field("", max_length=2000)  # the reason to go past the quota, recorded


class LevelCountOut(Schema):
    code: str
    label: str
    count: int


class LevelCompareOut(LevelCountOut):
    last_year: int


class DistributionRowOut(Schema):
    org_id: int
    org_name: str
    htxsnv: int
    httnv: int
    htnv: int
    khtnv: int
    total: int


class QuotaOut(Schema):
    org_id: int  # the grassroots organisation that decided
    org_name: str
    excellent: int
    good: int
    percent: int
    allowed: int
    exceeded: bool


class RatingRowOut(Schema):
    id: int
    member_id: int
    full_name: str = Field(alias="member.full_name")
    org_id: int
    org_name: str = Field(alias="org.name")
    step: str
    step_label: str = Field(alias="get_step_display")
    self_level: str
    proposed_level: str
    decided_level: str
    decided_level_label: str = Field(alias="get_decided_level_display")
    decided_by_org_id: int | None
    quota_exception: str


class RatingsOut(Schema):
    year: int
    last_year: int
    rule: str
    frame: FrameOut | None
    levels: list[LevelCompareOut]  # decided member ratings of the subtree, with last year's
    total: DistributionRowOut
    children: list[DistributionRowOut]
    quotas: list[QuotaOut]
    ratings: list[RatingRowOut] | None  # every member's step, for those who manage (null otherwise)


class RatingResultOut(Schema):
    level: str
    level_label: str
    org_id: int
    org_name: str
    at: datetime.datetime


class MyRatingOut(Schema):
    """The member's own: their self-assessment, the result once decided (never the proposal's
    points before it), and their cell's distribution as counts only."""

    year: int
    member_id: int
    full_name: str
    org_id: int
    org_name: str
    frame: FrameOut | None
    step: str
    step_label: str
    editable: bool  # the self-assessment may still change (until the cell's proposal)
    self_assessment: RatingStepOut | None
    result: RatingResultOut | None
    cell_distribution: list[LevelCountOut]
