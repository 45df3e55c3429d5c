"""Every rule of the awards services, refused and allowed, and what each writes to the audit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hocbac.awards import services
from hocbac.awards.models import AwardForm, Commendation, FollowUp, InspectionItem, Reminder, Stage
from hocbac.awards.tests.conftest import (
    DECIDED_ON,
    LAST_YEAR,
    TODAY,
    concluded_item,
    giay_khen,
    issued,
    member_reminder,
    nominate_member,
    nominate_org,
    ward_item,
)
from hocbac.contests.tests.conftest import make_contest, make_questions
from hocbac.core.models import AuditEntry
from hocbac.orgs.models import Member

pytestmark = pytest.mark.django_db


def audit(action):
    return list(AuditEntry.objects.unscoped().filter(action=action).order_by("id"))


def messages_of(excinfo):
    return excinfo.value.messages


def fresh(c):
    return Commendation.objects.unscoped().get(pk=c.pk)


# Nominate ---------------------------------------------------------------------------------

def test_nominate_individual_records_the_member_cell_and_one_audit_entry(world):
    c = nominate_member(world)
    assert (c.org, c.recipient, c.member, c.recipient_org, c.awarding_org, c.stage, c.nominated_by) == (
        world.cell, "ca_nhan", world.member, None, world.ward, Stage.NOMINATED, world.secretary)
    entries = audit("commendation.nominate")
    assert [(e.org_id, e.object_id, e.actor_id) for e in entries] == [(world.cell.pk, str(c.pk), world.secretary.pk)]
    assert entries[0].summary == (f"Đề nghị Giấy khen cho Trần Văn Đảng (cá nhân), năm {LAST_YEAR}, "
                                  "gửi Đảng bộ phường Bến Thành")


def test_nominate_collective_records_the_collective_as_org(world):
    c = nominate_org(world, world.other_cell)
    assert (c.org, c.recipient_org, c.member, c.recipient_name) == (world.other_cell, world.other_cell, None, "Chi bộ Khu phố 2")


def test_nominate_by_someone_not_managing_the_recipient_is_refused(world):
    for by, member in ((world.secretary, world.other_member), (world.sibling_admin, world.member), (world.viewer, world.member)):
        with pytest.raises(PermissionDenied):
            nominate_member(world, member, by=by)
    with pytest.raises(PermissionDenied):
        nominate_org(world, world.ward, by=world.secretary)
    assert Commendation.objects.unscoped().count() == 0


def test_nominate_to_a_body_beside_or_below_the_recipient_is_refused(world):
    for awarding_org in (world.other_cell, world.sibling_ward):
        with pytest.raises(ValidationError) as excinfo:
            nominate_member(world, awarding_org=awarding_org)
        assert messages_of(excinfo) == ["Cấp khen thưởng phải là Chi bộ Khu phố 1 hoặc cấp ủy cấp trên của Chi bộ Khu phố 1."]
    with pytest.raises(ValidationError):
        nominate_org(world, world.ward, awarding_org=world.cell)


def test_nominate_to_the_recipient_itself_or_the_province_is_allowed(world):
    assert nominate_member(world, awarding_org=world.cell).awarding_org == world.cell
    assert nominate_member(world, awarding_org=world.province).awarding_org == world.province


def test_nominate_with_an_inactive_form_is_refused(world):
    form = giay_khen()
    AwardForm.objects.filter(pk=form.pk).update(is_active=False)
    form.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        nominate_member(world, form=form)
    assert messages_of(excinfo) == ["Hình thức “Giấy khen” không còn dùng."]


def test_nominate_without_a_reason_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        nominate_member(world, reason="   ")
    assert messages_of(excinfo) == ["Hãy ghi thành tích, lý do đề nghị khen thưởng."]


def test_nominate_a_member_no_longer_active_is_refused(world):
    Member.objects.in_orgs([world.cell.pk]).filter(pk=world.member.pk).update(status="chuyen_di")
    world.member.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        nominate_member(world)
    assert messages_of(excinfo) == ["Đồng chí Trần Văn Đảng không còn sinh hoạt đảng (đã chuyển sinh hoạt đi)."]


def test_nominate_links_a_model_only_when_the_basis_is_a_model(world, practice_of):
    practice = practice_of(world.cell)
    with pytest.raises(ValidationError) as excinfo:
        nominate_org(world, practice=practice)
    assert messages_of(excinfo) == ["Chỉ chọn mô hình khi khen thưởng về mô hình."]
    with pytest.raises(ValidationError) as excinfo:
        nominate_org(world, basis="mo_hinh")
    assert messages_of(excinfo) == ["Khen thưởng về mô hình: hãy chọn mô hình."]
    assert nominate_org(world, basis="mo_hinh", practice=practice).practice == practice


def test_nominate_links_a_model_in_the_awarding_branch_or_above_only(world, practice_of):
    with pytest.raises(ValidationError) as excinfo:
        nominate_org(world, basis="mo_hinh", practice=practice_of(world.sibling_cell, name="Mô hình Tân Định"))
    assert messages_of(excinfo) == ["Mô hình “Mô hình Tân Định” không thuộc phạm vi của Đảng bộ phường Bến Thành."]
    above = practice_of(world.province, name="Mô hình của tỉnh", origin="phat_dong")
    assert nominate_org(world, basis="mo_hinh", practice=above).practice == above
    beside = practice_of(world.other_cell, name="Mô hình của Khu phố 2")
    assert nominate_org(world, basis="mo_hinh", practice=beside).practice == beside  # inside the ward


def test_nominate_links_a_contest_in_the_awarding_branch_or_above_only(world):
    sibling = make_contest(world.sibling_ward, world.sibling_admin, make_questions(world.sibling_ward, world.sibling_admin, 5),
                           title="Thi ở Tân Định")
    with pytest.raises(ValidationError) as excinfo:
        nominate_member(world, basis="cuoc_thi", contest=sibling)
    assert messages_of(excinfo) == ["Cuộc thi “Thi ở Tân Định” không thuộc phạm vi của Đảng bộ phường Bến Thành."]
    with pytest.raises(ValidationError):
        nominate_member(world, basis="cuoc_thi")
    ward_contest = make_contest(world.ward, world.ward_admin, make_questions(world.ward, world.ward_admin, 5))
    with pytest.raises(ValidationError) as excinfo:
        nominate_member(world, contest=ward_contest)
    assert messages_of(excinfo) == ["Chỉ chọn cuộc thi khi khen thưởng về kết quả cuộc thi."]
    assert nominate_member(world, basis="cuoc_thi", contest=ward_contest).contest == ward_contest


def test_nominate_twice_with_the_same_client_key_records_once(world):
    first = nominate_member(world, client_key="k-1")
    second = nominate_member(world, client_key="k-1")
    assert (second.pk, Commendation.objects.unscoped().count(), len(audit("commendation.nominate"))) == (first.pk, 1, 1)
    other_user = nominate_member(world, by=world.ward_admin, client_key="k-1")  # a key is per user
    assert Commendation.objects.unscoped().count() == 2 and other_user.pk != first.pk


def test_nominate_race_on_the_client_key_returns_the_row_that_won(world, monkeypatch):
    first = nominate_member(world, client_key="k-race")
    monkeypatch.setattr(services, "_nomination_with_key", lambda by, key: None)  # both passed the check
    again = nominate_member(world, client_key="k-race")
    assert (again.pk, Commendation.objects.unscoped().count(), len(audit("commendation.nominate"))) == (first.pk, 1, 1)


# Approve, decline, withdraw ---------------------------------------------------------------

def test_approve_by_the_awarding_body_moves_to_approved_with_audit(world):
    c = services.approve(nominate_member(world), by=world.ward_admin)
    c = fresh(c)
    assert (c.stage, c.approved_by) == (Stage.APPROVED, world.ward_admin)
    assert [(e.before, e.after) for e in audit("commendation.approve")] == [({"stage": "de_nghi"}, {"stage": "da_duyet"})]


def test_approve_by_someone_not_managing_the_awarding_body_is_refused(world):
    c = nominate_member(world)
    for by in (world.secretary, world.viewer, world.sibling_admin):
        with pytest.raises(PermissionDenied):
            services.approve(c, by=by)
    assert fresh(c).stage == Stage.NOMINATED


def test_approve_or_decline_only_from_nominated(world):
    c = services.approve(nominate_member(world), by=world.ward_admin)
    with pytest.raises(ValidationError) as excinfo:
        services.approve(c, by=world.ward_admin)
    assert messages_of(excinfo) == ["Chỉ duyệt khen thưởng đang ở bước đề nghị (hiện: đã duyệt)."]
    with pytest.raises(ValidationError):
        services.decline(c, by=world.ward_admin, reason="Không đủ tiêu chuẩn")


def test_decline_needs_a_reason_and_records_it(world):
    c = nominate_member(world)
    with pytest.raises(ValidationError) as excinfo:
        services.decline(c, by=world.ward_admin, reason=" ")
    assert messages_of(excinfo) == ["Hãy ghi lý do không duyệt."]
    with pytest.raises(PermissionDenied):
        services.decline(c, by=world.secretary, reason="Tự từ chối")
    services.decline(c, by=world.ward_admin, reason="Chưa đủ thời gian phấn đấu")
    c = fresh(c)
    assert (c.stage, c.declined_reason) == (Stage.DECLINED, "Chưa đủ thời gian phấn đấu")
    assert [e.after for e in audit("commendation.decline")] == [{"stage": "khong_duyet", "declined_reason": "Chưa đủ thời gian phấn đấu"}]


def test_withdraw_a_nomination_by_whoever_may_nominate_it(world):
    c = nominate_member(world)
    with pytest.raises(PermissionDenied):
        services.withdraw(c, by=world.viewer)
    services.withdraw(c, by=world.secretary)
    assert (Commendation.objects.unscoped().count(), [e.object_id for e in audit("commendation.withdraw")]) == (0, [str(c.pk)])


def test_withdraw_after_approval_is_refused(world):
    c = services.approve(nominate_member(world), by=world.ward_admin)
    with pytest.raises(ValidationError):
        services.withdraw(c, by=world.secretary)


# Issue --------------------------------------------------------------------------------------

def test_issue_one_decision_for_several_approved_commendations(world):
    rows = issued(world, [nominate_org(world), nominate_member(world), nominate_member(world, world.other_member, by=world.ward_admin)])
    stored = list(Commendation.objects.unscoped().order_by("pk"))
    assert [(c.stage, c.decision_number, c.decided_on, c.signer) for c in stored] == [
        (Stage.ISSUED, "12-QĐ/ĐU", DECIDED_ON, "Bí thư Võ Văn Hùng")] * 3
    entries = audit("commendation.issue")
    ids = [c.pk for c in rows]
    assert [(e.object_id, e.org_id) for e in entries] == [
        (str(ids[0]), world.cell.pk), (str(ids[1]), world.cell.pk), (str(ids[2]), world.other_cell.pk)]
    assert entries[0].summary == (f"Quyết định số 12-QĐ/ĐU ngày 03/02/{LAST_YEAR} của Đảng bộ phường Bến Thành: "
                                  "Giấy khen (khen 1 tập thể, 2 cá nhân)")
    assert entries[0].after["batch"] == ids


def test_issue_is_all_or_nothing_when_one_is_not_approved(world):
    approved = services.approve(nominate_org(world), by=world.ward_admin)
    waiting = nominate_member(world)
    with pytest.raises(ValidationError) as excinfo:
        services.issue([approved, waiting], by=world.ward_admin, decision_number="13-QĐ/ĐU", decided_on=DECIDED_ON)
    assert messages_of(excinfo) == ["Chỉ ban hành khen thưởng đã duyệt; chưa duyệt hoặc đã ban hành: Trần Văn Đảng."]
    assert [(c.stage, c.decision_number) for c in Commendation.objects.unscoped().order_by("pk")] == [
        (Stage.APPROVED, ""), (Stage.NOMINATED, "")]
    assert audit("commendation.issue") == []


def test_issue_refuses_commendations_of_two_awarding_bodies(world):
    ward = services.approve(nominate_member(world), by=world.ward_admin)
    cell = services.approve(nominate_member(world, awarding_org=world.cell), by=world.secretary)
    with pytest.raises(ValidationError) as excinfo:
        services.issue([ward, cell], by=world.ward_admin, decision_number="14-QĐ/ĐU", decided_on=DECIDED_ON)
    assert messages_of(excinfo) == ["Một quyết định chỉ gồm các khen thưởng của cùng một cấp khen thưởng."]
    assert fresh(ward).stage == Stage.APPROVED


def test_issue_by_someone_not_managing_the_awarding_body_is_refused(world):
    c = services.approve(nominate_member(world), by=world.ward_admin)
    with pytest.raises(PermissionDenied):
        services.issue([c], by=world.secretary, decision_number="15-QĐ/ĐU", decided_on=DECIDED_ON)
    assert fresh(c).stage == Stage.APPROVED


def test_issue_checks_the_decision(world):
    c = services.approve(nominate_member(world), by=world.ward_admin)
    cases = [([], "15", DECIDED_ON, "Hãy chọn ít nhất một khen thưởng đã duyệt."),
             ([c], "  ", DECIDED_ON, "Hãy nhập số quyết định."),
             ([c], "15", TODAY + datetime.timedelta(days=1), "Ngày quyết định không được sau hôm nay.")]
    for rows, number, on, message in cases:
        with pytest.raises(ValidationError) as excinfo:
            services.issue(rows, by=world.ward_admin, decision_number=number, decided_on=on)
        assert messages_of(excinfo) == [message]


def test_issue_twice_is_refused(world):
    c = issued(world, [nominate_member(world)])[0]
    with pytest.raises(ValidationError):
        services.issue([c], by=world.ward_admin, decision_number="16-QĐ/ĐU", decided_on=DECIDED_ON)
    assert fresh(c).decision_number == "12-QĐ/ĐU"


# Award forms --------------------------------------------------------------------------------

def test_award_forms_are_edited_by_the_system_administrator_only(world):
    with pytest.raises(PermissionDenied):
        services.add_award_form(by=world.province_admin, name="Kỷ niệm chương")
    added = services.add_award_form(by=world.superuser, name="  Kỷ niệm   chương ")
    assert (added.name, added.position, added.is_active) == ("Kỷ niệm chương", 6, True)
    with pytest.raises(ValidationError) as excinfo:
        services.add_award_form(by=world.superuser, name="giấy khen")
    assert messages_of(excinfo) == ["Đã có hình thức “giấy khen”."]
    services.rename_award_form(added, by=world.superuser, name="Huy hiệu")
    services.set_award_form_active(added, by=world.superuser, active=False)
    added.refresh_from_db()
    assert (added.name, added.is_active) == ("Huy hiệu", False)
    assert [e.action for e in AuditEntry.objects.unscoped().filter(action__startswith="award_form.").order_by("id")] == [
        "award_form.add", "award_form.rename", "award_form.deactivate"]


# Reminders ----------------------------------------------------------------------------------

def test_record_reminder_for_a_member_from_the_ward_puts_it_in_the_cell(world):
    r = services.record_reminder(by=world.ward_admin, org=world.ward, member=world.member, kind="kiem_diem",
                                 reason="Không tham gia sinh hoạt chuyên đề 3 kỳ liền.", decided_by=world.ward,
                                 decided_on=datetime.date(LAST_YEAR, 5, 2))
    assert (r.org, r.member, r.decided_by, r.created_by) == (world.cell, world.member, world.ward, world.ward_admin)
    entries = audit("reminder.record")
    assert [(e.org_id, e.summary) for e in entries] == [
        (world.cell.pk, f"Kiểm điểm đồng chí Trần Văn Đảng (Đảng bộ phường Bến Thành, 02/05/{LAST_YEAR})")]


def test_record_reminder_for_an_organisation(world):
    r = services.record_reminder(by=world.ward_admin, org=world.other_cell, kind="nhac_nho", reason="Chậm nộp báo cáo.",
                                 decided_by=world.ward, decided_on=datetime.date(LAST_YEAR, 5, 2))
    assert (r.org, r.member) == (world.other_cell, None)


def test_record_reminder_refuses_who_does_not_manage_and_a_member_outside(world):
    with pytest.raises(PermissionDenied):
        services.record_reminder(
            by=world.viewer, org=world.cell, member=world.member, kind="nhac_nho", reason="x", decided_by=world.cell,
            decided_on=datetime.date(LAST_YEAR, 5, 2))
    with pytest.raises(ValidationError) as excinfo:
        services.record_reminder(by=world.secretary, org=world.cell, member=world.other_member, kind="nhac_nho",
                                 reason="x", decided_by=world.cell, decided_on=datetime.date(LAST_YEAR, 5, 2))
    assert messages_of(excinfo) == ["Đồng chí Lê Thị Khác không thuộc Chi bộ Khu phố 1."]


def test_record_reminder_decided_by_a_body_beside_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        member_reminder(world, decided_by=world.other_cell)
    assert messages_of(excinfo) == ["Cấp quyết định phải là Chi bộ Khu phố 1 hoặc cấp ủy cấp trên."]
    assert member_reminder(world, decided_by=world.province).decided_by == world.province


def test_record_reminder_checks_dates_and_reason(world):
    cases = [({"follow_up_on": datetime.date(LAST_YEAR, 4, 1)}, "Hạn xem lại không được trước ngày quyết định."),
             ({"decided_on": TODAY + datetime.timedelta(days=1), "follow_up_on": None}, "Ngày quyết định không được sau hôm nay."),
             ({"reason": ""}, "Hãy ghi lý do.")]
    for values, message in cases:
        with pytest.raises(ValidationError) as excinfo:
            member_reminder(world, **values)
        assert messages_of(excinfo) == [message]
    assert Reminder.objects.unscoped().count() == 0


def test_record_outcome_then_close_then_refuse_more(world):
    r = member_reminder(world)
    services.record_outcome(r, by=world.secretary, outcome="Đã đăng ký bổ sung.")
    r = services.record_outcome(r, by=world.secretary, outcome="Đã đăng ký và thực hiện tốt.",
                                closed_on=datetime.date(LAST_YEAR, 9, 1))
    assert (r.outcome, r.closed_on) == ("Đã đăng ký và thực hiện tốt.", datetime.date(LAST_YEAR, 9, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.record_outcome(r, by=world.secretary, outcome="Thêm")
    assert messages_of(excinfo) == [f"Đã kết thúc theo dõi ngày 01/09/{LAST_YEAR}."]
    assert [e.after for e in audit("reminder.outcome")] == [
        {"outcome": "Đã đăng ký bổ sung.", "closed_on": None},
        {"outcome": "Đã đăng ký và thực hiện tốt.", "closed_on": f"{LAST_YEAR}-09-01"}]


def test_record_outcome_refuses_a_viewer_and_a_close_before_the_decision(world):
    r = member_reminder(world)
    with pytest.raises(PermissionDenied):
        services.record_outcome(r, by=world.viewer, outcome="x")
    with pytest.raises(ValidationError) as excinfo:
        services.record_outcome(r, by=world.secretary, outcome="x", closed_on=datetime.date(LAST_YEAR, 1, 1))
    assert messages_of(excinfo) == ["Ngày kết thúc theo dõi không được trước ngày quyết định."]


# Inspection plans ---------------------------------------------------------------------------

def test_create_item_by_the_committee_with_its_targets(world):
    item = ward_item(world)
    assert (item.org, item.year, sorted(t.name for t in item.targets.all())) == (
        world.ward, LAST_YEAR, ["Chi bộ Khu phố 1", "Chi bộ Khu phố 2"])
    assert [(e.org_id, e.summary) for e in audit("inspection.create")] == [
        (world.ward.pk, f"Kế hoạch kiểm tra năm {LAST_YEAR}: Chi bộ Khu phố 1, Chi bộ Khu phố 2")]


def test_create_item_needs_administer(world):
    with pytest.raises(PermissionDenied):
        services.create_item(by=world.secretary, org=world.cell, year=LAST_YEAR, kind="giam_sat", content="x",
                             targets=[world.cell], starts_on=datetime.date(LAST_YEAR, 3, 1),
                             ends_on=datetime.date(LAST_YEAR, 3, 2), inspectors="Chi ủy")


def test_create_item_checks_targets_and_dates(world):
    y = LAST_YEAR
    cases = [({"targets": [world.cell, world.sibling_cell]}, "Không thuộc Đảng bộ phường Bến Thành: Chi bộ Khu phố 1 Tân Định."),
             ({"targets": []}, "Hãy chọn ít nhất một tổ chức được kiểm tra, giám sát."),
             ({"starts_on": datetime.date(y, 4, 1), "ends_on": datetime.date(y, 3, 1)}, "Ngày kết thúc không được trước ngày bắt đầu."),
             ({"starts_on": datetime.date(y, 12, 1), "ends_on": datetime.date(y + 1, 1, 15)},
              f"Thời gian kiểm tra, giám sát phải nằm trong năm {y}.")]
    base = {"year": y, "kind": "kiem_tra", "content": "Kiểm tra", "targets": [world.cell],
            "starts_on": datetime.date(y, 3, 1), "ends_on": datetime.date(y, 3, 31), "inspectors": "UBKT"}
    for values, message in cases:
        with pytest.raises(ValidationError) as excinfo:
            services.create_item(by=world.ward_admin, org=world.ward, **{**base, **values})
        assert messages_of(excinfo) == [message]
    assert InspectionItem.objects.unscoped().count() == 0


def test_update_item_changes_fields_and_targets_with_audit(world):
    item = ward_item(world)
    services.update_item(item, by=world.ward_admin, content="Giám sát chuyên đề", targets=[world.cell])
    item.refresh_from_db()
    assert (item.content, [t.name for t in item.targets.all()]) == ("Giám sát chuyên đề", ["Chi bộ Khu phố 1"])
    [entry] = audit("inspection.update")
    assert (entry.before["targets"], entry.after) == (
        sorted([world.cell.pk, world.other_cell.pk]), {"content": "Giám sát chuyên đề", "targets": [world.cell.pk]})


def test_update_item_refused_once_concluded_or_for_a_cell(world):
    item = concluded_item(world)
    with pytest.raises(ValidationError) as excinfo:
        services.update_item(item, by=world.ward_admin, content="Sửa sau kết luận")
    assert messages_of(excinfo) == ["Nội dung đã có kết luận, không sửa được nữa."]
    with pytest.raises(PermissionDenied):
        services.update_item(ward_item(world), by=world.secretary, content="x")


def test_conclude_sets_follow_ups_for_organisations_inside_the_targets(world):
    item = concluded_item(world)
    assert (item.concluded_on, [(f.org, f.due_on) for f in item.follow_ups.all()]) == (
        datetime.date(LAST_YEAR, 4, 10), [(world.cell, datetime.date(LAST_YEAR, 6, 30)),
                                          (world.other_cell, datetime.date(LAST_YEAR, 7, 31))])
    [entry] = audit("inspection.conclude")
    assert entry.summary == "Kết luận kiểm tra ngày 10/04/" + str(LAST_YEAR) + ", 2 việc phải làm"


def test_conclude_refuses_a_follow_up_outside_the_targets_and_a_second_conclusion(world):
    item = ward_item(world, targets=[world.cell])
    with pytest.raises(ValidationError) as excinfo:
        services.conclude(item, by=world.ward_admin, conclusion="Tốt", concluded_on=datetime.date(LAST_YEAR, 4, 1),
                          follow_ups=[{"org": world.other_cell, "text": "Bổ sung", "due_on": datetime.date(LAST_YEAR, 5, 1)}])
    assert messages_of(excinfo) == ["Chi bộ Khu phố 2 không thuộc các tổ chức được kiểm tra, giám sát."]
    assert FollowUp.objects.count() == 0
    services.conclude(item, by=world.ward_admin, conclusion="Tốt", concluded_on=datetime.date(LAST_YEAR, 4, 1))
    with pytest.raises(ValidationError):
        services.conclude(item, by=world.ward_admin, conclusion="Lần hai", concluded_on=datetime.date(LAST_YEAR, 4, 2))
    with pytest.raises(PermissionDenied):
        services.conclude(ward_item(world), by=world.viewer, conclusion="x", concluded_on=datetime.date(LAST_YEAR, 4, 2))


def test_follow_up_done_by_the_cell_that_must_do_it(world):
    item = concluded_item(world)
    own, other = item.follow_ups.order_by("due_on")
    with pytest.raises(PermissionDenied):
        services.mark_follow_up_done(other, by=world.secretary, done_on=datetime.date(LAST_YEAR, 7, 1), note="x")
    done = services.mark_follow_up_done(own, by=world.secretary, done_on=datetime.date(LAST_YEAR, 6, 1),
                                        note="Đã lập sổ theo dõi")
    assert (done.done_on, done.done_note) == (datetime.date(LAST_YEAR, 6, 1), "Đã lập sổ theo dõi")
    with pytest.raises(ValidationError) as excinfo:
        services.mark_follow_up_done(own, by=world.secretary, done_on=datetime.date(LAST_YEAR, 6, 2), note="lại")
    assert messages_of(excinfo) == [f"Việc này đã báo xong ngày 01/06/{LAST_YEAR}."]
    assert [(e.org_id, e.actor_id) for e in audit("inspection.follow_up_done")] == [(world.cell.pk, world.secretary.pk)]
