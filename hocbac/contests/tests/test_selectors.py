"""Reads of contests: the ranking and its reasons, the cached leaderboard, question statistics,
participation by cell, which contests a member sees, and the question bank search. List selectors
keep a fixed number of queries whatever the number of rows."""

import datetime
import random
from decimal import Decimal

import pytest
from django.core.cache import cache

from conftest import make_member
from hocbac.contests import selectors, services
from hocbac.contests.models import GRACE_SECONDS, Audience, QuestionKind
from hocbac.contests.tests.conftest import OPENS, make_contest, make_questions
from hocbac.orgs import services as org_services

T0 = OPENS + datetime.timedelta(minutes=5)


@pytest.fixture(autouse=True)
def _empty_cache():
    """The leaderboard and ranks are cached per contest id; ids come back after a rollback."""
    cache.clear()
    yield
    cache.clear()


def at(seconds):
    return T0 + datetime.timedelta(seconds=seconds)


def take(contest, member=None, *, guest=None, start=T0, outcomes=None, seconds=5, prediction=None):
    """Start and go through the contest: outcomes[i] True (right), False (wrong) or None (let the
    question run out), each answer `seconds` after its question is shown; give `prediction` when
    the contest asks for one. Returns the finished attempt."""
    attempt, _ = services.start_attempt(contest, member=member, guest=guest, now=start, rng=random.Random(5))
    now = start
    for outcome in [True] * contest.question_count if outcomes is None else outcomes:
        slot = services.current_slot(attempt, now=now)
        if outcome is None:
            now = slot.deadline + datetime.timedelta(seconds=GRACE_SECONDS + 1)
            continue
        now += datetime.timedelta(seconds=seconds)
        choice = slot.key if outcome else [next(i for i in slot.option_order if i not in slot.key)]
        services.submit_answer(attempt, position=slot.position, option_ids=choice, now=now)
    services.current_slot(attempt, now=now)  # passes over a last question that ran out
    if contest.has_prediction:
        services.finish_attempt(attempt, now=now, prediction=prediction)
    attempt.refresh_from_db()
    assert attempt.finished_at == now
    return attempt


def members(world, count):
    """`count` more members of `cell`."""
    names = ["Đinh Văn An", "Hoàng Thị Bình", "Vũ Văn Cường", "Bùi Thị Dung", "Phan Văn Em", "Lý Thị Giang"]
    return [make_member(world.cell, names[i], by=world.superuser, card=f"2000000{i}") for i in range(count)]


def rows_of(result):
    return [(row.rank, row.name, row.score, row.reason) for row in result.rows]


# Ranking ----------------------------------------------------------------------------------------

def test_ranking_orders_score_then_time_then_submission_with_reasons(world, contest):
    a, b, c, d, e, f = members(world, 6)
    take(contest, a, seconds=5)  # 10 points, 25 s, finished at 25 s
    take(contest, b, seconds=5, start=at(60))  # as a, finished later
    take(contest, c, seconds=8)  # 10 points, 40 s, but finished before b
    take(contest, d, outcomes=[True, True, True, True, False], seconds=2)  # faster, one wrong
    take(contest, e, outcomes=[True, True, True, True, False], seconds=2)  # equal to d in everything
    take(contest, f, outcomes=[True, True, True, False, False])
    result = selectors.ranking(contest)
    assert rows_of(result) == [
        (1, "Đinh Văn An", Decimal("10.00"), ""),
        (2, "Hoàng Thị Bình", Decimal("10.00"), "nộp bài muộn hơn"),
        (3, "Vũ Văn Cường", Decimal("10.00"), "thời gian làm bài dài hơn"),
        (4, "Bùi Thị Dung", Decimal("8.00"), "điểm thấp hơn"),
        (4, "Phan Văn Em", Decimal("8.00"), "bằng nhau ở mọi tiêu chí"),
        (6, "Lý Thị Giang", Decimal("6.00"), "điểm thấp hơn"),
    ]
    assert [(row.time_taken_ms, row.unit, row.prediction_gap) for row in result.rows[:3]] == [
        (25_000, "Chi bộ Khu phố 1", None), (25_000, "Chi bộ Khu phố 1", None), (40_000, "Chi bộ Khu phố 1", None)]
    assert (result.takers, result.all_correct) == (6, 3)


def test_ranking_leaves_out_unfinished_attempts(world, contest):
    take(contest, world.member)
    services.start_attempt(contest, member=world.secretary_member, now=T0)
    assert [row.name for row in selectors.ranking(contest).rows] == ["Trần Văn Đảng"]


def test_ranking_with_prediction_closest_wins_before_time(world, questions):
    contest = make_contest(world.ward, world.ward_admin, questions, has_prediction=True)
    p1, p2, p3, p4 = members(world, 4)
    take(contest, p1, seconds=8, prediction=3)  # all right: 3 people → gap 0, slowest
    take(contest, p2, seconds=5, prediction=1)  # gap 2
    take(contest, p3, seconds=3)  # fastest, no prediction: after every prediction
    take(contest, p4, outcomes=[True, True, True, True, False], seconds=2, prediction=3)
    result = selectors.ranking(contest)
    assert [(row.rank, row.name, row.prediction_gap, row.reason) for row in result.rows] == [
        (1, "Đinh Văn An", 0, ""),
        (2, "Hoàng Thị Bình", 2, "dự đoán xa hơn"),
        (3, "Vũ Văn Cường", None, "dự đoán xa hơn"),
        (4, "Bùi Thị Dung", 0, "điểm thấp hơn"),
    ]
    assert result.all_correct == 3


def test_ranking_best_attempt_counts_highest_score_then_earliest(world, questions):
    contest = make_contest(world.ward, world.ward_admin, questions, attempts_allowed=3)
    take(contest, world.member, outcomes=[True, True, True, False, False])
    best = take(contest, world.member, start=at(100), seconds=9)
    take(contest, world.member, start=at(200), seconds=2)  # as good and faster, but later
    other = take(contest, world.secretary_member, outcomes=[True, True, True, True, False])
    result = selectors.ranking(contest)
    assert [(row.name, row.attempt.pk, row.score, row.time_taken_ms, row.attempts) for row in result.rows] == [
        ("Trần Văn Đảng", best.pk, Decimal("10.00"), 45_000, 3),
        ("Nguyễn Thị Bí Thư", other.pk, Decimal("8.00"), 25_000, 1),
    ]
    assert (result.takers, result.all_correct) == (2, 1)
    assert selectors.best_attempts(world.member, [contest.pk]) == {contest.pk: best}


@pytest.mark.parametrize("rows", [1, 3])
def test_ranking_query_count_is_fixed(world, questions, django_assert_num_queries, rows):
    contest = make_contest(world.ward, world.ward_admin, questions, audience=Audience.PUBLIC)
    takers = [world.member, world.other_member]
    for i in range(rows):
        if i < 2:
            take(contest, takers[i], seconds=3 + i)
        else:
            guest = services.join_as_guest(contest, name="Khách Một", phone="0913000001", unit="Tổ 5", ip=None, now=T0)
            take(contest, guest=guest, seconds=9)
    with django_assert_num_queries(1):
        result = selectors.ranking(contest)
        names = [(row.name, row.unit) for row in result.rows]
    assert names == [("Trần Văn Đảng", "Chi bộ Khu phố 1"), ("Lê Thị Khác", "Chi bộ Khu phố 2"),
                     ("Khách Một", "Tổ 5")][:rows]


# Leaderboard ------------------------------------------------------------------------------------

def test_leaderboard_is_cached_until_cleared(world, contest):
    take(contest, world.member)
    first = selectors.leaderboard(contest)
    assert first == {"rows": [{"rank": 1, "name": "Trần Văn Đảng", "unit": "Chi bộ Khu phố 1",
                               "score": Decimal("10.00"), "time_taken_ms": 25_000}],
                     "finished": 1, "started": 1}
    take(contest, world.other_member, seconds=3)
    services.start_attempt(contest, member=world.secretary_member, now=T0)
    assert selectors.leaderboard(contest) == first
    cache.clear()
    board = selectors.leaderboard(contest)
    assert [row["name"] for row in board["rows"]] == ["Lê Thị Khác", "Trần Văn Đảng"]
    assert (board["finished"], board["started"]) == (2, 3)


def test_leaderboard_shows_top_rows_only(world, contest):
    for member in members(world, 3):
        take(contest, member)
    assert len(selectors.leaderboard(contest, top=2)["rows"]) == 2


# Question statistics ----------------------------------------------------------------------------

def test_question_statistics_most_missed_first_with_unanswered(world, questions):
    pool = questions[:4]
    contest = make_contest(world.ward, world.ward_admin, pool, question_count=3, draw_at_random=False,
                           shuffle_questions=False)
    take(contest, world.member, outcomes=[True, True, None])
    take(contest, world.other_member, outcomes=[True, False, False])
    # an attempt still going is not counted
    attempt, _ = services.start_attempt(contest, member=world.secretary_member, now=T0)
    slot = services.current_slot(attempt, now=T0)
    services.submit_answer(attempt, position=0, option_ids=[i for i in slot.option_order if i not in slot.key][:1],
                           now=at(1))
    rows = selectors.question_statistics(contest)
    assert [(r["question"].pk, r["asked"], r["right"], r["wrong"], r["unanswered"], r["rate"]) for r in rows] == [
        (pool[2].pk, 2, 0, 1, 1, 0.0),
        (pool[1].pk, 2, 1, 1, 0, 0.5),
        (pool[0].pk, 2, 2, 0, 0, 1.0),
        (pool[3].pk, 0, 0, 0, 0, None),  # never asked: last
    ]


# Participation ------------------------------------------------------------------------------------

def test_participation_counts_cell_of_attempt_over_eligible_on_day_weakest_first(world, contest):
    day = OPENS.date()
    take(contest, world.member)  # taken in `cell`
    # then moved to the other cell: the attempt still counts where it was taken
    org_services.transfer_member(world.member, to_org=world.other_cell, on=day + datetime.timedelta(days=1),
                                 by=world.ward_admin)
    # admitted after the day: not among the eligible that day
    make_member(world.cell, "Mai Văn Mới", by=world.superuser, card="30000001",
                admitted_on=day + datetime.timedelta(days=5))
    services.start_attempt(contest, member=world.secretary_member, now=T0)  # not finished: not counted
    total, children = selectors.participation(contest, world.ward, day)
    assert (total.org, total.eligible, total.took) == (world.ward, 3, 1)
    assert [(p.org.name, p.eligible, p.took, p.rate) for p in children] == [
        ("Chi bộ Khu phố 2", 1, 0, 0.0), ("Chi bộ Khu phố 1", 2, 1, 0.5)]
    take(contest, world.other_member)
    total, children = selectors.participation(contest, world.ward, day)
    assert [(p.org.name, p.took, p.rate) for p in children] == [("Chi bộ Khu phố 1", 1, 0.5), ("Chi bộ Khu phố 2", 1, 1.0)]
    assert (total.eligible, total.took) == (3, 2)


def test_participation_counts_a_member_once_where_they_first_finished(world, contest):
    """Two finished attempts, the second after a transfer to the other cell: one participant,
    in the cell of the first."""
    contest = services.update_contest(contest, by=world.ward_admin, attempts_allowed=2)
    take(contest, world.member)
    org_services.transfer_member(world.member, to_org=world.other_cell, on=OPENS.date(), by=world.ward_admin)
    world.member.refresh_from_db()
    second = take(contest, world.member, start=T0 + datetime.timedelta(minutes=10))
    assert second.org == world.other_cell
    total, children = selectors.participation(contest, world.ward, OPENS.date())
    assert total.took == 1
    assert [(p.org.name, p.took) for p in children] == [("Chi bộ Khu phố 2", 0), ("Chi bộ Khu phố 1", 1)]


def test_participation_from_province_leaves_sibling_ward_at_zero(world, contest, django_assert_num_queries):
    take(contest, world.member)
    with django_assert_num_queries(3):
        total, children = selectors.participation(contest, world.province, OPENS.date())
    assert [(p.org.name, p.eligible, p.took) for p in children] == [
        ("Đảng bộ phường Tân Định", 1, 0), ("Đảng bộ phường Bến Thành", 3, 1)]
    assert (total.eligible, total.took) == (4, 1)


# Which contests a member sees ---------------------------------------------------------------------

def test_contests_for_member_lists_cell_and_organisations_above_not_sibling(world):
    def contest_of(org, by, title, hours):
        opens = OPENS + datetime.timedelta(hours=hours)
        return services.create_contest(org=org, by=by, title=title, opens_at=opens,
                                       closes_at=opens + datetime.timedelta(hours=1))

    contest_of(world.province, world.province_admin, "Tỉnh", 1)
    contest_of(world.ward, world.ward_admin, "Phường", 3)
    contest_of(world.cell, world.secretary, "Chi bộ", 2)
    contest_of(world.other_cell, world.ward_admin, "Chi bộ khác", 4)
    sibling = contest_of(world.sibling_ward, world.sibling_admin, "Phường khác", 5)
    services.update_contest(sibling, by=world.sibling_admin, audience=Audience.PUBLIC)
    assert [c.title for c in selectors.contests_for_member(world.member)] == ["Phường", "Chi bộ", "Tỉnh"]
    assert [c.title for c in selectors.contests_for_member(world.sibling_member)] == ["Phường khác", "Tỉnh"]


# Question bank ------------------------------------------------------------------------------------

def bank_question(world, org, text, **extra):
    by = {world.province.pk: world.province_admin, world.sibling_ward.pk: world.sibling_admin}.get(org.pk, world.ward_admin)
    return services.save_question(org=org, by=by, kind=QuestionKind.SINGLE, text=text,
                                  options=[("Đúng", True), ("Sai", False)], **extra)


def test_questions_for_search_without_diacritics_over_banks_above(world):
    province = bank_question(world, world.province, "Chỉ thị 05-CT/TW ban hành năm nào?")
    ward = bank_question(world, world.ward, "Nội dung chính của Chỉ thị 05?")
    bank_question(world, world.ward, "Nghị quyết 04 nêu bao nhiêu biểu hiện?")
    bank_question(world, world.sibling_ward, "Chỉ thị 05 của phường khác?")
    retired = bank_question(world, world.ward, "Chỉ thị cũ?")
    services.set_question_active(retired, by=world.ward_admin, active=False)
    assert [q.pk for q in selectors.questions_for(world.cell, query="chi thi")] == [ward.pk, province.pk]
    assert [q.pk for q in selectors.questions_for(world.cell, query="CHỈ THỊ 05")] == [ward.pk, province.pk]
    assert [q.pk for q in selectors.questions_for(world.ward, query="chi thi", active=False)] == [retired.pk]
    assert [q.pk for q in selectors.questions_for(world.province, query="chi thi")] == [province.pk]


def test_questions_for_filters_by_tag_and_difficulty(world):
    easy = bank_question(world, world.ward, "Câu dễ?", tags="Nêu gương, Tháng 3", difficulty=1)
    bank_question(world, world.ward, "Câu khó?", tags="tháng 4", difficulty=3)
    assert [q.pk for q in selectors.questions_for(world.ward, tag="nêu gương")] == [easy.pk]
    assert [q.pk for q in selectors.questions_for(world.ward, difficulty=1)] == [easy.pk]


@pytest.mark.parametrize("count", [1, 3])
def test_questions_for_query_count_is_fixed(world, django_assert_num_queries, count):
    make_questions(world.ward, world.ward_admin, count, multiple_every=2)
    with django_assert_num_queries(2):
        rows = [(q.org.name, q.document, q.topic, [o.text for o in q.options.all()])
                for q in selectors.questions_for(world.cell)]
    assert len(rows) == count
    assert [len(options) for *_, options in rows] == [4] * count
