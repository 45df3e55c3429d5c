"""Admission control for contest starts (contests.admission) and the 503 for an exhausted
database (core.overload). This module is also the URLconf of the overload tests: two views that
fail the way a request fails when the database has no connection to give."""

import datetime
import sqlite3
import threading
from unittest import mock

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse
from django.utils import timezone

from hocbac.contests import admission
from hocbac.contests.models import Attempt
from hocbac.contests.tests.conftest import make_contest, make_questions
from hocbac.core import overload


class PoolTimeout(Exception):
    """Stands in for psycopg_pool.PoolTimeout, which is recognised by name (SQLite runs have no pool)."""


def _pool_timeout():
    try:
        raise PoolTimeout("couldn't get a connection after 10.00 sec")
    except PoolTimeout as cause:
        raise OperationalError("couldn't get a connection after 10.00 sec") from cause


def pool_exhausted(request):
    _pool_timeout()


def broken(request):
    raise OperationalError('relation "x" does not exist')


def fine(request):
    return HttpResponse("ok")


urlpatterns = [
    path("can-ket-noi/", pool_exhausted),
    path("api/v1/can-ket-noi/", pool_exhausted),
    path("loi/", broken),
    path("binh-thuong/", fine),
]


# admission.admit ---------------------------------------------------------------------------------

def test_admit_refuses_past_the_limit_with_the_configured_retry_after(settings):
    settings.CONTEST_START_CONCURRENCY = 2
    settings.CONTEST_START_RETRY_AFTER = 4
    with admission.admit(), admission.admit():
        with pytest.raises(admission.Busy) as refused:
            with admission.admit():
                pass
        assert admission.in_progress() == 2
    assert (refused.value.retry_after, admission.in_progress()) == (4, 0)


def test_admit_gives_the_slot_back_when_the_start_fails(settings):
    settings.CONTEST_START_CONCURRENCY = 1
    with pytest.raises(ValueError), admission.admit():
        raise ValueError("start refused")
    with admission.admit():
        entered = admission.in_progress()
    assert (entered, admission.in_progress()) == (1, 0)


def test_admit_bounds_starts_across_threads_of_one_process(settings):
    settings.CONTEST_START_CONCURRENCY = 2
    holding, release = threading.Semaphore(0), threading.Event()

    def hold():
        with admission.admit():
            holding.release()
            release.wait(timeout=30)

    holders = [threading.Thread(target=hold) for _ in range(2)]
    for thread in holders:
        thread.start()
    for _ in holders:
        holding.acquire(timeout=30)  # both threads are inside
    try:
        with admission.admit():
            outcome = "admitted"
    except admission.Busy:
        outcome = "busy"
    release.set()
    for thread in holders:
        thread.join()
    assert (outcome, admission.in_progress()) == ("busy", 0)


def test_admit_reads_the_environment_when_settings_say_nothing(settings, monkeypatch):
    del settings.CONTEST_START_CONCURRENCY
    del settings.CONTEST_START_RETRY_AFTER
    monkeypatch.setenv("HOCBAC_CONTEST_START_CONCURRENCY", "1")
    monkeypatch.setenv("HOCBAC_CONTEST_START_RETRY_AFTER", "7")
    with admission.admit(), pytest.raises(admission.Busy) as refused, admission.admit():
        pass
    assert (admission.concurrency(), refused.value.retry_after) == (1, 7)


def test_admit_defaults_when_nothing_is_configured(settings, monkeypatch):
    del settings.CONTEST_START_CONCURRENCY
    del settings.CONTEST_START_RETRY_AFTER
    monkeypatch.delenv("HOCBAC_CONTEST_START_CONCURRENCY", raising=False)
    monkeypatch.delenv("HOCBAC_CONTEST_START_RETRY_AFTER", raising=False)
    assert (admission.concurrency(), admission.retry_after()) == (admission.DEFAULT_CONCURRENCY,
                                                                  admission.DEFAULT_RETRY_AFTER)


@pytest.fixture
def open_contest(world):
    now = timezone.now()
    return make_contest(world.ward, world.ward_admin, make_questions(world.ward, world.ward_admin, 8),
                        opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(hours=1))


def test_start_page_answers_503_while_the_only_slot_is_taken_then_starts(world, open_contest, settings):
    settings.CONTEST_START_CONCURRENCY = 1
    settings.CONTEST_START_RETRY_AFTER = 3
    client = Client()
    client.force_login(world.member_user)
    url = reverse("contests:start", args=[open_contest.code])
    with admission.admit():  # another request of this process is starting
        refused = client.post(url)
    admitted = client.post(url)
    attempt = Attempt.objects.unscoped().get(contest=open_contest)
    assert (refused.status_code, refused["Retry-After"]) == (503, "3")
    assert (admitted.status_code, admitted["Location"], attempt.member) == (
        302, reverse("contests:question", args=[attempt.pk]), world.member)


# core.overload -------------------------------------------------------------------------------------

@pytest.mark.parametrize("exception", [
    OperationalError("couldn't get a connection after 10.00 sec"),  # only with the PoolTimeout cause
    OperationalError('connection failed: FATAL:  sorry, too many clients already'),
    OperationalError('connection failed: FATAL:  too many connections for role "hocbac"'),
    OperationalError("FATAL:  remaining connection slots are reserved for roles with the SUPERUSER attribute"),
    sqlite3.OperationalError("database is locked"),
])
def test_is_overload_recognises_exhausted_databases(exception):
    expected = "couldn't get" not in str(exception)
    assert overload.is_overload(exception) is expected


def test_is_overload_follows_the_cause_django_wraps():
    try:
        _pool_timeout()
    except OperationalError as wrapped:
        assert overload.is_overload(wrapped) is True


@pytest.mark.urls(__name__)
def test_overload_middleware_turns_a_pool_timeout_in_the_view_into_503(db):
    response = Client().get("/can-ket-noi/")
    assert (response.status_code, response["Retry-After"], response["Cache-Control"]) == (
        503, str(overload.RETRY_AFTER_SECONDS), "no-store")
    assert "Hệ thống đang có quá nhiều người truy cập" in response.content.decode()


@pytest.mark.urls(__name__)
def test_overload_middleware_answers_json_to_the_api(db):
    response = Client().get("/api/v1/can-ket-noi/")
    assert (response.status_code, response["Retry-After"], response.json()) == (
        503, str(overload.RETRY_AFTER_SECONDS),
        {"detail": f"Hệ thống đang quá tải, xin thử lại sau {overload.RETRY_AFTER_SECONDS} giây."})


@pytest.mark.urls(__name__)
def test_overload_middleware_turns_a_failure_inside_a_middleware_into_503(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.member_user)
    # The first query of a signed-in request is loading its user, inside a middleware.
    with mock.patch("django.contrib.auth.middleware.auth.get_user", side_effect=lambda request: _pool_timeout()):
        response = client.get("/binh-thuong/")
    assert (response.status_code, response["Retry-After"]) == (503, str(overload.RETRY_AFTER_SECONDS))


@pytest.mark.urls(__name__)
def test_overload_middleware_leaves_other_database_errors_as_500(db):
    response = Client(raise_request_exception=False).get("/loi/")
    assert (response.status_code, response.has_header("Retry-After")) == (500, False)
