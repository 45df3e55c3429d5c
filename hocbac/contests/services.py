"""Writes of the question bank and contests. The clock is always the server's: every function
that depends on time takes `now` (views pass `timezone.now()`); nothing the browser says about
time is used.

Integrity rests on the database, not only on this code:
- `Attempt` allows one unfinished attempt per person and contest and unique attempt numbers, so
  simultaneous starts make one attempt (the losers find the winner's);
- `Answer` is unique per (attempt, position), so a doubled or replayed answer records once;
- answering and finishing lock the attempt row, so an answer cannot slip in after the score.
"""

import datetime
import json
import random
import secrets
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from hocbac.core.audit import log_action
from hocbac.core.text import fold

from .models import (
    GRACE_SECONDS,
    MAX_CORRECT,
    MAX_OPTIONS,
    Answer,
    Attempt,
    Contest,
    ContestPass,
    ContestQuestion,
    ExtraTime,
    FinishReason,
    Guest,
    Option,
    Question,
    QuestionKind,
    Slot,
)

PREDICTION_SECONDS = 120  # time to give the prediction after the last question
GUESTS_PER_ADDRESS_PER_HOUR = 20
PASS_SALT = "hocbac.contests.pass"
# Fields that decide what an attempt asks and how it is marked: fixed once someone has started.
LOCKED_FIELDS = ("question_count", "draw_at_random", "seconds_per_question", "shuffle_questions",
                 "shuffle_options", "partial_credit", "has_prediction", "attempts_allowed")
CONTEST_FIELDS = ("title", "description", "document", "audience", "opens_at", "closes_at", *LOCKED_FIELDS)


class AnswerRejected(ValidationError):
    """An answer the server does not accept (late, not served, attempt finished, bad choice)."""


# Question bank -------------------------------------------------------------------------------

def check_options(kind, options):
    """Vietnamese reasons why `options` [(text, is_correct)] do not make a valid question."""
    reasons = []
    texts = [text.strip() for text, _ in options]
    correct = sum(1 for _, is_correct in options if is_correct)
    if len(options) < 2 or len(options) > MAX_OPTIONS:
        reasons.append(f"cần từ 2 đến {MAX_OPTIONS} phương án (đang có {len(options)})")
    if any(not text for text in texts):
        reasons.append("có phương án để trống")
    if len({fold(t) for t in texts}) < len(texts):
        reasons.append("có hai phương án trùng nhau")
    if kind == QuestionKind.SINGLE and correct != 1:
        reasons.append(f"câu một đáp án cần đúng 1 phương án đúng (đang có {correct})")
    if kind == QuestionKind.MULTIPLE and not 1 <= correct <= MAX_CORRECT:
        reasons.append(f"câu nhiều đáp án cần từ 1 đến {MAX_CORRECT} phương án đúng (đang có {correct})")
    return reasons


def _check_question(kind, text, options):
    reasons = [] if text.strip() else ["câu hỏi để trống"]
    reasons += check_options(kind, options)
    if reasons:
        raise ValidationError("Câu hỏi chưa hợp lệ: " + "; ".join(reasons) + ".")


def question_search_text(text, tags):
    """The folded copy of a question's text and tags that search matches (imports use it too)."""
    return fold(f"{text} {tags}")


def is_used(question):
    """A question asked in any attempt keeps its wording and key for good."""
    return Slot.objects.filter(question=question).exists()


@transaction.atomic
def save_question(*, org, by, kind, text, options, question=None, explanation="", document=None, topic=None,
                  tags="", difficulty=2):
    """Create a question of `org`'s bank, or change `question` if it was never asked.
    `options` is [(text, is_correct)] in display order."""
    _check_question(kind, text, options)
    tags = ", ".join(t.strip() for t in tags.split(",") if t.strip())
    fields = {"kind": kind, "text": text.strip(), "explanation": explanation.strip(), "document": document,
              "topic": topic, "tags": tags, "difficulty": difficulty, "search_text": question_search_text(text, tags)}
    if question is None:
        question = Question.objects.create(org=org, created_by=by, **fields)
        action = "question.create"
    else:
        if is_used(question):
            raise ValidationError("Câu hỏi đã được dùng trong bài thi nên không sửa được; hãy sao chép để sửa.")
        for name, value in fields.items():
            setattr(question, name, value)
        question.save()
        question.options.all().delete()
        action = "question.update"
    Option.objects.bulk_create(Option(question=question, position=i, text=t.strip(), is_correct=c)
                               for i, (t, c) in enumerate(options))
    log_action(action, by=by, org=question.org, obj=question, summary=question.text[:120])
    return question


@transaction.atomic
def copy_question(question, *, by):
    """A new, editable question with the same content (the way to change a question already asked)."""
    options = [(o.text, o.is_correct) for o in question.options.all()]
    return save_question(org=question.org, by=by, kind=question.kind, text=question.text, options=options,
                         explanation=question.explanation, document=question.document, topic=question.topic,
                         tags=question.tags, difficulty=question.difficulty)


@transaction.atomic
def set_question_active(question, *, by, active):
    Question.objects.unscoped().filter(pk=question.pk).update(is_active=active)
    question.is_active = active
    log_action("question.activate" if active else "question.retire", by=by, org=question.org, obj=question,
               summary=question.text[:120])
    return question


# Contests ------------------------------------------------------------------------------------

def _new_code():
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed from paper
    while True:
        code = "".join(secrets.choice(alphabet) for _ in range(6))
        if not Contest.objects.unscoped().filter(code=code).exists():
            return code


def _check_contest(values):
    if values["closes_at"] <= values["opens_at"]:
        raise ValidationError("Thời điểm đóng phải sau thời điểm mở.")
    if not 10 <= values["seconds_per_question"] <= 600:
        raise ValidationError("Thời gian mỗi câu phải từ 10 đến 600 giây.")
    if not 1 <= values["question_count"] <= 100:
        raise ValidationError("Số câu mỗi lượt phải từ 1 đến 100.")
    if not 1 <= values["attempts_allowed"] <= 20:
        raise ValidationError("Số lượt thi phải từ 1 đến 20.")


@transaction.atomic
def create_contest(*, org, by, **values):
    values = {**{f.name: f.get_default() for f in Contest._meta.concrete_fields if f.name in CONTEST_FIELDS}, **values}
    _check_contest(values)
    contest = Contest.objects.create(org=org, created_by=by, code=_new_code(), **values)
    log_action("contest.create", by=by, org=org, obj=contest, summary=contest.title)
    return contest


@transaction.atomic
def update_contest(contest, *, by, **values):
    """Change a contest's settings. Once someone has started, what decides the questions and the
    marking is fixed; the title, description and window may still move."""
    contest = Contest.objects.unscoped().select_for_update().get(pk=contest.pk)
    if contest.started_at and any(values.get(f, getattr(contest, f)) != getattr(contest, f) for f in LOCKED_FIELDS):
        raise ValidationError("Đã có người bắt đầu thi: không thể đổi câu hỏi, số câu, thời gian hay cách tính điểm.")
    before = {f: getattr(contest, f) for f in values}
    merged = {f: values.get(f, getattr(contest, f)) for f in CONTEST_FIELDS}
    _check_contest(merged)
    for name, value in values.items():
        setattr(contest, name, value)
    contest.save(update_fields=list(values))
    log_action("contest.update", by=by, org=contest.org, obj=contest, summary=contest.title,
               before={k: str(v) for k, v in before.items()}, after={k: str(v) for k, v in values.items()})
    return contest


@transaction.atomic
def set_questions(contest, *, by, question_ids, weights=None):
    """Make `question_ids` (in order) the contest's pool (random draw) or fixed list."""
    contest = Contest.objects.unscoped().select_for_update().get(pk=contest.pk)
    if contest.started_at:
        raise ValidationError("Đã có người bắt đầu thi: không thể thay đổi bộ câu hỏi.")
    weights = weights or {}
    if any(not 1 <= w <= 10 for w in weights.values()):
        raise ValidationError("Hệ số của câu hỏi phải từ 1 đến 10.")
    contest.entries.all().delete()
    ContestQuestion.objects.bulk_create(
        ContestQuestion(contest=contest, question_id=qid, position=i, weight=weights.get(qid, 1))
        for i, qid in enumerate(dict.fromkeys(question_ids)))
    log_action("contest.questions", by=by, org=contest.org, obj=contest,
               summary=f"{contest.title}: {len(set(question_ids))} câu hỏi")
    return contest


def check_ready(contest, pool_size):
    """Why the contest cannot be taken yet, or None."""
    if pool_size < contest.question_count:
        return f"Cuộc thi cần ít nhất {contest.question_count} câu hỏi (đang có {pool_size})."
    return None


@transaction.atomic
def set_extra_time(member, *, by, multiplier, reason=""):
    multiplier = Decimal(str(multiplier)).quantize(Decimal("0.1"))
    if not 1 <= multiplier <= 4:
        raise ValidationError("Hệ số thời gian phải từ 1,0 đến 4,0.")
    if multiplier == 1:
        ExtraTime.objects.unscoped().filter(member=member).delete()
    else:
        ExtraTime.objects.unscoped().update_or_create(
            member=member, defaults={"org": member.org, "multiplier": multiplier, "reason": reason, "set_by": by})
    log_action("contest.extra_time", by=by, org=member.org, obj=member,
               summary=f"{member.full_name}: hệ số thời gian {multiplier}".replace(".", ","))


# Taking part ---------------------------------------------------------------------------------

def _allowance(contest, multiplier):
    return datetime.timedelta(seconds=float(contest.seconds_per_question * multiplier))


def _draw(contest, rng):
    """[(ContestQuestion, [option ids shown], [correct ids], multiple)] for one attempt."""
    entries = list(contest.entries.select_related("question").prefetch_related("question__options"))
    if check_ready(contest, len(entries)):
        raise ValidationError(check_ready(contest, len(entries)))
    if contest.draw_at_random:
        drawn = rng.sample(entries, contest.question_count)
        if not contest.shuffle_questions:
            drawn.sort(key=lambda e: (e.position, e.pk))
    else:
        drawn = entries[: contest.question_count]
        if contest.shuffle_questions:
            rng.shuffle(drawn)
    result = []
    for entry in drawn:
        options = list(entry.question.options.all())
        if contest.shuffle_options:
            rng.shuffle(options)
        result.append((entry, [o.pk for o in options], sorted(o.pk for o in options if o.is_correct),
                       entry.question.kind == QuestionKind.MULTIPLE))
    return result


def start_attempt(contest, *, member=None, guest=None, now, rng=None):
    """(attempt, created): the person's unfinished attempt, or a new one with its questions drawn.
    Eligibility is checked by the caller (rules.may_take); here: the window and the attempts left."""
    if not contest.is_open_at(now):
        raise ValidationError("Cuộc thi chưa mở hoặc đã kết thúc.")
    taker = {"member": member} if member is not None else {"guest": guest}
    attempts = Attempt.objects.unscoped().filter(contest=contest, **taker)
    try:
        with transaction.atomic():
            # One read: two would let a rival start commit in between and be counted as used.
            mine = list(attempts.order_by("number"))
            unfinished = next((a for a in mine if a.finished_at is None), None)
            if unfinished:
                return unfinished, False
            done = len(mine)
            if done >= contest.attempts_allowed:
                raise ValidationError("Bạn đã dùng hết số lượt thi của cuộc thi này.")
            multiplier = Decimal(1)
            if member is not None:
                extra = ExtraTime.objects.unscoped().filter(member=member).first()
                multiplier = extra.multiplier if extra else Decimal(1)
            attempt = Attempt.objects.create(
                contest=contest, org_id=member.org_id if member is not None else contest.org_id,
                number=done + 1, started_at=now, time_multiplier=multiplier, **taker)
            Slot.objects.bulk_create(
                Slot(attempt=attempt, position=i, question_id=entry.question_id, option_order=order, key=key,
                     weight=entry.weight, multiple=multiple)
                for i, (entry, order, key, multiple) in enumerate(_draw(contest, rng or random.SystemRandom())))
            if contest.started_at is None:
                Contest.objects.unscoped().filter(pk=contest.pk, started_at__isnull=True).update(started_at=now)
            return attempt, True
    except IntegrityError:
        # Another request of the same person started first (a double tap, ten tabs): use theirs.
        unfinished = attempts.filter(finished_at__isnull=True).first()
        if unfinished is None:
            raise ValidationError("Bạn đã dùng hết số lượt thi của cuộc thi này.") from None
        return unfinished, False


def current_slot(attempt, *, now):
    """The slot the person should see now, served (its clock started) if it was not yet.
    Questions whose time ran out are passed over unanswered. None when every question is done:
    the attempt is finished, or waits for the prediction."""
    if attempt.finished_at:
        return None
    slots = list(attempt.slots.all())
    position = attempt.current
    while position < len(slots):
        slot = slots[position]
        if slot.served_at is None:
            deadline = now + _allowance(attempt.contest, attempt.time_multiplier)
            # Conditional: two simultaneous loads must not restart the clock.
            if Slot.objects.filter(pk=slot.pk, served_at__isnull=True).update(served_at=now, deadline=deadline):
                slot.served_at, slot.deadline = now, deadline
            else:
                slot.refresh_from_db(fields=["served_at", "deadline"])
        if now <= slot.deadline + datetime.timedelta(seconds=GRACE_SECONDS) and not _answered(attempt, position):
            break
        position += 1
    if position != attempt.current:
        Attempt.objects.unscoped().filter(pk=attempt.pk, current__lt=position).update(current=position)
        attempt.current = position
    if position < len(slots):
        return slots[position]
    if not attempt.contest.has_prediction:
        finish_attempt(attempt, now=now, reason=FinishReason.TIME_UP)
        attempt.refresh_from_db()
    return None


def _answered(attempt, position):
    return Answer.objects.filter(attempt=attempt, position=position).exists()


def mark(slot, chosen, *, partial_credit):
    """(is_correct, points 0..1) of a choice of option ids against the slot's key."""
    key, chosen = set(slot.key), set(chosen)
    if chosen == key:
        return True, Decimal(1)
    if partial_credit and len(key) > 1 and chosen:
        # Moodle's rule: each right choice earns 1/|key|, each wrong one takes as much away.
        right, wrong = len(chosen & key), len(chosen - key)
        return False, max(Decimal(0), Decimal(right - wrong) / len(key)).quantize(Decimal("0.001"))
    return False, Decimal(0)


# Answering is the hot path of a contest (10 of the 24 requests of a taker's journey): its three
# reads and writes under the lock are written out, in SQL that PostgreSQL and SQLite read alike.
# Built by the ORM the same queries cost ~4 ms more CPU per answer (9,7 against 5,8 ms in-process,
# bench/contest_profile.py; docs/benchmarks.md). The ledger's INSERT, a replay and a finish keep
# the ORM.

LOCK_SQL = """
    SELECT a.contest_id, a.member_id, a.guest_id, m.user_id, a.finished_at IS NOT NULL,
           c.question_count, c.partial_credit, c.has_prediction
    FROM contests_attempt a
    JOIN contests_contest c ON c.id = a.contest_id
    LEFT JOIN orgs_member m ON m.id = a.member_id
    WHERE a.id = %s"""
SLOT_SQL = """
    SELECT s.id, s.attempt_id, s."position", s.question_id, s.option_order, s."key", s.multiple, s.served_at,
           s.deadline,
           EXISTS (SELECT 1 FROM contests_answer x WHERE x.attempt_id = s.attempt_id AND x."position" = s."position")
    FROM contests_slot s
    WHERE s.attempt_id = %s AND s."position" = %s"""
SLOT_FIELDS = ("id", "attempt_id", "position", "question_id", "option_order", "key", "multiple", "served_at",
               "deadline")  # in the model's order (Model.from_db); the weight is left unread
CURRENT_SQL = 'UPDATE contests_attempt SET "current" = %s WHERE id = %s AND "current" <= %s'


@dataclass(frozen=True)
class LockedAttempt:
    """What answering reads of an attempt and its contest, under the attempt's lock (lock_attempt)."""

    pk: int
    contest_id: int
    member_id: int | None
    guest_id: int | None
    member_user_id: int | None  # whose it is, without loading the member
    is_finished: bool
    question_count: int  # what marks and ends an attempt: fixed since the contest's first start
    partial_credit: bool
    has_prediction: bool


def _utc(value):
    """A datetime read by raw SQL: PostgreSQL gives it aware, SQLite naive in UTC (as Django stores it)."""
    return value if value is None or value.tzinfo else value.replace(tzinfo=datetime.UTC)


def lock_attempt(attempt_id):
    """The attempt (a LockedAttempt) locked until the end of the current transaction, so an
    answer and a finish wait for each other; None if there is no such attempt. One query; only
    the attempt's row is locked (`OF a`), not the contest's, which every taker's answers share.
    SQLite has no row locks: its transactions here begin IMMEDIATE, holding the whole database."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("lock_attempt: only inside a transaction")
    lock = " FOR UPDATE OF a" if connection.features.has_select_for_update_of else ""
    with connection.cursor() as cursor:
        cursor.execute(LOCK_SQL + lock, [attempt_id])
        row = cursor.fetchone()
    if row is None:
        return None
    contest_id, member_id, guest_id, user_id, finished, count, partial, prediction = row
    return LockedAttempt(int(attempt_id), contest_id, member_id, guest_id, user_id, bool(finished), count,
                         bool(partial), bool(prediction))


def submit_answer(attempt, *, position, option_ids, now):
    """Record the answer to the question at `position`; returns (answer, created). A replay of an
    accepted answer returns the stored one and records nothing. Refuses (AnswerRejected): an
    attempt already finished, a question not yet served, an answer past the question's deadline
    plus GRACE_SECONDS, a choice that is not one of the question's options."""
    with transaction.atomic():
        locked = lock_attempt(attempt.pk)
        if locked is None:
            raise Attempt.DoesNotExist(f"Attempt {attempt.pk} does not exist.")
        return record_answer(locked, position=position, option_ids=option_ids, now=now)


def _slot_to_answer(attempt, position):
    """(slot, answered): the slot at `position` (None if there is none) and whether it has an
    answer, in one query."""
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(SLOT_SQL, [attempt.pk, position])
        row = cursor.fetchone()
    if row is None:
        return None, False
    *ids, order, key, multiple, served_at, deadline, answered = row
    values = (*ids, json.loads(order), json.loads(key), bool(multiple), _utc(served_at), _utc(deadline))
    return Slot.from_db(transaction.get_connection().alias, SLOT_FIELDS, values), bool(answered)


def record_answer(attempt, *, position, option_ids, now):
    """`submit_answer` for a caller that has locked the attempt with `lock_attempt` in the
    transaction it is in (the answer view, which checks whose it is on the same row)."""
    # Read after the lock: a double tap that waited for it sees the other's answer.
    slot, answered = _slot_to_answer(attempt, position)
    if answered:
        return Answer.objects.get(attempt_id=attempt.pk, position=position), False
    if attempt.is_finished:
        raise AnswerRejected("Bài thi đã nộp: không nhận thêm câu trả lời.")
    if slot is None or slot.served_at is None:
        raise AnswerRejected("Câu hỏi này chưa được giao.")
    if now > slot.deadline + datetime.timedelta(seconds=GRACE_SECONDS):
        raise AnswerRejected("Câu hỏi đã hết giờ: câu trả lời không được tính.")
    chosen = sorted(set(option_ids))
    if not chosen or not set(chosen) <= set(slot.option_order):
        raise AnswerRejected("Hãy chọn một phương án của câu hỏi.")
    if not slot.multiple and len(chosen) > 1:
        raise AnswerRejected("Câu hỏi này chỉ chọn một phương án.")
    is_correct, points = mark(slot, chosen, partial_credit=attempt.partial_credit)
    answer = Answer.objects.create(attempt_id=attempt.pk, position=position, question_id=slot.question_id,
                                   chosen=chosen, answered_at=now, is_correct=is_correct, points=points)
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(CURRENT_SQL, [position + 1, attempt.pk, position])
    if position + 1 >= attempt.question_count and not attempt.has_prediction:  # the last question
        _finish(Attempt.objects.unscoped().select_related("contest").get(pk=attempt.pk), now=now,
                reason=FinishReason.SUBMITTED, prediction=None)
    return answer, True


def score_of(attempt, slots, answers):
    """(score on 10 as Decimal with 2 places, correct count, time taken in ms) from the stored
    slots and answers; the ledger check recomputes with this same function."""
    by_position = {a.position: a for a in answers}
    total_weight = sum(s.weight for s in slots) or 1
    earned = sum((by_position[s.position].points * s.weight for s in slots if s.position in by_position), Decimal(0))
    score = (Decimal(10) * earned / total_weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    allowance_ms = attempt.contest.seconds_per_question * 1000
    used_ms = 0
    for slot in slots:
        answer = by_position.get(slot.position)
        if answer is not None:
            spent = (answer.answered_at - slot.served_at).total_seconds() * 1000 / float(attempt.time_multiplier)
            used_ms += min(int(spent), allowance_ms)
        else:
            used_ms += allowance_ms  # unanswered: the whole time counts
    return score, sum(1 for a in answers if a.is_correct), used_ms


def _finish(attempt, *, now, reason, prediction):
    slots = list(Slot.objects.filter(attempt=attempt))
    answers = list(Answer.objects.filter(attempt=attempt))
    score, correct, used_ms = score_of(attempt, slots, answers)
    updated = Attempt.objects.unscoped().filter(pk=attempt.pk, finished_at__isnull=True).update(
        finished_at=now, finish_reason=reason, score=score, correct_count=correct, time_taken_ms=used_ms,
        prediction=prediction, current=len(slots))
    return bool(updated)


def finish_attempt(attempt, *, now, reason=FinishReason.SUBMITTED, prediction=None):
    """Close the attempt and write its score; True if this call finished it (a second, concurrent
    finish finds it finished and changes nothing)."""
    if prediction is not None and not 0 <= prediction <= 10_000_000:
        raise ValidationError("Số dự đoán không hợp lệ.")
    with transaction.atomic():
        attempt = Attempt.objects.unscoped().select_for_update().select_related("contest").get(pk=attempt.pk)
        if attempt.finished_at:
            return False
        return _finish(attempt, now=now, reason=reason, prediction=prediction)


def last_deadline(attempt):
    """When the attempt must be over at the latest: every question served back to back, then the
    prediction."""
    slots = list(attempt.slots.all())
    latest = max([s.deadline for s in slots if s.deadline] or [attempt.started_at])
    unserved = sum(1 for s in slots if s.served_at is None)
    latest = max(latest, attempt.started_at) + unserved * _allowance(attempt.contest, attempt.time_multiplier)
    return latest + datetime.timedelta(seconds=GRACE_SECONDS + PREDICTION_SECONDS)


def finish_overdue(*, now, contest=None):
    """Finish every attempt left open past its last possible deadline or its contest's close (a
    lost phone, a closed tab). Safe to run twice; returns how many it finished."""
    open_attempts = Attempt.objects.unscoped().filter(finished_at__isnull=True).select_related("contest")
    if contest is not None:
        open_attempts = open_attempts.filter(contest=contest)
    finished = 0
    for attempt in open_attempts.prefetch_related("slots"):
        if now >= attempt.contest.closes_at or now >= last_deadline(attempt):
            finished += finish_attempt(attempt, now=now, reason=FinishReason.TIME_UP)
    return finished


def record_tab_switch(attempt):
    """The page was hidden during an open attempt: counted and shown to the organiser, no penalty."""
    Attempt.objects.unscoped().filter(pk=attempt.pk, finished_at__isnull=True).update(
        tab_switches=F("tab_switches") + 1)


# Guests and passes -----------------------------------------------------------------------------

def join_as_guest(contest, *, name, phone, unit, ip, now):
    """A non-member joins a public contest. At most GUESTS_PER_ADDRESS_PER_HOUR from one address."""
    if not contest.is_public:
        raise ValidationError("Cuộc thi này chỉ dành cho đảng viên.")
    name, unit = " ".join(name.split()), " ".join(unit.split())
    phone = "".join(ch for ch in phone if ch.isdigit())
    if not name or not unit or not 9 <= len(phone) <= 11:
        raise ValidationError("Hãy nhập họ tên, số điện thoại (9–11 chữ số) và đơn vị.")
    recent = Guest.objects.filter(ip=ip, created_at__gte=now - datetime.timedelta(hours=1)).count()
    if ip and recent >= GUESTS_PER_ADDRESS_PER_HOUR:
        raise ValidationError("Có quá nhiều lượt đăng ký từ địa chỉ này. Xin thử lại sau.", code="throttled")
    try:
        with transaction.atomic():
            return Guest.objects.create(contest=contest, name=name[:120], phone=phone, unit=unit[:200], ip=ip,
                                        created_at=now)
    except IntegrityError:
        raise ValidationError("Số điện thoại này đã tham gia cuộc thi.") from None


@transaction.atomic
def issue_passes(contest, *, members, by):
    """{member: signed token} — new single-use sign-in links for `members` (earlier unused links
    of the same members are voided)."""
    members = list(members)
    ContestPass.objects.filter(contest=contest, member__in=members, used_at__isnull=True).delete()
    tokens = {}
    for member in members:
        contest_pass = ContestPass.objects.create(contest=contest, member=member, nonce=secrets.token_urlsafe(16),
                                                  created_by=by)
        tokens[member] = signing.dumps([contest_pass.pk, contest_pass.nonce], salt=PASS_SALT, compress=True)
    log_action("contest.passes", by=by, org=contest.org, obj=contest,
               summary=f"{contest.title}: {len(members)} đường dẫn đăng nhập")
    return tokens


def redeem_pass(token, *, now):
    """The pass a signed token names, marked used; refuses a bad, used or expired token."""
    try:
        pass_id, nonce = signing.loads(token, salt=PASS_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise ValidationError("Đường dẫn không hợp lệ.") from None
    with transaction.atomic():
        contest_pass = (ContestPass.objects.select_for_update().select_related("contest", "member")
                        .filter(pk=pass_id, nonce=nonce).first())
        if contest_pass is None or contest_pass.used_at is not None:
            raise ValidationError("Đường dẫn này đã được dùng hoặc đã bị thay thế. Hãy xin bí thư đường dẫn mới.")
        if now >= contest_pass.contest.closes_at:
            raise ValidationError("Cuộc thi đã kết thúc: đường dẫn hết hạn.")
        contest_pass.used_at = now
        contest_pass.save(update_fields=["used_at"])
    return contest_pass
