"""The awards pages as a secretary, a ward committee, a member and an administrator use them:
nominating (doubled, prefilled, forged), deciding and issuing, the certificate, the Excel files,
reminders and the member's own page, the inspection plan from the ward and from a cell."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hocbac.awards import services
from hocbac.awards.models import AwardForm, Commendation, FollowUp, InspectionItem, Reminder, Stage
from hocbac.awards.tests.conftest import (
    LAST_YEAR,
    concluded_item,
    giay_khen,
    issued,
    member_reminder,
    nominate_member,
    nominate_org,
    ward_item,
)
from hocbac.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def url(name, *args, **query):
    address = reverse(f"awards:{name}", args=args)
    if query:
        address += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return address


def page(response):
    assert response.status_code == 200
    return response.content.decode()


def text_of(html):
    """The page's words without tags or repeated spaces."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def nomination_data(w, **values):
    return {"recipient": "ca_nhan", "member": w.member.pk, "recipient_org": "", "form": giay_khen().pk,
            "awarding_org": w.ward.pk, "year": LAST_YEAR, "basis": "chuong_trinh", "practice": "", "contest": "",
            "reason": "Gương mẫu vận động nhân dân hiến đất làm đường.", "client_key": "form-1", **values}


# Commendations ----------------------------------------------------------------------------

def test_list_shows_the_figures_the_stages_and_what_waits(world, login):
    issued(world, [nominate_org(world), nominate_member(world)])
    nominate_member(world, world.other_member, by=world.ward_admin)
    html = page(login(world.ward_admin).get(url("commendation_list", world.ward.pk, nam=LAST_YEAR)))
    words = text_of(html)
    assert "Khen thưởng 1 tập thể, 1 cá nhân" in words
    assert "Giấy khen: 1 tập thể, 1 cá nhân" in words
    assert "Chờ Đảng bộ phường Bến Thành quyết định (1)" in words
    assert html.count('class="badge stage-da_khen"') == 2
    assert html.count('class="badge stage-de_nghi"') == 2  # in the waiting list and in the list


def test_list_of_a_cell_shows_no_waiting_list_to_a_viewer(world, login):
    nominate_member(world, awarding_org=world.cell)
    response = login(world.viewer).get(url("commendation_list", world.cell.pk, nam=LAST_YEAR))
    assert (response.context["waiting"], response.context["may_manage"]) == ([], False)
    assert "Đề nghị khen thưởng" not in page(response)


def test_list_filters_by_stage_and_recipient(world, login):
    services.approve(nominate_org(world), by=world.ward_admin)
    nominate_member(world)
    client = login(world.ward_admin)
    by_stage = client.get(url("commendation_list", world.ward.pk, nam=LAST_YEAR, buoc="da_duyet"))
    by_recipient = client.get(url("commendation_list", world.ward.pk, nam=LAST_YEAR, doi_tuong="ca_nhan"))
    assert [c.recipient_name for c in by_stage.context["page"]] == ["Chi bộ Khu phố 1"]
    assert [c.recipient_name for c in by_recipient.context["page"]] == ["Trần Văn Đảng"]


def _make_rows(w, rows):
    for _ in range(rows):
        nominate_member(w)
        member_reminder(w)
        concluded_item(w)


@pytest.mark.parametrize("rows", [1, 3])
def test_list_pages_take_the_same_queries_with_one_or_three_rows(world, login, django_assert_num_queries, rows):
    _make_rows(world, rows)
    client = login(world.ward_admin)
    # Session, user, organisation, grants and the menu's member record, then the page's own:
    # count + figures (3) + list + waiting; count + list + due; items + targets + follow-ups.
    pages = [(url("commendation_list", world.cell.pk, nam=LAST_YEAR), 11), (url("reminder_list", world.cell.pk), 8),
             (url("inspection_plan", world.cell.pk, nam=LAST_YEAR), 8)]
    for address, queries in pages:
        with django_assert_num_queries(queries):
            assert client.get(address).status_code == 200


def test_nominate_from_the_form_then_a_doubled_post_records_once(world, login):
    client = login(world.secretary)
    response = client.post(url("commendation_new", world.cell.pk), nomination_data(world))
    c = Commendation.objects.unscoped().get()
    assert response["Location"] == url("commendation_detail", world.cell.pk, c.pk)
    again = client.post(url("commendation_new", world.cell.pk), nomination_data(world))
    assert (again["Location"], Commendation.objects.unscoped().count()) == (response["Location"], 1)
    assert (c.member, c.awarding_org, c.nominated_by) == (world.member, world.ward, world.secretary)


def test_nomination_form_rejects_a_hand_posted_member_or_body_from_elsewhere(world, login):
    client = login(world.secretary)
    forged = [({"member": world.other_member.pk}, "member"), ({"member": world.sibling_member.pk}, "member"),
              ({"awarding_org": world.sibling_ward.pk}, "awarding_org"), ({"awarding_org": world.other_cell.pk}, "awarding_org"),
              ({"recipient": "tap_the", "recipient_org": world.other_cell.pk}, "recipient_org")]
    for values, field in forged:
        response = client.post(url("commendation_new", world.cell.pk), nomination_data(world, client_key=field, **values))
        assert (response.status_code, list(response.context["form"].errors)) == (200, [field])
    assert Commendation.objects.unscoped().count() == 0


def test_nomination_form_offers_no_inactive_form(world, login):
    form = giay_khen()
    AwardForm.objects.filter(pk=form.pk).update(is_active=False)
    response = login(world.secretary).post(url("commendation_new", world.cell.pk), nomination_data(world, form=form.pk))
    assert response.context["form"].errors == {
        "form": ["Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."]}


def test_nomination_form_links_a_model_inside_or_above_and_needs_a_reason(world, login, practice_of):
    practice = practice_of(world.province, name="Mô hình của tỉnh")
    response = login(world.secretary).post(url("commendation_new", world.cell.pk), nomination_data(
        world, basis="mo_hinh", practice=practice.pk, awarding_org=world.cell.pk, reason="  "))
    assert response.context["form"].errors == {"reason": ["Trường này là bắt buộc."]}
    beside = practice_of(world.other_cell, name="Mô hình Khu phố 2")
    response = login(world.ward_admin).post(url("commendation_new", world.ward.pk), nomination_data(
        world, basis="mo_hinh", practice=beside.pk, awarding_org=world.ward.pk))
    assert response.status_code == 302  # a model elsewhere in the ward: allowed
    response = login(world.secretary).post(url("commendation_new", world.cell.pk), nomination_data(
        world, basis="mo_hinh", practice=practice.pk, awarding_org=world.cell.pk, client_key="form-2"))
    assert response.status_code == 302  # a model of the province, above the cell: allowed


def test_nomination_prefilled_from_a_contest_ranking_lists_its_winners(world, login):
    from django.utils import timezone

    from hocbac.contests import services as contest_services
    from hocbac.contests.tests.conftest import make_contest, make_questions

    now = timezone.now()
    contest = make_contest(world.ward, world.ward_admin, make_questions(world.ward, world.ward_admin, 5),
                           opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(hours=1))
    attempt, _ = contest_services.start_attempt(contest, member=world.member, now=now)
    contest_services.finish_attempt(attempt, now=now)
    response = login(world.secretary).get(url("commendation_new", world.cell.pk, cuoc_thi=contest.pk, dang_vien=world.member.pk))
    html = page(response)
    form = response.context["form"]
    assert (form["basis"].value(), form["contest"].value(), form["member"].value(), form["recipient"].value(),
            form["awarding_org"].value()) == ("cuoc_thi", contest.pk, world.member.pk, "ca_nhan", world.ward.pk)
    assert f'href="?cuoc_thi={contest.pk}&amp;dang_vien={world.member.pk}">Trần Văn Đảng</a>' in html
    assert "Đạt giải cuộc thi “Thi tìm hiểu Chỉ thị 05 tháng 3”" in html


def test_nomination_prefilled_from_a_model_page(world, login, practice_of):
    practice = practice_of(world.cell, name="Dân vận khéo")
    form = login(world.ward_admin).get(url("commendation_new", world.ward.pk, mo_hinh=practice.pk)).context["form"]
    assert (form["basis"].value(), form["practice"].value(), form["recipient"].value(), form["recipient_org"].value(),
            form["awarding_org"].value(), form["reason"].value()) == (
        "mo_hinh", practice.pk, "tap_the", world.cell.pk, world.ward.pk,
        "Có thành tích xây dựng và thực hiện mô hình “Dân vận khéo”.")


def test_prefill_ignores_a_contest_from_elsewhere(world, login):
    from hocbac.contests.tests.conftest import make_contest, make_questions

    contest = make_contest(world.sibling_ward, world.sibling_admin, make_questions(world.sibling_ward, world.sibling_admin, 5))
    response = login(world.secretary).get(url("commendation_new", world.cell.pk, cuoc_thi=contest.pk))
    assert (response.context["contest"], response.context["form"]["basis"].value()) == (None, "chuong_trinh")


def test_the_ward_approves_and_the_secretary_may_not(world, login):
    c = nominate_member(world)
    assert login(world.secretary).post(url("commendation_approve", world.cell.pk, c.pk)).status_code == 403
    detail = page(login(world.ward_admin).get(url("commendation_detail", world.cell.pk, c.pk)))
    assert 'id="decline-form"' in detail
    response = login(world.ward_admin).post(url("commendation_approve", world.cell.pk, c.pk))
    assert response["Location"] == url("commendation_detail", world.cell.pk, c.pk)
    assert Commendation.objects.unscoped().get().stage == Stage.APPROVED


def test_decline_without_a_reason_says_so_and_changes_nothing(world, login):
    c = nominate_member(world)
    client = login(world.ward_admin)
    client.post(url("commendation_decline", world.cell.pk, c.pk), {"reason": ""})
    assert Commendation.objects.unscoped().get().stage == Stage.NOMINATED
    html = page(client.get(url("commendation_detail", world.cell.pk, c.pk)))
    assert "Hãy ghi lý do không duyệt." in html
    client.post(url("commendation_decline", world.cell.pk, c.pk), {"reason": "Chưa đủ tiêu chuẩn"})
    assert Commendation.objects.unscoped().get().stage == Stage.DECLINED


def test_withdraw_by_the_secretary(world, login):
    c = nominate_member(world)
    response = login(world.secretary).post(url("commendation_withdraw", world.cell.pk, c.pk))
    assert (response["Location"], Commendation.objects.unscoped().count()) == (url("commendation_list", world.cell.pk), 0)


def test_issue_page_issues_the_ticked_ones_under_one_decision(world, login):
    a = services.approve(nominate_org(world), by=world.ward_admin)
    b = services.approve(nominate_member(world), by=world.ward_admin)
    untouched = services.approve(nominate_member(world, world.other_member, by=world.ward_admin), by=world.ward_admin)
    client = login(world.ward_admin)
    html = page(client.get(url("commendation_issue", world.ward.pk)))
    assert (f'value="{a.pk}"' in html, f'value="{untouched.pk}"' in html) == (True, True)
    response = client.post(url("commendation_issue", world.ward.pk), {
        "commendations": [a.pk, b.pk], "decision_number": "12-QĐ/ĐU", "decided_on": f"{LAST_YEAR}-02-03",
        "signer": "Bí thư Võ Văn Hùng"})
    assert response["Location"] == url("commendation_list", world.ward.pk)
    assert {c.pk: c.stage for c in Commendation.objects.unscoped()} == {a.pk: Stage.ISSUED, b.pk: Stage.ISSUED,
                                                                        untouched.pk: Stage.APPROVED}
    words = text_of(page(client.get(response["Location"])))
    assert "Đã ban hành Quyết định số 12-QĐ/ĐU: khen thưởng 1 tập thể, 1 cá nhân." in words


def test_issue_form_rejects_a_hand_posted_commendation_of_another_body(world, login):
    own = services.approve(nominate_member(world), by=world.ward_admin)
    elsewhere = services.approve(nominate_org(world, world.sibling_cell, by=world.sibling_admin,
                                              awarding_org=world.sibling_ward), by=world.sibling_admin)
    by_province = services.approve(nominate_org(world, world.ward, by=world.province_admin, awarding_org=world.province),
                                   by=world.province_admin)
    client = login(world.province_admin)  # reaches all three, but the ward's page issues the ward's only
    for forged in (elsewhere, by_province):
        response = client.post(url("commendation_issue", world.ward.pk), {
            "commendations": [own.pk, forged.pk], "decision_number": "12-QĐ/ĐU", "decided_on": f"{LAST_YEAR}-02-03"})
        assert (response.status_code, list(response.context["form"].errors)) == (200, ["commendations"])
    assert {c.stage for c in Commendation.objects.unscoped()} == {Stage.APPROVED}


def test_issue_from_the_detail_page_of_one_commendation(world, login):
    c = services.approve(nominate_member(world), by=world.ward_admin)
    client = login(world.ward_admin)
    html = page(client.get(url("commendation_detail", world.cell.pk, c.pk)))
    assert f'action="{url("commendation_issue", world.ward.pk)}"' in html
    response = client.post(url("commendation_issue", world.ward.pk), {
        "commendations": [c.pk], "decision_number": "7-QĐ/ĐU", "decided_on": f"{LAST_YEAR}-03-09"})
    assert response["Location"] == url("commendation_detail", world.ward.pk, c.pk)


def test_certificate_is_404_until_issued_then_prints_the_decision(world, login):
    c = nominate_member(world)
    client = login(world.secretary)
    assert client.get(url("certificate", world.cell.pk, c.pk)).status_code == 404
    issued(world, [c])
    html = page(client.get(url("certificate", world.cell.pk, c.pk)))
    words = text_of(html)
    assert "ĐẢNG BỘ TỈNH THỬ NGHIỆM ĐẢNG BỘ PHƯỜNG BẾN THÀNH * ĐẢNG CỘNG SẢN VIỆT NAM GIẤY KHEN" in words
    assert "Tặng đồng chí Trần Văn Đảng Đảng viên Chi bộ Khu phố 1" in words
    assert "Có thành tích xuất sắc trong học tập và làm theo Bác." in words
    assert f"Quyết định số 12-QĐ/ĐU, ngày 03 tháng 02 năm {LAST_YEAR}" in words
    assert "Bí thư Võ Văn Hùng" in words
    assert ("style=" in html, "<script>" in html.split("</head>")[1]) == (False, False)


def test_certificate_of_a_collective(world, login):
    [c] = issued(world, [nominate_org(world)], on=datetime.date(LAST_YEAR, 11, 5))
    words = text_of(page(login(world.ward_admin).get(url("certificate", world.ward.pk, c.pk))))
    assert ("Tặng Chi bộ Khu phố 1" in words, f"ngày 05 tháng 11 năm {LAST_YEAR}" in words) == (True, True)


def test_export_of_the_year_opens_with_the_expected_cells(world, login):
    [c] = issued(world, [nominate_org(world)])
    nominate_member(world)
    response = login(world.ward_admin).get(url("commendation_export", world.ward.pk, nam=LAST_YEAR))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [f"Khen thưởng năm {LAST_YEAR}", f"Đã khen trong năm {LAST_YEAR}"]
    sheet = workbook.active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["STT", "Đối tượng", "Tập thể, cá nhân được khen", "Thuộc", "Hình thức", "Cấp khen thưởng", "Khen về",
                       "Thành tích, lý do", "Bước", "Số quyết định", "Ngày quyết định", "Người ký"]
    assert rows[1][:10] == [1, "Tập thể", "Chi bộ Khu phố 1", "Đảng bộ phường Bến Thành", "Giấy khen",
                            "Đảng bộ phường Bến Thành", "Học tập và làm theo Bác",
                            "Chi bộ tiêu biểu trong thực hiện Chỉ thị 05-CT/TW.", "Đã ban hành quyết định", "12-QĐ/ĐU"]
    assert (rows[1][10].date(), rows[1][11]) == (c.decided_on, "Bí thư Võ Văn Hùng")
    assert rows[2][:5] + rows[2][8:11] == [2, "Cá nhân", "Trần Văn Đảng", "Chi bộ Khu phố 1", "Giấy khen", "Đề nghị", None, None]
    assert len(rows) == 3
    report = [[cell.value for cell in row] for row in workbook[f"Đã khen trong năm {LAST_YEAR}"].iter_rows()]
    assert report[0] == ["STT", "Quyết định", "Ngày quyết định", "Cấp khen thưởng", "Hình thức", "Đối tượng",
                         "Tập thể, cá nhân được khen", "Thuộc", "Thành tích"]
    assert [report[1][0], report[1][1], report[1][2].date(), *report[1][3:]] == [
        1, "12-QĐ/ĐU", c.decided_on, "Đảng bộ phường Bến Thành", "Giấy khen", "Tập thể", "Chi bộ Khu phố 1",
        "Đảng bộ phường Bến Thành", "Chi bộ tiêu biểu trong thực hiện Chỉ thị 05-CT/TW."]
    assert len(report) == 2
    entry = AuditEntry.objects.unscoped().get(action="commendation.export")
    assert (entry.org_id, entry.after) == (world.ward.pk, {"file": f"khen-thuong-P01-{LAST_YEAR}.xlsx", "rows": 3})


def test_award_forms_page_adds_renames_and_stops_a_form(world, login):
    client = login(world.superuser)
    client.post(url("award_forms"), {"action": "add", "them-name": "Kỷ niệm chương"})
    added = AwardForm.objects.get(name="Kỷ niệm chương")
    client.post(url("award_forms"), {"action": "rename", "id": added.pk, "name": "Huy hiệu 30 năm"})
    client.post(url("award_forms"), {"action": "deactivate", "id": added.pk})
    added.refresh_from_db()
    assert (added.name, added.is_active) == ("Huy hiệu 30 năm", False)
    html = page(client.get(url("award_forms")))
    assert '<button type="submit" name="action" value="activate" class="link">Dùng lại</button>' in html
    assert "Huy hiệu 30 năm" not in [f.name for f in login(world.secretary).get(
        url("commendation_new", world.cell.pk)).context["form"].fields["form"].queryset]


# Reminders ----------------------------------------------------------------------------------

def test_reminder_recorded_from_the_form_then_closed(world, login):
    client = login(world.secretary)
    response = client.post(url("reminder_new", world.cell.pk), {
        "kind": "kiem_diem", "member": world.member.pk, "concerned_org": world.cell.pk, "reason": "Vắng sinh hoạt 3 kỳ.",
        "decided_by": world.cell.pk, "decided_on": f"{LAST_YEAR}-05-02", "follow_up_on": f"{LAST_YEAR}-08-01"})
    r = Reminder.objects.unscoped().get()
    assert response["Location"] == url("reminder_detail", world.cell.pk, r.pk)
    client.post(url("reminder_detail", world.cell.pk, r.pk), {"outcome": "Đã tham gia đầy đủ.", "closed_on": f"{LAST_YEAR}-09-01"})
    r.refresh_from_db()
    assert (r.kind, r.member, r.outcome, r.closed_on) == ("kiem_diem", world.member, "Đã tham gia đầy đủ.",
                                                          datetime.date(LAST_YEAR, 9, 1))
    html = page(client.get(url("reminder_detail", world.cell.pk, r.pk)))
    assert 'id="outcome-form"' not in html and "Kết thúc theo dõi" in html


def test_reminder_form_rejects_a_hand_posted_member_of_another_cell(world, login):
    response = login(world.secretary).post(url("reminder_new", world.cell.pk), {
        "kind": "nhac_nho", "member": world.other_member.pk, "concerned_org": world.cell.pk, "reason": "x",
        "decided_by": world.cell.pk, "decided_on": f"{LAST_YEAR}-05-02"})
    assert (response.status_code, list(response.context["form"].errors)) == (200, ["member"])
    assert Reminder.objects.unscoped().count() == 0


def test_member_reads_their_own_reminders_only(world, login):
    member_reminder(world)
    own = text_of(page(login(world.member_user).get(url("my_reminders"))))
    assert "Lý do Chưa đăng ký làm theo năm nay." in own
    other = text_of(page(login(world.other_member_user).get(url("my_reminders"))))
    assert ("Chưa đăng ký làm theo" in other, "Đồng chí không có nhắc nhở, kiểm điểm nào." in other) == (False, True)


# Inspection plans ---------------------------------------------------------------------------

def _item_data(w, **values):
    return {"year": LAST_YEAR, "kind": "giam_sat", "content": "Giám sát việc đăng ký làm theo", "targets": [w.cell.pk],
            "starts_on": f"{LAST_YEAR}-05-01", "ends_on": f"{LAST_YEAR}-05-15", "inspectors": "Ủy ban Kiểm tra", **values}


def test_ward_plans_an_item_and_a_forged_target_is_rejected(world, login):
    client = login(world.ward_admin)
    forged = client.post(url("inspection_new", world.ward.pk), _item_data(world, targets=[world.cell.pk, world.sibling_cell.pk]))
    assert (forged.status_code, list(forged.context["form"].errors)) == (200, ["targets"])
    response = client.post(url("inspection_new", world.ward.pk), _item_data(world))
    item = InspectionItem.objects.unscoped().get()
    assert response["Location"] == url("inspection_detail", world.ward.pk, item.pk)
    client.post(url("inspection_edit", world.ward.pk, item.pk), _item_data(world, content="Giám sát chuyên đề năm"))
    item.refresh_from_db()
    assert item.content == "Giám sát chuyên đề năm"


def test_the_cell_sees_the_ward_item_targeting_it_and_only_its_follow_ups(world, login):
    item = concluded_item(world)
    client = login(world.secretary)
    plan = text_of(page(client.get(url("inspection_plan", world.cell.pk, nam=LAST_YEAR))))
    assert "Kiểm tra việc thực hiện Chỉ thị 05-CT/TW năm qua cấp trên Đảng bộ phường Bến Thành" in plan
    assert f"Chi bộ Khu phố 1: hạn 30/06/{LAST_YEAR}" in plan and "Chi bộ Khu phố 2: hạn" not in plan
    detail = text_of(page(client.get(url("inspection_detail", world.cell.pk, item.pk))))
    assert ("Bổ sung sổ theo dõi đăng ký làm theo" in detail, "Tổ chức sinh hoạt chuyên đề" in detail) == (True, False)
    assert login(world.sibling_admin).get(url("inspection_detail", world.sibling_ward.pk, item.pk)).status_code == 404


def test_conclude_from_the_form_with_a_follow_up(world, login):
    item = ward_item(world)
    client = login(world.ward_admin)
    forged = client.post(url("inspection_conclude", world.ward.pk, item.pk), {
        "conclusion": "Tốt", "concluded_on": f"{LAST_YEAR}-04-10", "follow_org_0": world.sibling_cell.pk,
        "follow_text_0": "x", "follow_due_0": f"{LAST_YEAR}-05-01"})
    assert (forged.status_code, list(forged.context["form"].errors)) == (200, ["follow_org_0"])
    client.post(url("inspection_conclude", world.ward.pk, item.pk), {
        "conclusion": "Chi bộ thực hiện tốt.", "concluded_on": f"{LAST_YEAR}-04-10", "follow_org_0": world.other_cell.pk,
        "follow_text_0": "Bổ sung biên bản", "follow_due_0": f"{LAST_YEAR}-05-01"})
    item.refresh_from_db()
    assert (item.conclusion, [(f.org, f.text) for f in item.follow_ups.all()]) == (
        "Chi bộ thực hiện tốt.", [(world.other_cell, "Bổ sung biên bản")])
    assert client.get(url("inspection_edit", world.ward.pk, item.pk)).status_code == 200
    client.post(url("inspection_edit", world.ward.pk, item.pk), _item_data(world, content="Sửa sau kết luận"))
    item.refresh_from_db()
    assert item.content == "Kiểm tra việc thực hiện Chỉ thị 05-CT/TW năm qua"


def test_the_secretary_reports_the_cell_follow_up_done(world, login):
    item = concluded_item(world)
    own = item.follow_ups.get(org=world.cell)
    client = login(world.secretary)
    response = client.post(url("follow_up_done", world.cell.pk, own.pk), {"done_on": f"{LAST_YEAR}-06-01",
                                                                          "note": "Đã lập sổ theo dõi"})
    assert response["Location"] == url("inspection_detail", world.cell.pk, item.pk)
    own.refresh_from_db()
    assert (own.done_on, own.done_note) == (datetime.date(LAST_YEAR, 6, 1), "Đã lập sổ theo dõi")
    other = item.follow_ups.get(org=world.other_cell)
    assert client.post(url("follow_up_done", world.cell.pk, other.pk), {"done_on": f"{LAST_YEAR}-06-01", "note": "x"}).status_code == 404
    assert FollowUp.objects.filter(done_on__isnull=False).count() == 1


def test_inspection_export_opens_with_the_expected_cells(world, login):
    concluded_item(world)
    response = login(world.ward_admin).get(url("inspection_export", world.ward.pk, nam=LAST_YEAR))
    rows = [[cell.value for cell in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]
    assert rows[0][:5] == ["STT", "Hình thức", "Nội dung", "Cấp ủy", "Tổ chức được kiểm tra, giám sát"]
    assert [*rows[1][:5], rows[1][7], rows[1][10], rows[1][11]] == [
        1, "Kiểm tra", "Kiểm tra việc thực hiện Chỉ thị 05-CT/TW năm qua", "Đảng bộ phường Bến Thành",
        "Chi bộ Khu phố 1; Chi bộ Khu phố 2", "Ủy ban Kiểm tra Đảng ủy phường",
        f"Chi bộ Khu phố 1: Bổ sung sổ theo dõi đăng ký làm theo (hạn 30/06/{LAST_YEAR}); "
        f"Chi bộ Khu phố 2: Tổ chức sinh hoạt chuyên đề (hạn 31/07/{LAST_YEAR})", "0/2"]
    assert (rows[1][5].date(), rows[1][8].date()) == (datetime.date(LAST_YEAR, 3, 1), datetime.date(LAST_YEAR, 4, 10))


def test_org_page_lists_what_waits_for_the_ward(world, login):
    nominate_member(world)
    services.approve(nominate_org(world), by=world.ward_admin)
    from hocbac.core import todo

    titles = [t.title for t in todo.todos_for_org(world.ward)]
    assert ("1 đề nghị khen thưởng chờ duyệt" in titles,
            "1 khen thưởng đã duyệt, chờ ban hành quyết định" in titles) == (True, True)
