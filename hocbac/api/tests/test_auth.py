from django.test import Client

from hocbac.accounts.models import ApiToken
from hocbac.accounts.services import issue_api_token, revoke_api_token
from hocbac.orgs.models import Member

from .helpers import API, bearer, call

NOT_SIGNED_IN = "Chưa đăng nhập: gửi mã API (Authorization: Bearer …) hoặc đăng nhập."
NEW_MEMBER = {"full_name": "Hà Thị Thu", "gender": "nu", "birth_date": "1988-04-30", "admitted_on": "2012-05-19"}


def test_a_bearer_token_works_until_revoked(world, client):
    token = issue_api_token(world.secretary, name="điện thoại")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    status, body = call(client, "get", "/me", auth)
    assert (status, body["username"], body["member"]["full_name"]) == (200, "bithu", "Nguyễn Thị Bí Thư")
    assert body["grants"] == [{"org_id": world.cell.pk, "org_name": "Chi bộ Khu phố 1", "role": "chi_uy",
                               "role_label": "Chi ủy / Bí thư chi bộ"}]
    assert [o["name"] for o in body["organisations"]] == ["Chi bộ Khu phố 1"]
    revoke_api_token(ApiToken.objects.get(user=world.secretary), by=world.secretary)
    assert call(client, "get", "/me", auth) == (401, {"detail": NOT_SIGNED_IN})


def test_an_unknown_token_or_none_is_401_in_vietnamese(world, client):
    assert call(client, "get", "/me", {"HTTP_AUTHORIZATION": "Bearer hb_sai"}) == (401, {"detail": NOT_SIGNED_IN})
    assert call(client, "get", "/me", {}) == (401, {"detail": NOT_SIGNED_IN})
    assert call(client, "get", f"/orgs/{world.cell.pk}/members", {}) == (401, {"detail": NOT_SIGNED_IN})


def test_the_token_of_a_deactivated_account_fails(world, client):
    auth = bearer(world.member_user)
    world.member_user.is_active = False
    world.member_user.save(update_fields=["is_active"])
    assert call(client, "get", "/me", auth) == (401, {"detail": NOT_SIGNED_IN})


def test_session_auth_reads_and_needs_csrf_to_write(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.secretary)
    status, body = call(client, "get", "/me", {})
    assert (status, body["username"]) == (200, "bithu")
    status, body = call(client, "post", f"/orgs/{world.cell.pk}/members", {}, NEW_MEMBER)
    assert (status, body["detail"]) == (403, "Thiếu hoặc sai mã CSRF: tải lại trang rồi gửi lại (hoặc dùng mã API).")
    assert Member.objects.in_subtree(world.cell).filter(full_name="Hà Thị Thu").exists() is False
    client.get("/tai-khoan/doi-mat-khau/")  # a page with a form sets the CSRF cookie
    csrf = {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}
    status, body = call(client, "post", f"/orgs/{world.cell.pk}/members", csrf, NEW_MEMBER)
    assert (status, body["full_name"]) == (201, "Hà Thị Thu")
    status, body = call(client, "patch", f"/orgs/{world.cell.pk}/members/{world.member.pk}", csrf, {"position": "Tổ trưởng"})
    assert (status, body["position"]) == (200, "Tổ trưởng")


def test_an_anonymous_write_is_401_not_a_csrf_error(world):
    client = Client(enforce_csrf_checks=True)
    assert call(client, "post", f"/orgs/{world.cell.pk}/members", {}, NEW_MEMBER) == (401, {"detail": NOT_SIGNED_IN})


def test_a_bearer_write_needs_no_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    status, body = call(client, "post", f"/orgs/{world.cell.pk}/members", bearer(world.secretary), NEW_MEMBER)
    assert (status, body["full_name"]) == (201, "Hà Thị Thu")


def test_a_one_time_password_account_must_change_it_first(world):
    world.member_user.must_change_password = True
    world.member_user.save(update_fields=["must_change_password"])
    expected = (403, {"detail": "Tài khoản đang dùng mật khẩu tạm: hãy đăng nhập trang web và đổi mật khẩu trước."})
    assert call(Client(), "get", "/me", bearer(world.member_user)) == expected
    session = Client()
    session.force_login(world.member_user)
    assert call(session, "get", "/me", {}) == expected


def test_a_body_that_is_not_json_is_400_in_vietnamese(world, client):
    response = client.post(f"{API}/orgs/{world.cell.pk}/members", data="{không phải json", content_type="application/json",
                           **bearer(world.secretary))
    assert (response.status_code, response.json()) == (
        400, {"detail": "Không đọc được nội dung gửi lên: cần JSON hợp lệ (Content-Type: application/json)."})


def test_the_schema_is_served_and_there_are_no_online_docs(client):
    response = client.get(f"{API}/openapi.json")
    schema = response.json()
    assert (response.status_code, schema["info"]["title"]) == (200, "hocbac API")
    assert sorted(schema["components"]["securitySchemes"]) == ["Bearer", "Session"]
    assert client.get(f"{API}/docs").status_code == 404
