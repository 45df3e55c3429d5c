"""A monthly contest at the cell meeting, on a phone: the member opens the short link, answers
one question at a time, loses the connection half-way, reloads and finishes; the secretary's
projector shows them on the leaderboard. The question page's weight over the wire is measured."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from hocbac.contests.models import Answer, Attempt, Option
from hocbac.contests.tests.conftest import make_contest, make_questions
from tests.e2e.conftest import PHONE

PAGE_WEIGHT_LIMIT = 50 * 1024  # the question page with its CSS and JS, for 3G phones


def _right_option_text(attempt, position):
    slot = attempt.slots.get(position=position)
    return Option.objects.get(pk=slot.key[0]).text


def _answer(page, attempt, position):
    expect(page.locator(".quiz-head")).to_contain_text(f"Câu {position + 1}/5")
    page.get_by_text(_right_option_text(attempt, position), exact=True).tap()
    page.get_by_role("button", name=re.compile("^Trả lời")).tap()


def test_member_takes_contest_on_a_phone_through_a_dropped_connection(world, new_page, sign_in, live_server):
    now = timezone.now()
    contest = make_contest(world.cell, world.secretary, make_questions(world.cell, world.secretary, 5),
                           title="Thi tìm hiểu Quy định 144 tháng này",
                           opens_at=now - datetime.timedelta(minutes=5), closes_at=now + datetime.timedelta(hours=1))
    member = sign_in(new_page(), "0912000001")
    member.goto(f"{live_server.url}/t/{contest.code}/")
    expect(member.get_by_role("heading", level=1)).to_have_text("Thi tìm hiểu Quy định 144 tháng này")
    member.get_by_role("button", name="Bắt đầu thi").tap()
    expect(member.locator(".quiz-head")).to_contain_text("Câu 1/5")
    attempt = Attempt.objects.unscoped().get(contest=contest, member=world.member)

    # Weigh the question page as a phone loads it for the first time (empty cache).
    transferred = []
    fresh = member.context.browser.new_context(storage_state=member.context.storage_state(), **PHONE)
    weigher = fresh.new_page()
    weigher.on("requestfinished", lambda request: transferred.append(
        (request.url, request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"])))
    weigher.goto(member.url)
    weigher.wait_for_load_state("networkidle")
    fresh.close()
    total = sum(size for _, size in transferred)
    assert len(transferred) >= 3, transferred  # the page, its stylesheet and its script
    assert all(size > 0 for _, size in transferred), transferred  # measured, not served from a cache
    assert total < PAGE_WEIGHT_LIMIT, transferred
    assert not any("htmx" in url for url, _ in transferred)

    countdown = int(member.locator("#seconds-left").inner_text())
    assert 20 <= countdown <= 30
    _answer(member, attempt, 0)
    _answer(member, attempt, 1)

    # The connection drops as the third answer is sent: nothing reaches the server.
    expect(member.locator(".quiz-head")).to_contain_text("Câu 3/5")
    member.get_by_text(_right_option_text(attempt, 2), exact=True).tap()
    member.context.set_offline(True)
    member.get_by_role("button", name="Trả lời").tap(no_wait_after=True)
    member.wait_for_timeout(500)
    assert Answer.objects.filter(attempt=attempt).count() == 2
    member.context.set_offline(False)
    member.goto(f"{live_server.url}/thi/{attempt.pk}/")
    # Back on the same question, with the clock still running from when it was first served.
    expect(member.locator(".quiz-head")).to_contain_text("Câu 3/5")
    served = attempt.slots.get(position=2).served_at
    assert (timezone.now() - served).total_seconds() > 0.4
    _answer(member, attempt, 2)
    _answer(member, attempt, 3)
    _answer(member, attempt, 4)

    expect(member.locator(".score")).to_contain_text("10,00")
    expect(member.locator(".result")).to_contain_text("5/5 câu đúng")
    expect(member.locator(".result")).to_contain_text("Xếp hạng hiện tại: 1")
    attempt.refresh_from_db()
    assert (attempt.score, Answer.objects.filter(attempt=attempt).count()) == (10, 5)

    projector = sign_in(new_page(phone=False), "bithu")
    projector.goto(f"{live_server.url}/t/{contest.code}/bang-xep-hang/")
    expect(projector.locator("#board")).to_contain_text("Trần Văn Đảng")
    expect(projector.locator("#board")).to_contain_text("1 người đã nộp bài")
    expect(projector.locator(".join svg")).to_be_visible()
