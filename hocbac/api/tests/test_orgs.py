from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_member
from hocbac.core.models import AuditEntry
from hocbac.orgs.models import Member, Organization

from .helpers import bearer, call

NOT_FOUND = {"detail": "Không tìm thấy (hoặc ngoài phạm vi của đồng chí)."}
NEW_MEMBER = {"full_name": "hà thị  thu", "gender": "nu", "birth_date": "1988-04-30", "admitted_on": "2012-05-19",
              "card_number": "96000001", "status": "chinh_thuc"}


def test_a_secretary_gets_404_for_another_cells_members(world, client):
    auth = bearer(world.secretary)
    other = world.other_cell.pk
    assert call(client, "get", f"/orgs/{other}/members", auth) == (404, NOT_FOUND)
    assert call(client, "get", f"/orgs/{other}/members/{world.other_member.pk}", auth) == (404, NOT_FOUND)
    assert call(client, "get", f"/orgs/{world.cell.pk}/members/{world.other_member.pk}", auth) == (404, NOT_FOUND)
    assert call(client, "patch", f"/orgs/{world.cell.pk}/members/{world.other_member.pk}", auth, {"position": "x"}) == (404, NOT_FOUND)
    assert call(client, "post", f"/orgs/{other}/members", auth, NEW_MEMBER) == (404, NOT_FOUND)
    assert call(client, "get", f"/orgs/{world.ward.pk}", auth) == (404, NOT_FOUND)
    assert call(client, "get", "/orgs/999999", auth) == (404, NOT_FOUND)  # the same answer as "does not exist"
    _, body = call(client, "get", f"/orgs/{world.cell.pk}/members", auth)
    assert [m["full_name"] for m in body["results"]] == ["Trần Văn Đảng", "Nguyễn Thị Bí Thư"]  # by given name
    assert Member.objects.in_subtree(world.other_cell).get().position == ""


def test_the_ward_admin_sees_the_whole_ward_with_counts(world, client):
    auth = bearer(world.ward_admin)
    status, body = call(client, "get", f"/orgs/{world.ward.pk}", auth)
    assert (status, body["active_count"], body["abilities"]) == (200, 3, ["administer", "manage", "view"])
    assert [(c["name"], c["active_count"]) for c in body["children"]] == [("Chi bộ Khu phố 1", 2), ("Chi bộ Khu phố 2", 1)]
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/children", auth)
    assert [(c["code"], c["eligible_count"]) for c in body] == [("P01-KP1", 2), ("P01-KP2", 1)]
    _, body = call(client, "get", f"/orgs/{world.ward.pk}/members", auth)
    assert [m["full_name"] for m in body["results"]] == ["Trần Văn Đảng", "Lê Thị Khác", "Nguyễn Thị Bí Thư"]
    assert [o["name"] for o in call(client, "get", "/orgs", auth)[1]] == ["Đảng bộ phường Bến Thành"]
    # Members are reached through an organisation that contains them.
    assert call(client, "get", f"/orgs/{world.cell.pk}/members/{world.other_member.pk}", auth) == (404, NOT_FOUND)
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/members/{world.other_member.pk}", auth)
    assert (status, body["org_name"]) == (200, "Chi bộ Khu phố 2")
    assert call(client, "get", f"/orgs/{world.sibling_ward.pk}", auth) == (404, NOT_FOUND)


def test_a_member_sees_only_themselves(world, client):
    auth = bearer(world.member_user)
    status, body = call(client, "get", "/me", auth)
    assert (status, body["member"]["full_name"], body["member"]["birth_date"]) == (200, "Trần Văn Đảng", "1965-05-19")
    assert (body["grants"], body["organisations"]) == ([], [])
    assert call(client, "get", "/orgs", auth) == (200, [])
    assert call(client, "get", f"/orgs/{world.cell.pk}", auth) == (404, NOT_FOUND)
    assert call(client, "get", f"/orgs/{world.cell.pk}/members", auth) == (404, NOT_FOUND)
    assert call(client, "get", f"/orgs/{world.cell.pk}/members/{world.member.pk}", auth) == (404, NOT_FOUND)


def test_search_without_diacritics_in_vietnamese_order(world, client):
    for name, card in [("Nguyễn Văn Bình", "95000001"), ("Nguyễn Văn A", "95000002"), ("Nguyễn Văn Đức", "95000003"),
                       ("Nguyễn Văn Dũng", "95000004"), ("Trần Thị Ánh", "95000005")]:
        make_member(world.cell, name, card=card)
    auth = bearer(world.ward_admin)
    _, body = call(client, "get", f"/orgs/{world.ward.pk}/members?q=nguyen+van+a", auth)
    assert body["results"][0]["full_name"] == "Nguyễn Văn A"
    _, body = call(client, "get", f"/orgs/{world.ward.pk}/members?q=nguyen+van", auth)
    assert [m["full_name"] for m in body["results"]] == ["Nguyễn Văn A", "Nguyễn Văn Bình", "Nguyễn Văn Dũng", "Nguyễn Văn Đức"]
    _, body = call(client, "get", f"/orgs/{world.ward.pk}/members?q=95000005", auth)
    assert [m["full_name"] for m in body["results"]] == ["Trần Thị Ánh"]


def test_members_are_paginated_and_filtered_by_status(world, client, monkeypatch):
    monkeypatch.setattr("hocbac.api.orgs.PAGE_SIZE", 2)
    make_member(world.cell, "Vũ Thị Dự Bị", card="95000009", status="du_bi")
    auth = bearer(world.ward_admin)
    _, body = call(client, "get", f"/orgs/{world.ward.pk}/members?page=2", auth)
    assert (body["count"], body["page"], body["pages"], [m["full_name"] for m in body["results"]]) == (
        4, 2, 2, ["Lê Thị Khác", "Nguyễn Thị Bí Thư"])
    _, body = call(client, "get", f"/orgs/{world.ward.pk}/members?page=99", auth)
    assert body["page"] == 2
    _, body = call(client, "get", f"/orgs/{world.ward.pk}/members?status=du_bi", auth)
    assert [(m["full_name"], m["status_label"]) for m in body["results"]] == [("Vũ Thị Dự Bị", "Dự bị")]


def _queries(client, path, auth):
    with CaptureQueriesContext(connection) as queries:
        status, _ = call(client, "get", path, auth)
    assert status == 200
    return len(queries)


def test_the_member_list_costs_the_same_queries_for_1_and_3_rows(world, client):
    auth = bearer(world.secretary)
    call(client, "get", "/me", auth)  # the token's first use writes last_used_at
    path = f"/orgs/{world.cell.pk}/members"
    one = _queries(client, path + "?q=dang", auth)
    make_member(world.cell, "Đặng Văn Hai", card="95000011")
    make_member(world.cell, "Đặng Thị Ba", card="95000012")
    assert call(client, "get", path + "?q=dang", auth)[1]["count"] == 3
    assert _queries(client, path + "?q=dang", auth) == one


def test_create_member_is_audited_and_a_duplicate_card_is_refused_in_vietnamese(world, client):
    auth = bearer(world.secretary)
    status, body = call(client, "post", f"/orgs/{world.cell.pk}/members", auth, NEW_MEMBER)
    assert (status, body["full_name"], body["birth_date"], body["org_id"]) == (201, "Hà Thị Thu", "1988-04-30", world.cell.pk)
    entry = AuditEntry.objects.in_subtree(world.cell).get(action="member.create", object_id=str(body["id"]))
    assert (entry.actor, entry.org, entry.after["card_number"]) == (world.secretary, world.cell, "96000001")
    status, body = call(client, "post", f"/orgs/{world.cell.pk}/members", auth, {**NEW_MEMBER, "full_name": "Người Khác"})
    assert (status, body) == (400, {"detail": "Số thẻ đảng viên 96000001 đã có trong hệ thống."})
    assert Member.objects.in_subtree(world.cell).filter(card_number="96000001").count() == 1


def test_a_member_is_created_in_a_cell_only(world, client):
    status, body = call(client, "post", f"/orgs/{world.ward.pk}/members", bearer(world.ward_admin), NEW_MEMBER)
    assert (status, body["detail"]) == (400, "Đảng viên phải sinh hoạt ở chi bộ hoặc tổ đảng, không ở đảng bộ xã/phường/đặc khu.")


def test_bad_input_is_422_field_by_field_in_vietnamese(world, client):
    auth = bearer(world.secretary)
    status, body = call(client, "post", f"/orgs/{world.cell.pk}/members", auth,
                        {"full_name": "Thiếu", "gender": "x", "birth_date": "30/04/1975", "phone": "0" * 21})
    assert (status, body["errors"]) == (422, [
        {"field": "gender", "message": "phải là một trong: nam, nu"},
        {"field": "birth_date", "message": "phải là ngày dạng YYYY-MM-DD"},
        {"field": "admitted_on", "message": "bắt buộc"},
        {"field": "phone", "message": "dài quá 20 ký tự"},
    ])
    assert body["detail"].startswith("Dữ liệu gửi lên không hợp lệ: gender: phải là một trong: nam, nu; ")
    path = f"/orgs/{world.cell.pk}/members/{world.member.pk}"
    # Status changes through its own workflow (with a date and a reason), never a silent field edit.
    assert call(client, "patch", path, auth, {"status": "xoa_ten"})[1]["errors"] == [
        {"field": "status", "message": "không có trường này"}]
    assert call(client, "patch", path, auth, {"full_name": None})[1]["errors"] == [
        {"field": "full_name", "message": "phải là chuỗi (không để null: bỏ trường đi nếu không đổi)"}]
    assert call(client, "patch", path, auth, {"full_name": "   "})[1]["errors"] == [
        {"field": "full_name", "message": "không được để trống"}]
    assert call(client, "get", f"/orgs/{world.cell.pk}/members?page=hai", auth)[1]["errors"] == [
        {"field": "page", "message": "phải là số nguyên"}]
    assert Member.objects.in_subtree(world.cell).get(pk=world.member.pk).full_name == "Trần Văn Đảng"


def test_update_member_is_audited(world, client):
    path = f"/orgs/{world.cell.pk}/members/{world.member.pk}"
    status, body = call(client, "patch", path, bearer(world.secretary), {"position": "Tổ trưởng", "phone": "0912 000 009"})
    assert (status, body["position"], body["phone"], body["full_name"]) == (200, "Tổ trưởng", "0912000009", "Trần Văn Đảng")
    entry = AuditEntry.objects.in_subtree(world.cell).get(action="member.update")
    assert (entry.actor, entry.before, entry.after) == (
        world.secretary, {"position": "", "phone": "0912000001"}, {"position": "Tổ trưởng", "phone": "0912000009"})
    status, body = call(client, "patch", path, bearer(world.secretary), {"card_number": "10000003"})
    assert (status, body) == (400, {"detail": "Số thẻ đảng viên 10000003 đã có trong hệ thống."})


def test_only_committees_create_and_change_organisations(world, client):
    new = {"code": "P01-KP3", "name": "Chi bộ Khu phố 3", "kind": "chi_bo_co_so", "sector": "xa_phuong"}
    status, body = call(client, "post", f"/orgs/{world.ward.pk}/children", bearer(world.secretary), new)
    assert (status, body) == (404, NOT_FOUND)  # the ward is out of the secretary's reach
    status, body = call(client, "post", f"/orgs/{world.cell.pk}/children", bearer(world.secretary), new)
    assert (status, body) == (403, {"detail": "Đồng chí không có quyền làm việc này ở tổ chức này."})
    auth = bearer(world.ward_admin)
    status, created = call(client, "post", f"/orgs/{world.ward.pk}/children", auth, new)
    assert (status, created["parent_id"], created["kind_label"]) == (201, world.ward.pk, "Chi bộ cơ sở")
    assert Organization.objects.get(pk=created["id"]).path == f"{world.ward.path}{created['id']}/"
    status, error = call(client, "post", f"/orgs/{world.ward.pk}/children", auth, new)
    assert (status, error) == (400, {"detail": "Mã tổ chức “P01-KP3” đã được dùng."})
    status, error = call(client, "post", f"/orgs/{world.ward.pk}/children", auth, {**new, "code": "X", "kind": "to_dang"})
    assert (status, error) == (400, {"detail": "Tổ đảng không thể trực thuộc đảng bộ xã/phường/đặc khu."})
    status, body = call(client, "patch", f"/orgs/{created['id']}", auth, {"name": "Chi bộ  Khu phố 3A", "dissolved_on": "2026-01-01"})
    assert (status, body["name"], body["dissolved_on"]) == (200, "Chi bộ Khu phố 3A", "2026-01-01")
    assert AuditEntry.objects.in_subtree(world.ward).filter(action="org.update", object_id=str(created["id"])).count() == 1
    status, body = call(client, "patch", f"/orgs/{created['id']}", auth, {"kind": "tinh"})
    assert (status, body) == (400, {"detail": "Đảng bộ tỉnh/thành phố không thể trực thuộc đảng bộ xã/phường/đặc khu."})
