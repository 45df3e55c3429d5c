"""Contests through the API: an organiser builds a contest from the bank and reads its ranking,
participation and statistics; a member takes it one question at a time by the server's clock,
never seeing the key, answers once however often the request is sent, and reads the right
answers only after the contest has closed. Another person's attempt does not exist."""

import datetime
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.cache import cache

from hocbac.contests import admission, services
from hocbac.contests.models import Answer, Attempt, Contest, ContestQuestion, Question, QuestionKind
from hocbac.contests.tests.conftest import OPENS, make_contest, make_questions
from hocbac.core.models import AuditEntry
from hocbac.library.services import create_document, create_topic

from .helpers import bearer, call

NOT_FOUND = {"detail": "Không tìm thấy (hoặc ngoài phạm vi của đồng chí)."}
FORBIDDEN = {"detail": "Đồng chí không có quyền làm việc này ở tổ chức này."}
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def _no_cached_ranks():
    """Ranks are cached a few seconds per contest id; ids come back in the next test's database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock():
    """The server's clock, as the test sets it (`clock.now = …`): the API reads `timezone.now()`."""
    state = SimpleNamespace(now=OPENS + 10 * MINUTE)
    with mock.patch("django.utils.timezone.now", side_effect=lambda: state.now):
        yield state


def _walk(value):
    """(every dict key, every value) anywhere in a JSON body."""
    keys, values = set(), [value]
    if isinstance(value, dict):
        for key, inner in value.items():
            inner_keys, inner_values = _walk(inner)
            keys |= {key, *inner_keys}
            values += inner_values
    elif isinstance(value, list):
        for inner in value:
            inner_keys, inner_values = _walk(inner)
            keys |= inner_keys
            values += inner_values
    return keys, values


def _ward_contest(world, count=8, **values):
    """A members-only contest of the ward: 5 of `count` questions of the ward's bank, 30 s each,
    open from OPENS for two hours."""
    return make_contest(world.ward, world.ward_admin, make_questions(world.ward, world.ward_admin, count), **values)


def _started(world, contest, member=None, when=None):
    attempt, _ = services.start_attempt(contest, member=member or world.member, now=when or OPENS + 5 * MINUTE)
    return attempt


def _answer_all(attempt, when, right=None):
    """Answer every question at `when`: right at the positions in `right` (all when None), else wrong."""
    for slot in attempt.slots.all():
        services.current_slot(attempt, now=when)
        choice = slot.key if right is None or slot.position in right else [i for i in slot.option_order if i not in slot.key][:1]
        services.submit_answer(attempt, position=slot.position, option_ids=choice, now=when)
    attempt.refresh_from_db()
    return attempt


# Organising ----------------------------------------------------------------------------------------

def test_an_organiser_creates_a_contest_and_chooses_its_questions(world, client, clock):
    first, second, third = make_questions(world.ward, world.ward_admin, 3)
    admin = bearer(world.ward_admin)
    status, body = call(client, "post", f"/orgs/{world.ward.pk}/contests", admin, {
        "title": "  Thi tìm hiểu Chỉ thị 05 ", "opens_at": "2026-03-11T02:00:00+07:00", "closes_at": "2026-03-11T04:00",
        "question_count": 2, "seconds_per_question": 20, "has_prediction": True})
    contest = Contest.objects.unscoped().get()
    expected = {
        "id": contest.pk, "title": "Thi tìm hiểu Chỉ thị 05", "code": contest.code, "org_id": world.ward.pk,
        "org_name": "Đảng bộ phường Bến Thành", "audience": "dang_vien", "audience_label": "Đảng viên trong tổ chức",
        "opens_at": "2026-03-10T19:00:00Z", "closes_at": "2026-03-10T21:00:00Z",  # a time without offset is Vietnam's
        "question_count": 2, "seconds_per_question": 20, "attempts_allowed": 1, "pool_size": 0, "started": False,
        "description": "", "document_id": None, "draw_at_random": True, "shuffle_questions": True,
        "shuffle_options": True, "partial_credit": False, "has_prediction": True, "started_at": None,
        "not_ready": "Cuộc thi cần ít nhất 2 câu hỏi (đang có 0).", "questions": []}
    assert (status, body) == (201, expected)

    path = f"/orgs/{world.ward.pk}/contests/{contest.pk}"
    status, body = call(client, "put", f"{path}/questions", admin,
                        {"question_ids": [third.pk, first.pk, third.pk], "weights": {str(first.pk): 2}})
    pool = [{"question_id": third.pk, "text": "Câu hỏi số 3 về Chỉ thị 05-CT/TW?", "weight": 1},
            {"question_id": first.pk, "text": "Câu hỏi số 1 về Chỉ thị 05-CT/TW?", "weight": 2}]
    expected = {**expected, "pool_size": 2, "not_ready": None, "questions": pool}
    assert (status, body) == (200, expected)
    assert call(client, "get", path, bearer(world.viewer)) == (200, expected)
    listed = {k: v for k, v in expected.items() if k in {
        "id", "title", "code", "org_id", "org_name", "audience", "audience_label", "opens_at", "closes_at",
        "question_count", "seconds_per_question", "attempts_allowed", "pool_size", "started"}}
    assert call(client, "get", f"/orgs/{world.ward.pk}/contests", bearer(world.viewer)) == (200, [listed])
    assert call(client, "get", f"/orgs/{world.province.pk}/contests", bearer(world.province_admin)) == (200, [listed])
    assert call(client, "get", f"/orgs/{world.cell.pk}/contests", bearer(world.secretary)) == (200, [])  # organised above the cell

    status, body = call(client, "patch", path, admin, {"title": "Thi tìm hiểu Chỉ thị 05-CT/TW", "attempts_allowed": 2})
    assert (status, body["title"], body["attempts_allowed"], body["question_count"]) == (200, "Thi tìm hiểu Chỉ thị 05-CT/TW", 2, 2)

    _started(world, contest)
    assert call(client, "patch", path, admin, {"question_count": 1}) == (
        400, {"detail": "Đã có người bắt đầu thi: không thể đổi câu hỏi, số câu, thời gian hay cách tính điểm."})
    assert call(client, "put", f"{path}/questions", admin, {"question_ids": [second.pk, first.pk]}) == (
        400, {"detail": "Đã có người bắt đầu thi: không thể thay đổi bộ câu hỏi."})
    status, body = call(client, "patch", path, admin, {"question_count": 2, "closes_at": "2026-03-11T05:00:00+07:00"})
    assert (status, body["closes_at"], body["started"], body["started_at"]) == (
        200, "2026-03-10T22:00:00Z", True, "2026-03-10T19:05:00Z")
    assert list(ContestQuestion.objects.filter(contest=contest).values_list("question_id", "weight")) == [
        (third.pk, 1), (first.pk, 2)]
    assert list(AuditEntry.objects.in_subtree(world.ward).filter(action__startswith="contest.").order_by("id")
                .values_list("action", "actor__username")) == [
        ("contest.create", "phuong"), ("contest.questions", "phuong"), ("contest.update", "phuong"),
        ("contest.update", "phuong")]


def test_a_contest_that_breaks_a_rule_is_refused_and_nothing_is_made(world, client, clock):
    admin = bearer(world.ward_admin)
    path = f"/orgs/{world.ward.pk}/contests"
    good = {"title": "Thi tháng 3", "opens_at": "2026-03-11T02:00:00+07:00", "closes_at": "2026-03-11T04:00:00+07:00"}
    assert call(client, "post", path, admin, {**good, "closes_at": "2026-03-11T01:00:00+07:00"}) == (
        400, {"detail": "Thời điểm đóng phải sau thời điểm mở."})
    assert call(client, "post", path, admin, {**good, "seconds_per_question": 5}) == (
        400, {"detail": "Thời gian mỗi câu phải từ 10 đến 600 giây."})
    elsewhere = create_document(by=world.sibling_admin, org=world.sibling_ward, kind="ke_hoach", title="Kế hoạch phường khác",
                                body="Nội dung")
    assert call(client, "post", path, admin, {**good, "document_id": elsewhere.pk}) == (
        400, {"detail": "Không tìm thấy tài liệu đã chọn (hoặc ngoài phạm vi của đồng chí)."})
    status, body = call(client, "post", path, admin, {**good, "code": "abc123", "audience": "tat_ca", "title": " "})
    assert (status, [(e["field"], e["message"]) for e in body["errors"]]) == (422, [
        ("title", "không được để trống"), ("audience", "phải là một trong: dang_vien, cong_khai"),
        ("code", "không có trường này")])
    assert call(client, "post", path, bearer(world.viewer), good) == (403, FORBIDDEN)
    assert call(client, "post", path, bearer(world.sibling_admin), good) == (404, NOT_FOUND)
    assert call(client, "post", f"/orgs/{world.cell.pk}/contests", bearer(world.member_user), good) == (404, NOT_FOUND)
    assert not Contest.objects.unscoped().exists()


def test_only_questions_of_the_banks_the_organisation_uses_are_chosen(world, client, clock):
    contest = _ward_contest(world, count=2)
    ward_question = Question.objects.in_orgs([world.ward.pk]).order_by("id").first()
    retired = make_questions(world.ward, world.ward_admin, 1)[0]
    services.set_question_active(retired, by=world.ward_admin, active=False)
    province_question = make_questions(world.province, world.province_admin, 1)[0]
    cell_question = make_questions(world.cell, world.secretary, 1)[0]
    sibling_question = make_questions(world.sibling_ward, world.sibling_admin, 1)[0]
    admin = bearer(world.ward_admin)
    path = f"/orgs/{world.ward.pk}/contests/{contest.pk}/questions"
    before = list(ContestQuestion.objects.filter(contest=contest).values_list("question_id", flat=True))

    for question in (sibling_question, cell_question):  # another ward's bank; a bank below the ward
        assert call(client, "put", path, admin, {"question_ids": [ward_question.pk, question.pk]}) == (
            400, {"detail": f"Câu hỏi {question.pk} không thuộc ngân hàng câu hỏi mà đơn vị được dùng."})
    assert call(client, "put", path, admin, {"question_ids": [ward_question.pk], "weights": {str(ward_question.pk): 11}}) == (
        400, {"detail": "Hệ số của câu hỏi phải từ 1 đến 10."})
    assert call(client, "put", path, admin, {"question_ids": [ward_question.pk], "weights": {str(province_question.pk): 2}}) == (
        400, {"detail": f"Có hệ số cho câu hỏi {province_question.pk} nhưng câu này không có trong danh sách đã chọn."})
    assert list(ContestQuestion.objects.filter(contest=contest).values_list("question_id", flat=True)) == before

    status, body = call(client, "put", path, admin, {"question_ids": [province_question.pk, retired.pk, ward_question.pk]})
    assert (status, [q["question_id"] for q in body["questions"]]) == (200, [province_question.pk, retired.pk, ward_question.pk])
    assert call(client, "put", path, bearer(world.viewer), {"question_ids": []}) == (403, FORBIDDEN)
    # The cell's committee manages the cell, not the ward's contest: out of reach through the cell.
    assert call(client, "put", f"/orgs/{world.cell.pk}/contests/{contest.pk}/questions", bearer(world.secretary),
                {"question_ids": []}) == (404, NOT_FOUND)
    status, body = call(client, "put", path, admin, {"question_ids": [], "weight": {}})
    assert (status, body["errors"]) == (422, [{"field": "weight", "message": "không có trường này"}])


# The bank ---------------------------------------------------------------------------------------------

def _bank_question(question, asked=0, right=0):
    return {"id": question.pk, "org_id": question.org_id, "org_name": question.org.name, "kind": question.kind,
            "kind_label": question.get_kind_display(), "text": question.text, "explanation": question.explanation,
            "tags": question.tag_list, "difficulty": question.difficulty,
            "difficulty_label": question.get_difficulty_display(), "active": question.is_active,
            "document_id": question.document_id, "topic_id": question.topic_id,
            "options": [{"id": o.pk, "text": o.text, "is_correct": o.is_correct} for o in question.options.all()],
            "asked": asked, "right": right}


def test_the_bank_lists_the_questions_above_with_their_key_and_usage(world, client, clock):
    ward_questions = make_questions(world.ward, world.ward_admin, 6, multiple_every=3)
    hard = services.save_question(org=world.cell, by=world.secretary, kind=QuestionKind.SINGLE,
                                  text="Hiến pháp năm 2013 có bao nhiêu chương?", options=[("11", True), ("12", False)],
                                  tags="hiến pháp", difficulty=3, explanation="Hiến pháp 2013 có 11 chương.")
    make_questions(world.sibling_ward, world.sibling_admin, 2)  # another ward's bank: never listed
    contest = make_contest(world.ward, world.ward_admin, ward_questions, question_count=6, draw_at_random=False,
                           shuffle_questions=False)
    _answer_all(_started(world, contest), OPENS + 6 * MINUTE, right={0, 1, 2})
    secretary = bearer(world.secretary)
    status, body = call(client, "get", f"/orgs/{world.cell.pk}/questions", secretary)
    assert (status, body["count"], body["page"], body["pages"]) == (200, 7, 1, 1)
    assert [q["id"] for q in body["results"]] == [hard.pk] + [q.pk for q in reversed(ward_questions)]
    assert body["results"][0] == _bank_question(hard)
    assert body["results"][4] == _bank_question(ward_questions[2], asked=1, right=1)  # multiple choice: two right
    assert [o["is_correct"] for o in body["results"][4]["options"]] == [True, False, True, False]
    assert body["results"][3] == _bank_question(ward_questions[3], asked=1, right=0)

    def ids(query):
        return [q["id"] for q in call(client, "get", f"/orgs/{world.cell.pk}/questions?{query}", secretary)[1]["results"]]

    assert ids("q=hien+phap") == [hard.pk]  # without diacritics
    assert ids("q=cau+hoi+so+2") == [ward_questions[1].pk]
    assert ids("difficulty=3") == [hard.pk]
    assert ids("tag=Th%C3%A1ng%203") == [q.pk for q in reversed(ward_questions)]
    services.set_question_active(hard, by=world.secretary, active=False)
    assert (ids(""), ids("retired=true")) == ([q.pk for q in reversed(ward_questions)], [hard.pk])
    assert call(client, "get", f"/orgs/{world.cell.pk}/questions", bearer(world.viewer)) == (403, FORBIDDEN)
    assert call(client, "get", f"/orgs/{world.cell.pk}/questions", bearer(world.sibling_admin)) == (404, NOT_FOUND)


def test_the_bank_is_paginated_by_fifty(world, client, clock):
    made = make_questions(world.ward, world.ward_admin, 51)
    admin = bearer(world.ward_admin)
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/questions?page=2", admin)
    assert (status, body["count"], body["page"], body["pages"], [q["id"] for q in body["results"]]) == (
        200, 51, 2, 2, [made[0].pk])
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/questions?page=9", admin)
    assert (status, body["page"], [q["id"] for q in body["results"]]) == (200, 2, [made[0].pk])


def test_an_organiser_adds_a_question_to_the_bank(world, client, clock):
    topic = create_topic(by=world.ward_admin, org=world.ward, name="Học tập Chỉ thị 05")
    other_topic = create_topic(by=world.sibling_admin, org=world.sibling_ward, name="Chuyên đề phường khác")
    secretary = bearer(world.secretary)
    question = {"kind": "nhieu", "text": "Những nội dung nào thuộc Chỉ thị 05-CT/TW?", "tags": "chỉ thị 05,, tháng 3 ,",
                "difficulty": 3, "explanation": "Xem Điều 2.", "topic_id": topic.pk,
                "options": [{"text": "Tư tưởng", "is_correct": True}, {"text": "Đạo đức", "is_correct": True},
                            {"text": "Thể thao"}]}
    status, body = call(client, "post", f"/orgs/{world.cell.pk}/questions", secretary, question)
    created = Question.objects.in_orgs([world.cell.pk]).get()
    assert (status, body) == (201, _bank_question(created))
    assert (body["tags"], body["kind_label"], body["topic_id"], [o["text"] for o in body["options"]]) == (
        ["chỉ thị 05", "tháng 3"], "Nhiều đáp án đúng", topic.pk, ["Tư tưởng", "Đạo đức", "Thể thao"])

    assert call(client, "post", f"/orgs/{world.cell.pk}/questions", secretary, {**question, "kind": "mot"}) == (
        400, {"detail": "Câu hỏi chưa hợp lệ: câu một đáp án cần đúng 1 phương án đúng (đang có 2)."})
    assert call(client, "post", f"/orgs/{world.cell.pk}/questions", secretary, {**question, "topic_id": other_topic.pk}) == (
        400, {"detail": "Không tìm thấy chuyên đề đã chọn (chỉ dùng chuyên đề của đơn vị và cấp trên)."})
    status, body = call(client, "post", f"/orgs/{world.cell.pk}/questions", secretary,
                        {**question, "options": [{"text": "A", "is_correct": True, "position": 1}], "difficulty": 4})
    assert (status, [(e["field"], e["message"]) for e in body["errors"]]) == (
        422, [("options.0.position", "không có trường này"), ("difficulty", "phải từ 3 trở xuống")])
    assert call(client, "post", f"/orgs/{world.cell.pk}/questions", bearer(world.viewer), question) == (403, FORBIDDEN)
    assert Question.objects.in_orgs([world.cell.pk]).count() == 1


# Results for organisers -------------------------------------------------------------------------------

def test_the_ranking_participation_and_statistics_are_exact(world, client, clock):
    contest = _ward_contest(world, count=5, draw_at_random=False, shuffle_questions=False)
    _answer_all(_started(world, contest), OPENS + 6 * MINUTE)  # all right, 1 minute after the start
    _answer_all(_started(world, contest, member=world.other_member, when=OPENS + 7 * MINUTE),
                OPENS + 7 * MINUTE, right={0, 1, 2})
    _started(world, contest, member=world.secretary_member)  # not finished: not ranked, not counted
    path = f"/orgs/{world.ward.pk}/contests/{contest.pk}"
    viewer = bearer(world.viewer)
    status, body = call(client, "get", f"{path}/ranking", viewer)
    assert (status, body) == (200, {"has_prediction": False, "all_correct": 1, "takers": 2, "rows": [
        {"rank": 1, "name": "Trần Văn Đảng", "unit": "Chi bộ Khu phố 1", "score": 10.0, "time_taken_ms": 0,
         "finished_at": "2026-03-10T19:06:00Z", "reason": "", "attempts": 1, "prediction_gap": None},
        {"rank": 2, "name": "Lê Thị Khác", "unit": "Chi bộ Khu phố 2", "score": 6.0, "time_taken_ms": 0,
         "finished_at": "2026-03-10T19:07:00Z", "reason": "điểm thấp hơn", "attempts": 1, "prediction_gap": None}]})

    status, body = call(client, "get", f"{path}/participation?day=2026-03-11", viewer)
    assert (status, body["day"], body["total"], body["children"]) == (200, "2026-03-11", {
        "org_id": world.ward.pk, "org_name": "Đảng bộ phường Bến Thành", "eligible": 3, "took": 2, "percent": "66,7%"}, [
        {"org_id": world.cell.pk, "org_name": "Chi bộ Khu phố 1", "eligible": 2, "took": 1, "percent": "50,0%"},
        {"org_id": world.other_cell.pk, "org_name": "Chi bộ Khu phố 2", "eligible": 1, "took": 1, "percent": "100,0%"}])
    assert "miễn sinh hoạt" in body["rule"]
    status, body = call(client, "get", f"{path}/participation?day=11/03/2026", viewer)
    assert (status, body["errors"]) == (422, [{"field": "day", "message": "phải là ngày dạng YYYY-MM-DD"}])

    status, body = call(client, "get", f"{path}/question-statistics", bearer(world.ward_admin))
    pool = list(contest.entries.order_by("position").values_list("question_id", "question__text"))
    assert (status, body) == (200, [
        *[{"question_id": qid, "text": text, "asked": 2, "right": 1, "wrong": 1, "unanswered": 0, "percent": "50,0%"}
          for qid, text in pool[3:]],
        *[{"question_id": qid, "text": text, "asked": 2, "right": 2, "wrong": 0, "unanswered": 0, "percent": "100,0%"}
          for qid, text in pool[:3]]])
    assert call(client, "get", f"{path}/question-statistics", viewer) == (403, FORBIDDEN)
    assert call(client, "get", f"{path}/ranking", bearer(world.sibling_admin)) == (404, NOT_FOUND)
    assert call(client, "get", f"{path}/ranking", bearer(world.member_user)) == (404, NOT_FOUND)


# Taking part ------------------------------------------------------------------------------------------

def test_a_member_lists_the_contests_open_to_them(world, client, clock):
    ward_contest = _ward_contest(world, count=5, attempts_allowed=2)
    cell_contest = make_contest(world.cell, world.secretary, make_questions(world.cell, world.secretary, 5),
                                title="Thi của chi bộ", opens_at=OPENS + 60 * MINUTE)
    never_taken = _ward_contest(world, count=5)
    sibling = make_contest(world.sibling_ward, world.sibling_admin, make_questions(world.sibling_ward, world.sibling_admin, 5),
                           title="Thi phường khác")
    _answer_all(_started(world, ward_contest), OPENS + 6 * MINUTE, right={0, 1})
    _answer_all(_started(world, ward_contest, when=OPENS + 8 * MINUTE), OPENS + 8 * MINUTE, right={0, 1, 2, 3})
    status, body = call(client, "get", "/me/contests", bearer(world.member_user))
    best = Attempt.objects.unscoped().get(contest=ward_contest, number=2)
    assert status == 200
    assert [c["id"] for c in body] == [cell_contest.pk, never_taken.pk, ward_contest.pk]
    assert sibling.pk not in [c["id"] for c in body]
    assert body[0] == {"id": cell_contest.pk, "title": "Thi của chi bộ", "code": cell_contest.code,
                       "org_name": "Chi bộ Khu phố 1", "audience": "dang_vien", "opens_at": "2026-03-10T20:00:00Z",
                       "closes_at": "2026-03-10T21:00:00Z", "question_count": 5, "seconds_per_question": 30,
                       "attempts_allowed": 1, "is_open": False, "attempts_used": 0, "best_score": None,
                       "best_attempt_id": None}
    assert {k: body[2][k] for k in ("is_open", "attempts_allowed", "attempts_used", "best_score", "best_attempt_id")} == {
        "is_open": True, "attempts_allowed": 2, "attempts_used": 2, "best_score": 8.0, "best_attempt_id": best.pk}
    status, body = call(client, "get", "/me/contests", bearer(world.other_member_user))  # another cell, under the ward
    assert (status, [(c["id"], c["attempts_used"], c["best_score"]) for c in body]) == (
        200, [(never_taken.pk, 0, None), (ward_contest.pk, 0, None)])
    assert call(client, "get", "/me/contests", bearer(world.viewer)) == (404, NOT_FOUND)  # no member record


def test_starting_creates_one_attempt_and_resumes_it(world, client, clock):
    contest = _ward_contest(world)
    member = bearer(world.member_user)
    status, body = call(client, "post", f"/contests/{contest.code}/attempts", member)
    attempt = Attempt.objects.unscoped().get()
    expected = {"id": attempt.pk, "contest_id": contest.pk, "contest_title": "Thi tìm hiểu Chỉ thị 05 tháng 3",
                "code": contest.code, "number": 1, "started_at": "2026-03-10T19:10:00Z", "finished": False}
    assert (status, body) == (201, expected)
    clock.now += MINUTE
    assert call(client, "post", f"/contests/{contest.code.upper()}/attempts", member) == (200, expected)
    assert (Attempt.objects.unscoped().count(), attempt.slots.count()) == (1, 5)

    _answer_all(attempt, clock.now)
    assert call(client, "post", f"/contests/{contest.code}/attempts", member) == (
        400, {"detail": "Bạn đã dùng hết số lượt thi của cuộc thi này."})
    clock.now = contest.closes_at
    assert call(client, "post", f"/contests/{contest.code}/attempts", bearer(world.other_member_user)) == (
        400, {"detail": "Cuộc thi chưa mở hoặc đã kết thúc."})
    assert Attempt.objects.unscoped().count() == 1


def test_a_members_only_contest_elsewhere_does_not_exist_for_the_caller(world, client, clock):
    cell_contest = make_contest(world.cell, world.secretary, make_questions(world.cell, world.secretary, 5))
    sibling_public = make_contest(world.sibling_ward, world.sibling_admin,
                                  make_questions(world.sibling_ward, world.sibling_admin, 5), audience="cong_khai")
    for user in (world.other_member_user, world.viewer, world.ward_admin):  # another cell; accounts without a member record
        assert call(client, "post", f"/contests/{cell_contest.code}/attempts", bearer(user)) == (404, NOT_FOUND), user
    assert call(client, "post", "/contests/khongco/attempts", bearer(world.member_user)) == (404, NOT_FOUND)
    status, body = call(client, "post", f"/contests/{sibling_public.code}/attempts", bearer(world.other_member_user))
    assert (status, body["contest_id"]) == (201, sibling_public.pk)  # a public contest is anyone's
    assert list(Attempt.objects.unscoped().values_list("member_id", flat=True)) == [world.other_member.pk]


def test_too_many_starts_at_once_are_asked_to_come_back(world, client, clock):
    contest = _ward_contest(world)

    class Full:
        def __enter__(self):
            raise admission.Busy(2)

        def __exit__(self, *exc):
            return False

    with mock.patch.object(admission, "admit", Full):
        response = client.post(f"/api/v1/contests/{contest.code}/attempts", **bearer(world.member_user))
    assert (response.status_code, response["Retry-After"], response.json()) == (
        503, "2", {"detail": "Đang có nhiều người cùng bắt đầu: xin thử lại sau vài giây."})
    assert not Attempt.objects.unscoped().exists()


def test_the_current_question_never_carries_the_key(world, client, clock):
    contest = make_contest(world.ward, world.ward_admin, make_questions(world.ward, world.ward_admin, 3, multiple_every=3),
                           question_count=3, draw_at_random=False, shuffle_questions=False)
    attempt = _started(world, contest, when=clock.now)
    member = bearer(world.member_user)
    status, body = call(client, "get", f"/attempts/{attempt.pk}/current", member)
    slots = list(attempt.slots.all())
    options = {o.pk: o for q in Question.objects.unscoped().all() for o in q.options.all()}
    assert (status, body) == (200, {
        "position": 0, "number": 1, "count": 3, "text": "Câu hỏi số 1 về Chỉ thị 05-CT/TW?",
        "options": [{"id": i, "text": options[i].text} for i in slots[0].option_order],
        "multiple": False, "seconds_left": 30})
    keys, values = _walk(body)
    assert keys == {"position", "number", "count", "text", "options", "multiple", "seconds_left", "id"}
    assert slots[0].key not in values and "Giải thích câu 1" not in values

    clock.now += datetime.timedelta(seconds=12)
    assert call(client, "get", f"/attempts/{attempt.pk}/current", member)[1]["seconds_left"] == 18  # the clock runs on
    for slot in slots[:2]:
        services.submit_answer(attempt, position=slot.position, option_ids=slot.key[:1], now=clock.now)
        status, body = call(client, "get", f"/attempts/{attempt.pk}/current", member)
    assert (status, body["position"], body["multiple"], len(slots[2].key)) == (200, 2, True, 2)  # two to choose: said, not which
    keys, values = _walk(body)
    assert (keys, slots[2].key in values, sorted(slots[2].key, reverse=True) in values) == (
        {"position", "number", "count", "text", "options", "multiple", "seconds_left", "id"}, False, False)
    assert call(client, "post", f"/attempts/{attempt.pk}/answers", member, {"position": 2, "option_ids": slots[2].key}) == (
        201, {"position": 2, "option_ids": slots[2].key, "answered_at": "2026-03-10T19:10:12Z"})
    assert call(client, "get", f"/attempts/{attempt.pk}/current", member) == (200, {"finished": True})


def test_an_answer_sent_twice_is_recorded_once(world, client, clock):
    contest = _ward_contest(world)
    attempt = _started(world, contest, when=clock.now)
    member = bearer(world.member_user)
    call(client, "get", f"/attempts/{attempt.pk}/current", member)
    slot = attempt.slots.get(position=0)
    clock.now += datetime.timedelta(seconds=4)
    first = call(client, "post", f"/attempts/{attempt.pk}/answers", member, {"position": 0, "option_ids": slot.key})
    assert first == (201, {"position": 0, "option_ids": slot.key, "answered_at": "2026-03-10T19:10:04Z"})
    clock.now += datetime.timedelta(seconds=2)
    assert call(client, "post", f"/attempts/{attempt.pk}/answers", member, {"position": 0, "option_ids": slot.key}) == (200, first[1])
    other_choice = [i for i in slot.option_order if i not in slot.key][:1]
    assert call(client, "post", f"/attempts/{attempt.pk}/answers", member, {"position": 0, "option_ids": other_choice}) == (200, first[1])
    assert list(Answer.objects.filter(attempt=attempt).values_list("position", "chosen", "is_correct")) == [(0, slot.key, True)]


def test_an_answer_is_refused_late_unasked_or_with_a_time_of_its_own(world, client, clock):
    contest = _ward_contest(world)
    attempt = _started(world, contest, when=clock.now)
    member = bearer(world.member_user)
    call(client, "get", f"/attempts/{attempt.pk}/current", member)
    slot = attempt.slots.get(position=0)
    assert call(client, "post", f"/attempts/{attempt.pk}/answers", member, {"position": 1, "option_ids": slot.key}) == (
        400, {"detail": "Câu hỏi này chưa được giao."})
    status, body = call(client, "post", f"/attempts/{attempt.pk}/answers", member,
                        {"position": 0, "option_ids": slot.key, "answered_at": "2026-03-10T19:10:01Z", "seconds_left": 29})
    assert (status, [(e["field"], e["message"]) for e in body["errors"]]) == (
        422, [("answered_at", "không có trường này"), ("seconds_left", "không có trường này")])
    clock.now += datetime.timedelta(seconds=30 + 3 + 1)  # past the 30 s and the 3 s allowed for the network
    assert call(client, "post", f"/attempts/{attempt.pk}/answers", member, {"position": 0, "option_ids": slot.key}) == (
        400, {"detail": "Câu hỏi đã hết giờ: câu trả lời không được tính."})
    assert not Answer.objects.filter(attempt=attempt).exists()


def test_another_persons_attempt_does_not_exist(world, client, clock):
    contest = _ward_contest(world)
    attempt = _started(world, contest, when=clock.now)
    services.current_slot(attempt, now=clock.now)
    key = attempt.slots.get(position=0).key
    for user in (world.other_member_user, world.secretary, world.ward_admin, world.superuser):
        auth = bearer(user)
        assert call(client, "get", f"/attempts/{attempt.pk}/current", auth) == (404, NOT_FOUND), user
        assert call(client, "post", f"/attempts/{attempt.pk}/answers", auth, {"position": 0, "option_ids": key}) == (404, NOT_FOUND)
        assert call(client, "post", f"/attempts/{attempt.pk}/finish", auth, {"prediction": 1}) == (404, NOT_FOUND)
        assert call(client, "get", f"/attempts/{attempt.pk}", auth) == (404, NOT_FOUND)
    assert call(client, "get", "/attempts/999999", bearer(world.member_user)) == (404, NOT_FOUND)
    assert not Answer.objects.exists()


def test_the_review_is_given_only_once_the_contest_has_closed(world, client, clock):
    contest = _ward_contest(world, count=2, question_count=2, draw_at_random=False, shuffle_questions=False)
    attempt = _answer_all(_started(world, contest, when=clock.now), clock.now + datetime.timedelta(seconds=5), right={0})
    member = bearer(world.member_user)
    status, body = call(client, "get", f"/attempts/{attempt.pk}", member)
    result = {"id": attempt.pk, "contest_id": contest.pk, "contest_title": "Thi tìm hiểu Chỉ thị 05 tháng 3",
              "code": contest.code, "number": 1, "started_at": "2026-03-10T19:10:00Z", "finished": True,
              "finished_at": "2026-03-10T19:10:05Z", "finish_reason": "nop_bai", "finish_reason_label": "Nộp bài",
              "score": 5.0, "correct_count": 1, "question_count": 2, "time_taken_ms": 0, "prediction": None,
              "rank": 1, "closes_at": "2026-03-10T21:00:00Z", "review": None}
    assert (status, body) == (200, result)

    clock.now = contest.closes_at
    slots = list(attempt.slots.all())
    options = {o.pk: o for q in Question.objects.unscoped().all() for o in q.options.all()}
    chosen = {a.position: a.chosen for a in attempt.answers.all()}
    assert call(client, "get", f"/attempts/{attempt.pk}", member) == (200, {**result, "review": [
        {"position": s.position, "text": f"Câu hỏi số {s.position + 1} về Chỉ thị 05-CT/TW?",
         "explanation": f"Giải thích câu {s.position + 1}", "answered": True, "is_correct": s.position == 0,
         "options": [{"id": i, "text": options[i].text, "chosen": i in chosen[s.position], "correct": options[i].is_correct}
                     for i in s.option_order]}
        for s in slots]})


def test_the_prediction_finishes_the_attempt_once_the_questions_are_done(world, client, clock):
    plain = _ward_contest(world, count=2, question_count=2)
    predicted = _ward_contest(world, count=2, question_count=2, has_prediction=True)
    member = bearer(world.member_user)
    attempt = _started(world, plain, when=clock.now)
    assert call(client, "post", f"/attempts/{attempt.pk}/finish", member, {"prediction": 3}) == (
        400, {"detail": "Cuộc thi này không có câu dự đoán: bài thi tự kết thúc sau câu hỏi cuối cùng."})

    attempt = _started(world, predicted, when=clock.now)
    assert call(client, "post", f"/attempts/{attempt.pk}/finish", member, {"prediction": 3}) == (
        400, {"detail": "Hãy trả lời hết các câu hỏi trước khi dự đoán."})
    _answer_all(attempt, clock.now)
    assert call(client, "get", f"/attempts/{attempt.pk}/current", member) == (200, {"awaiting_prediction": True})
    status, body = call(client, "post", f"/attempts/{attempt.pk}/finish", member, {"prediction": -1})
    assert (status, body["errors"]) == (422, [{"field": "prediction", "message": "phải từ 0 trở lên"}])
    clock.now += datetime.timedelta(seconds=20)
    status, body = call(client, "post", f"/attempts/{attempt.pk}/finish", member, {"prediction": 3})
    assert (status, body["finished"], body["finish_reason"], body["prediction"], body["score"], body["rank"],
            body["finished_at"], body["review"]) == (200, True, "nop_bai", 3, 10.0, 1, "2026-03-10T19:10:20Z", None)
    assert call(client, "post", f"/attempts/{attempt.pk}/finish", member, {"prediction": 5}) == (
        400, {"detail": "Bài thi đã nộp."})
    assert Attempt.objects.unscoped().get(pk=attempt.pk).prediction == 3


# Queries ---------------------------------------------------------------------------------------------

def _queries(client, path, auth):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        status, body = call(client, "get", path, auth)
    assert status == 200
    return len(queries), len(body) if isinstance(body, list) else len(body["results"])


def test_lists_take_as_many_queries_for_one_row_as_for_three(world, client, clock):
    admin, member = bearer(world.ward_admin), bearer(world.member_user)
    call(client, "get", "/me", admin), call(client, "get", "/me", member)  # a token's first use is recorded once
    paths = (f"/orgs/{world.ward.pk}/contests", "/me/contests", f"/orgs/{world.ward.pk}/questions")

    def measure():
        return [_queries(client, path, auth) for path, auth in zip(paths, (admin, member, admin), strict=True)]

    contest = _ward_contest(world, count=1, question_count=1)
    _answer_all(_started(world, contest), OPENS + 6 * MINUTE)
    one = measure()
    for _ in range(2):
        contest = _ward_contest(world, count=1, question_count=1)
        _answer_all(_started(world, contest), OPENS + 6 * MINUTE)
    three = measure()
    assert [count for count, _ in one] == [count for count, _ in three]
    assert [rows for _, rows in one] == [1, 1, 1] and [rows for _, rows in three] == [3, 3, 3]
