import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from conftest import make_member
from hocbac.accounts.models import ApiToken
from hocbac.accounts.services import issue_api_token, revoke_api_token
from hocbac.core.models import AuditEntry
from hocbac.study import services as study_services
from hocbac.study.models import Attendance, SessionKind

pytestmark = pytest.mark.django_db
API = "/api/v1"


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_api_token(user, name='thử')}"}


def call(client, method, path, auth, body=None):
    kwargs = {**auth}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    response = getattr(client, method)(API + path, **kwargs)
    return response.status_code, response.json() if response.content else None


def test_a_bearer_token_works_until_revoked(world, client):
    token = issue_api_token(world.secretary, name="điện thoại")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    status, body = call(client, "get", "/me", auth)
    assert status == 200 and body["username"] == "bithu" and body["member"]["full_name"] == "Nguyễn Thị Bí Thư"
    assert body["grants"] == [{"org_id": world.cell.pk, "org_name": "Chi bộ Khu phố 1", "role": "chi_uy",
                               "role_label": "Chi ủy / Bí thư chi bộ"}]
    revoke_api_token(ApiToken.objects.get(user=world.secretary), by=world.secretary)
    status, body = call(client, "get", "/me", auth)
    assert status == 401 and "Chưa đăng nhập" in body["detail"]
    assert call(client, "get", "/me", {"HTTP_AUTHORIZATION": "Bearer hb_sai"})[0] == 401


def test_session_auth_reads_and_needs_csrf_to_write(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.secretary)
    assert call(client, "get", "/me", {})[0] == 200
    status, _ = call(client, "patch", f"/orgs/{world.cell.pk}/members/{world.member.pk}", {}, {"position": "Tổ trưởng"})
    assert status == 403
    client.get("/tai-khoan/doi-mat-khau/")  # a page with a form sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    status, body = call(client, "patch", f"/orgs/{world.cell.pk}/members/{world.member.pk}",
                        {"HTTP_X_CSRFTOKEN": token}, {"position": "Tổ trưởng"})
    assert (status, body["position"]) == (200, "Tổ trưởng")


def test_a_one_time_password_account_must_change_it_first(world, client):
    world.member_user.must_change_password = True
    world.member_user.save()
    status, body = call(client, "get", "/me", bearer(world.member_user))
    assert status == 403 and "mật khẩu tạm" in body["detail"]


def test_a_secretary_gets_404_for_another_cell(world, client):
    auth = bearer(world.secretary)
    assert call(client, "get", f"/orgs/{world.other_cell.pk}/members", auth)[0] == 404
    assert call(client, "get", f"/orgs/{world.cell.pk}/members/{world.other_member.pk}", auth)[0] == 404
    assert call(client, "get", f"/orgs/{world.ward.pk}", auth)[0] == 404
    _, body = call(client, "get", f"/orgs/{world.cell.pk}/members", auth)
    assert {m["full_name"] for m in body["results"]} == {"Nguyễn Thị Bí Thư", "Trần Văn Đảng"}


def test_the_ward_admin_sees_the_whole_ward_with_counts(world, client):
    status, body = call(client, "get", f"/orgs/{world.ward.pk}", bearer(world.ward_admin))
    assert status == 200 and body["active_count"] == 3 and "administer" in body["abilities"]
    assert {(c["name"], c["active_count"]) for c in body["children"]} == {("Chi bộ Khu phố 1", 2), ("Chi bộ Khu phố 2", 1)}
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/members", bearer(world.ward_admin))
    assert body["count"] == 3
    status, body = call(client, "get", "/orgs", bearer(world.ward_admin))
    assert [o["name"] for o in body] == ["Đảng bộ phường Bến Thành"]


def test_a_member_sees_only_themselves(world, client):
    auth = bearer(world.member_user)
    _, body = call(client, "get", "/me", auth)
    assert body["member"]["full_name"] == "Trần Văn Đảng" and body["grants"] == []
    assert call(client, "get", f"/orgs/{world.cell.pk}/members/{world.member.pk}", auth)[0] == 404
    assert call(client, "get", "/orgs", auth) == (200, [])


def test_search_without_diacritics_and_vietnamese_order(world, client):
    for name, card in [("Nguyễn Văn Bình", "95000001"), ("Nguyễn Văn A", "95000002"), ("Nguyễn Văn Đức", "95000003"),
                       ("Nguyễn Văn Dũng", "95000004")]:
        make_member(world.cell, name, card=card)
    _, body = call(client, "get", f"/orgs/{world.ward.pk}/members?q=nguyen+van", bearer(world.ward_admin))
    assert [m["full_name"] for m in body["results"]] == ["Nguyễn Văn A", "Nguyễn Văn Bình", "Nguyễn Văn Dũng", "Nguyễn Văn Đức"]


def test_create_member_is_audited_and_a_duplicate_card_is_refused_in_vietnamese(world, client):
    auth = bearer(world.secretary)
    new = {"full_name": "hà thị  thu", "gender": "nu", "birth_date": "1988-04-30", "admitted_on": "2012-05-19",
           "card_number": "96000001", "status": "chinh_thuc"}
    status, body = call(client, "post", f"/orgs/{world.cell.pk}/members", auth, new)
    assert status == 201 and body["full_name"] == "Hà Thị Thu" and body["birth_date"] == "1988-04-30"
    assert AuditEntry.objects.in_subtree(world.cell).filter(action="member.create", object_id=str(body["id"])).exists()
    status, body = call(client, "post", f"/orgs/{world.cell.pk}/members", auth, {**new, "full_name": "Người Khác"})
    assert status == 400 and body["detail"] == "Số thẻ đảng viên 96000001 đã có trong hệ thống."
    status, body = call(client, "post", f"/orgs/{world.cell.pk}/members", auth, {"full_name": "Thiếu"})
    assert status == 422 and "birth_date" in body["detail"]


def test_only_committees_create_organisations(world, client):
    body = {"code": "P01-KP3", "name": "Chi bộ Khu phố 3", "kind": "chi_bo_co_so", "sector": "xa_phuong"}
    assert call(client, "post", f"/orgs/{world.cell.pk}/children", bearer(world.secretary), body)[0] == 403
    status, created = call(client, "post", f"/orgs/{world.ward.pk}/children", bearer(world.ward_admin), body)
    assert status == 201 and created["parent_id"] == world.ward.pk
    status, error = call(client, "post", f"/orgs/{world.ward.pk}/children", bearer(world.ward_admin), body)
    assert status == 400 and "đã được dùng" in error["detail"]


def test_attendance_put_twice_records_once_and_coverage_follows(world, client):
    today = timezone.localdate()
    campaign = study_services.create_campaign(by=world.ward_admin, org=world.ward, title="Chuyên đề",
                                              starts_on=today - datetime.timedelta(days=5), due_on=today + datetime.timedelta(days=5))
    start = timezone.now() - datetime.timedelta(hours=1)
    session = study_services.create_session(by=world.secretary, org=world.cell, kind=SessionKind.REGULAR, title="Sinh hoạt",
                                            starts_at=start, ends_at=start + datetime.timedelta(hours=2), campaign=campaign)
    auth = bearer(world.secretary)
    path = f"/orgs/{world.cell.pk}/sessions/{session.pk}/attendance/{world.member.pk}"
    for _ in range(2):
        status, body = call(client, "put", path, auth, {"status": "co_mat"})
        assert (status, body["status"]) == (200, "co_mat")
    assert Attendance.objects.in_subtree(world.cell).filter(session=session).count() == 1
    assert AuditEntry.objects.in_subtree(world.cell).filter(action="attendance.set").count() == 1
    status, body = call(client, "put", path, auth, {"status": "ngu"})
    assert status == 400 and "không hợp lệ" in body["detail"]
    status, body = call(client, "get", f"/orgs/{world.cell.pk}/sessions/{session.pk}", auth)
    assert {(m["full_name"], m["status"]) for m in body["marks"]} == {("Nguyễn Thị Bí Thư", None), ("Trần Văn Đảng", "co_mat")}
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/campaigns/{campaign.pk}/coverage", bearer(world.ward_admin))
    assert body["total"]["text"] == "1/3 đảng viên, đạt 33,3%"
    assert [r["org_name"] for r in body["rows"]] == ["Chi bộ Khu phố 2", "Chi bộ Khu phố 1"]
    # Another cell's secretary-level caller cannot see this session at all.
    assert call(client, "get", f"/orgs/{world.other_cell.pk}/sessions/{session.pk}", bearer(world.other_member_user))[0] == 404


def test_documents_are_searched_without_diacritics_and_reading_is_recorded(world, client):
    status, body = call(client, "get", "/documents?q=chi+thi+05", bearer(world.member_user))
    assert status == 200
    document_id = next(d["id"] for d in body if d["number_symbol"] == "05-CT/TW")
    status, body = call(client, "get", f"/documents/{document_id}", bearer(world.member_user))
    assert status == 200 and body["number_symbol"] == "05-CT/TW"
    from hocbac.library.models import DocumentRead

    assert DocumentRead.objects.in_subtree(world.cell).filter(document_id=document_id, member=world.member).exists()


def test_the_schema_is_served_and_there_are_no_online_docs(client):
    assert client.get(f"{API}/openapi.json").status_code == 200
    assert client.get(f"{API}/docs").status_code == 404


def test_activity_and_rates_over_a_period_flag_three_unexcused_regular_absences(world, client):
    for month in (1, 2, 3):
        day = datetime.datetime(2026, month, 5, 19, tzinfo=timezone.get_current_timezone())
        meeting = study_services.create_session(by=world.secretary, org=world.cell, kind=SessionKind.REGULAR,
                                                title=f"Tháng {month}", starts_at=day, ends_at=day + datetime.timedelta(hours=2))
        study_services.mark_all_present(meeting, cells=[world.cell], by=world.secretary)
        study_services.record_attendance(meeting, world.member, "vang_khong_ly_do", by=world.secretary)
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/activity?start=2026-01-01&end=2026-12-31",
                        bearer(world.ward_admin))
    assert status == 200 and body["text"] == "3 buổi, 3 lượt cán bộ, đảng viên và quần chúng"
    flagged = [m for m in body["members"] if m["flagged"]]
    assert [(m["full_name"], m["regular_absent"], m["rate"]) for m in flagged] == [("Trần Văn Đảng", 3, "0,0%")]
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/activity?start=2026-12-31&end=2026-01-01",
                        bearer(world.ward_admin))
    assert status == 400 and "Ngày bắt đầu" in body["detail"]
