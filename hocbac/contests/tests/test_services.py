"""The integrity guarantees of contests, proved on the services: the server's clock and deadlines,
one answer per question, one attempt per start however many requests race, one finish, a fixed
contest once someone started, the question bank's rules, guests and sign-in links.

The clock is always passed as `now`; times are offsets from T0, a few minutes after OPENS."""

import datetime
import inspect
import random
import threading
import time
from decimal import Decimal

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from conftest import make_member
from hocbac.contests import services
from hocbac.contests.models import (
    GRACE_SECONDS,
    Answer,
    Attempt,
    Audience,
    ContestPass,
    ExtraTime,
    FinishReason,
    Guest,
    Option,
    Question,
    QuestionKind,
    Slot,
)
from hocbac.contests.services import AnswerRejected
from hocbac.contests.tests.conftest import OPENS, make_contest, make_questions
from hocbac.core.models import AuditEntry

T0 = OPENS + datetime.timedelta(minutes=5)
LATE = "Câu hỏi đã hết giờ: câu trả lời không được tính."

needs_postgresql = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="threads need row locks and concurrent writers: the SQLite test database is an in-memory "
           "shared cache, where a second writer fails at once with 'database table is locked'")


def at(seconds):
    return T0 + datetime.timedelta(seconds=seconds)


def fixed_contest(world, questions, **values):
    """A ward contest asking `questions` in the given order, options in bank order."""
    values = {"draw_at_random": False, "shuffle_questions": False, "shuffle_options": False,
              "question_count": len(questions), **values}
    return make_contest(world.ward, world.ward_admin, questions, **values)


def start(contest, member, now=T0):
    attempt, created = services.start_attempt(contest, member=member, now=now, rng=random.Random(7))
    assert created
    return attempt


def wrong(slot):
    return [next(i for i in slot.option_order if i not in slot.key)]


def answers_of(attempt):
    return list(Answer.objects.filter(attempt=attempt).order_by("position").values_list("position", "chosen"))


def reload(attempt):
    return Attempt.objects.unscoped().get(pk=attempt.pk)


def run_in_threads(count, work):
    """Run work(i) in `count` threads released together; [(result, exception)] in thread order.
    Each thread closes its own database connection (returned to the pool) when done."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def target(i):
        try:
            barrier.wait(timeout=30)
            results[i] = (work(i), None)
        except Exception as exc:  # collected and asserted on by the test
            results[i] = (None, exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


# Deadlines and the server's clock --------------------------------------------------------------

@pytest.mark.parametrize("after_serving", [
    datetime.timedelta(seconds=29, milliseconds=999),  # just before the deadline
    datetime.timedelta(seconds=30),  # exactly at it
    datetime.timedelta(seconds=31, milliseconds=500),  # within the grace
    datetime.timedelta(seconds=30 + GRACE_SECONDS),  # the last moment of the grace
])
def test_submit_answer_within_deadline_and_grace_is_recorded(world, contest, after_serving):
    attempt = start(contest, world.member)
    slot = services.current_slot(attempt, now=T0)
    answer, created = services.submit_answer(attempt, position=0, option_ids=slot.key, now=T0 + after_serving)
    assert (created, answer.answered_at, answer.is_correct) == (True, T0 + after_serving, True)
    assert answers_of(attempt) == [(0, slot.key)]


def test_submit_answer_just_after_grace_is_rejected_and_records_nothing(world, contest):
    attempt = start(contest, world.member)
    slot = services.current_slot(attempt, now=T0)
    with pytest.raises(AnswerRejected) as rejected:
        services.submit_answer(attempt, position=0, option_ids=slot.key,
                               now=T0 + datetime.timedelta(seconds=30 + GRACE_SECONDS, milliseconds=1))
    assert rejected.value.messages == [LATE]
    assert answers_of(attempt) == []


def test_submit_answer_takes_no_client_timing_and_records_the_server_now(world, questions):
    # Nothing the browser says about time can reach the service: it has no parameter for it.
    assert list(inspect.signature(services.submit_answer).parameters) == ["attempt", "position", "option_ids", "now"]
    contest = fixed_contest(world, questions[:1])
    attempt = start(contest, world.member)
    slot = services.current_slot(attempt, now=at(0))
    assert (slot.served_at, slot.deadline) == (at(0), at(30))
    answer, _ = services.submit_answer(attempt, position=0, option_ids=slot.key, now=at(29))
    attempt.refresh_from_db()
    assert (answer.answered_at, attempt.time_taken_ms, attempt.score) == (at(29), 29_000, Decimal("10.00"))


def test_current_slot_after_deadline_moves_on_and_expired_question_counts_unanswered(world, questions):
    contest = fixed_contest(world, questions[:3])
    attempt = start(contest, world.member)
    first = services.current_slot(attempt, now=at(0))
    # 34 s: past the deadline (30 s) and the grace (3 s): the first question is passed over.
    second = services.current_slot(attempt, now=at(34))
    assert (first.position, second.position, second.served_at, second.deadline) == (0, 1, at(34), at(64))
    assert reload(attempt).current == 1
    with pytest.raises(AnswerRejected) as rejected:
        services.submit_answer(attempt, position=0, option_ids=first.key, now=at(34))
    assert rejected.value.messages == [LATE]
    services.submit_answer(attempt, position=1, option_ids=second.key, now=at(39))
    third = services.current_slot(attempt, now=at(39))
    services.submit_answer(attempt, position=2, option_ids=third.key, now=at(44))
    attempt.refresh_from_db()
    assert answers_of(attempt) == [(1, second.key), (2, third.key)]
    # the expired question: no point and its whole 30 s counted
    assert (attempt.score, attempt.correct_count, attempt.time_taken_ms) == (Decimal("6.67"), 2, 30_000 + 5_000 + 5_000)
    assert (attempt.finished_at, attempt.finish_reason) == (at(44), FinishReason.SUBMITTED)


def test_current_slot_when_last_question_runs_out_finishes_attempt_on_time_up(world, questions):
    contest = fixed_contest(world, questions[:2])
    attempt = start(contest, world.member)
    slot = services.current_slot(attempt, now=at(0))
    services.submit_answer(attempt, position=0, option_ids=slot.key, now=at(10))
    services.current_slot(attempt, now=at(10))
    assert services.current_slot(attempt, now=at(44)) is None
    attempt.refresh_from_db()
    assert (attempt.finish_reason, attempt.finished_at, attempt.score, attempt.time_taken_ms) == (
        FinishReason.TIME_UP, at(44), Decimal("5.00"), 10_000 + 30_000)


# What may be answered ----------------------------------------------------------------------------

def test_submit_answer_after_finish_is_rejected(world, contest):
    attempt = start(contest, world.member)
    slot = services.current_slot(attempt, now=at(0))
    assert services.finish_attempt(attempt, now=at(5)) is True
    with pytest.raises(AnswerRejected) as rejected:
        services.submit_answer(attempt, position=0, option_ids=slot.key, now=at(6))
    assert rejected.value.messages == ["Bài thi đã nộp: không nhận thêm câu trả lời."]
    assert answers_of(attempt) == []


def test_lock_attempt_reads_whose_it_is_and_what_marks_it(world, questions):
    contest = fixed_contest(world, questions[:3], partial_credit=True)
    attempt = start(contest, world.member)
    with transaction.atomic():
        assert services.lock_attempt(attempt.pk) == services.LockedAttempt(
            pk=attempt.pk, contest_id=contest.pk, member_id=world.member.pk, guest_id=None,
            member_user_id=world.member_user.pk, is_finished=False, question_count=3, partial_credit=True,
            has_prediction=False)
        assert services.lock_attempt(attempt.pk + 1000) is None
    with pytest.raises(Attempt.DoesNotExist):
        services.submit_answer(Attempt(pk=attempt.pk + 1000), position=0, option_ids=[1], now=at(1))
    services.finish_attempt(attempt, now=at(5))
    with transaction.atomic():
        assert services.lock_attempt(attempt.pk).is_finished is True


@pytest.mark.django_db(transaction=True)
def test_lock_attempt_outside_a_transaction_is_refused(world, contest):
    attempt = start(contest, world.member)
    with pytest.raises(transaction.TransactionManagementError):  # a lock that ends with the statement is none
        services.lock_attempt(attempt.pk)


def test_record_answer_reads_the_slot_as_stored(world, questions):
    """The hot path reads the slot with SQL of its own: the times (aware, also on SQLite), the
    option order and the key come back as the ORM gives them."""
    contest = fixed_contest(world, questions[:2])
    attempt = start(contest, world.member)
    served = services.current_slot(attempt, now=at(0))
    with transaction.atomic():
        slot, answered = services._slot_to_answer(services.lock_attempt(attempt.pk), 0)
    assert not answered
    assert (slot.pk, slot.attempt_id, slot.position, slot.question_id, slot.option_order, slot.key, slot.multiple,
            slot.served_at, slot.deadline) == (served.pk, attempt.pk, 0, served.question_id, served.option_order,
                                               served.key, served.multiple, at(0), at(30))
    assert slot.weight == Slot.objects.get(pk=slot.pk).weight  # left unread: loaded if asked for
    services.submit_answer(attempt, position=0, option_ids=served.key, now=at(3))
    with transaction.atomic():
        assert services._slot_to_answer(services.lock_attempt(attempt.pk), 0)[1] is True
        assert services._slot_to_answer(services.lock_attempt(attempt.pk), 7) == (None, False)


@pytest.mark.parametrize("position", [1, 4, 99])
def test_submit_answer_to_question_not_yet_served_is_rejected(world, contest, position):
    attempt = start(contest, world.member)
    services.current_slot(attempt, now=at(0))
    key = Slot.objects.filter(attempt=attempt, position=position).values_list("key", flat=True).first() or [1]
    with pytest.raises(AnswerRejected) as rejected:
        services.submit_answer(attempt, position=position, option_ids=key, now=at(1))
    assert rejected.value.messages == ["Câu hỏi này chưa được giao."]
    assert answers_of(attempt) == []


def test_submit_answer_with_option_of_another_question_is_rejected(world, questions):
    contest = fixed_contest(world, questions[:2])
    attempt = start(contest, world.member)
    services.current_slot(attempt, now=at(0))
    foreign = questions[1].options.get(is_correct=True).pk  # right option, but of the next question
    for option_ids in ([foreign], [], [10**9]):
        with pytest.raises(AnswerRejected) as rejected:
            services.submit_answer(attempt, position=0, option_ids=option_ids, now=at(1))
        assert rejected.value.messages == ["Hãy chọn một phương án của câu hỏi."]
    assert answers_of(attempt) == []


def test_submit_answer_two_options_on_single_choice_is_rejected(world, questions):
    contest = fixed_contest(world, questions[:1])
    attempt = start(contest, world.member)
    slot = services.current_slot(attempt, now=at(0))
    with pytest.raises(AnswerRejected) as rejected:
        services.submit_answer(attempt, position=0, option_ids=slot.key + wrong(slot), now=at(1))
    assert rejected.value.messages == ["Câu hỏi này chỉ chọn một phương án."]
    assert answers_of(attempt) == []


def test_submit_answer_replayed_records_once_and_keeps_first_choice(world, questions):
    contest = fixed_contest(world, questions[:2])
    attempt = start(contest, world.member)
    slot = services.current_slot(attempt, now=at(0))
    first, created_first = services.submit_answer(attempt, position=0, option_ids=slot.key, now=at(5))
    again, created_again = services.submit_answer(attempt, position=0, option_ids=slot.key, now=at(6))
    changed, created_changed = services.submit_answer(attempt, position=0, option_ids=wrong(slot), now=at(7))
    assert (created_first, created_again, created_changed) == (True, False, False)
    assert (again.pk, changed.pk, changed.chosen, changed.answered_at) == (first.pk, first.pk, slot.key, at(5))
    assert answers_of(attempt) == [(0, slot.key)]


# Reload and simultaneous loads ------------------------------------------------------------------

def test_current_slot_reloaded_within_time_keeps_clock(world, contest):
    attempt = start(contest, world.member)
    first = services.current_slot(attempt, now=at(0))
    again = services.current_slot(attempt, now=at(12))
    assert (again.pk, again.served_at, again.deadline) == (first.pk, at(0), at(30))
    stored = Slot.objects.get(pk=first.pk)
    assert (stored.served_at, stored.deadline) == (at(0), at(30))


def test_current_slot_simultaneous_loads_keep_first_served_at(world, contest):
    attempt = start(contest, world.member)
    # A second request that read the slots before the first one served it (its copy says "not served").
    stale = Attempt.objects.unscoped().prefetch_related("slots").get(pk=attempt.pk)
    first = services.current_slot(attempt, now=at(0))
    second = services.current_slot(stale, now=at(1))
    assert (second.pk, second.served_at, second.deadline) == (first.pk, at(0), at(30))
    stored = Slot.objects.get(pk=first.pk)
    assert (stored.served_at, stored.deadline) == (at(0), at(30))


# Finishing ----------------------------------------------------------------------------------------

def test_finish_attempt_twice_first_wins_and_score_stays(world, questions):
    contest = fixed_contest(world, questions[:5])
    attempt = start(contest, world.member)
    for position, right in enumerate([True, True, False]):
        slot = services.current_slot(attempt, now=at(position * 5))
        services.submit_answer(attempt, position=position, option_ids=slot.key if right else wrong(slot),
                               now=at(position * 5 + 5))
    assert services.finish_attempt(attempt, now=at(20)) is True
    assert services.finish_attempt(attempt, now=at(25), prediction=3) is False
    attempt.refresh_from_db()
    assert (attempt.finished_at, attempt.score, attempt.correct_count, attempt.time_taken_ms, attempt.prediction) == (
        at(20), Decimal("4.00"), 2, 15_000 + 2 * 30_000, None)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_finish_attempt_concurrent_finishes_one(world, questions):
    contest = fixed_contest(world, questions[:3])
    attempt = start(contest, world.member)
    slot = services.current_slot(attempt, now=at(0))
    services.submit_answer(attempt, position=0, option_ids=slot.key, now=at(4))
    results = run_in_threads(5, lambda i: services.finish_attempt(reload(attempt), now=at(10 + i)))
    assert [exc for _, exc in results] == [None] * 5
    assert sorted(result for result, _ in results) == [False, False, False, False, True]
    winner = [result for result, _ in results].index(True)
    attempt.refresh_from_db()
    assert (attempt.finished_at, attempt.score, attempt.time_taken_ms) == (at(10 + winner), Decimal("3.33"), 64_000)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_submit_answer_concurrent_taps_record_one_answer(world, questions):
    contest = fixed_contest(world, questions[:2])
    attempt = start(contest, world.member)
    slot = services.current_slot(attempt, now=at(0))
    choices = [slot.key, wrong(slot), slot.key, wrong(slot), slot.key]
    results = run_in_threads(5, lambda i: services.submit_answer(
        reload(attempt), position=0, option_ids=choices[i], now=at(1 + i)))
    assert [exc for _, exc in results] == [None] * 5
    assert sorted(created for (_, created), _ in results) == [False, False, False, False, True]
    stored = Answer.objects.get(attempt=attempt, position=0)
    assert {answer.pk for (answer, _), _ in results} == {stored.pk}
    winner = next(i for i, ((_, created), _) in enumerate(results) if created)
    assert (stored.chosen, stored.answered_at) == (sorted(choices[winner]), at(1 + winner))


def _waiting_for_a_lock(seconds=20):
    """True once another connection waits for a row lock (polled from this one)."""
    for _ in range(int(seconds / 0.05)):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND wait_event_type = 'Lock'")
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_answer_waits_for_a_finish_under_way_and_is_then_refused(world, questions):
    """The attempt's row lock: an answer sent while the attempt is being finished waits for the
    finish to commit, then finds the attempt finished; nothing lands after the score."""
    contest = fixed_contest(world, questions[:3])
    attempt = start(contest, world.member)
    slot = services.current_slot(attempt, now=at(0))
    locked, outcome = threading.Event(), {}

    def answer():
        locked.wait(10)
        try:
            outcome["answer"] = services.submit_answer(reload(attempt), position=0, option_ids=slot.key, now=at(6))
        except AnswerRejected as error:
            outcome["error"] = error.messages
        finally:
            connection.close()

    thread = threading.Thread(target=answer)
    thread.start()
    with transaction.atomic():
        Attempt.objects.unscoped().select_for_update().get(pk=attempt.pk)
        locked.set()
        assert _waiting_for_a_lock()
        assert services.finish_attempt(attempt, now=at(5)) is True
    thread.join(30)
    assert outcome == {"error": ["Bài thi đã nộp: không nhận thêm câu trả lời."]}
    assert answers_of(attempt) == []


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_answering_locks_the_attempt_only_not_the_contest(world, questions):
    """Every taker's answer reads the contest: locking its row would put them all in one queue."""
    contest = fixed_contest(world, questions[:3])
    attempt = start(contest, world.member)
    slot = services.current_slot(attempt, now=at(0))
    outcome = {}

    def answer():
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '3s'")
                outcome["created"] = services.submit_answer(reload(attempt), position=0, option_ids=slot.key,
                                                            now=at(2))[1]
        except Exception as error:  # asserted on below
            outcome["error"] = error
        finally:
            connection.close()

    with transaction.atomic():
        contest.__class__.objects.unscoped().select_for_update().get(pk=contest.pk)
        thread = threading.Thread(target=answer)
        thread.start()
        thread.join(30)
    assert outcome == {"created": True}


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_current_slot_concurrent_loads_serve_once(world, contest):
    attempt = start(contest, world.member)
    results = run_in_threads(5, lambda i: services.current_slot(reload(attempt), now=at(i)))
    assert [exc for _, exc in results] == [None] * 5
    stored = Slot.objects.get(attempt=attempt, position=0)
    assert stored.deadline == stored.served_at + datetime.timedelta(seconds=30)
    assert {(slot.pk, slot.served_at, slot.deadline) for slot, _ in results} == {
        (stored.pk, stored.served_at, stored.deadline)}


# Starting -----------------------------------------------------------------------------------------

def test_start_attempt_twice_returns_same_attempt(world, contest):
    first, created_first = services.start_attempt(contest, member=world.member, now=at(0))
    second, created_second = services.start_attempt(contest, member=world.member, now=at(5))
    assert (created_first, created_second, second.pk) == (True, False, first.pk)
    assert Attempt.objects.unscoped().filter(contest=contest).count() == 1
    assert Slot.objects.filter(attempt=first).count() == 5


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_start_attempt_ten_concurrent_make_one_attempt(world, contest):
    def work(i):
        attempt, created = services.start_attempt(reload_contest(contest), member=world.member, now=at(i))
        return attempt.pk, created

    results = run_in_threads(10, work)
    attempts = list(Attempt.objects.unscoped().filter(contest=contest))
    assert len(attempts) == 1
    assert Slot.objects.filter(attempt=attempts[0]).count() == 5
    returned = [result for result, exc in results if exc is None]
    assert sorted(created for _, created in returned) == [False] * (len(returned) - 1) + [True]
    assert {pk for pk, _ in returned} == {attempts[0].pk}
    # Every request gets the attempt: none is refused as if the rival's attempt were used up.
    assert [exc for _, exc in results] == [None] * 10


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_start_attempt_rival_committing_between_reads_returns_its_attempt(world, contest):
    """A start that found no open attempt, while a rival start of the same person commits before it
    goes on, must end with the rival's attempt (not a refusal and not a second attempt)."""
    rival = {}

    def rival_start():
        try:
            rival["attempt"], rival["created"] = services.start_attempt(
                reload_contest(contest), member=world.member, now=at(0))
        finally:
            connection.close()

    def rival_after_first_read(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not rival and sql.lstrip().startswith("SELECT") and '"contests_attempt"' in sql:
            thread = threading.Thread(target=rival_start)
            thread.start()
            thread.join(timeout=60)
        return result

    with connection.execute_wrapper(rival_after_first_read):
        attempt, created = services.start_attempt(contest, member=world.member, now=at(1))
    assert rival["created"] is True
    assert (attempt.pk, created) == (rival["attempt"].pk, False)
    assert Attempt.objects.unscoped().filter(contest=contest).count() == 1


def reload_contest(contest):
    return type(contest).objects.unscoped().get(pk=contest.pk)


def test_start_attempt_second_refused_when_one_allowed(world, contest):
    attempt = start(contest, world.member)
    services.finish_attempt(attempt, now=at(10))
    with pytest.raises(ValidationError) as refused:
        services.start_attempt(contest, member=world.member, now=at(20))
    assert refused.value.messages == ["Bạn đã dùng hết số lượt thi của cuộc thi này."]
    assert Attempt.objects.unscoped().filter(contest=contest).count() == 1


def test_start_attempt_second_allowed_when_two_allowed_then_refused(world, questions):
    contest = make_contest(world.ward, world.ward_admin, questions, attempts_allowed=2)
    first = start(contest, world.member)
    # While the first is open, starting again resumes it.
    assert services.start_attempt(contest, member=world.member, now=at(5)) == (first, False)
    services.finish_attempt(first, now=at(10))
    second = start(contest, world.member, now=at(20))
    services.finish_attempt(second, now=at(30))
    with pytest.raises(ValidationError) as refused:
        services.start_attempt(contest, member=world.member, now=at(40))
    assert refused.value.messages == ["Bạn đã dùng hết số lượt thi của cuộc thi này."]
    assert (first.number, second.number) == (1, 2)


@pytest.mark.parametrize("now", [OPENS - datetime.timedelta(seconds=1), OPENS + datetime.timedelta(hours=2)])
def test_start_attempt_outside_window_is_refused(world, contest, now):
    with pytest.raises(ValidationError) as refused:
        services.start_attempt(contest, member=world.member, now=now)
    assert refused.value.messages == ["Cuộc thi chưa mở hoặc đã kết thúc."]
    assert Attempt.objects.unscoped().filter(contest=contest).count() == 0


def test_start_attempt_at_opening_is_accepted(world, contest):
    attempt, created = services.start_attempt(contest, member=world.member, now=OPENS)
    assert (created, attempt.started_at, attempt.org_id, attempt.number) == (True, OPENS, world.cell.pk, 1)


def test_start_attempt_pool_smaller_than_question_count_is_refused(world, questions):
    contest = make_contest(world.ward, world.ward_admin, questions[:3], question_count=5)
    with pytest.raises(ValidationError) as refused:
        services.start_attempt(contest, member=world.member, now=T0)
    assert refused.value.messages == ["Cuộc thi cần ít nhất 5 câu hỏi (đang có 3)."]
    contest.refresh_from_db()
    assert (Attempt.objects.unscoped().filter(contest=contest).count(), contest.started_at) == (0, None)


# The draw -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [1, 2, 3])
def test_start_attempt_random_draw_gives_distinct_questions_of_pool(world, questions, seed):
    contest = make_contest(world.ward, world.ward_admin, questions, question_count=5)
    attempt, _ = services.start_attempt(contest, member=world.member, now=T0, rng=random.Random(seed))
    drawn = list(attempt.slots.values_list("question_id", flat=True))
    assert (len(drawn), len(set(drawn)), set(drawn) <= {q.pk for q in questions}) == (5, 5, True)
    assert list(attempt.slots.values_list("position", flat=True)) == [0, 1, 2, 3, 4]


def test_start_attempt_fixed_draw_keeps_order(world, questions):
    pool = questions[::-1]  # not the order of the ids
    contest = make_contest(world.ward, world.ward_admin, pool, question_count=5, draw_at_random=False,
                           shuffle_questions=False)
    attempt, _ = services.start_attempt(contest, member=world.member, now=T0, rng=random.Random(4))
    assert list(attempt.slots.values_list("question_id", flat=True)) == [q.pk for q in pool[:5]]


def test_start_attempt_random_draw_without_shuffle_keeps_pool_order(world, questions):
    pool = questions[::-1]
    contest = make_contest(world.ward, world.ward_admin, pool, question_count=5, shuffle_questions=False)
    attempt, _ = services.start_attempt(contest, member=world.member, now=T0, rng=random.Random(4))
    drawn = list(attempt.slots.values_list("question_id", flat=True))
    assert drawn == [q.pk for q in pool if q.pk in drawn]


def test_start_attempt_option_shuffle_keeps_key_on_right_options(world):
    bank = make_questions(world.ward, world.ward_admin, 6, multiple_every=3)
    contest = make_contest(world.ward, world.ward_admin, bank, question_count=6, shuffle_options=True)
    attempt, _ = services.start_attempt(contest, member=world.member, now=T0, rng=random.Random(11))
    shuffled = 0
    for slot in attempt.slots.all():
        options = list(Option.objects.filter(question_id=slot.question_id).order_by("position"))
        assert sorted(slot.option_order) == sorted(o.pk for o in options)
        assert slot.key == sorted(o.pk for o in options if o.is_correct)
        shuffled += slot.option_order != [o.pk for o in options]
    assert shuffled >= 1
    assert sorted(len(s.key) for s in attempt.slots.all()) == [1, 1, 1, 1, 2, 2]


# Scoring ------------------------------------------------------------------------------------------

def answer_all(contest, member, choices, *, seconds=5):
    """Take the contest answering position i with choices[i](slot) (None: let it run out)."""
    attempt = start(contest, member)
    now = T0
    for position, choose in enumerate(choices):
        slot = services.current_slot(attempt, now=now)
        assert slot.position == position
        if choose is None:
            now = slot.deadline + datetime.timedelta(seconds=GRACE_SECONDS + 1)
            continue
        now += datetime.timedelta(seconds=seconds)
        services.submit_answer(attempt, position=position, option_ids=choose(slot), now=now)
    services.current_slot(attempt, now=now)
    attempt.refresh_from_db()
    return attempt


def right(slot):
    return slot.key


def test_finish_score_uses_weights_on_ten(world, questions):
    contest = fixed_contest(world, questions[:3])
    services.set_questions(contest, by=world.ward_admin, question_ids=[q.pk for q in questions[:3]],
                           weights={questions[0].pk: 3})
    first_only = answer_all(contest, world.member, [right, wrong, wrong])
    others = answer_all(contest, world.secretary_member, [wrong, right, right])
    assert (first_only.score, first_only.correct_count) == (Decimal("6.00"), 1)
    assert (others.score, others.correct_count) == (Decimal("4.00"), 2)


def test_finish_score_rounds_half_up_to_two_places(world, questions):
    contest = fixed_contest(world, questions[:3])
    two_of_three = answer_all(contest, world.member, [right, right, wrong])
    one_of_three = answer_all(contest, world.secretary_member, [right, None, wrong])
    assert (two_of_three.score, one_of_three.score) == (Decimal("6.67"), Decimal("3.33"))


def three_right_question(world):
    return services.save_question(
        org=world.ward, by=world.ward_admin, kind=QuestionKind.MULTIPLE, text="Những việc nào là nêu gương?",
        options=[("Đi đầu", True), ("Gương mẫu", True), ("Nói đi đôi với làm", True), ("Nói nhiều làm ít", False)])


def test_finish_score_partial_credit_exact_half_rounds_up(world, questions):
    # one right choice of three: 0.333 of the weight; 10 × 0.333 / 2 = 1.665 → 1.67 (half up, not to even)
    contest = fixed_contest(world, [three_right_question(world), questions[0]], partial_credit=True)
    attempt = answer_all(contest, world.member, [lambda slot: slot.key[:1], wrong])
    assert list(Answer.objects.filter(attempt=attempt).order_by("position").values_list("points", flat=True)) == [
        Decimal("0.333"), Decimal("0")]
    assert attempt.score == Decimal("1.67")


def test_submit_answer_multiple_choice_is_all_or_nothing_by_default(world):
    bank = make_questions(world.ward, world.ward_admin, 2, multiple_every=2)  # the second is multiple choice
    contest = fixed_contest(world, bank[1:])
    attempt = answer_all(contest, world.member, [lambda slot: slot.key[:1]])
    answer = Answer.objects.get(attempt=attempt)
    assert (answer.is_correct, answer.points, attempt.score) == (False, Decimal("0"), Decimal("0.00"))
    complete = answer_all(contest, world.secretary_member, [right])
    assert complete.score == Decimal("10.00")


def test_submit_answer_partial_credit_when_chosen(world):
    bank = make_questions(world.ward, world.ward_admin, 2, multiple_every=2)
    contest = fixed_contest(world, bank[1:], partial_credit=True)
    attempt = answer_all(contest, world.member, [lambda slot: slot.key[:1]])
    answer = Answer.objects.get(attempt=attempt)
    assert (answer.is_correct, answer.points, attempt.score, attempt.correct_count) == (
        False, Decimal("0.500"), Decimal("5.00"), 0)


@pytest.mark.parametrize(("chosen", "partial", "expected"), [
    ([1, 3], False, (True, Decimal(1))),
    ([1], False, (False, Decimal(0))),
    ([1], True, (False, Decimal("0.5"))),
    ([1, 2], True, (False, Decimal(0))),  # one right, one wrong: nothing
    ([1, 2, 3], True, (False, Decimal("0.5"))),
    ([1, 2, 3, 4], True, (False, Decimal(0))),  # ticking everything earns nothing
    ([2], True, (False, Decimal(0))),  # never below zero
])
def test_mark_multiple_choice(chosen, partial, expected):
    slot = Slot(key=[1, 3], option_order=[1, 2, 3, 4])
    assert services.mark(slot, chosen, partial_credit=partial) == expected


def test_mark_single_choice_wrong_earns_nothing_even_with_partial_credit():
    slot = Slot(key=[2], option_order=[1, 2, 3, 4])
    assert services.mark(slot, [1], partial_credit=True) == (False, Decimal(0))


def test_set_extra_time_lengthens_deadline_and_normalises_time_taken(world, questions):
    services.set_extra_time(world.member, by=world.secretary, multiplier=1.5, reason="Thị lực kém")
    contest = fixed_contest(world, questions[:2])
    attempt = start(contest, world.member)
    slot = services.current_slot(attempt, now=at(0))
    assert (attempt.time_multiplier, slot.deadline) == (Decimal("1.5"), at(45))
    # 40 s: too late for anyone else (30 s + 3 s), in time with ×1.5
    services.submit_answer(attempt, position=0, option_ids=slot.key, now=at(40))
    services.current_slot(attempt, now=at(40))
    services.current_slot(attempt, now=at(40 + 45 + GRACE_SECONDS + 1))  # the second runs out
    attempt.refresh_from_db()
    assert (attempt.score, attempt.time_taken_ms, attempt.finish_reason) == (
        Decimal("5.00"), 26_666 + 30_000, FinishReason.TIME_UP)


def test_set_extra_time_bounds_and_reset(world):
    with pytest.raises(ValidationError) as refused:
        services.set_extra_time(world.member, by=world.secretary, multiplier=4.5)
    assert refused.value.messages == ["Hệ số thời gian phải từ 1,0 đến 4,0."]
    services.set_extra_time(world.member, by=world.secretary, multiplier=2)
    assert list(ExtraTime.objects.unscoped().values_list("member_id", "multiplier")) == [(world.member.pk, Decimal("2.0"))]
    services.set_extra_time(world.member, by=world.secretary, multiplier=1)
    assert ExtraTime.objects.unscoped().count() == 0
    assert list(AuditEntry.objects.unscoped().filter(action="contest.extra_time").order_by("id")
                .values_list("summary", flat=True)) == [
        "Trần Văn Đảng: hệ số thời gian 2,0", "Trần Văn Đảng: hệ số thời gian 1,0"]


# The contest is fixed once someone started ------------------------------------------------------

def test_set_questions_after_first_start_is_refused(world, contest, questions):
    start(contest, world.member)
    before = list(contest.entries.values_list("question_id", flat=True))
    with pytest.raises(ValidationError) as refused:
        services.set_questions(contest, by=world.ward_admin, question_ids=[q.pk for q in questions[:5]])
    assert refused.value.messages == ["Đã có người bắt đầu thi: không thể thay đổi bộ câu hỏi."]
    assert list(contest.entries.values_list("question_id", flat=True)) == before


@pytest.mark.parametrize(("field", "value"), [
    ("question_count", 4), ("seconds_per_question", 45), ("partial_credit", True), ("attempts_allowed", 2),
    ("shuffle_options", False), ("draw_at_random", False), ("has_prediction", True),
])
def test_update_contest_locked_field_after_first_start_is_refused(world, contest, field, value):
    start(contest, world.member)
    with pytest.raises(ValidationError) as refused:
        services.update_contest(contest, by=world.ward_admin, **{field: value})
    assert refused.value.messages == [
        "Đã có người bắt đầu thi: không thể đổi câu hỏi, số câu, thời gian hay cách tính điểm."]
    assert getattr(reload_contest(contest), field) != value


def test_update_contest_title_and_window_after_first_start_still_work(world, contest):
    start(contest, world.member)
    closes = OPENS + datetime.timedelta(hours=5)
    services.update_contest(contest, by=world.ward_admin, title="Thi tìm hiểu (gia hạn)", closes_at=closes,
                            question_count=contest.question_count)  # an unchanged locked field is fine
    stored = reload_contest(contest)
    assert (stored.title, stored.closes_at, stored.question_count) == ("Thi tìm hiểu (gia hạn)", closes, 5)


def test_update_contest_locked_field_before_start_works(world, contest):
    services.update_contest(contest, by=world.ward_admin, question_count=4, seconds_per_question=45)
    stored = reload_contest(contest)
    assert (stored.question_count, stored.seconds_per_question, stored.started_at) == (4, 45, None)


def test_start_attempt_sets_contest_started_at_once(world, contest):
    start(contest, world.member, now=at(0))
    start(contest, world.secretary_member, now=at(9))
    assert reload_contest(contest).started_at == at(0)


# Abandoned attempts -------------------------------------------------------------------------------

def test_finish_overdue_finishes_abandoned_attempt_after_last_deadline_only(world, contest):
    attempt = start(contest, world.member)
    services.current_slot(attempt, now=at(0))
    # last deadline: 30 s for the served question, 4 × 30 s for the others, the grace and the prediction time
    last = 30 + 4 * 30 + GRACE_SECONDS + services.PREDICTION_SECONDS
    assert services.last_deadline(reload(attempt)) == at(last)
    assert services.finish_overdue(now=at(last - 1)) == 0
    assert reload(attempt).finished_at is None
    assert services.finish_overdue(now=at(last)) == 1
    finished = reload(attempt)
    assert (finished.finished_at, finished.finish_reason, finished.score, finished.time_taken_ms) == (
        at(last), FinishReason.TIME_UP, Decimal("0.00"), 5 * 30_000)
    assert services.finish_overdue(now=at(last + 600)) == 0
    assert reload(attempt).finished_at == at(last)


def test_finish_overdue_leaves_attempt_in_progress(world, contest):
    attempt = start(contest, world.member)
    slot = services.current_slot(attempt, now=at(0))
    services.submit_answer(attempt, position=0, option_ids=slot.key, now=at(3))
    services.current_slot(attempt, now=at(200))  # idle, then the second question served at 200 s
    assert services.finish_overdue(now=at(280)) == 0
    assert reload(attempt).finished_at is None


def test_finish_overdue_at_closing_finishes_every_open_attempt(world, contest):
    start(contest, world.member, now=contest.closes_at - datetime.timedelta(seconds=10))
    assert services.finish_overdue(now=contest.closes_at, contest=contest) == 1
    assert list(Attempt.objects.unscoped().filter(contest=contest).values_list("finished_at", "finish_reason")) == [
        (contest.closes_at, FinishReason.TIME_UP)]


# Question bank ----------------------------------------------------------------------------------

SEVEN = [(f"Phương án {i}", i == 0) for i in range(7)]


@pytest.mark.parametrize(("kind", "text", "options", "message"), [
    (QuestionKind.SINGLE, "Câu hỏi?", [("Một", True)], "cần từ 2 đến 6 phương án (đang có 1)"),
    (QuestionKind.SINGLE, "Câu hỏi?", SEVEN, "cần từ 2 đến 6 phương án (đang có 7)"),
    (QuestionKind.SINGLE, "Câu hỏi?", [("Một", False), ("Hai", False)],
     "câu một đáp án cần đúng 1 phương án đúng (đang có 0)"),
    (QuestionKind.SINGLE, "Câu hỏi?", [("Một", True), ("Hai", True), ("Ba", False)],
     "câu một đáp án cần đúng 1 phương án đúng (đang có 2)"),
    (QuestionKind.MULTIPLE, "Câu hỏi?", [(f"Ý {i}", i < 5) for i in range(6)],
     "câu nhiều đáp án cần từ 1 đến 4 phương án đúng (đang có 5)"),
    (QuestionKind.SINGLE, "Câu hỏi?", [("Hà Nội", True), ("ha  noi", False)], "có hai phương án trùng nhau"),
    (QuestionKind.SINGLE, "Câu hỏi?", [("Hà Nội", True), ("  ", False)], "có phương án để trống"),
    (QuestionKind.SINGLE, "   ", [("Hà Nội", True), ("Huế", False)], "câu hỏi để trống"),
])
def test_save_question_invalid_is_refused_with_reason(world, kind, text, options, message):
    with pytest.raises(ValidationError) as refused:
        services.save_question(org=world.ward, by=world.ward_admin, kind=kind, text=text, options=options)
    assert refused.value.messages == [f"Câu hỏi chưa hợp lệ: {message}."]
    assert Question.objects.unscoped().count() == 0
    assert AuditEntry.objects.unscoped().filter(action__startswith="question.").count() == 0


def test_save_question_lists_every_reason(world):
    with pytest.raises(ValidationError) as refused:
        services.save_question(org=world.ward, by=world.ward_admin, kind=QuestionKind.SINGLE, text="",
                               options=[("A", False)])
    assert refused.value.messages == [
        "Câu hỏi chưa hợp lệ: câu hỏi để trống; cần từ 2 đến 6 phương án (đang có 1); "
        "câu một đáp án cần đúng 1 phương án đúng (đang có 0)."]


def test_save_question_edits_unused_question(world, questions):
    question = questions[0]
    services.save_question(org=world.ward, by=world.ward_admin, question=question, kind=QuestionKind.MULTIPLE,
                           text=" Sửa lại câu hỏi ", options=[("Đúng 1", True), ("Sai", False), ("Đúng 2", True)],
                           tags=" a ,, b ")
    stored = Question.objects.unscoped().get(pk=question.pk)
    assert (stored.text, stored.kind, stored.tags, stored.search_text) == (
        "Sửa lại câu hỏi", QuestionKind.MULTIPLE, "a, b", "sua lai cau hoi a, b")
    assert list(stored.options.values_list("position", "text", "is_correct")) == [
        (0, "Đúng 1", True), (1, "Sai", False), (2, "Đúng 2", True)]


def test_save_question_used_in_attempt_is_refused(world, questions):
    contest = fixed_contest(world, questions[:1])
    start(contest, world.member)
    with pytest.raises(ValidationError) as refused:
        services.save_question(org=world.ward, by=world.ward_admin, question=questions[0], kind=QuestionKind.SINGLE,
                               text="Đổi câu hỏi", options=[("A", True), ("B", False)])
    assert refused.value.messages == ["Câu hỏi đã được dùng trong bài thi nên không sửa được; hãy sao chép để sửa."]
    stored = Question.objects.unscoped().get(pk=questions[0].pk)
    assert (stored.text, stored.options.count()) == (questions[0].text, 4)


def test_copy_question_makes_editable_copy(world, questions):
    original = questions[0]
    contest = fixed_contest(world, [original])
    start(contest, world.member)
    copy = services.copy_question(original, by=world.ward_admin)
    assert copy.pk != original.pk
    assert (copy.org_id, copy.kind, copy.text, copy.explanation, copy.tags) == (
        original.org_id, original.kind, original.text, original.explanation, original.tags)
    assert list(copy.options.values_list("text", "is_correct")) == list(original.options.values_list("text", "is_correct"))
    services.save_question(org=world.ward, by=world.ward_admin, question=copy, kind=QuestionKind.SINGLE,
                           text="Bản sửa", options=[("A", True), ("B", False)])
    assert Question.objects.unscoped().get(pk=copy.pk).text == "Bản sửa"
    assert Question.objects.unscoped().get(pk=original.pk).text == original.text


def test_bank_and_contest_writes_each_leave_an_audit_entry(world):
    audit = AuditEntry.objects.unscoped()
    since = audit.order_by("-id").values_list("id", flat=True).first() or 0
    by = world.ward_admin
    question = services.save_question(org=world.ward, by=by, kind=QuestionKind.SINGLE, text="Câu một?",
                                      options=[("A", True), ("B", False)])
    services.save_question(org=world.ward, by=by, question=question, kind=QuestionKind.SINGLE, text="Câu một (sửa)?",
                           options=[("A", True), ("B", False)])
    copy = services.copy_question(question, by=by)
    services.set_question_active(copy, by=by, active=False)
    contest = services.create_contest(org=world.ward, by=by, title="Thi thử", opens_at=OPENS,
                                      closes_at=OPENS + datetime.timedelta(hours=1), question_count=1)
    services.set_questions(contest, by=by, question_ids=[question.pk])
    services.update_contest(contest, by=by, title="Thi thử (sửa)")
    services.set_extra_time(world.member, by=by, multiplier=2)
    services.issue_passes(contest, members=[world.member], by=by)
    rows = list(audit.filter(id__gt=since).order_by("id").values_list("action", "object_type", "object_id", "actor_id"))
    q, c = str(question.pk), str(contest.pk)
    assert rows == [
        ("question.create", "contests.question", q, by.pk),
        ("question.update", "contests.question", q, by.pk),
        ("question.create", "contests.question", str(copy.pk), by.pk),
        ("question.retire", "contests.question", str(copy.pk), by.pk),
        ("contest.create", "contests.contest", c, by.pk),
        ("contest.questions", "contests.contest", c, by.pk),
        ("contest.update", "contests.contest", c, by.pk),
        ("contest.extra_time", "orgs.member", str(world.member.pk), by.pk),
        ("contest.passes", "contests.contest", c, by.pk),
    ]
    update = audit.get(action="contest.update")
    assert (update.before, update.after) == ({"title": "Thi thử"}, {"title": "Thi thử (sửa)"})


# Guests and sign-in links -----------------------------------------------------------------------

@pytest.fixture
def public_contest(world, questions):
    return make_contest(world.ward, world.ward_admin, questions, audience=Audience.PUBLIC)


def join(contest, i, ip="203.0.113.7", phone=None):
    return services.join_as_guest(contest, name=f"Khách {i}", phone=phone or f"09130{i:05d}", unit="Tổ dân phố 3",
                                  ip=ip, now=T0)


def test_join_as_guest_members_only_contest_is_refused(world, contest):
    with pytest.raises(ValidationError) as refused:
        join(contest, 1)
    assert refused.value.messages == ["Cuộc thi này chỉ dành cho đảng viên."]
    assert Guest.objects.count() == 0


def test_join_as_guest_twenty_first_from_one_address_within_hour_is_refused(public_contest):
    for i in range(services.GUESTS_PER_ADDRESS_PER_HOUR):
        join(public_contest, i)
    with pytest.raises(ValidationError) as refused:
        join(public_contest, 20)
    assert (refused.value.messages, refused.value.code) == (
        ["Có quá nhiều lượt đăng ký từ địa chỉ này. Xin thử lại sau."], "throttled")
    assert Guest.objects.count() == 20
    join(public_contest, 21, ip="203.0.113.8")  # another address is not held back
    assert Guest.objects.count() == 21


def test_join_as_guest_address_counts_only_last_hour(public_contest):
    for i in range(services.GUESTS_PER_ADDRESS_PER_HOUR):
        join(public_contest, i)
    Guest.objects.update(created_at=T0 - datetime.timedelta(minutes=61))
    join(public_contest, 20)
    assert Guest.objects.count() == 21


def test_join_as_guest_same_phone_twice_is_refused(public_contest):
    guest = join(public_contest, 1, phone="0913 000 001")
    assert (guest.phone, guest.name, guest.unit) == ("0913000001", "Khách 1", "Tổ dân phố 3")
    with pytest.raises(ValidationError) as refused:
        join(public_contest, 2, phone="0913.000.001", ip="198.51.100.1")
    assert refused.value.messages == ["Số điện thoại này đã tham gia cuộc thi."]
    assert Guest.objects.count() == 1


def test_join_as_guest_then_start_attempt_as_guest(public_contest):
    guest = join(public_contest, 1)
    attempt, created = services.start_attempt(public_contest, guest=guest, now=T0)
    assert (created, attempt.guest_id, attempt.member_id, attempt.org_id) == (True, guest.pk, None, public_contest.org_id)


def test_redeem_pass_works_once(world, contest):
    tokens = services.issue_passes(contest, members=[world.member], by=world.secretary)
    redeemed = services.redeem_pass(tokens[world.member], now=T0)
    assert (redeemed.member_id, redeemed.contest_id, redeemed.used_at) == (world.member.pk, contest.pk, T0)
    with pytest.raises(ValidationError) as refused:
        services.redeem_pass(tokens[world.member], now=at(1))
    assert refused.value.messages == ["Đường dẫn này đã được dùng hoặc đã bị thay thế. Hãy xin bí thư đường dẫn mới."]
    assert ContestPass.objects.get(pk=redeemed.pk).used_at == T0


def test_redeem_pass_tampered_token_is_refused(world, contest):
    token = services.issue_passes(contest, members=[world.member], by=world.secretary)[world.member]
    middle = len(token) // 2
    tampered = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1:]
    forged = signing.dumps([ContestPass.objects.get().pk, "doan-bua"], salt=services.PASS_SALT + ".khac")
    for bad in (tampered, forged, "khong-phai-ma", ""):
        with pytest.raises(ValidationError) as refused:
            services.redeem_pass(bad, now=T0)
        assert refused.value.messages == ["Đường dẫn không hợp lệ."]
    assert ContestPass.objects.get().used_at is None


def test_redeem_pass_after_closing_is_refused(world, contest):
    token = services.issue_passes(contest, members=[world.member], by=world.secretary)[world.member]
    with pytest.raises(ValidationError) as refused:
        services.redeem_pass(token, now=contest.closes_at)
    assert refused.value.messages == ["Cuộc thi đã kết thúc: đường dẫn hết hạn."]
    assert ContestPass.objects.get().used_at is None


def test_issue_passes_again_voids_earlier_unused_link(world, contest):
    old = services.issue_passes(contest, members=[world.member], by=world.secretary)[world.member]
    new = services.issue_passes(contest, members=[world.member], by=world.secretary)[world.member]
    with pytest.raises(ValidationError) as refused:
        services.redeem_pass(old, now=T0)
    assert refused.value.messages == ["Đường dẫn này đã được dùng hoặc đã bị thay thế. Hãy xin bí thư đường dẫn mới."]
    assert services.redeem_pass(new, now=T0).member_id == world.member.pk


def test_issue_passes_keeps_used_links_of_others(world, contest):
    other = make_member(world.cell, "Đỗ Văn Ba", by=world.superuser, card="10000099")
    first = services.issue_passes(contest, members=[world.member, other], by=world.secretary)
    services.redeem_pass(first[world.member], now=T0)
    services.issue_passes(contest, members=[world.member], by=world.secretary)
    assert ContestPass.objects.filter(contest=contest, member=world.member).count() == 2  # the used one stays
    assert services.redeem_pass(first[other], now=T0).member_id == other.pk
