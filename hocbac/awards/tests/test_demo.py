"""The demo's commendations, reminders and inspection plan (`hocbac demo`): one decision of the
ward's review for collectives and individuals linked to the typical models, the contest winners
and the programme, nominations still waiting, one declined; reminders closed and open; a plan
for the year with conclusions and follow-ups; every step through the services, audited on its
day, nothing after the moment of the build, and the same data for the same seed.

The demo is built at a fixed moment late in the year (every date it writes follows that moment)."""

import datetime
from collections import Counter
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hocbac.awards import rules, selectors
from hocbac.awards.demo import build_year as build_awards
from hocbac.awards.models import (
    Basis,
    Commendation,
    FollowUp,
    InspectionItem,
    InspectionKind,
    Recipient,
    Reminder,
    Stage,
)
from hocbac.commitments.demo import build_year as build_commitments
from hocbac.contests.demo import build_year as build_contests
from hocbac.contests.selectors import winners
from hocbac.core.models import AuditEntry
from hocbac.orgs.demo import build_ward
from hocbac.orgs.models import MEMBER_HOLDING_KINDS, Organization, RoleGrant
from hocbac.practices.demo import build_year as build_practices
from hocbac.practices.models import RECOGNISED_STATUSES
from hocbac.study.demo import build_year as build_study

pytestmark = pytest.mark.django_db
SCALE = 0.2
NOW = timezone.make_aware(datetime.datetime(2026, 10, 21, 10, 30))  # a Wednesday; local time


def _sorted(rows):
    return sorted(rows, key=repr)  # rows hold None


def _signature(ward):
    """Everything the demo wrote for the awards of `ward`, without ids of its own rows."""
    commendations = _sorted(Commendation.objects.in_subtree(ward).values_list(
        "org_id", "recipient", "recipient_org_id", "member_id", "awarding_org_id", "form_id", "year", "reason", "basis",
        "practice_id", "contest_id", "stage", "nominated_by_id", "nominated_at", "approved_by_id", "approved_at",
        "decision_number", "decided_on", "signer", "declined_reason"))
    reminders = _sorted(Reminder.objects.in_subtree(ward).values_list(
        "org_id", "member_id", "kind", "reason", "decided_by_id", "decided_on", "follow_up_on", "outcome", "closed_on",
        "created_by_id", "created_at"))
    items = _sorted(InspectionItem.objects.in_subtree(ward).values_list(
        "year", "kind", "content", "starts_on", "ends_on", "inspectors", "conclusion", "concluded_on", "created_at"))
    targets = _sorted(InspectionItem.objects.in_subtree(ward).values_list("content", "targets"))
    follow_ups = _sorted(FollowUp.objects.filter(item__org__path__startswith=ward.path).values_list(
        "item__content", "org_id", "text", "due_on", "done_on", "done_note"))
    return commendations, reminders, items, targets, follow_ups


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        ward = build_ward(seed=7, scale=SCALE, today=timezone.localdate(NOW))
        build_study(ward.ward, seed=7, now=NOW)
        build_commitments(ward.ward, seed=7, now=NOW)
        build_contests(ward.ward, seed=7, now=NOW)
        build_practices(ward.ward, seed=7, now=NOW)
        built = build_awards(ward.ward, seed=7, now=NOW)
        grants = {g.user.username: g for g in RoleGrant.objects.in_subtree(ward.province).select_related("user", "org")}
        yield SimpleNamespace(**vars(ward), built=built, now=NOW, today=timezone.localdate(NOW),
                              danguy=grants["danguy"].user, bithu=grants["bithu"].user, bithu_cell=grants["bithu"].org,
                              signature=_signature(ward.ward))
        transaction.set_rollback(True)


def _commendations(demo):
    return list(Commendation.objects.in_subtree(demo.ward).select_related(
        "org", "recipient_org", "member__org", "awarding_org", "form", "practice__org", "contest"))


def test_one_decision_of_the_review_for_collectives_and_individuals(demo):
    issued = [c for c in _commendations(demo) if c.stage == Stage.ISSUED]
    cells = Organization.objects.filter(path__startswith=demo.ward.path, kind__in=MEMBER_HOLDING_KINDS).count()
    collectives = [c for c in issued if c.recipient == Recipient.COLLECTIVE]
    individuals = [c for c in issued if c.recipient == Recipient.INDIVIDUAL]
    assert len(collectives) == round(cells / 11)  # "5 tập thể" for a ward of about 55 organisations
    assert len(individuals) >= 2
    assert {(c.decision_number, c.decided_on, c.awarding_org_id, c.form.name, c.signer) for c in issued} == {
        (demo.built.decision, demo.built.decided_on, demo.ward.pk, "Giấy khen", issued[0].signer)}
    assert demo.built.decision.endswith("-QĐ/ĐU") and issued[0].signer.startswith("T/M Ban Thường vụ, Bí thư ")
    assert demo.built.decided_on == datetime.date(2026, 5, 15)  # the review around 19/5
    for c in issued:
        assert c.year == c.decided_on.year and c.reason
        assert c.nominated_at < c.approved_at <= timezone.make_aware(datetime.datetime.combine(c.decided_on, datetime.time(23)))
        assert c.nominated_by_id and c.approved_by == demo.danguy
    figures = selectors.figures(demo.ward, *selectors.year_bounds(2026))
    assert (figures.total.collectives, figures.total.individuals) == (len(collectives), len(individuals))
    assert [t.label for t in figures.by_form] == ["Giấy khen"]
    printed = selectors.report_list(demo.ward, *selectors.year_bounds(2026))
    assert {c.pk for c in printed} == {c.pk for c in issued}


def test_commendations_are_linked_to_models_contests_and_the_programme(demo):
    rows = _commendations(demo)
    bases = Counter(c.basis for c in rows)
    assert bases[Basis.PRACTICE] >= 2 and bases[Basis.CONTEST] >= 2 and bases[Basis.PROGRAMME] >= 1
    for c in rows:
        if c.basis == Basis.PRACTICE and c.stage != Stage.DECLINED:
            # The owner of a model recognised typical or excellent before the nomination.
            practice = c.practice
            assert practice.status in RECOGNISED_STATUSES
            recognised = practice.status_changes.filter(status__in=RECOGNISED_STATUSES,
                                                        changed_on__lte=timezone.localdate(c.nominated_at))
            assert recognised.exists() and recognised.last().decision in c.reason
            if c.recipient == Recipient.COLLECTIVE:
                assert c.recipient_org_id == practice.org_id
            else:
                assert c.member_id == practice.member_id
        if c.basis == Basis.CONTEST:
            assert c.contest.closes_at < c.nominated_at
            assert c.member_id in {p.attempt.member_id for p in winners(c.contest)}
        if c.basis != Basis.PRACTICE:
            assert c.practice_id is None
        if c.basis != Basis.CONTEST:
            assert c.contest_id is None
    # The winners of the ward's monthly contest in the decision, the secretary's cell contest later.
    issued_contests = {c.contest for c in rows if c.contest_id and c.stage == Stage.ISSUED}
    assert issued_contests == {demo.built.contest} and demo.built.contest.org_id == demo.ward.pk
    assert any(c.contest and c.contest.org_id == demo.bithu_cell.pk for c in rows if c.stage != Stage.ISSUED)


def test_nominations_waiting_and_one_declined(demo):
    rows = _commendations(demo)
    stages = Counter(c.stage for c in rows)
    assert stages[Stage.APPROVED] >= 1 and stages[Stage.NOMINATED] >= 1 and stages[Stage.DECLINED] == 1
    waiting = [c for c in rows if c.stage in (Stage.APPROVED, Stage.NOMINATED)]
    assert all(c.year == demo.today.year and c.nominated_at > demo.now - datetime.timedelta(days=30) for c in waiting)
    assert all(c.approved_at and c.nominated_at <= c.approved_at <= demo.now for c in rows if c.stage == Stage.APPROVED)
    assert {c.pk for c in selectors.to_issue(demo.ward)} == {c.pk for c in rows if c.stage == Stage.APPROVED}
    declined = next(c for c in rows if c.stage == Stage.DECLINED)
    assert declined.declined_reason and declined.approved_by == demo.danguy
    assert declined.nominated_at < declined.approved_at < timezone.make_aware(
        datetime.datetime.combine(demo.built.decided_on, datetime.time(0)))
    # Nobody commended twice in the year.
    recipients = Counter((c.recipient_org_id, c.member_id) for c in rows)
    assert max(recipients.values()) == 1


def test_reminders_one_closed_one_open(demo):
    reminders = list(Reminder.objects.in_subtree(demo.ward).select_related("member", "org", "decided_by"))
    assert 2 <= len(reminders) <= 3
    closed = [r for r in reminders if r.closed_on]
    open_ = [r for r in reminders if r.closed_on is None]
    assert len(closed) == 1 and closed[0].outcome and closed[0].decided_on < closed[0].closed_on <= demo.today
    assert any(r.follow_up_on and r.follow_up_on > demo.today for r in open_)
    for r in reminders:
        assert r.decided_on <= demo.today and r.created_at <= demo.now and r.reason
        if r.member_id:
            assert r.org_id == r.member.org_id and r.decided_by_id == r.org_id and "Vắng sinh hoạt chi bộ" in r.reason
            assert r.member.user_id is None or rules.may_read_reminder(r.member.user, r)
        else:
            assert r.decided_by_id == demo.ward.pk
    # Visible only to those entitled: the secretary sees only the records of the cell.
    for r in reminders:
        assert rules.may_read_reminder(demo.danguy, r)
        assert rules.may_read_reminder(demo.bithu, r) == (r.org_id == demo.bithu_cell.pk)


def test_the_plan_for_the_year(demo):
    items = list(InspectionItem.objects.in_subtree(demo.ward).prefetch_related("targets", "follow_ups__org"))
    assert 4 <= len(items) <= 6 and all(i.org_id == demo.ward.pk and i.year == demo.today.year for i in items)
    kinds = Counter(i.kind for i in items)
    assert kinds[InspectionKind.INSPECTION] and kinds[InspectionKind.SUPERVISION]
    concluded = [i for i in items if i.concluded_on]
    assert 2 <= len(concluded) < len(items)
    for i in items:
        assert all(t.path.startswith(demo.ward.path) for t in i.targets.all()) and i.targets.exists()
        assert i.created_at.date() < i.starts_on and i.inspectors and i.content
        if i.concluded_on:
            assert i.ends_on < i.concluded_on < demo.today and i.conclusion
            for f in i.follow_ups.all():
                assert any(f.org.path.startswith(t.path) for t in i.targets.all())
                assert f.due_on > i.concluded_on and f.org.name.removeprefix("Chi bộ ") in i.conclusion
        else:
            assert not i.follow_ups.exists()
    follow_ups = [f for i in items for f in i.follow_ups.all()]
    assert len(follow_ups) >= 3
    done = [f for f in follow_ups if f.done_on]
    assert len(done) == 1 and done[0].done_note and done[0].done_on < demo.today


def test_every_step_is_audited_on_its_day(demo):
    entries = list(AuditEntry.objects.in_subtree(demo.ward).filter(
        action__regex=r"^(commendation|reminder|inspection)\."))
    assert entries and all(e.at <= demo.now for e in entries)
    actions = Counter(e.action for e in entries)
    rows = _commendations(demo)
    assert actions["commendation.nominate"] == len(rows)
    assert actions["commendation.issue"] == sum(1 for c in rows if c.stage == Stage.ISSUED)
    assert actions["commendation.decline"] == 1 and actions["inspection.conclude"] >= 2
    for c in rows:
        nominated = next(e for e in entries if e.action == "commendation.nominate" and e.object_id == str(c.pk))
        assert nominated.at == c.nominated_at
        if c.stage == Stage.ISSUED:
            issued = next(e for e in entries if e.action == "commendation.issue" and e.object_id == str(c.pk))
            assert timezone.localdate(issued.at) == c.decided_on
    built = AuditEntry.objects.in_orgs([demo.ward.pk]).filter(action="demo.build", summary__contains="khen thưởng")
    assert built.count() == 1


def test_the_pages_show_them(demo, login):
    client = login(demo.danguy)
    listing = client.get(reverse("awards:commendation_list", args=[demo.ward.pk]))
    assert listing.status_code == 200 and demo.built.decision in listing.content.decode()
    issued = next(c for c in _commendations(demo) if c.stage == Stage.ISSUED)
    certificate = client.get(reverse("awards:certificate", args=[demo.ward.pk, issued.pk]))
    assert certificate.status_code == 200 and issued.recipient_name in certificate.content.decode()
    plan = client.get(reverse("awards:inspection_plan", args=[demo.ward.pk]) + f"?nam={demo.today.year}")
    assert plan.status_code == 200
    assert "Giám sát chuyên đề việc thực hiện mô hình" in plan.content.decode()
    reminders = client.get(reverse("awards:reminder_list", args=[demo.ward.pk]))
    assert reminders.status_code == 200


def _rebuild(ward, seed, now):
    FollowUp.objects.filter(item__org__path__startswith=ward.path).delete()
    InspectionItem.objects.in_subtree(ward).delete()
    Reminder.objects.in_subtree(ward).delete()
    Commendation.objects.in_subtree(ward).delete()
    build_awards(ward, seed=seed, now=now)
    return _signature(ward)


def test_the_same_seed_gives_the_same_awards(demo):
    with transaction.atomic():
        assert _rebuild(demo.ward, 7, demo.now) == demo.signature
        assert _rebuild(demo.ward, 8, demo.now) != demo.signature
        transaction.set_rollback(True)
