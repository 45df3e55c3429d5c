"""Reads: what each organisation sees, the figures, the report list, and fixed query counts."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from hocbac.awards import selectors, services
from hocbac.awards.tests.conftest import (
    LAST_YEAR,
    bang_khen,
    concluded_item,
    issued,
    member_reminder,
    nominate_member,
    nominate_org,
    ward_item,
)
from hocbac.contests.tests.conftest import make_contest, make_questions
from hocbac.orgs.models import Member

pytestmark = pytest.mark.django_db
YEAR_START, YEAR_END = selectors.year_bounds(LAST_YEAR)


def names(rows):
    return [c.recipient_name for c in rows]


# Commendations ------------------------------------------------------------------------------

def test_commendations_in_are_those_of_the_subtree(world):
    nominate_member(world)
    nominate_member(world, world.other_member, by=world.ward_admin)
    nominate_org(world, world.sibling_cell, by=world.sibling_admin, awarding_org=world.sibling_ward)
    assert sorted(names(selectors.commendations_in(world.ward))) == ["Lê Thị Khác", "Trần Văn Đảng"]
    assert names(selectors.commendations_in(world.cell)) == ["Trần Văn Đảng"]
    assert names(selectors.commendations_in(world.sibling_ward)) == ["Chi bộ Khu phố 1 Tân Định"]
    assert len(selectors.commendations_in(world.province)) == 3


def test_commendations_in_filter_by_year_stage_and_recipient(world):
    nominate_member(world)
    nominate_member(world, year=LAST_YEAR - 1)
    services.approve(nominate_org(world), by=world.ward_admin)
    assert names(selectors.commendations_in(world.ward, year=LAST_YEAR - 1)) == ["Trần Văn Đảng"]
    assert names(selectors.commendations_in(world.ward, stage="da_duyet")) == ["Chi bộ Khu phố 1"]
    assert names(selectors.commendations_in(world.ward, year=LAST_YEAR, recipient="ca_nhan")) == ["Trần Văn Đảng"]


def test_to_decide_lists_what_waits_for_the_body_itself(world):
    waiting = nominate_member(world)
    approved = services.approve(nominate_org(world), by=world.ward_admin)
    nominate_member(world, awarding_org=world.cell)  # the cell decides this one
    nominate_member(world, awarding_org=world.province)  # and the province this one
    issued(world, [nominate_member(world, world.other_member, by=world.ward_admin)])
    assert [c.pk for c in selectors.to_decide(world.ward)] == [waiting.pk, approved.pk]
    assert [c.pk for c in selectors.to_issue(world.ward)] == [approved.pk]
    assert names(selectors.to_decide(world.cell)) == ["Trần Văn Đảng"]
    assert names(selectors.to_decide(world.province)) == ["Trần Văn Đảng"]


def test_commendation_in_another_subtree_is_404(world):
    c = nominate_member(world)
    assert selectors.commendation_in(world.ward, c.pk) == c
    for org in (world.other_cell, world.sibling_ward):
        with pytest.raises(Http404):
            selectors.commendation_in(org, c.pk)


def test_figures_count_issued_decisions_of_the_period_per_child_and_form(world):
    issued(world, [nominate_org(world), nominate_member(world), nominate_member(world, world.other_member, by=world.ward_admin)])
    issued(world, [nominate_member(world, form=bang_khen(), awarding_org=world.province, by=world.province_admin)],
           by=world.province_admin, number="3-QĐ/TU")
    issued(world, [nominate_org(world, world.other_cell)], on=datetime.date(LAST_YEAR - 1, 12, 31), number="1-QĐ/ĐU")
    nominate_org(world, world.ward, by=world.province_admin, awarding_org=world.province)  # not issued
    figures = selectors.figures(world.ward, YEAR_START, YEAR_END)
    assert (figures.total.collectives, figures.total.individuals) == (1, 3)
    assert [(t.label, t.collectives, t.individuals) for t in figures.by_form] == [("Giấy khen", 1, 2), ("Bằng khen", 0, 1)]
    assert [(t.label, t.collectives, t.individuals) for t in figures.children] == [
        ("Chi bộ Khu phố 1", 1, 2), ("Chi bộ Khu phố 2", 0, 1)]
    province = selectors.figures(world.province, YEAR_START, YEAR_END)
    assert [(t.label, t.total) for t in province.children] == [("Đảng bộ phường Bến Thành", 4), ("Đảng bộ phường Tân Định", 0)]


def test_figures_take_three_queries_whatever_the_children(world, django_assert_num_queries):
    from hocbac.orgs import services as org_services

    issued(world, [nominate_org(world)])
    for i in range(3):
        org_services.create_organization(by=None, parent=world.ward, code=f"P01-N{i}", name=f"Chi bộ mới {i}",
                                         kind="chi_bo_co_so")
    with django_assert_num_queries(3):
        selectors.figures(world.ward, YEAR_START, YEAR_END)


def test_report_list_is_the_period_issued_ones_collectives_first(world):
    issued(world, [nominate_member(world), nominate_org(world, world.other_cell), nominate_org(world)])
    issued(world, [nominate_member(world, world.other_member, by=world.ward_admin)], on=datetime.date(LAST_YEAR, 1, 5),
           number="2-QĐ/ĐU")
    nominate_org(world)  # nominated only
    assert [(c.decision_number, c.recipient_name) for c in selectors.report_list(world.ward, YEAR_START, YEAR_END)] == [
        ("2-QĐ/ĐU", "Lê Thị Khác"), ("12-QĐ/ĐU", "Chi bộ Khu phố 1"), ("12-QĐ/ĐU", "Chi bộ Khu phố 2"),
        ("12-QĐ/ĐU", "Trần Văn Đảng")]
    assert selectors.report_list(world.ward, datetime.date(LAST_YEAR, 3, 1), YEAR_END) == []


@pytest.mark.parametrize("rows", [1, 3])
def test_commendation_list_takes_one_query_whatever_the_rows(world, django_assert_num_queries, rows):
    for _ in range(rows):
        nominate_member(world)
    with django_assert_num_queries(1):
        assert len([c.recipient_name + c.form.name + c.awarding_org.name + c.org.name
                    for c in selectors.commendations_in(world.ward)]) == rows


def test_nominees_and_choices_are_fenced_to_the_organisation(world, practice_of):
    assert [m.full_name for m in selectors.nominees(world.cell)] == ["Trần Văn Đảng", "Nguyễn Thị Bí Thư"]
    assert [o.name for o in selectors.awarding_orgs(world.cell)] == [
        "Chi bộ Khu phố 1", "Đảng bộ phường Bến Thành", "Đảng bộ tỉnh Thử Nghiệm"]
    assert [o.name for o in selectors.recipient_orgs(world.ward)] == [
        "Đảng bộ phường Bến Thành", "Chi bộ Khu phố 1", "Chi bộ Khu phố 2"]
    own, above = practice_of(world.cell, name="Của chi bộ"), practice_of(world.province, name="Của tỉnh")
    practice_of(world.other_cell, name="Của chi bộ khác")
    assert {p.name for p in selectors.linkable_practices(world.cell)} == {own.name, above.name}


def test_contest_winners_link_only_members_of_the_organisation(world):
    from django.utils import timezone

    from hocbac.contests import services as contest_services

    now = timezone.now()
    contest = make_contest(world.ward, world.ward_admin, make_questions(world.ward, world.ward_admin, 5),
                           opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(hours=1))
    for member in (world.member, world.other_member):
        attempt, _ = contest_services.start_attempt(contest, member=member, now=now)
        contest_services.finish_attempt(attempt, now=now)
    rows = selectors.contest_winners(contest, world.cell)
    assert sorted((w.name, w.member) for w in rows) == [("Lê Thị Khác", None), ("Trần Văn Đảng", world.member)]


# Reminders ----------------------------------------------------------------------------------

def test_reminders_in_reminder_in_and_my_reminders(world):
    r = member_reminder(world)
    other = services.record_reminder(by=world.ward_admin, org=world.other_cell, kind="nhac_nho", reason="Chậm báo cáo",
                                     decided_by=world.ward, decided_on=datetime.date(LAST_YEAR, 6, 1))
    assert list(selectors.reminders_in(world.ward)) == [other, r]
    assert list(selectors.reminders_in(world.cell)) == [r]
    with pytest.raises(Http404):
        selectors.reminder_in(world.cell, other.pk)
    assert selectors.reminder_in(world.ward, other.pk) == other
    assert selectors.my_reminders(world.member) == [r]
    assert selectors.my_reminders(world.other_member) == []


def test_reminders_follow_the_member_after_a_transfer(world):
    from hocbac.orgs import services as org_services

    r = member_reminder(world)
    org_services.transfer_member(Member.objects.in_orgs([world.cell.pk]).get(pk=world.member.pk), to_org=world.other_cell,
                                 on=datetime.date(LAST_YEAR, 10, 1), by=world.ward_admin)
    assert list(selectors.reminders_in(world.cell)) == [r]  # kept where it was decided
    assert selectors.my_reminders(world.member) == [r]


def test_open_only_and_due_follow_ups(world):
    due = member_reminder(world)
    later = member_reminder(world, follow_up_on=timezone.localdate() + datetime.timedelta(days=30))
    closed = member_reminder(world)
    services.record_outcome(closed, by=world.secretary, outcome="Đã khắc phục", closed_on=datetime.date(LAST_YEAR, 9, 1))
    assert set(selectors.reminders_in(world.cell, open_only=True)) == {due, later}
    assert list(selectors.due_follow_ups(world.cell, timezone.localdate())) == [due]


# Inspection plans ---------------------------------------------------------------------------

def test_plan_is_owned_items_and_items_concerning_adds_those_targeting_the_subtree(world):
    ward = ward_item(world, targets=[world.cell])
    sibling = services.create_item(by=world.sibling_admin, org=world.sibling_ward, year=LAST_YEAR, kind="giam_sat",
                                   content="Giám sát", targets=[world.sibling_cell],
                                   starts_on=datetime.date(LAST_YEAR, 5, 1), ends_on=datetime.date(LAST_YEAR, 5, 2),
                                   inspectors="UBKT")
    assert list(selectors.plan(world.ward, LAST_YEAR)) == [ward]
    assert list(selectors.plan(world.cell, LAST_YEAR)) == []
    assert list(selectors.items_concerning(world.cell, LAST_YEAR)) == [ward]
    assert list(selectors.items_concerning(world.other_cell, LAST_YEAR)) == []
    assert list(selectors.items_concerning(world.province, LAST_YEAR)) == [ward, sibling]
    assert list(selectors.items_concerning(world.cell, LAST_YEAR - 1)) == []
    assert selectors.item_in(world.cell, ward.pk) == ward
    for org in (world.other_cell, world.sibling_ward):
        with pytest.raises(Http404):
            selectors.item_in(org, ward.pk)


def test_follow_ups_seen_from_a_cell_are_its_own(world):
    item = selectors.item_in(world.cell, concluded_item(world).pk)
    assert [f.org.name for f in selectors.follow_ups_seen_from(item, world.cell)] == ["Chi bộ Khu phố 1"]
    assert [f.org.name for f in selectors.follow_ups_seen_from(item, world.ward)] == ["Chi bộ Khu phố 1", "Chi bộ Khu phố 2"]
    assert [f.org.name for f in selectors.open_follow_ups(world.other_cell)] == ["Chi bộ Khu phố 2"]
    with pytest.raises(Http404):
        selectors.follow_up_in(world.cell, item.follow_ups.get(org=world.other_cell).pk)


@pytest.mark.parametrize("rows", [1, 3])
def test_items_concerning_take_three_queries_whatever_the_rows(world, django_assert_num_queries, rows):
    for _ in range(rows):
        concluded_item(world)
    with django_assert_num_queries(3):
        items = list(selectors.items_concerning(world.cell, LAST_YEAR))
        assert [(len(i.targets.all()), len(i.follow_ups.all()), i.org.name) for i in items] == [
            (2, 2, "Đảng bộ phường Bến Thành")] * rows

