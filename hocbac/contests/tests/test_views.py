import datetime
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hocbac.contests import services
from hocbac.contests.models import Answer, Attempt, Contest, FinishReason, Option
from hocbac.contests.tests.conftest import make_contest, make_questions
from hocbac.core.models import AuditEntry


@pytest.fixture
def open_contest(world):
    now = timezone.now()
    return make_contest(world.ward, world.ward_admin, make_questions(world.ward, world.ward_admin, 8),
                        opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(hours=1))


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _start(client, contest):
    response = client.post(reverse("contests:start", args=[contest.code]))
    assert response.status_code == 302
    return Attempt.objects.unscoped().get(contest=contest, finished_at__isnull=True, member__user_id=client.session["_auth_user_id"])


def test_landing_offers_start_and_a_get_starts_nothing(world, open_contest):
    client = _client(world.member_user)
    response = client.get(reverse("contests:landing", args=[open_contest.code]))
    assert "Bắt đầu thi" in response.content.decode()
    assert Attempt.objects.unscoped().filter(contest=open_contest).count() == 0


def test_member_takes_contest_through_pages(world, open_contest):
    client = _client(world.member_user)
    attempt = _start(client, open_contest)
    for position in range(5):
        page = client.get(reverse("contests:question", args=[attempt.pk]))
        html = page.content.decode()
        assert f"Câu {position + 1}/5" in html
        slot = attempt.slots.get(position=position)
        response = client.post(reverse("contests:answer", args=[attempt.pk]),
                               {"position": position, "option": slot.key})
        assert (response.status_code, response["X-Answer"]) == (302, "recorded")
    attempt.refresh_from_db()
    assert (attempt.score, attempt.finish_reason) == (10, FinishReason.SUBMITTED)
    result = client.get(reverse("contests:question", args=[attempt.pk]), follow=True)
    text = result.content.decode()
    assert "10,00" in text and "5/5 câu đúng" in text and "Xếp hạng hiện tại: <strong>1</strong>" in text
    assert "Đáp án và giải thích hiện sau khi cuộc thi kết thúc" in text


def test_question_page_never_carries_the_key(world, open_contest):
    client = _client(world.member_user)
    attempt = _start(client, open_contest)
    html = client.get(reverse("contests:question", args=[attempt.pk])).content.decode()
    slot = attempt.slots.get(position=0)
    assert "đúng" not in html.split("<form")[1].lower().replace("phương án đúng", "")
    assert "Giải thích" not in html
    # every option is shown, in the drawn order, with nothing marking the right one
    positions = [html.index(f'value="{pk}"') for pk in slot.option_order]
    assert positions == sorted(positions)
    assert "correct" not in html and "is_correct" not in html


def test_reload_resumes_same_question_with_clock_running(world, open_contest):
    client = _client(world.member_user)
    attempt = _start(client, open_contest)
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start):
        first = client.get(reverse("contests:question", args=[attempt.pk])).content.decode()
    with mock.patch("django.utils.timezone.now", return_value=start + datetime.timedelta(seconds=12)):
        again = client.get(reverse("contests:question", args=[attempt.pk])).content.decode()
    assert 'data-seconds-left="30"' in first and 'data-seconds-left="18"' in again
    assert "Câu 1/5" in again


def test_doubled_answer_records_once_and_late_answer_is_refused(world, open_contest):
    client = _client(world.member_user)
    attempt = _start(client, open_contest)
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start):
        client.get(reverse("contests:question", args=[attempt.pk]))
    slot = attempt.slots.get(position=0)
    url = reverse("contests:answer", args=[attempt.pk])
    with mock.patch("django.utils.timezone.now", return_value=start + datetime.timedelta(seconds=3)):
        first = client.post(url, {"position": 0, "option": slot.key})
        second = client.post(url, {"position": 0, "option": next(pk for pk in slot.option_order if pk not in slot.key)})
    assert (first["X-Answer"], second["X-Answer"]) == ("recorded", "replayed")
    assert list(Answer.objects.filter(attempt=attempt).values_list("chosen", flat=True)) == [slot.key]
    with mock.patch("django.utils.timezone.now", return_value=start + datetime.timedelta(seconds=4)):
        client.get(reverse("contests:question", args=[attempt.pk]))  # serves question 2
    late = start + datetime.timedelta(seconds=4 + 30 + services.GRACE_SECONDS + 1)
    with mock.patch("django.utils.timezone.now", return_value=late):
        response = client.post(url, {"position": 1, "option": attempt.slots.get(position=1).key})
        page = client.get(reverse("contests:question", args=[attempt.pk]))
    assert response["X-Answer"] == "rejected"
    assert Answer.objects.filter(attempt=attempt).count() == 1
    assert "Câu hỏi đã hết giờ" in page.content.decode() and "Câu 3/5" in page.content.decode()


def test_client_sent_times_are_ignored(world, open_contest):
    client = _client(world.member_user)
    attempt = _start(client, open_contest)
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start):
        client.get(reverse("contests:question", args=[attempt.pk]))
    slot = attempt.slots.get(position=0)
    with mock.patch("django.utils.timezone.now", return_value=start + datetime.timedelta(seconds=60)):
        response = client.post(reverse("contests:answer", args=[attempt.pk]),
                               {"position": 0, "option": slot.key, "answered_at": start.isoformat(),
                                "seconds_left": "29", "served_at": start.isoformat()})
    assert response["X-Answer"] == "rejected"
    assert Answer.objects.filter(attempt=attempt).count() == 0


def test_someone_elses_attempt_is_404(world, open_contest):
    attempt = _start(_client(world.member_user), open_contest)
    other = _client(world.secretary)
    for name in ("question", "result"):
        assert other.get(reverse(f"contests:{name}", args=[attempt.pk])).status_code == 404
    response = other.post(reverse("contests:answer", args=[attempt.pk]),
                          {"position": 0, "option": attempt.slots.get(position=0).key})
    assert response.status_code == 404
    assert Answer.objects.filter(attempt=attempt).count() == 0


def _answer(client, attempt, position=0, **data):
    client.get(reverse("contests:question", args=[attempt.pk]))  # serves the question
    return client.post(reverse("contests:answer", args=[attempt.pk]),
                       {"position": position, "option": attempt.slots.get(position=position).key, **data})


def test_answer_of_a_signed_in_member_reads_and_locks_the_attempt_in_one_statement(world, open_contest):
    """The hot path: whose the attempt is, whether it is finished and what marks the answer come
    with the lock; then the slot, the ledger's INSERT and the UPDATE of the current question."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(world.member_user)
    attempt = _start(client, open_contest)
    client.get(reverse("contests:question", args=[attempt.pk]))
    slot = attempt.slots.get(position=0)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse("contests:answer", args=[attempt.pk]), {"position": 0, "option": slot.key})
    assert response["X-Answer"] == "recorded"
    sql = [" ".join(q["sql"].split()) for q in captured.captured_queries if "contests_" in q["sql"]]

    def what(statement):  # the verb and the table of the outer query
        verb, rest = statement.split(" ", 1)
        return verb, rest.rsplit(" FROM ", 1)[-1].removeprefix("INTO ").split()[0].strip('"')

    assert [what(statement) for statement in sql] == [
        ("SELECT", "contests_attempt"), ("SELECT", "contests_slot"), ("INSERT", "contests_answer"),
        ("UPDATE", "contests_attempt")]
    assert ("FOR UPDATE OF a" in sql[0]) == (connection.vendor == "postgresql")


def test_answer_to_no_attempt_or_with_no_position_records_nothing(world, open_contest):
    client = _client(world.member_user)
    attempt = _start(client, open_contest)
    assert client.post(reverse("contests:answer", args=[attempt.pk + 1000]), {"position": 0}).status_code == 404
    response = client.post(reverse("contests:answer", args=[attempt.pk]), {"position": "", "option": "1"})
    assert (response.status_code, response["X-Answer"]) == (302, "rejected")
    page = client.get(response["Location"]).content.decode()
    assert "Câu trả lời không hợp lệ." in page
    assert Answer.objects.filter(attempt=attempt).count() == 0


def test_guest_answers_and_nobody_else_can_answer_for_them(world, open_contest):
    services.update_contest(open_contest, by=world.ward_admin, audience="cong_khai")
    guest = Client()
    guest.post(reverse("contests:join", args=[open_contest.code]),
               {"name": "Nguyễn Văn Dân", "phone": "0903123456", "unit": "Tổ dân phố 3"})
    guest.post(reverse("contests:start", args=[open_contest.code]))
    attempt = Attempt.objects.unscoped().get(contest=open_contest)
    stranger = _answer(Client(), attempt)  # another browser, signed in to nothing: asked to sign in
    assert stranger.status_code == 302 and stranger["Location"].startswith(reverse("accounts:login"))
    assert _answer(_client(world.member_user), attempt).status_code == 404  # a member is not the guest
    assert Answer.objects.filter(attempt=attempt).count() == 0
    assert _answer(guest, attempt)["X-Answer"] == "recorded"
    assert _answer(guest, attempt)["X-Answer"] == "replayed"
    assert Answer.objects.filter(attempt=attempt).count() == 1


def test_sign_in_pass_holder_answers_and_the_member_signed_in_elsewhere_too(world, open_contest):
    """A pass is kept in the browser that redeemed it; the member's own account (if they have
    one) reaches the same attempt."""
    tokens = services.issue_passes(open_contest, members=[world.member], by=world.ward_admin)
    phone = Client()
    phone.post(reverse("contests:redeem", args=[open_contest.code, tokens[world.member]]))
    phone.post(reverse("contests:start", args=[open_contest.code]))
    attempt = Attempt.objects.unscoped().get(contest=open_contest)
    assert _answer(phone, attempt)["X-Answer"] == "recorded"
    assert _answer(_client(world.member_user), attempt, position=1)["X-Answer"] == "recorded"
    assert _answer(_client(world.other_member_user), attempt, position=2).status_code == 404
    assert list(Answer.objects.filter(attempt=attempt).values_list("position", flat=True).order_by("position")) == [0, 1]


def test_members_only_contest_of_another_ward_is_404(world):
    now = timezone.now()
    contest = make_contest(world.sibling_ward, world.sibling_admin, make_questions(world.sibling_ward, world.sibling_admin, 5),
                           opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(hours=1))
    client = _client(world.member_user)
    assert client.get(reverse("contests:landing", args=[contest.code])).status_code == 404
    assert client.post(reverse("contests:start", args=[contest.code])).status_code == 404
    assert Attempt.objects.unscoped().filter(contest=contest).count() == 0


def test_busy_start_answers_503_with_retry_after(world, open_contest):
    from hocbac.contests import admission

    with mock.patch.object(admission, "admit", side_effect=admission.Busy(3)):
        response = _client(world.member_user).post(reverse("contests:start", args=[open_contest.code]))
    assert (response.status_code, response["Retry-After"]) == (503, "3")
    assert "Thử lại" in response.content.decode()
    assert Attempt.objects.unscoped().filter(contest=open_contest).count() == 0


def test_prediction_finishes_the_attempt(world, open_contest):
    services.update_contest(open_contest, by=world.ward_admin, has_prediction=True)
    client = _client(world.member_user)
    attempt = _start(client, open_contest)
    for position in range(5):
        client.get(reverse("contests:question", args=[attempt.pk]))
        client.post(reverse("contests:answer", args=[attempt.pk]),
                    {"position": position, "option": attempt.slots.get(position=position).key})
    page = client.get(reverse("contests:question", args=[attempt.pk]))
    assert "bao nhiêu người trả lời đúng tất cả" in page.content.decode()
    client.post(reverse("contests:predict", args=[attempt.pk]), {"prediction": "12"})
    attempt.refresh_from_db()
    assert (attempt.prediction, attempt.score, attempt.is_finished) == (12, 10, True)


def test_guest_joins_public_contest_and_takes_it(world, open_contest):
    services.update_contest(open_contest, by=world.ward_admin, audience="cong_khai")
    client = Client()
    response = client.post(reverse("contests:join", args=[open_contest.code]),
                           {"name": "Nguyễn Văn Dân", "phone": "0903 123 456", "unit": "Tổ dân phố 3"})
    assert response.status_code == 302
    client.post(reverse("contests:start", args=[open_contest.code]))
    attempt = Attempt.objects.unscoped().get(contest=open_contest)
    assert (attempt.guest.name, attempt.guest.phone, attempt.org_id) == ("Nguyễn Văn Dân", "0903123456", world.ward.pk)
    assert client.get(reverse("contests:question", args=[attempt.pk])).status_code == 200
    # someone else's browser cannot reach it
    assert Client().get(reverse("contests:question", args=[attempt.pk])).status_code == 302


def test_guest_flood_from_one_address_is_refused(world, open_contest):
    services.update_contest(open_contest, by=world.ward_admin, audience="cong_khai")
    for i in range(services.GUESTS_PER_ADDRESS_PER_HOUR):
        Client().post(reverse("contests:join", args=[open_contest.code]),
                      {"name": f"Khách {i}", "phone": f"09031234{i:02d}", "unit": "Tổ 1"})
    response = Client().post(reverse("contests:join", args=[open_contest.code]),
                             {"name": "Khách thừa", "phone": "0903999999", "unit": "Tổ 1"})
    assert (response.status_code, response["Retry-After"]) == (429, "3600")
    assert open_contest.guests.count() == services.GUESTS_PER_ADDRESS_PER_HOUR


def test_guest_form_escapes_script(world, open_contest):
    services.update_contest(open_contest, by=world.ward_admin, audience="cong_khai")
    client = Client()
    client.post(reverse("contests:join", args=[open_contest.code]),
                {"name": "<script>alert(1)</script>", "phone": "0903123456", "unit": "Tổ 1"})
    client.post(reverse("contests:start", args=[open_contest.code]))
    page = client.get(reverse("contests:landing", args=[open_contest.code])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_sign_in_link_lets_a_member_without_password_take_part_once(world, open_contest):
    tokens = services.issue_passes(open_contest, members=[world.other_member], by=world.ward_admin)
    url = reverse("contests:redeem", args=[open_contest.code, tokens[world.other_member]])
    phone = Client()
    assert phone.get(url).status_code == 200  # a link preview uses nothing up
    assert phone.post(url).status_code == 302
    phone.post(reverse("contests:start", args=[open_contest.code]))
    attempt = Attempt.objects.unscoped().get(contest=open_contest)
    assert attempt.member == world.other_member
    second = Client().post(url)
    assert second.status_code == 400 and "đã được dùng" in second.content.decode()


def test_organiser_creates_contest_chooses_questions_and_sees_it_locked_after_start(world):
    questions = make_questions(world.cell, world.secretary, 6)
    client = _client(world.secretary)
    response = client.post(reverse("contests:contest_new", args=[world.cell.pk]), {
        "title": "Thi tháng 4 về Quy định 144", "audience": "dang_vien", "opens_at": "2026-04-10T19:00",
        "closes_at": "2026-04-10T21:00", "question_count": "5", "draw_at_random": "on", "seconds_per_question": "30",
        "shuffle_questions": "on", "shuffle_options": "on", "attempts_allowed": "1"})
    contest = Contest.objects.unscoped().get(title="Thi tháng 4 về Quy định 144")
    assert response["Location"] == reverse("contests:contest_questions", args=[world.cell.pk, contest.pk])
    assert contest.opens_at == datetime.datetime(2026, 4, 10, 12, 0, tzinfo=datetime.UTC)  # 19:00 in Hà Nội
    client.post(reverse("contests:contest_questions", args=[world.cell.pk, contest.pk]),
                {"question": [q.pk for q in questions], **{f"weight_{questions[0].pk}": "2"}})
    assert [(e.question_id, e.weight) for e in contest.entries.all()] == [(q.pk, 2 if q == questions[0] else 1) for q in questions]
    services.start_attempt(contest, member=world.member, now=contest.opens_at + datetime.timedelta(minutes=1))
    page = client.get(reverse("contests:contest_questions", args=[world.cell.pk, contest.pk])).content.decode()
    assert "bộ câu hỏi không đổi được nữa" in page
    client.post(reverse("contests:contest_questions", args=[world.cell.pk, contest.pk]), {"question": [questions[0].pk]})
    assert contest.entries.count() == 6


def test_hand_posted_question_from_another_ward_is_refused(world):
    contest = make_contest(world.cell, world.secretary, make_questions(world.cell, world.secretary, 5))
    foreign = make_questions(world.sibling_ward, world.sibling_admin, 1)[0]
    client = _client(world.secretary)
    client.post(reverse("contests:contest_questions", args=[world.cell.pk, contest.pk]), {"question": [foreign.pk]})
    assert foreign.pk not in set(contest.entries.values_list("question_id", flat=True))
    assert contest.entries.count() == 5


def test_question_form_creates_with_options_and_refuses_two_right_on_single(world):
    client = _client(world.secretary)
    data = {"kind": "mot", "text": "Chỉ thị 05-CT/TW do cơ quan nào ban hành?", "difficulty": "1",
            "option_0": "Bộ Chính trị", "correct_0": "on", "option_1": "Quốc hội", "option_2": "Chính phủ",
            "explanation": "Chỉ thị 05-CT/TW ngày 15/5/2016 của Bộ Chính trị.", "tags": "chỉ thị 05"}
    response = client.post(reverse("contests:question_new", args=[world.cell.pk]), {**data, "correct_1": "on"})
    assert "cần đúng 1 phương án đúng (đang có 2)" in response.content.decode()
    client.post(reverse("contests:question_new", args=[world.cell.pk]), data)
    option_rows = list(Option.objects.filter(question__text=data["text"]).values_list("text", "is_correct"))
    assert option_rows == [("Bộ Chính trị", True), ("Quốc hội", False), ("Chính phủ", False)]
    assert AuditEntry.objects.unscoped().filter(action="question.create").count() == 1


def test_used_question_is_read_only_and_copy_is_editable(world, open_contest):
    attempt, _ = services.start_attempt(open_contest, member=world.member, now=timezone.now())
    question = attempt.slots.first().question
    client = _client(world.ward_admin)
    page = client.get(reverse("contests:question_edit", args=[world.ward.pk, question.pk])).content.decode()
    assert "đã được dùng trong bài thi" in page and 'name="text"' not in page
    response = client.post(reverse("contests:question_copy", args=[world.ward.pk, question.pk]))
    copy_id = int(response["Location"].rstrip("/").split("/")[-1])
    page = client.get(reverse("contests:question_edit", args=[world.ward.pk, copy_id])).content.decode()
    assert 'name="text"' in page


def test_contest_detail_shows_participation_statistics_and_tab_switches(world, open_contest):
    client = _client(world.member_user)
    attempt = _start(client, open_contest)
    client.post(reverse("contests:tab_switch", args=[attempt.pk]))
    for position in range(5):
        client.get(reverse("contests:question", args=[attempt.pk]))
        slot = attempt.slots.get(position=position)
        wrong = next(pk for pk in slot.option_order if pk not in slot.key)
        client.post(reverse("contests:answer", args=[attempt.pk]), {"position": position, "option": wrong})
    page = _client(world.ward_admin).get(reverse("contests:detail", args=[world.ward.pk, open_contest.pk])).content.decode()
    assert "1/3 đảng viên đã thi, đạt 33,3%" in page
    assert '<span class="badge badge-warn">1</span>' in page  # one tab switch shown, no penalty
    attempt.refresh_from_db()
    assert (attempt.score, attempt.tab_switches) == (0, 1)


def test_export_workbook_has_ranking_participation_and_statistics(world, open_contest):
    from io import BytesIO

    from openpyxl import load_workbook

    now = timezone.now()
    attempt, _ = services.start_attempt(open_contest, member=world.member, now=now)
    for position in range(5):
        services.current_slot(attempt, now=now)
        services.submit_answer(attempt, position=position, option_ids=attempt.slots.get(position=position).key,
                               now=now + datetime.timedelta(seconds=2))
    response = _client(world.ward_admin).get(reverse("contests:export", args=[world.ward.pk, open_contest.pk]))
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["Xếp hạng", "Tham gia", "Thống kê câu hỏi"]
    ranking = list(workbook["Xếp hạng"].iter_rows(values_only=True))
    assert ranking[1][:5] == (1, "Trần Văn Đảng", "Chi bộ Khu phố 1", 10, 10)
    participation = list(workbook["Tham gia"].iter_rows(values_only=True))
    assert participation[-1] == ("Đảng bộ phường Bến Thành", 3, 1, "33,3%")
    assert AuditEntry.objects.unscoped().filter(action="export.contest").count() == 1


def test_leaderboard_shows_finishers_for_organisers_only(world, open_contest):
    now = timezone.now()
    attempt, _ = services.start_attempt(open_contest, member=world.member, now=now)
    services.finish_attempt(attempt, now=now)
    page = _client(world.ward_admin).get(reverse("contests:leaderboard_rows", args=[open_contest.code])).content.decode()
    assert "Trần Văn Đảng" in page and "<strong>1</strong> người đã nộp bài" in page
    assert _client(world.member_user).get(reverse("contests:leaderboard", args=[open_contest.code])).status_code == 404


def test_member_contest_list(world, open_contest):
    page = _client(world.member_user).get(reverse("contests:mine")).content.decode()
    assert open_contest.title in page and "Đang mở" in page


def test_option_ids_past_a_thousand_are_written_without_separator(world):
    """USE_THOUSAND_SEPARATOR would write 10.001: the choice would be lost and every answer refused."""
    now = timezone.now()
    questions = make_questions(world.ward, world.ward_admin, 5)
    for option in Option.objects.filter(question__in=questions):
        Option.objects.filter(pk=option.pk).update(id=option.pk + 10_000)
    contest = make_contest(world.ward, world.ward_admin, questions,
                           opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(hours=1))
    client = _client(world.member_user)
    attempt = _start(client, contest)
    html = client.get(reverse("contests:question", args=[attempt.pk])).content.decode()
    slot = attempt.slots.get(position=0)
    assert f'value="{slot.key[0]}"' in html
    response = client.post(reverse("contests:answer", args=[attempt.pk]), {"position": 0, "option": slot.key})
    assert response["X-Answer"] == "recorded"


def test_multiple_choice_question_with_one_right_option_still_shows_checkboxes(world):
    from hocbac.contests.models import QuestionKind

    now = timezone.now()
    questions = [services.save_question(org=world.ward, by=world.ward_admin, kind=QuestionKind.MULTIPLE,
                                        text=f"Những nội dung nào đúng? ({i})",
                                        options=[("Đúng", True), ("Sai một", False), ("Sai hai", False)])
                 for i in range(5)]
    contest = make_contest(world.ward, world.ward_admin, questions,
                           opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(hours=1))
    client = _client(world.member_user)
    attempt = _start(client, contest)
    html = client.get(reverse("contests:question", args=[attempt.pk])).content.decode()
    assert html.count('type="checkbox" name="option"') == 3
    slot = attempt.slots.get(position=0)
    response = client.post(reverse("contests:answer", args=[attempt.pk]), {"position": 0, "option": slot.option_order[:2]})
    assert response["X-Answer"] == "recorded"
    assert Answer.objects.get(attempt=attempt).is_correct is False
