"""The evidence pack for the year-end review: every part filled from the other apps' services,
every part empty, the page, the Word form, who may open it, and a fixed query count."""

import datetime
import io
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from hocbac.awards import services as award_services
from hocbac.awards.models import AwardForm
from hocbac.commitments import services as commitment_services
from hocbac.contests import services as contest_services
from hocbac.contests.tests.conftest import OPENS, make_contest, make_questions
from hocbac.journal import services as journal_services
from hocbac.journal.models import Manifestation
from hocbac.orgs import services as org_services
from hocbac.ratings import services as rating_services
from hocbac.ratings.documents import BLANK_LINE, PARTS, TICKED, UNTICKED, evidence_docx
from hocbac.ratings.evidence import evidence_pack
from hocbac.ratings.models import CriteriaSet, Rating
from hocbac.study import services as study_services

YEAR = 2026
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def TODAY():
    return f"{timezone.localdate():%d/%m/%Y}"


def at(month, day, hour=19):
    return datetime.datetime(YEAR, month, day, hour, tzinfo=HCM)


def manifestation(group, number):
    return Manifestation.objects.get(group=group, number=number, sub=0)


def member_set():
    return CriteriaSet.objects.unscoped().get(name="Đảng viên 6 tốt")


def take(contest, member, answers, *, now):
    """Go through the contest answering right (True) or wrong (False), 5 s per question."""
    attempt, _ = contest_services.start_attempt(contest, member=member, now=now, rng=random.Random(3))
    for right in answers:
        slot = contest_services.current_slot(attempt, now=now)
        now += datetime.timedelta(seconds=5)
        choice = slot.key if right else [next(i for i in slot.option_order if i not in slot.key)]
        contest_services.submit_answer(attempt, position=slot.position, option_ids=choice, now=now)
    attempt.refresh_from_db()
    return attempt


def fill(w, n=1):
    """`n` items in every part of the member's year (through the owning apps' services), plus a
    draft reflection and an attempt of the year before, which the pack must leave out."""
    m, cell, sec = w.member, w.cell, w.secretary
    # Commitment, evaluated by the cell.
    registration = commitment_services.save_draft(
        m, YEAR, by=w.member_user, deeds=[{"text": f"Vận động hộ {i + 1} phân loại rác", "measure": "sổ theo dõi"}
                                          for i in range(n)],
        exemplary="Gương mẫu nơi cư trú", anti_degradation="Không nói không đi đôi với làm")
    commitment_services.submit(registration, by=w.member_user)
    commitment_services.disclose([registration], on=datetime.date(YEAR, 2, 3), by=sec)
    commitment_services.self_assess(registration, by=w.member_user, text="Hoàn thành các việc đã đăng ký")
    commitment_services.evaluate(registration, by=sec, result="tot", comment="Gương mẫu, tích cực")
    # Meetings: present at n, absent without reason at one.
    for i in range(n + 1):
        session = study_services.create_session(by=sec, org=cell, kind="thuong_ky", title=f"Sinh hoạt tháng {i + 1}",
                                                starts_at=at(i + 1, 5), ends_at=at(i + 1, 5, 21))
        study_services.record_attendance(session, m, "co_mat" if i < n else "vang_khong_ly_do", by=sec)
    # Reflections handed in (citing 1.5 each, and 2.6 once), one draft left out.
    for i in range(n):
        reflection = journal_services.assign(cell, m, YEAR, i + 1, by=sec)
        cited = [manifestation(1, 5).pk] + ([manifestation(2, 6).pk] if i == 0 else [])
        reflection = journal_services.save_reflection(
            reflection, by=w.member_user, title=f"Tự soi tháng {i + 1}", body="Tôi còn nể nang.",
            manifestation_ids=cited, corrections=[{"text": "Thẳng thắn góp ý", "by": datetime.date(YEAR, 12, 31)}])
        journal_services.submit_reflection(reflection, by=w.member_user)
    draft = journal_services.assign(cell, m, YEAR, 11, by=sec)
    journal_services.save_reflection(draft, by=w.member_user, title="Bản nháp riêng", body="Chưa xong")
    # Contests of the ward: the member 3 of 5 right, the secretary 5 of 5.
    questions = make_questions(w.ward, w.ward_admin, 5)
    for i in range(n):
        opens = OPENS + datetime.timedelta(days=30 * i)
        contest = make_contest(w.ward, w.ward_admin, questions, title=f"Thi tìm hiểu số {i + 1}", opens_at=opens,
                               closes_at=opens + datetime.timedelta(hours=2))
        take(contest, w.secretary_member, [True] * 5, now=opens + datetime.timedelta(minutes=1))
        take(contest, m, [True, True, True, False, False], now=opens + datetime.timedelta(minutes=2))
    last_year = make_contest(w.ward, w.ward_admin, questions, title="Thi năm trước",
                             opens_at=datetime.datetime(YEAR - 1, 5, 1, 8, tzinfo=HCM),
                             closes_at=datetime.datetime(YEAR - 1, 5, 1, 10, tzinfo=HCM))
    take(last_year, m, [True] * 5, now=datetime.datetime(YEAR - 1, 5, 1, 9, tzinfo=HCM))
    # Monthly classifications: the third criterion not met for the member.
    criteria = list(member_set().criteria.order_by("position"))
    for i in range(n):
        rating_services.classify_members(member_set(), cell, by=sec, year=YEAR, period=i + 1,
                                         exceptions={m.pk: {criteria[2].pk: False}})
    # Commendations issued by the ward; reminders of the cell, the first one followed up.
    form = AwardForm.objects.get(name="Giấy khen")
    for i in range(n):
        commendation = award_services.nominate(by=sec, recipient="ca_nhan", member=m, awarding_org=w.ward, form=form,
                                               year=YEAR, basis="chuong_trinh", reason=f"Dân vận khéo {i + 1}")
        award_services.approve(commendation, by=w.ward_admin)
        award_services.issue([commendation], by=w.ward_admin, decision_number=f"{i + 10}-QĐ/ĐU",
                             decided_on=datetime.date(YEAR, 6, i + 1))
    for i in range(n):
        reminder = award_services.record_reminder(by=sec, org=cell, member=m, kind="nhac_nho", reason=f"Chậm nộp bài {i + 1}",
                                                  decided_by=cell, decided_on=datetime.date(YEAR, 5, i + 1),
                                                  follow_up_on=datetime.date(YEAR, 8, 1))
        if i == 0:
            award_services.record_outcome(reminder, by=sec, outcome="Đã nộp đủ", closed_on=datetime.date(YEAR, 7, 1))
    # Year rating: self-assessed 90 (HTXSNV), proposed 88 (HTTNV), decided by the cell.
    rating = rating_services.self_assess(by=w.member_user, year=YEAR, general=27, tasks=63, member=m,
                                         note="Hoàn thành tốt")
    rating = rating_services.propose(rating, by=sec, general=26, tasks=62, note="Chưa vượt trội")
    rating_services.decide(rating, by=sec)


# The pack ------------------------------------------------------------------------------------

def test_pack_with_data_in_every_part(world):
    fill(world)
    pack = evidence_pack(world.member, YEAR)

    assert (pack.registration.state, pack.registration.result) == ("da_danh_gia", "tot")
    a = pack.attendance
    assert (a.invited, a.present, a.excused, a.absent, a.regular, a.regular_present, a.rate) == (2, 1, 0, 1, 2, 1, "50,0%")
    assert [(r.month, r.title) for r in pack.reflections] == [(1, "Tự soi tháng 1")]
    assert [(i.code, i.count) for i in pack.manifestations] == [("1.5", 1), ("2.6", 1)]
    assert [(r.contest.title, r.best.score, r.place, r.takers, r.attempts) for r in pack.contests] == [
        ("Thi tìm hiểu số 1", Decimal("6.00"), 2, 2, 1)]
    assert [(c.period_text, c.level, [k.criterion.position for k in c.missed]) for c in pack.classifications] == [
        ("tháng 1/2026", "Khá", [3])]
    assert [(c.form.name, c.decision_number, c.decided_on) for c in pack.commendations] == [
        ("Giấy khen", "10-QĐ/ĐU", datetime.date(YEAR, 6, 1))]
    assert [(r.reason, r.outcome) for r in pack.reminders] == [("Chậm nộp bài 1", "Đã nộp đủ")]
    r = pack.year_rating
    assert (pack.self_total, r.self_level, pack.proposed_total, r.proposed_level, r.decided_level) == (
        Decimal("90.00"), Rating.EXCELLENT, Decimal("88.00"), Rating.GOOD, Rating.GOOD)
    assert pack.frame.general_points == 30


def test_pack_with_nothing_recorded(world):
    pack = evidence_pack(world.member, YEAR)

    assert (pack.registration, pack.attendance, pack.year_rating) == (None, None, None)
    assert (pack.reflections, pack.manifestations, pack.contests, pack.classifications, pack.commendations,
            pack.reminders, pack.rating_conditions) == ([], [], [], [], [], [], [])
    assert pack.frame.name == "Khung 100 điểm (Quy định 366-QĐ/TW)"  # the current frame, for the form's maxima


def test_pack_names_the_disqualifying_conditions_ticked(world):
    rating = rating_services.self_assess(by=world.member_user, year=YEAR, general=25, tasks=60, member=world.member)
    rating_services.propose(rating, by=world.secretary, general=25, tasks=60, conditions=[2])
    pack = evidence_pack(world.member, YEAR)

    assert (pack.year_rating.proposed_level, pack.rating_conditions) == (
        Rating.NOT_DONE, ["Bị xử lý kỷ luật trong năm (tính một lần cho một vi phạm)"])
    _, lines = _open(evidence_docx(pack))
    assert "- Trường hợp không hoàn thành nhiệm vụ đã đánh dấu: Bị xử lý kỷ luật trong năm (tính một lần cho một vi phạm)" in lines


def test_pack_ranks_by_best_score_and_counts_every_attempt(world):
    questions = make_questions(world.ward, world.ward_admin, 5)
    contest = make_contest(world.ward, world.ward_admin, questions, attempts_allowed=2)
    take(contest, world.secretary_member, [True, True, True, True, False], now=OPENS)
    take(contest, world.member, [False] * 5, now=OPENS + datetime.timedelta(minutes=1))
    take(contest, world.member, [True] * 5, now=OPENS + datetime.timedelta(minutes=2))

    [result] = evidence_pack(world.member, YEAR).contests
    assert (result.best.score, result.attempts, result.place, result.takers) == (Decimal("10.00"), 2, 1, 2)
    [other] = evidence_pack(world.secretary_member, YEAR).contests
    assert (other.best.score, other.place) == (Decimal("8.00"), 2)


def test_pack_keeps_the_old_cells_facts_after_a_transfer(world):
    session = study_services.create_session(by=world.secretary, org=world.cell, kind="thuong_ky", title="Sinh hoạt tháng 3",
                                            starts_at=at(3, 5), ends_at=at(3, 5, 21))
    study_services.record_attendance(session, world.member, "co_mat", by=world.secretary)
    org_services.transfer_member(world.member, to_org=world.other_cell, on=datetime.date(YEAR, 6, 1), by=world.ward_admin)
    world.member.refresh_from_db()

    pack = evidence_pack(world.member, YEAR)
    assert (pack.cell, pack.attendance.present, pack.attendance.invited) == (world.other_cell, 1, 1)


def test_pack_reminder_of_last_year_still_open_is_included(world):
    award_services.record_reminder(by=world.secretary, org=world.cell, member=world.member, kind="kiem_diem",
                                   reason="Bỏ sinh hoạt", decided_by=world.cell, decided_on=datetime.date(YEAR - 1, 11, 2))
    closed = award_services.record_reminder(by=world.secretary, org=world.cell, member=world.member, kind="nhac_nho",
                                            reason="Chậm đóng đảng phí", decided_by=world.cell,
                                            decided_on=datetime.date(YEAR - 1, 3, 2))
    award_services.record_outcome(closed, by=world.secretary, outcome="Đã đóng", closed_on=datetime.date(YEAR - 1, 4, 1))

    assert [r.reason for r in evidence_pack(world.member, YEAR).reminders] == ["Bỏ sinh hoạt"]


PACK_QUERIES = 12  # periods, registration, attendance, reflections + citations, attempts + their figures,
# classifications + marks missed, commendations, reminders, year rating (its frame joined)


@pytest.mark.parametrize("n", [1, 3])
def test_pack_query_count_does_not_grow_with_items(world, n, django_assert_num_queries):
    fill(world, n=n)
    world.member.refresh_from_db()  # as the views have it: fresh from member_in / the user
    with django_assert_num_queries(PACK_QUERIES):
        pack = evidence_pack(world.member, YEAR)
    assert [len(part) for part in (pack.reflections, pack.contests, pack.classifications, pack.commendations,
                                   pack.reminders, pack.registration.deeds)] == [n] * 6


# The page ------------------------------------------------------------------------------------

def _pack_url(w, member=None, org=None, name="evidence:pack"):
    return reverse(name, kwargs={"org_id": (org or w.cell).pk, "year": YEAR, "member_id": (member or w.member).pk})


def test_page_shows_every_part(world, login):
    fill(world)
    response = login(world.secretary).get(_pack_url(world))
    text = response.content.decode()

    assert response.status_code == 200
    for snippet in ["Hồ sơ đánh giá, xếp loại năm 2026: Trần Văn Đảng", "Chi bộ đã đánh giá", "Vận động hộ 1 phân loại rác",
                    "Thực hiện tốt — Gương mẫu, tích cực", "Có mặt 1/2 buổi (50,0%)", "vắng không lý do 1",
                    "Tự soi tháng 1", "1.5. Né tránh tự phê bình và phê bình; nể nang, ngại va chạm",
                    "Thi tìm hiểu số 1", "6,00", "2/2", "Tháng 1/2026", "Khá",
                    "Chấp hành tốt kỷ luật, giữ bí mật; dự sinh hoạt chi bộ đầy đủ", "Quyết định số 10-QĐ/ĐU ngày 01/06/2026",
                    "Chậm nộp bài 1", "Kết quả khắc phục: Đã nộp đủ", "27,00 + 63,00 = 90,00 điểm",
                    "Hoàn thành xuất sắc nhiệm vụ", "88,00 điểm · Hoàn thành tốt nhiệm vụ",
                    _pack_url(world, name="evidence:pack_document")]:
        assert (snippet, snippet in text) == (snippet, True)
    assert ("Bản nháp riêng" in text, "Thi năm trước" in text, "<script>" in text, "style=" in text) == (
        False, False, False, False)


def test_page_says_what_is_not_recorded(world, login):
    text = login(world.secretary).get(_pack_url(world)).content.decode()

    for snippet in ["Chưa có bản đăng ký làm theo năm 2026.", "Chưa có buổi nào được điểm danh trong năm 2026.",
                    "Chưa nộp bài cảm nhận nào trong năm 2026.", "Không có bài thi nào hoàn thành trong năm 2026.",
                    "Chưa có kỳ phân loại nào trong năm 2026.", "Không có quyết định khen thưởng nào trong năm 2026.",
                    "Không có nhắc nhở, kiểm điểm nào trong năm 2026.", "Chưa tự đánh giá, xếp loại năm 2026."]:
        assert (snippet, snippet in text) == (snippet, True)


def test_member_sees_their_own_pack_without_the_word_link(world, login):
    fill(world)
    response = login(world.member_user).get(reverse("evidence:my_pack", kwargs={"year": YEAR}))
    text = response.content.decode()

    assert (response.status_code, "Trần Văn Đảng" in text, "Thi tìm hiểu số 1" in text, "ho-so.docx" in text) == (
        200, True, True, False)


def test_account_without_member_gets_404_for_own_pack(world, login):
    response = login(world.no_role_user).get(reverse("evidence:my_pack", kwargs={"year": YEAR}))
    assert response.status_code == 404


def test_member_of_another_cell_is_404(world, login):
    client = login(world.secretary)
    assert [client.get(_pack_url(world, member=world.other_member)).status_code,
            client.get(_pack_url(world, member=world.other_member, name="evidence:pack_document")).status_code,
            client.get(_pack_url(world, member=world.other_member, org=world.other_cell)).status_code] == [404, 404, 404]
    client = login(world.ward_admin)
    assert [client.get(_pack_url(world, member=world.other_member)).status_code,
            client.get(_pack_url(world, member=world.other_member, org=world.ward)).status_code] == [404, 200]


def test_year_out_of_range_is_404(world, login):
    url = reverse("evidence:pack", kwargs={"org_id": world.cell.pk, "year": 1990, "member_id": world.member.pk})
    assert login(world.secretary).get(url).status_code == 404


# The Word document ---------------------------------------------------------------------------

def _open(content):
    document = Document(io.BytesIO(content))
    return document, [p.text for p in document.paragraphs]


def _rows(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_document_fills_the_form_with_the_facts(world, login):
    fill(world)
    response = login(world.secretary).get(_pack_url(world, name="evidence:pack_document"))
    document, lines = _open(response.content)

    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        f'attachment; filename="ho-so-danh-gia-2026-{world.member.pk}.docx"')
    assert lines[:4] == ["BẢN KIỂM ĐIỂM CÁ NHÂN", "Tự đánh giá, xếp loại chất lượng đảng viên năm 2026",
                         f"(kèm số liệu hệ thống tổng hợp đến ngày {TODAY()})", "Họ và tên: Trần Văn Đảng. Ngày sinh: 19/05/1965."]
    assert [line for line in lines if line in PARTS.values()] == list(PARTS.values())  # every part, in order
    for line in ["- Dự sinh hoạt, học tập: có mặt 1/2 buổi (50,0%); vắng có lý do 0, vắng không lý do 1. "
                 "Sinh hoạt chi bộ thường kỳ: có mặt 1/2 buổi (50,0%).",
                 "- Bài cảm nhận: đã nộp 1 bài (tháng 1).",
                 "- Tự soi, tự sửa theo các biểu hiện suy thoái (Nghị quyết 04-NQ/TW): 1.5. Né tránh tự phê bình và phê "
                 "bình; nể nang, ngại va chạm; 2.6. Lãng phí tiền của, thời gian, công sức.",
                 "- Phân loại hằng tháng (1 kỳ): Khá: 1 kỳ.",
                 "- Cuộc thi: tham gia 1 cuộc thi.",
                 "- Khen thưởng: Giấy khen của Đảng bộ phường Bến Thành (Quyết định số 10-QĐ/ĐU ngày 01/06/2026): Dân vận khéo 1",
                 "- Đăng ký làm theo năm 2026: chi bộ đã đánh giá, công khai trước chi bộ ngày 03/02/2026.",
                 "   1) Vận động hộ 1 phân loại rác — minh chứng: sổ theo dõi",
                 "- Chi bộ đánh giá: Thực hiện tốt. Nhận xét: Gương mẫu, tích cực",
                 "- Tiêu chí chưa đạt khi phân loại hằng tháng: Chấp hành tốt kỷ luật, giữ bí mật; dự sinh hoạt chi bộ "
                 "đầy đủ (1 kỳ).",
                 "- Nhắc nhở ngày 01/05/2026 (Chi bộ Khu phố 1): Chậm nộp bài 1",
                 "   Kết quả khắc phục: Đã nộp đủ (kết thúc theo dõi ngày 01/07/2026)",
                 "- Tự nhận xét: Hoàn thành tốt",
                 f"- Chi bộ đề xuất mức: Hoàn thành tốt nhiệm vụ (tổng 88,00 điểm), ngày {TODAY()}.",
                 f"- Xếp loại: Hoàn thành tốt nhiệm vụ của Chi bộ Khu phố 1, ngày {TODAY()}."]:
        assert (line, line in lines) == (line, True)
    # Tables: the heading, classifications, contests, points, signatures.
    tables = [_rows(t) for t in document.tables]
    assert tables[1] == [["Kỳ", "Bộ tiêu chí", "Mức", "Tiêu chí chưa đạt"],
                         ["Tháng 1/2026", "Đảng viên 6 tốt", "Khá", "Chấp hành tốt kỷ luật, giữ bí mật; dự sinh hoạt chi bộ đầy đủ"]]
    assert tables[2] == [["Cuộc thi", "Ngày thi", "Điểm", "Thứ tự theo điểm", "Số lượt"],
                         # finished 19:02 UTC on 10/03, which is 02:02 on the 11th in Hà Nội
                         ["Thi tìm hiểu số 1", "11/03/2026", "6,00", "2/2", "1"]]
    assert tables[3] == [["Nội dung", "Điểm tối đa", "Tự chấm"], ["Tiêu chí chung", "30", "27,00"],
                         ["Kết quả thực hiện nhiệm vụ", "70", "63,00"], ["Tổng cộng", "100", "90,00"]]
    assert len(tables) == 5


def test_document_self_level_is_ticked(world):
    fill(world)
    _, lines = _open(evidence_docx(evidence_pack(world.member, YEAR)))
    ticks = [line for line in lines if line[:1] in (TICKED, UNTICKED)]
    assert ticks == [f"{TICKED} Hoàn thành xuất sắc nhiệm vụ", f"{UNTICKED} Hoàn thành tốt nhiệm vụ",
                     f"{UNTICKED} Hoàn thành nhiệm vụ", f"{UNTICKED} Không hoàn thành nhiệm vụ"]


def test_document_with_nothing_recorded_leaves_lines_to_write(world):
    document, lines = _open(evidence_docx(evidence_pack(world.member, YEAR)))

    for line in ["- Dự sinh hoạt, học tập: chưa có buổi nào được điểm danh trong năm.",
                 "- Bài cảm nhận: chưa nộp bài nào trong năm.",
                 "- Phân loại hằng tháng: chưa có kỳ phân loại nào trong năm.",
                 "- Cuộc thi: không có bài thi nào hoàn thành trong năm.",
                 "- Khen thưởng: không có quyết định khen thưởng nào trong năm.",
                 "- Đăng ký làm theo năm 2026: chưa có bản đăng ký.",
                 "- Không có nhắc nhở, kiểm điểm nào trong năm."]:
        assert (line, line in lines) == (line, True)
    assert lines.count(BLANK_LINE) == 3 + 3 + 2 + 3 + 2 + 3 + 3 + 2  # I.1, I.2, I.3, II, III, IV, VI, VII
    assert [line for line in lines if line[:1] == TICKED] == []
    assert [_rows(t) for t in document.tables][1] == [["Nội dung", "Điểm tối đa", "Tự chấm"], ["Tiêu chí chung", "30", ""],
                                                      ["Kết quả thực hiện nhiệm vụ", "70", ""], ["Tổng cộng", "100", ""]]


def test_document_download_is_audit_logged(world, login):
    from hocbac.core.models import AuditEntry

    login(world.secretary).get(_pack_url(world, name="evidence:pack_document"))
    entry = AuditEntry.objects.in_subtree(world.cell).get(action="export.evidence")
    assert (entry.actor, entry.summary) == (world.secretary, "Tải hồ sơ đánh giá, xếp loại năm 2026 của Trần Văn Đảng (Word)")
