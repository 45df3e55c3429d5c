"""The demo's commitments (`hocbac demo`): realistic proportions, something to do for the demo
logins, the planted near-copies, dates that follow the steps, and the same data for the same seed.

The demo follows the day it is built (this year's steps are taken once their date has come), so
this year's proportions are checked only in the season they describe."""

import datetime
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone

from hocbac.commitments import selectors
from hocbac.commitments.demo import build_year as build_commitments
from hocbac.commitments.demo import duty_of
from hocbac.commitments.models import OrgPlan, Registration, Result, State, YearTemplate
from hocbac.core import todo
from hocbac.core.models import AuditEntry
from hocbac.orgs.demo import build_ward
from hocbac.orgs.models import Member, MemberPeriod, RoleGrant
from hocbac.orgs.selectors import eligible_on
from hocbac.study.demo import build_year as build_study

pytestmark = pytest.mark.django_db
SCALE = 0.2


def _signature(ward):
    """Everything the demo wrote into registrations and plans, without ids or build times."""
    registrations = sorted(
        Registration.objects.in_subtree(ward).values_list(
            "member_id", "year", "state", "result", "on_behalf", "is_key_leader", "study_plan", "deeds", "exemplary",
            "anti_degradation", "disclosed_on", "submitted_at", "midyear_note", "midyear_at", "self_assessment",
            "self_assessed_at", "evaluation_comment", "evaluated_at", "created_at"),
        key=lambda row: (row[0], row[1]))
    plans = sorted(OrgPlan.objects.in_subtree(ward).values_list("org_id", "year", "content", "in_resolution", "updated_at"))
    return registrations, plans


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        ward = build_ward(seed=7, scale=SCALE)
        build_study(ward.ward, seed=7)
        now = timezone.now()
        built = build_commitments(ward.ward, seed=7, now=now)
        bithu = RoleGrant.objects.in_subtree(ward.ward).select_related("user").get(user__username="bithu")
        yield SimpleNamespace(**vars(ward), built=built, now=now, today=timezone.localdate(now), bithu=bithu.user,
                              bithu_cell=bithu.org, signature=_signature(ward.ward))
        transaction.set_rollback(True)


def _eligible_through(ward, year):
    def eligible(day):
        return set(MemberPeriod.objects.in_subtree(ward).filter(eligible_on(day)).values_list("member_id", flat=True))

    return eligible(datetime.date(year, 2, 1)) & eligible(datetime.date(year, 12, 31))


def test_last_year_nearly_everyone_registered_and_most_did_well(demo):
    year = demo.today.year - 1
    members = _eligible_through(demo.ward, year)
    registrations = list(Registration.objects.in_subtree(demo.ward).filter(year=year))
    assert {r.member_id for r in registrations} <= members
    assert 0.93 <= len(registrations) / len(members) <= 0.995
    assert {r.state for r in registrations} == {State.EVALUATED}
    results = {value: sum(1 for r in registrations if r.result == value) / len(registrations) for value in Result.values}
    assert 0.8 <= results[Result.GOOD] <= 0.95
    assert 0.04 <= results[Result.DONE] <= 0.18
    assert results[Result.NOT_DONE] <= 0.04
    assert sum(1 for r in registrations if r.midyear_at) / len(registrations) >= 0.75
    # Key leaders register, and are counted apart in the figures.
    leaders = Member.objects.in_subtree(demo.ward).filter(is_key_leader=True, pk__in=members)
    assert set(leaders.values_list("pk", flat=True)) <= {r.member_id for r in registrations}
    total, _ = selectors.figures(demo.ward, year)
    assert total.key_leaders == leaders.count() and total.evaluated == len(registrations)


def test_last_years_steps_are_dated_in_their_season(demo):
    year = demo.today.year - 1
    for r in Registration.objects.in_subtree(demo.ward).filter(year=year):
        local = {name: timezone.localtime(getattr(r, name)) for name in ("created_at", "submitted_at", "self_assessed_at")}
        assert local["created_at"] <= local["submitted_at"] and local["submitted_at"].year == year
        assert datetime.date(year, 2, 1) <= r.disclosed_on <= datetime.date(year, 11, 30)
        assert local["submitted_at"].date() < r.disclosed_on
        assert local["self_assessed_at"].date() >= datetime.date(year, 11, 1)
        assert r.midyear_at is None or datetime.date(year, 6, 1) <= timezone.localtime(r.midyear_at).date() <= datetime.date(year, 8, 31)
        assert r.evaluated_at > r.self_assessed_at and r.evaluated_at <= demo.now
        assert 2 <= len(r.deeds) <= 4 and all(d["text"] and d["measure"] for d in r.deeds)


def test_the_ward_committee_reopened_a_couple_with_a_reason_and_the_cell_evaluated_again(demo):
    if demo.today < datetime.date(demo.today.year, 1, 20):
        pytest.skip("the reopenings happen in January")
    entries = AuditEntry.objects.in_subtree(demo.ward).filter(action="commitment.reopen")
    assert entries.count() == len(demo.built.reopened) == 2
    assert all("Đảng ủy" in e.summary or "đơn" in e.summary for e in entries)
    for registration in demo.built.reopened:
        registration.refresh_from_db()
        assert registration.state == State.EVALUATED and "Đánh giá lại" in registration.evaluation_comment


def test_this_year_follows_the_season(demo):
    today, year = demo.today, demo.today.year
    eligible = Member.objects.in_subtree(demo.ward).eligible().count()
    registrations = list(Registration.objects.in_subtree(demo.ward).filter(year=year))
    registered = [r for r in registrations if r.state != State.DRAFT]
    assert [r for r in registrations if r.state == State.DRAFT]  # a few drafts
    assert len(registrations) < eligible  # and members not registered
    assert all(timezone.localtime(r.submitted_at).date() <= today for r in registered)
    if today >= datetime.date(year, 4, 1):
        assert 0.85 <= len(registered) / eligible <= 0.96
    if today >= datetime.date(year, 8, 1):
        checked_in = sum(1 for r in registrations if r.midyear_at)
        assert 0.45 <= checked_in / eligible <= 0.75
    if today >= datetime.date(year, 11, 20):
        # Self-assessments spread from November to each cell's review meeting (12–24 December),
        # most in the last weeks: a quarter or so by late November, most of them in December.
        # Then the cells evaluate them at that meeting.
        assessed = sum(1 for r in registrations if r.self_assessed_at)
        assert 0.1 <= assessed / len(registered) <= (0.5 if today.month == 11 else 1)
    assert not any(r.state == State.EVALUATED for r in registrations) or today.month == 12


def test_the_demo_member_has_something_to_do(demo):
    member = Member.objects.in_subtree(demo.ward).get(user__username="dangvien")
    titles = [item.title for item in todo.todos_for(member)]
    expected = "Tự đánh giá việc thực hiện cam kết" if demo.today.month >= 11 else "Đăng ký làm theo và cam kết nêu gương"
    assert any(title.startswith(expected) for title in titles), titles
    last = selectors.registration_of(member, demo.today.year - 1)
    assert (last.state, last.result, last.on_behalf) == (State.EVALUATED, Result.GOOD, False)


def test_the_secretarys_cell_has_members_to_chase_and_registrations_to_disclose(demo):
    titles = [item.title for item in todo.todos_for_org(demo.bithu_cell)]
    assert any("chưa đăng ký làm theo" in t for t in titles), titles
    assert any("chờ công khai trước chi bộ" in t for t in titles), titles
    year = demo.today.year
    waiting = Registration.objects.in_orgs([demo.bithu_cell.pk]).filter(year=year, state=State.SUBMITTED)
    assert 2 <= waiting.count() <= 5
    assert len(selectors.register(demo.bithu_cell, year, show="chua_dang_ky")) >= 3
    # Elderly members' registrations entered by the secretary, marked as such; the others are the members' own.
    registrations = Registration.objects.in_orgs([demo.bithu_cell.pk]).filter(year=year)
    on_behalf = [r for r in registrations if r.on_behalf]
    assert len(on_behalf) >= 2 and all(r.entered_by == demo.bithu for r in on_behalf)
    assert registrations.filter(on_behalf=False).count() > len(on_behalf)
    own = registrations.get(member__user=demo.bithu)
    assert (own.on_behalf, own.entered_by) == (False, demo.bithu)


def test_the_planted_near_copies_are_found_and_nothing_else(demo):
    year = demo.today.year
    planted = {frozenset((copy.pk, original.pk)) for copy, original, _ in demo.built.copies}
    assert len(planted) == 3 and sum(1 for *_, own in demo.built.copies if own) == 1
    pairs = selectors.near_copies(demo.ward, year)
    assert {frozenset((p.first.pk, p.second.pk)) for p in pairs} == planted
    assert [p.own_last_year for p in pairs].count(True) == 1
    # The secretary sees the one in their cell.
    assert len(selectors.near_copies(demo.bithu_cell, year)) == 1


def test_registrations_are_written_for_the_members_position(demo):
    year = demo.today.year
    by_duty = {}
    for r in Registration.objects.in_subtree(demo.ward).filter(year=year).select_related("member", "org"):
        by_duty.setdefault(duty_of(r.member, r.org), []).append(r.full_text())
    assert {"teacher", "police", "retiree", "official", "trader", "health", "military"} <= set(by_duty)
    assert any("học sinh" in text for text in by_duty["teacher"])
    assert any("Công an" in text or "an ninh" in text for text in by_duty["police"])
    assert all("Nghị quyết Trung ương 4" in text for texts in by_duty.values() for text in texts)
    texts = [text for texts in by_duty.values() for text in texts]
    assert len(set(texts)) == len(texts)


def test_plans_for_most_organisations_and_the_wards_template(demo):
    year = demo.today.year
    total, _ = selectors.figures(demo.ward, year)
    assert 0.8 * total.planning_orgs <= total.plans < total.planning_orgs
    assert OrgPlan.objects.in_orgs([demo.ward.pk]).filter(year=year).exists()
    template = YearTemplate.objects.in_orgs([demo.ward.pk]).get(year=year)
    assert set(template.sections) == {"study_plan", "deeds", "exemplary", "anti_degradation"}
    parts, intro = selectors.template_for(demo.bithu_cell, year)
    assert intro == template.intro and parts[1][2] == template.sections["deeds"]["guidance"]


def _rebuild(ward, seed, now):
    Registration.objects.in_subtree(ward).delete()
    OrgPlan.objects.in_subtree(ward).delete()
    YearTemplate.objects.in_subtree(ward).delete()
    build_commitments(ward, seed=seed, now=now)
    return _signature(ward)


def test_the_same_seed_gives_the_same_commitments(demo):
    with transaction.atomic():
        assert _rebuild(demo.ward, 7, demo.now) == demo.signature
        transaction.set_rollback(True)
    # Another seed, other texts (the small sibling ward, quicker to build).
    with transaction.atomic():
        build_commitments(demo.sibling, seed=7, now=demo.now)
        first = _signature(demo.sibling)
        assert first[0] and _rebuild(demo.sibling, 7, demo.now) == first
        assert _rebuild(demo.sibling, 8, demo.now)[0] != first[0]
        transaction.set_rollback(True)
