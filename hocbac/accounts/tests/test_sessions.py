"""Idle and absolute session limits, and sessions ended by a password change, a disabled account
or an administrator — on database sessions and on cache (Redis-like) sessions alike."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from hocbac.accounts import services
from hocbac.core.models import AuditEntry
from hocbac.orgs.models import MemberStatus
from hocbac.orgs.services import change_member_status

LOGIN = reverse("accounts:login")
ME = reverse("orgs:my_home")
CACHE_SESSIONS = "django.contrib.sessions.backends.cache"


@pytest.fixture
def clock(monkeypatch):
    """clock.advance(minutes=…) moves timezone.now() forward for everything that reads it."""
    real_now = timezone.now

    class Clock:
        offset = datetime.timedelta()

        def advance(self, **delta):
            self.offset += datetime.timedelta(**delta)

    c = Clock()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + c.offset)
    return c


def sign_in(username, *, remember, ip="10.0.0.7"):
    client = Client()
    data = {"username": username, "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    response = client.post(LOGIN, data, REMOTE_ADDR=ip)
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def signed_in(client, url=ME):
    response = client.get(url)
    if response.status_code == 302 and response["Location"].startswith(LOGIN):
        return False
    assert response.status_code == 200
    return True


def test_a_session_without_remember_me_ends_after_the_idle_limit(world, clock, settings):
    settings.HOCBAC_SESSION_IDLE_MINUTES = 30
    client = sign_in("0912000001", remember=False)
    clock.advance(minutes=29)
    assert signed_in(client) is True
    clock.advance(minutes=29)  # 58 minutes after sign-in, 29 after the last request
    assert signed_in(client) is True
    clock.advance(minutes=31)
    response = client.get(ME, follow=True)
    assert response.redirect_chain[0][0].startswith(LOGIN)
    assert services.ENDED_IDLE in response.content.decode()


def test_a_busy_session_without_remember_me_still_ends_after_the_absolute_limit(world, clock, settings):
    settings.HOCBAC_SESSION_MAX_HOURS = 2
    client = sign_in("0912000001", remember=False)
    for _ in range(5):  # a request every 20 minutes: never idle
        clock.advance(minutes=20)
        assert signed_in(client) is True
    clock.advance(minutes=21)  # 2 h 01 after sign-in
    assert signed_in(client) is False


def test_remember_me_keeps_a_members_phone_signed_in_for_the_configured_days(world, clock, settings):
    client = sign_in("0912000001", remember=True)
    assert client.session.get_expire_at_browser_close() is False
    clock.advance(days=10)  # no idle limit for a remembered member
    assert signed_in(client) is True
    clock.advance(days=settings.REMEMBER_ME_DAYS - 10, minutes=1)
    assert signed_in(client) is False


@pytest.mark.parametrize("persona", ["phuong", "quantri"])
def test_committee_and_superuser_get_no_remember_me_and_a_shorter_limit(persona, world, clock, settings):
    settings.HOCBAC_SESSION_PRIVILEGED_MAX_HOURS = 4
    client = sign_in(persona, remember=True)
    assert client.session.get_expire_at_browser_close() is True
    home = reverse("orgs:org_index")
    for _ in range(8):
        clock.advance(minutes=29)
        assert signed_in(client, home) is True
    clock.advance(minutes=29)  # 4 h 21 after sign-in
    assert signed_in(client, home) is False
    idle = sign_in(persona, remember=True)
    clock.advance(minutes=31)
    assert signed_in(idle, home) is False


def test_a_cell_secretary_keeps_remember_me_by_default(world):
    assert sign_in("bithu", remember=True).session.get_expire_at_browser_close() is False


@pytest.mark.parametrize("engine", ["django.contrib.sessions.backends.db", CACHE_SESSIONS])
def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(engine, world, settings):
    settings.SESSION_ENGINE = engine
    phone, laptop = sign_in("0912000001", remember=True), sign_in("0912000001", remember=False)
    response = laptop.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password": "mat-khau-moi-2026", "new_password_again": "mat-khau-moi-2026"})
    assert response["Location"] == reverse("home")
    assert (signed_in(laptop), signed_in(phone)) == (True, False)


@pytest.mark.parametrize("engine", ["django.contrib.sessions.backends.db", CACHE_SESSIONS])
def test_an_administrator_ends_every_session_of_a_user_and_it_is_logged(engine, world, settings):
    settings.SESSION_ENGINE = engine
    phone = sign_in("0912000001", remember=True)
    admin = Client()
    admin.force_login(world.superuser)
    url = reverse("accounts:end_sessions", kwargs={"user_id": world.member_user.pk})
    assert "Đăng xuất khỏi mọi thiết bị" in admin.get(url).content.decode()
    response = admin.post(url, follow=True)
    assert "Đã đăng xuất tài khoản 0912000001 khỏi mọi thiết bị." in response.content.decode()
    assert signed_in(phone) is False
    assert signed_in(admin, reverse("orgs:org_index")) is True
    entry = AuditEntry.objects.unscoped().get(action="account.end_sessions")
    assert (entry.actor, entry.object_id) == (world.superuser, str(world.member_user.pk))
    # Signing in again works: only the sessions confirmed before the stamp ended.
    assert signed_in(sign_in("0912000001", remember=True)) is True


def test_only_a_superuser_may_end_someone_elses_sessions(world, login):
    url = reverse("accounts:end_sessions", kwargs={"user_id": world.member_user.pk})
    assert login(world.province_admin).post(url).status_code == 403
    assert AuditEntry.objects.unscoped().filter(action="account.end_sessions").count() == 0


@pytest.mark.parametrize("engine", ["django.contrib.sessions.backends.db", CACHE_SESSIONS])
def test_a_disabled_account_is_signed_out_and_stays_out_when_enabled_again(engine, world, settings):
    settings.SESSION_ENGINE = engine
    phone = sign_in("0912000001", remember=True)
    change_member_status(world.member, by=world.secretary, status=MemberStatus.STRUCK_OFF, reason="Xóa tên",
                         on=timezone.localdate())
    world.member_user.refresh_from_db()
    assert world.member_user.is_active is False
    assert signed_in(phone) is False
    world.member_user.is_active = True
    world.member_user.save(update_fields=["is_active"])
    assert signed_in(phone) is False


def test_a_session_made_without_the_sign_in_form_is_stamped_at_sign_in(world, login):
    client = login(world.member_user)
    assert services.SESSION_STARTED in client.session
    assert signed_in(client) is True


def test_a_session_from_before_the_stamps_is_stamped_on_its_first_request(world, login):
    client = login(world.member_user)
    session = client.session
    for key in (services.SESSION_STARTED, services.SESSION_CONFIRMED, services.SESSION_SEEN, services.SESSION_LIMITS):
        del session[key]
    session.save()
    assert signed_in(client) is True
    assert services.SESSION_STARTED in client.session


def test_a_session_from_before_the_stamps_ends_once_the_users_sessions_were_ended(world, login):
    client = login(world.member_user)
    session = client.session
    del session[services.SESSION_STARTED]
    session.save()
    services.end_sessions_of(world.member_user)
    assert signed_in(client) is False
