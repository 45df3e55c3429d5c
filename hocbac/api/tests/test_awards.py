"""Commendations, reminders and inspection plans through the API: a nomination to its decision,
the competent body alone deciding, one decision for several (all or none), exact figures,
reminders seen by the cell's committee and by the member, a plan seen from the cell it targets,
conclusions with follow-ups the cell reports done, and refusals that change nothing."""

import datetime

from django.utils import timezone

from hocbac.awards import services
from hocbac.awards.models import AwardForm, Commendation, FollowUp
from hocbac.awards.tests.conftest import (
    DECIDED_ON,
    LAST_YEAR,
    concluded_item,
    giay_khen,
    issued,
    nominate_member,
    nominate_org,
)
from hocbac.core.models import AuditEntry

from .helpers import bearer, call

NOT_FOUND = {"detail": "Không tìm thấy (hoặc ngoài phạm vi của đồng chí)."}
FORBIDDEN = {"detail": "Đồng chí không có quyền làm việc này ở tổ chức này."}


def _nomination(world, **extra):
    return {"recipient": "ca_nhan", "member_id": world.member.pk, "awarding_org_id": world.ward.pk,
            "form_id": giay_khen().pk, "year": LAST_YEAR, "reason": "Gương mẫu vận động nhân dân", **extra}


def _actions(prefix):
    return list(AuditEntry.objects.unscoped().filter(action__startswith=prefix).order_by("id")
                .values_list("action", "actor__username"))


def test_a_nomination_to_its_decision(world, client):
    secretary, ward = bearer(world.secretary), bearer(world.ward_admin)
    cell_path = f"/orgs/{world.cell.pk}/commendations"
    status, body = call(client, "post", cell_path, secretary, _nomination(world, client_key="k-1"))
    assert (status, body["recipient_name"], body["org_name"], body["awarding_org_name"], body["form_name"], body["stage"],
            body["stage_label"], body["nominated_by_name"], body["abilities"]) == (
        201, "Trần Văn Đảng", "Chi bộ Khu phố 1", "Đảng bộ phường Bến Thành", "Giấy khen", "de_nghi", "Đề nghị",
        "Nguyễn Thị Bí Thư", ["withdraw"])
    commendation_id = body["id"]
    again = call(client, "post", cell_path, secretary, _nomination(world, client_key="k-1", reason="Gửi lại"))
    assert (again[0], again[1]["id"], again[1]["reason"]) == (201, commendation_id, "Gương mẫu vận động nhân dân")
    assert Commendation.objects.unscoped().count() == 1

    path = f"{cell_path}/{commendation_id}"
    assert call(client, "post", f"{path}/approve", secretary) == (403, FORBIDDEN)  # the ward decides, not the cell
    status, body = call(client, "post", f"{path}/approve", ward)
    assert (status, body["stage"], body["approved_by_name"], body["abilities"]) == (
        200, "da_duyet", "Cán bộ Đảng ủy phường", ["decide"])
    assert call(client, "post", f"{path}/approve", ward) == (
        400, {"detail": "Chỉ duyệt khen thưởng đang ở bước đề nghị (hiện: đã duyệt)."})
    # the cell does not issue the ward's decision
    status, body = call(client, "post", f"{cell_path}/issue", secretary,
                        {"ids": [commendation_id], "decision_number": "12-QĐ/ĐU", "decided_on": DECIDED_ON.isoformat()})
    assert (status, body["detail"]) == (
        400, f"Chỉ ban hành khen thưởng đã duyệt do Chi bộ Khu phố 1 quyết định; không thuộc danh sách đó: {commendation_id}.")
    status, body = call(client, "post", f"/orgs/{world.ward.pk}/commendations/issue", ward,
                        {"ids": [commendation_id], "decision_number": " 12-QĐ/ĐU ", "decided_on": DECIDED_ON.isoformat(),
                         "signer": "Bí thư Võ Văn Hùng"})
    assert (status, body["decision_number"], body["decided_on"], body["collectives"], body["individuals"],
            [(c["id"], c["stage"]) for c in body["commendations"]]) == (
        200, "12-QĐ/ĐU", DECIDED_ON.isoformat(), 0, 1, [(commendation_id, "da_khen")])

    status, body = call(client, "get", f"/orgs/{world.ward.pk}/commendations?year={LAST_YEAR}&stage=da_khen", ward)
    assert (status, body["count"], [c["id"] for c in body["results"]]) == (200, 1, [commendation_id])
    status, body = call(client, "get", f"{cell_path}?year={LAST_YEAR}&recipient=tap_the", secretary)
    assert (status, body["count"]) == (200, 0)
    assert _actions("commendation.") == [("commendation.nominate", "bithu"), ("commendation.approve", "phuong"),
                                         ("commendation.issue", "phuong")]


def test_refused_nominations(world, client):
    secretary = bearer(world.secretary)
    path = f"/orgs/{world.cell.pk}/commendations"
    retired = AwardForm.objects.create(name="Kỷ niệm chương cũ", is_active=False)
    for extra, message in [
        ({"member_id": world.other_member.pk}, "Không tìm thấy đảng viên đã chọn (đang sinh hoạt trong tổ chức)."),
        ({"awarding_org_id": world.sibling_ward.pk}, "Cấp khen thưởng phải là tổ chức này hoặc một cấp ủy cấp trên."),
        ({"form_id": retired.pk}, "Không tìm thấy hình thức khen thưởng đã chọn (hoặc không còn dùng)."),
        ({"recipient_org_id": world.cell.pk}, "Đề nghị khen cá nhân: gửi member_id, không gửi recipient_org_id."),
        ({"member_id": None}, "Hãy chọn đảng viên được đề nghị khen thưởng."),
        ({"basis": "mo_hinh"}, "Khen thưởng về mô hình: hãy chọn mô hình."),
    ]:
        assert call(client, "post", path, secretary, _nomination(world, **extra)) == (400, {"detail": message}), extra
    status, body = call(client, "post", path, secretary, _nomination(world, reason=" ", stage="da_khen", basis="khac"))
    assert status == 422
    assert {(e["field"], e["message"]) for e in body["errors"]} == {
        ("reason", "không được để trống"), ("stage", "không có trường này"),
        ("basis", "phải là một trong: chuong_trinh, mo_hinh, cuoc_thi, so_ket")}
    assert call(client, "get", f"{path}?stage=xong", secretary)[0] == 422
    assert call(client, "post", path, bearer(world.viewer), _nomination(world)) == (403, FORBIDDEN)
    assert call(client, "post", path, bearer(world.sibling_admin), _nomination(world)) == (404, NOT_FOUND)
    assert Commendation.objects.unscoped().count() == 0
    status, body = call(client, "get", "/award-forms", bearer(world.member_user))
    assert status == 200 and "Giấy khen" in [f["name"] for f in body] and "Kỷ niệm chương cũ" not in [f["name"] for f in body]


def test_one_decision_for_several_or_none(world, client):
    ward = bearer(world.ward_admin)
    person = services.approve(nominate_member(world), by=world.ward_admin)
    collective = services.approve(nominate_org(world), by=world.ward_admin)
    waiting = nominate_org(world, world.other_cell)
    path = f"/orgs/{world.ward.pk}/commendations/issue"
    body = {"ids": [person.pk, collective.pk, waiting.pk], "decision_number": "15-QĐ/ĐU", "decided_on": DECIDED_ON.isoformat()}
    assert call(client, "post", path, ward, body) == (
        400, {"detail": "Chỉ ban hành khen thưởng đã duyệt do Đảng bộ phường Bến Thành quyết định; "
                        f"không thuộc danh sách đó: {waiting.pk}."})
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert call(client, "post", path, ward, {**body, "ids": [person.pk, collective.pk], "decided_on": tomorrow}) == (
        400, {"detail": "Ngày quyết định không được sau hôm nay."})
    assert Commendation.objects.unscoped().filter(stage="da_khen").count() == 0
    status, result = call(client, "post", path, ward, {**body, "ids": [person.pk, collective.pk]})
    assert (status, result["collectives"], result["individuals"], [c["stage"] for c in result["commendations"]]) == (
        200, 1, 1, ["da_khen", "da_khen"])
    assert call(client, "post", path, ward, {**body, "ids": [person.pk]})[0] == 400  # issued already: not waiting
    assert _actions("commendation.issue") == [("commendation.issue", "phuong")] * 2


def test_figures_by_form_and_child(world, client):
    issued(world, [nominate_member(world), nominate_org(world), nominate_org(world, world.other_cell)])
    later = services.approve(nominate_member(world, world.other_member, by=world.ward_admin), by=world.ward_admin)  # approved, not issued
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/commendations/figures?year={LAST_YEAR}", bearer(world.ward_admin))
    assert (status, body["start"], body["end"]) == (200, f"{LAST_YEAR}-01-01", f"{LAST_YEAR}-12-31")
    assert (body["total"]["collectives"], body["total"]["individuals"], body["total"]["total"]) == (2, 1, 3)
    assert [(f["label"], f["collectives"], f["individuals"]) for f in body["by_form"]] == [("Giấy khen", 2, 1)]
    assert [(c["label"], c["org_id"], c["collectives"], c["individuals"]) for c in body["children"]] == [
        ("Chi bộ Khu phố 1", world.cell.pk, 1, 1), ("Chi bộ Khu phố 2", world.other_cell.pk, 1, 0)]
    status, body = call(client, "get", f"/orgs/{world.cell.pk}/commendations/figures?year={LAST_YEAR}", bearer(world.secretary))
    assert (status, body["total"]["total"], body["children"]) == (200, 2, [])
    assert later.stage == "da_duyet"


def test_decline_and_withdraw(world, client):
    secretary, ward = bearer(world.secretary), bearer(world.ward_admin)
    first, second = nominate_member(world), nominate_org(world, by=world.secretary)
    path = f"/orgs/{world.cell.pk}/commendations"
    status, body = call(client, "post", f"{path}/{first.pk}/decline", ward, {"reason": ""})
    assert (status, body["errors"]) == (422, [{"field": "reason", "message": "không được để trống"}])
    status, body = call(client, "post", f"{path}/{first.pk}/decline", ward, {"reason": "Chưa đủ thời gian"})
    assert (status, body["stage"], body["declined_reason"], body["abilities"]) == (200, "khong_duyet", "Chưa đủ thời gian", ["decide"])
    assert call(client, "delete", f"{path}/{first.pk}", secretary) == (
        400, {"detail": "Chỉ rút khen thưởng đang ở bước đề nghị (hiện: không duyệt)."})
    assert call(client, "delete", f"{path}/{second.pk}", bearer(world.viewer)) == (403, FORBIDDEN)
    status, body = call(client, "delete", f"{path}/{second.pk}", secretary)
    assert (status, body["id"], body["recipient_name"], body["stage"]) == (200, second.pk, "Chi bộ Khu phố 1", "de_nghi")
    assert call(client, "get", f"{path}/{second.pk}", secretary) == (404, NOT_FOUND)
    assert call(client, "get", f"/orgs/{world.other_cell.pk}/commendations/{first.pk}", bearer(world.ward_admin)) == (
        404, NOT_FOUND)


def test_reminders_for_the_committee_and_the_member(world, client):
    secretary, ward = bearer(world.secretary), bearer(world.ward_admin)
    path = f"/orgs/{world.cell.pk}/reminders"
    status, body = call(client, "post", path, secretary, {"kind": "nhac_nho", "member_id": world.member.pk,
                                                          "reason": "Chưa đăng ký làm theo", "decided_on": "2025-05-02",
                                                          "follow_up_on": "2025-08-01"})
    assert (status, body["member_name"], body["org_name"], body["decided_by_name"], body["kind_label"], body["closed_on"]) == (
        201, "Trần Văn Đảng", "Chi bộ Khu phố 1", "Chi bộ Khu phố 1", "Nhắc nhở", None)
    reminder_id = body["id"]
    status, body = call(client, "post", f"/orgs/{world.ward.pk}/reminders", ward,
                        {"kind": "kiem_diem", "concerned_org_id": world.other_cell.pk, "reason": "Sinh hoạt không đều"})
    assert (status, body["org_name"], body["member_id"], body["decided_by_name"], body["decided_on"]) == (
        201, "Chi bộ Khu phố 2", None, "Đảng bộ phường Bến Thành", timezone.localdate().isoformat())
    for data, message in [
        ({"member_id": world.other_member.pk}, "Không tìm thấy đảng viên đã chọn (đang sinh hoạt trong tổ chức)."),
        ({"decided_by_id": world.sibling_ward.pk}, "Không tìm thấy cấp quyết định đã chọn."),
        ({"concerned_org_id": world.ward.pk}, "Không tìm thấy tổ chức đã chọn trong tổ chức này (hoặc đã giải thể)."),
        ({"decided_by_id": world.other_cell.pk}, "Không tìm thấy cấp quyết định đã chọn."),
    ]:
        assert call(client, "post", path, secretary, {"kind": "nhac_nho", "reason": "x", **data}) == (400, {"detail": message}), data
    status, body = call(client, "post", f"/orgs/{world.ward.pk}/reminders", ward,
                        {"kind": "nhac_nho", "concerned_org_id": world.ward.pk, "decided_by_id": world.cell.pk, "reason": "x"})
    assert (status, body["detail"]) == (400, "Cấp quyết định phải là Đảng bộ phường Bến Thành hoặc cấp ủy cấp trên.")

    status, body = call(client, "get", f"/orgs/{world.ward.pk}/reminders", ward)
    assert (status, body["count"]) == (200, 2)
    assert call(client, "get", f"/orgs/{world.ward.pk}/reminders", secretary) == (404, NOT_FOUND)
    assert call(client, "get", path, bearer(world.viewer)) == (403, FORBIDDEN)  # "manage" only, reading too
    assert call(client, "get", f"{path}/{reminder_id}", bearer(world.viewer)) == (403, FORBIDDEN)
    status, body = call(client, "post", f"{path}/{reminder_id}/outcome", secretary,
                        {"outcome": "Đã đăng ký, chi bộ ghi nhận", "closed_on": "2025-08-05"})
    assert (status, body["outcome"], body["closed_on"]) == (200, "Đã đăng ký, chi bộ ghi nhận", "2025-08-05")
    assert call(client, "post", f"{path}/{reminder_id}/outcome", secretary, {"outcome": "Thêm"}) == (
        400, {"detail": "Đã kết thúc theo dõi ngày 05/08/2025."})
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/reminders?open=true", ward)
    assert [r["org_name"] for r in body["results"]] == ["Chi bộ Khu phố 2"]

    status, body = call(client, "get", "/me/reminders", bearer(world.member_user))
    assert (status, [(r["id"], r["reason"], r["outcome"]) for r in body]) == (
        200, [(reminder_id, "Chưa đăng ký làm theo", "Đã đăng ký, chi bộ ghi nhận")])
    assert call(client, "get", "/me/reminders", bearer(world.other_member_user)) == (200, [])
    assert call(client, "get", "/me/reminders", bearer(world.viewer)) == (404, NOT_FOUND)
    assert _actions("reminder.") == [("reminder.record", "bithu"), ("reminder.record", "phuong"),
                                     ("reminder.outcome", "bithu")]


def test_a_plan_seen_from_the_cell_it_targets(world, client):
    ward, secretary = bearer(world.ward_admin), bearer(world.secretary)
    body = {"year": LAST_YEAR, "kind": "kiem_tra", "content": "Kiểm tra Chỉ thị 05", "inspectors": "Ủy ban Kiểm tra",
            "target_ids": [world.cell.pk, world.other_cell.pk], "starts_on": f"{LAST_YEAR}-03-01",
            "ends_on": f"{LAST_YEAR}-03-31"}
    assert call(client, "post", f"/orgs/{world.ward.pk}/inspections", ward,
                {**body, "target_ids": [world.sibling_cell.pk]}) == (
        400, {"detail": f"Không tìm thấy tổ chức được kiểm tra, giám sát trong tổ chức này: {world.sibling_cell.pk}."})
    assert call(client, "post", f"/orgs/{world.ward.pk}/inspections", ward, {**body, "ends_on": f"{LAST_YEAR + 1}-01-02"}) == (
        400, {"detail": f"Thời gian kiểm tra, giám sát phải nằm trong năm {LAST_YEAR}."})
    assert call(client, "post", f"/orgs/{world.cell.pk}/inspections", secretary, {**body, "target_ids": [world.cell.pk]}) == (
        403, FORBIDDEN)
    status, item = call(client, "post", f"/orgs/{world.ward.pk}/inspections", ward, body)
    assert (status, item["org_name"], [t["name"] for t in item["targets"]], item["own"], item["abilities"]) == (
        201, "Đảng bộ phường Bến Thành", ["Chi bộ Khu phố 1", "Chi bộ Khu phố 2"], True, ["plan"])
    item_id = item["id"]

    status, rows = call(client, "get", f"/orgs/{world.cell.pk}/inspections?year={LAST_YEAR}", secretary)
    assert (status, rows) == (200, [])  # no plan of the cell's own
    status, rows = call(client, "get", f"/orgs/{world.cell.pk}/inspections/concerning?year={LAST_YEAR}", secretary)
    assert (status, [(r["id"], r["own"]) for r in rows]) == (200, [(item_id, False)])
    status, rows = call(client, "get", f"/orgs/{world.ward.pk}/inspections?year={LAST_YEAR}", ward)
    assert [(r["id"], r["own"]) for r in rows] == [(item_id, True)]
    assert call(client, "get", f"/orgs/{world.sibling_cell.pk}/inspections/{item_id}", bearer(world.sibling_admin)) == (
        404, NOT_FOUND)

    path = f"/orgs/{world.cell.pk}/inspections/{item_id}"
    status, detail = call(client, "get", path, secretary)
    assert (status, detail["abilities"]) == (200, [])
    assert call(client, "patch", path, secretary, {"inspectors": "Chi ủy"}) == (403, FORBIDDEN)
    status, detail = call(client, "patch", path, ward, {"target_ids": [world.cell.pk], "content": "Kiểm tra Chỉ thị 05 ở khu phố 1"})
    assert (status, [t["id"] for t in detail["targets"]], detail["content"]) == (200, [world.cell.pk], "Kiểm tra Chỉ thị 05 ở khu phố 1")

    conclusion = {"conclusion": "Thực hiện nghiêm túc", "concluded_on": f"{LAST_YEAR}-04-10",
                  "follow_ups": [{"org_id": world.cell.pk, "text": "Bổ sung sổ theo dõi", "due_on": f"{LAST_YEAR}-06-30"}]}
    assert call(client, "post", f"{path}/conclusion", ward,
                {**conclusion, "follow_ups": [{**conclusion["follow_ups"][0], "org_id": world.other_cell.pk}]}) == (
        400, {"detail": "Chi bộ Khu phố 2 không thuộc các tổ chức được kiểm tra, giám sát."})
    status, detail = call(client, "post", f"{path}/conclusion", ward, conclusion)
    assert (status, detail["conclusion"], detail["concluded_on"], [(f["org_name"], f["done_on"]) for f in detail["follow_ups"]]) == (
        200, "Thực hiện nghiêm túc", f"{LAST_YEAR}-04-10", [("Chi bộ Khu phố 1", None)])
    assert call(client, "post", f"{path}/conclusion", ward, conclusion) == (
        400, {"detail": f"Nội dung đã có kết luận ngày 10/04/{LAST_YEAR}."})
    assert call(client, "patch", path, ward, {"inspectors": "Đoàn 2"}) == (
        400, {"detail": "Nội dung đã có kết luận, không sửa được nữa."})

    follow_up_id = detail["follow_ups"][0]["id"]
    done = f"/orgs/{world.cell.pk}/follow-ups/{follow_up_id}/done"
    assert call(client, "post", done, bearer(world.viewer), {"note": "x"}) == (403, FORBIDDEN)
    assert call(client, "post", f"/orgs/{world.other_cell.pk}/follow-ups/{follow_up_id}/done", ward, {"note": "x"}) == (
        404, NOT_FOUND)
    status, body = call(client, "post", done, secretary, {"done_on": f"{LAST_YEAR}-06-20", "note": "Đã bổ sung sổ"})
    assert (status, body["done_on"], body["done_note"], body["item_id"]) == (200, f"{LAST_YEAR}-06-20", "Đã bổ sung sổ", item_id)
    assert call(client, "post", done, secretary, {"note": "Lần nữa"}) == (
        400, {"detail": f"Việc này đã báo xong ngày 20/06/{LAST_YEAR}."})
    assert _actions("inspection.") == [("inspection.create", "phuong"), ("inspection.update", "phuong"),
                                       ("inspection.conclude", "phuong"), ("inspection.follow_up_done", "bithu")]


def test_a_cell_sees_only_its_own_follow_ups(world, client):
    item = concluded_item(world)
    status, rows = call(client, "get", f"/orgs/{world.cell.pk}/inspections/concerning?year={LAST_YEAR}", bearer(world.secretary))
    assert (status, [[f["org_name"] for f in r["follow_ups"]] for r in rows]) == (200, [["Chi bộ Khu phố 1"]])
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/inspections/{item.pk}", bearer(world.ward_admin))
    assert [f["org_name"] for f in body["follow_ups"]] == ["Chi bộ Khu phố 1", "Chi bộ Khu phố 2"]
    other = FollowUp.objects.get(org=world.other_cell)
    assert call(client, "post", f"/orgs/{world.cell.pk}/follow-ups/{other.pk}/done", bearer(world.secretary),
                {"note": "x"}) == (404, NOT_FOUND)
    assert FollowUp.objects.filter(done_on__isnull=False).count() == 0
