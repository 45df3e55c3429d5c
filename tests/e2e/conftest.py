"""Browser journeys: Playwright for Python driving Debian's chromium (never a downloaded browser).

Every test here is marked `e2e` and skipped, with the reason, where /usr/bin/chromium is
missing; `.ci/run` installs it. Each page is watched: a request to any host but the live server
(the app must work offline on an intranet) or a console error (a CSP violation shows as one)
fails the test.

The shared `world` personas need no variant here: pytest-django makes `db` transactional when
the test also asks for `live_server`, so the rows are committed where the server thread sees them."""

import os
import shutil
from urllib.parse import urlparse

import pytest

from conftest import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
            if not os.path.exists(CHROMIUM):
                item.add_marker(pytest.mark.skip(reason="Debian's chromium is not installed (apt-get install chromium)"))


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Put back the rows data migrations add (the 27 manifestations, the fields of models, the forms
    of commendation, the shipped criteria sets and rating frame): a transactional test
    empties every table when it ends, so the browser tests after the first would find none.
    (pytest-django's serialized rollback did not restore them once ordinary tests ran in the same
    session; a new data migration adds its `add` here.)"""
    from importlib import import_module

    from django.apps import apps

    if not apps.get_model("journal", "Manifestation").objects.exists():
        import_module("hocbac.journal.migrations.0002_the_27_manifestations").add(apps, None)
    if not apps.get_model("practices", "Field").objects.exists():
        import_module("hocbac.practices.migrations.0002_fields").add(apps, None)
    if not apps.get_model("awards", "AwardForm").objects.exists():
        import_module("hocbac.awards.migrations.0002_award_forms").add(apps, None)
    if not apps.get_model("ratings", "Frame").objects.exists():
        import_module("hocbac.ratings.migrations.0002_shipped_sets_and_frame").add(apps, None)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, transactional_db):
    """new_page(phone=True) → a page in a fresh context that fails the test on outside requests
    or console errors (`expect_http_errors=True` where the test itself expects a 404)."""
    contexts, problems = [], []
    allowed = urlparse(live_server.url).netloc

    def _new_page(phone=True, expect_http_errors=False):
        options = {**PHONE} if phone else {"viewport": {"width": 1280, "height": 900}}
        context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("request", lambda request: urlparse(request.url).netloc != allowed
                and not request.url.startswith("data:") and problems.append(f"outside request: {request.url}"))
        page.on("console", lambda message: message.type == "error"
                and not (expect_http_errors and message.text.startswith("Failed to load resource"))
                and problems.append(f"console: {message.text}"))
        return page

    yield _new_page
    for context in contexts:
        context.close()
    assert problems == []


@pytest.fixture
def page(new_page):
    """A phone (390×844, touch, vi-VN) for journeys with one person."""
    return new_page()


@pytest.fixture
def desktop_page(new_page):
    """A 1280×900 desktop browser for the committee's office work."""
    return new_page(phone=False)


@pytest.fixture
def sign_in(live_server):
    def _sign_in(page, username, password=PASSWORD):
        page.goto(f"{live_server.url}/dang-nhap/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        with page.expect_navigation():  # the next goto must not cut the sign-in short
            page.get_by_role("button", name="Đăng nhập").click()
        return page

    return _sign_in
