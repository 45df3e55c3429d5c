"""Headers and cookies the deployment promises (docs/security.md), under production settings.

The production values are read from `hocbac.settings` itself in a subprocess with the
production environment (HTTPS on, debug and testing off), then applied with the `settings`
fixture: the test proves what settings.py produces, not a copy of it."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from conftest import PASSWORD

SECURITY_SETTINGS = [
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY", "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY", "CSRF_COOKIE_SAMESITE",
]


def production_env(tmp_path):
    # Not the test run's own switches: DATABASE_URL, HOCBAC_*, and DJANGO_ALLOW_ASYNC_UNSAFE (the
    # browser tests set it for Playwright, and check --deploy rightly refuses it).
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("HOCBAC_") and k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({
        "HOCBAC_SECRET_KEY": secrets.token_urlsafe(48), "HOCBAC_DEBUG": "0", "HOCBAC_HTTPS": "1", "HOCBAC_TESTING": "0",
        "HOCBAC_ALLOWED_HOSTS": "hocbac.example.vn", "HOCBAC_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "hocbac.settings",
    })
    return env


@pytest.fixture(scope="module")
def production_values(tmp_path_factory):
    code = (
        "import json, hocbac.settings as s; "
        f"print(json.dumps({{k: getattr(s, k) for k in {SECURITY_SETTINGS!r}}}))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=production_env(tmp_path_factory.mktemp("prod")),
                         capture_output=True, text=True, check=True, cwd=django_settings.PROJECT_DIR)
    values = json.loads(out.stdout)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production(settings, production_values):
    for key, value in production_values.items():
        setattr(settings, key, value)
    settings.ALLOWED_HOSTS = ["testserver"]
    return production_values


def https_get(client, path):
    return client.get(path, secure=True)


def test_production_settings_turn_every_protection_on(production_values):
    assert production_values == {
        "SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True, "SECURE_HSTS_PRELOAD": True,
        "SECURE_SSL_REDIRECT": True, "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "SECURE_CONTENT_TYPE_NOSNIFF": True, "SECURE_REFERRER_POLICY": "same-origin", "X_FRAME_OPTIONS": "DENY",
        "SESSION_COOKIE_SECURE": True, "SESSION_COOKIE_HTTPONLY": True, "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True, "CSRF_COOKIE_HTTPONLY": True, "CSRF_COOKIE_SAMESITE": "Lax",
    }


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            env=production_env(tmp_path), capture_output=True, text=True,
                            cwd=django_settings.PROJECT_DIR)
    assert (result.returncode, result.stderr.strip()) == (0, "")
    assert "System check identified no issues" in result.stdout


def test_plain_http_is_redirected_to_https(db, client, production):
    response = client.get("/dang-nhap/")
    assert (response.status_code, response["Location"]) == (301, "https://testserver/dang-nhap/")


def test_https_answers_carry_hsts_nosniff_referrer_policy_and_frame_denial(db, client, production):
    response = https_get(client, "/dang-nhap/")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_csp_is_strict_with_frame_ancestors(db, client, production):
    policy = dict(
        [*part.split(" ", 1), ""][:2] for part in https_get(client, "/dang-nhap/")["Content-Security-Policy"].split("; ")
    )
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    # No escape hatch anywhere in the policy.
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"} & set(" ".join(policy.values()).split())


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(world, client, production):
    page = https_get(client, "/dang-nhap/")
    csrf = page.cookies[django_settings.CSRF_COOKIE_NAME]
    assert (bool(csrf["secure"]), bool(csrf["httponly"]), csrf["samesite"]) == (True, True, "Lax")
    signed_in = client.post("/dang-nhap/", {"username": "0912000001", "password": PASSWORD, "remember": "on"},
                            secure=True)
    assert signed_in.status_code == 302
    session = signed_in.cookies[django_settings.SESSION_COOKIE_NAME]
    assert (bool(session["secure"]), bool(session["httponly"]), session["samesite"]) == (True, True, "Lax")


def test_personal_pages_are_never_stored(world, login, production):
    member_page = reverse("orgs:member_detail", kwargs={"org_id": world.cell.pk, "member_id": world.member.pk})
    assert https_get(login(world.member_user), "/toi/")["Cache-Control"] == "no-store"
    response = https_get(login(world.ward_admin), member_page)
    assert (response.status_code, response["Cache-Control"]) == (200, "no-store")


def test_static_files_and_anonymous_public_pages_may_be_cached(world, client, login, production):
    public = https_get(client, "/dang-nhap/")
    assert public.status_code == 200 and "no-store" not in public.get("Cache-Control", "")
    static = https_get(login(world.member_user), "/static/css/site.css")
    assert static.status_code == 200 and "no-store" not in static.get("Cache-Control", "")


def test_a_contest_guest_page_is_never_stored(db, client, production):
    """An anonymous session that holds something (a guest's attempt) makes the page personal."""
    session = client.session
    session["contest_guest_1"] = 1
    session.save()
    assert https_get(client, "/dang-nhap/")["Cache-Control"] == "no-store"
