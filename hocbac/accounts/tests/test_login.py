import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from hocbac.accounts.models import LoginAttempt
from hocbac.core.models import AuditEntry

LOGIN = "/dang-nhap/"


def post_login(client, username, password=PASSWORD, remember=True, ip="10.0.0.1"):
    data = {"username": username, "password": password}
    if remember:
        data["remember"] = "on"
    return client.post(LOGIN, data, REMOTE_ADDR=ip)


def test_login_page_is_vietnamese(client):
    body = client.get(LOGIN).content.decode()
    assert "Số điện thoại hoặc số thẻ đảng viên" in body and 'lang="vi"' in body


def test_successful_login_is_logged_and_lands_home(world, client):
    response = post_login(client, "0912000001")
    assert response["Location"] == reverse("home")
    assert LoginAttempt.objects.filter(username="0912000001", succeeded=True).count() == 1
    assert AuditEntry.objects.unscoped().filter(action="account.login", actor=world.member_user).count() == 1


def test_wrong_password_gives_a_clear_message_and_is_logged(world, client):
    response = post_login(client, "0912000001", "sai-mat-khau")
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert LoginAttempt.objects.filter(username="0912000001", succeeded=False).count() == 1


def test_remember_me_keeps_the_session_for_weeks(world, client, settings):
    post_login(client, "0912000001", remember=True)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert client.session.get_expire_at_browser_close() is False
    client.logout()
    post_login(client, "0912000001", remember=False)
    assert client.session.get_expire_at_browser_close() is True


def test_too_many_failures_for_one_account_answer_429_with_retry_after(world, client, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT_PER_USER):
        assert post_login(client, "0912000001", "sai").status_code == 200
    response = post_login(client, "0912000001")  # even the right password waits
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= settings.LOGIN_FAILURE_WINDOW_SECONDS
    assert "thử lại sau" in response.content.decode()
    # Another account from another address is not affected.
    assert post_login(client, "bithu", ip="10.0.0.2").status_code == 302


def test_password_spraying_from_one_address_is_throttled(world, client, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_IP = 6
    for i in range(6):
        post_login(client, f"user{i}", "sai", ip="10.9.9.9")
    assert post_login(client, "bithu", ip="10.9.9.9").status_code == 429
    assert post_login(client, "bithu", ip="10.9.9.10").status_code == 302


def test_failures_expire_after_the_window(world, client, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT_PER_USER):
        post_login(client, "0912000001", "sai")
    LoginAttempt.objects.update(at=timezone.now() - datetime.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS + 1))
    assert post_login(client, "0912000001").status_code == 302


def test_one_time_password_forces_a_change_first(world, client):
    from hocbac.orgs import services

    password = services.reset_member_password(world.member, by=world.secretary)
    post_login(client, "0912000001", password)
    assert client.get(reverse("orgs:my_home"))["Location"] == reverse("accounts:password_change")
    response = client.post(reverse("accounts:password_change"),
                           {"old_password": password, "new_password": "Bac-Ho-1890", "new_password_again": "Bac-Ho-1890"})
    assert response["Location"] == reverse("home")
    assert client.get(reverse("orgs:my_home")).status_code == 200


def test_password_change_validates_in_vietnamese(world, client):
    client.force_login(world.member_user)
    form = client.post(reverse("accounts:password_change"),
                       {"old_password": "sai", "new_password": "12345678", "new_password_again": "1234"}).context["form"]
    assert form.errors["old_password"] == ["Mật khẩu hiện tại không đúng."]
    assert form.errors["new_password_again"] == ["Hai lần nhập mật khẩu mới không khớp."]


@pytest.mark.django_db
def test_password_change_ends_other_sessions(world, client):
    from django.test import Client

    other_phone = Client()
    other_phone.force_login(world.member_user)
    client.force_login(world.member_user)
    client.post(reverse("accounts:password_change"),
                {"old_password": PASSWORD, "new_password": "Bac-Ho-1890", "new_password_again": "Bac-Ho-1890"})
    assert other_phone.get(reverse("orgs:my_home")).status_code == 302
    assert client.get(reverse("orgs:my_home")).status_code == 200


def test_logout_needs_post(world, client):
    client.force_login(world.member_user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout"))["Location"] == reverse("accounts:login")


def test_a_member_may_sign_in_with_the_card_number_or_the_phone_written_any_way(world, client):
    from django.test import Client

    assert post_login(client, "10000002")["Location"] == reverse("home")  # username is the phone
    assert post_login(Client(), "0912 000 001")["Location"] == reverse("home")
    assert post_login(Client(), "10000002", password="sai").status_code == 200
    assert post_login(Client(), "10000004").status_code == 200  # a member without an account
