"""The demo's models of studying and following (`hocbac demo`): what the ward launched and what
the cells run of their own, replication by a good share of cells, histories with recognitions
that say who decided and by which decision, reviews, evidence, figures that add up, rows as the
services would have written them, nothing after the moment of the build, and the same data for
the same seed.

The demo is built at a fixed moment late in the year (every date it writes follows that moment)."""

import datetime
import io
import itertools
from collections import Counter
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hocbac.core.models import AuditEntry
from hocbac.core.text import fold
from hocbac.library.models import Document
from hocbac.library.selectors import documents_for
from hocbac.orgs.demo import build_ward
from hocbac.orgs.models import RoleGrant
from hocbac.practices import selectors
from hocbac.practices.demo import REFORM_DAY
from hocbac.practices.demo import build_year as build_practices
from hocbac.practices.models import (
    RECOGNISED_STATUSES,
    Evidence,
    EvidenceKind,
    Holder,
    Origin,
    Practice,
    Proposal,
    Review,
    Reviewer,
    Status,
    StatusChange,
)
from hocbac.study.demo import build_year as build_study
from hocbac.study.selectors import sessions_visible_at

pytestmark = pytest.mark.django_db
SCALE = 0.2
NOW = timezone.make_aware(datetime.datetime(2026, 10, 21, 10, 30))  # a Wednesday; local time


def _sorted(rows):
    return sorted(rows, key=repr)  # rows hold None


def _signature(ward):
    """Everything the demo wrote for the models of `ward`, without ids of its own rows."""
    practices = _sorted(Practice.objects.in_subtree(ward).values_list(
        "org_id", "name", "origin", "holder", "member_id", "field_id", "started_on", "description", "goals", "status",
        "status_since", "adopted_from__org_id", "adopted_from__name", "result", "is_public", "search_text",
        "created_by_id", "created_at"))
    changes = _sorted(StatusChange.objects.filter(practice__org__path__startswith=ward.path).values_list(
        "practice__org_id", "practice__name", "status", "changed_on", "note", "recognised_by", "decision", "decided_on",
        "by_id", "at"))
    reviews = _sorted(Review.objects.filter(practice__org__path__startswith=ward.path).values_list(
        "practice__org_id", "practice__name", "year", "period", "reviewer", "reviewer_org_id", "verdict", "assessment",
        "proposal", "by_id", "at"))
    evidence = _sorted(Evidence.objects.filter(practice__org__path__startswith=ward.path).values_list(
        "practice__org_id", "practice__name", "kind", "caption", "session_id", "document__number_symbol",
        "document__title", "by_id", "at"))
    return practices, changes, reviews, evidence


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        ward = build_ward(seed=7, scale=SCALE, today=timezone.localdate(NOW))
        build_study(ward.ward, seed=7, now=NOW)
        out = io.StringIO()
        built = build_practices(ward.ward, seed=7, stdout=out, now=NOW)
        bithu = RoleGrant.objects.in_subtree(ward.ward).select_related("user").get(user__username="bithu")
        yield SimpleNamespace(**vars(ward), built=built, printed=out.getvalue(), now=NOW, today=timezone.localdate(NOW),
                              bithu=bithu.user, bithu_cell=bithu.org, signature=_signature(ward.ward))
        transaction.set_rollback(True)


def _practices(demo):
    return list(Practice.objects.in_subtree(demo.ward).select_related("org", "member__org", "adopted_from__org", "field"))


def test_the_ward_launches_a_few_models_cells_run_their_own_and_replicate(demo):
    practices = _practices(demo)
    launched = [p for p in practices if p.org_id == demo.ward.pk]
    assert 4 <= len(launched) <= 6
    assert all(p.origin == Origin.LAUNCHED and p.adopted_from_id is None and p.holder == Holder.COLLECTIVE for p in launched)
    # Over the last two to three years.
    assert min(p.started_on for p in launched) < demo.today - datetime.timedelta(days=2 * 365)
    assert max(p.started_on for p in launched) > demo.today - datetime.timedelta(days=365)
    own = [p for p in practices if p.org_id != demo.ward.pk and p.adopted_from_id is None]
    assert 8 <= len(own) <= 20 and all(p.origin == Origin.OWN for p in own)
    individual = [p for p in own if p.holder == Holder.INDIVIDUAL]
    assert 2 <= len(individual) < len(own)
    names = {p.name for p in practices}
    assert {"Khắc sâu tư tưởng đảng viên", "Chi bộ 6 tốt, đảng viên 6 tốt", "Mỗi đảng viên gắn bó, giúp đỡ 10 hộ dân"} <= names
    # A good share of the cells replicates the ward's models; the pilot of "6 tốt" is the military cell.
    adoptions = [p for p in practices if p.adopted_from_id]
    adopting = {p.org_id for p in adoptions if p.adopted_from.org_id == demo.ward.pk}
    cells = {p.org_id for p in practices if p.org_id != demo.ward.pk} | adopting
    assert len(adopting) >= 0.5 * len(cells)
    six = next(p for p in launched if p.name == "Chi bộ 6 tốt, đảng viên 6 tốt")
    first = min((p for p in adoptions if p.adopted_from_id == six.pk), key=lambda p: p.started_on)
    assert "Quân sự" in first.org.name
    # Older adoptions report a result.
    older = [p for p in adoptions if p.adopted_from.org_id == demo.ward.pk
             and p.started_on < demo.today - datetime.timedelta(days=180)]
    assert older and all(p.result for p in older)


def test_every_adoption_replicates_an_original_of_the_ward_as_the_service_would(demo):
    practices = _practices(demo)
    adoptions = [p for p in practices if p.adopted_from_id]
    assert len(adoptions) >= 15
    pairs = Counter((p.adopted_from_id, p.org_id) for p in adoptions)
    assert max(pairs.values()) == 1
    for p in adoptions:
        original = p.adopted_from
        assert original.org.path.startswith(demo.ward.path) and original.adopted_from_id is None
        assert p.org_id != original.org_id and not original.org.path.startswith(p.org.path)
        assert original.started_on <= p.started_on
        # As services.adopt: the original's field, origin, goals and description.
        assert (p.field_id, p.origin, p.goals, p.description, p.holder) == (
            original.field_id, original.origin, original.goals, original.description, Holder.COLLECTIVE)
        stopped = [c.changed_on for c in original.status_changes.all() if c.status == Status.STOPPED]
        assert not stopped or p.started_on < min(stopped)
        first = p.status_changes.order_by("changed_on", "id").first()
        assert first.note == f"Nhân rộng từ mô hình của {original.org.name}"
    # The secretary's cell took up the school's published quiz model three months ago.
    quiz = next(p for p in adoptions if p.org_id == demo.bithu_cell.pk and p.adopted_from.name == "Khắc sâu tư tưởng đảng viên")
    assert quiz.adopted_from.is_public and "Trường Tiểu học" in quiz.adopted_from.org.name
    assert demo.today - datetime.timedelta(days=130) <= quiz.started_on <= demo.today - datetime.timedelta(days=60)


def test_rows_are_what_the_services_would_write(demo):
    for p in _practices(demo):
        assert p.search_text == fold(" ".join([p.name, p.description, p.goals, p.org.name]))
        assert (p.holder == Holder.INDIVIDUAL) == (p.member_id is not None)
        if p.member_id:
            assert p.member.org.path.startswith(p.org.path) and p.member.is_eligible
        assert p.field.is_active and p.name.strip() == p.name and p.goals and p.description
        history = list(p.status_changes.order_by("changed_on", "id"))
        assert (history[0].status, history[0].changed_on) == (Status.RUNNING, p.started_on)
        assert [c.changed_on for c in history] == sorted(c.changed_on for c in history)
        assert (p.status, p.status_since) == (history[-1].status, history[-1].changed_on)
        for before, after in itertools.pairwise(history):
            assert after.status != before.status or after.status in RECOGNISED_STATUSES
            if before.status in RECOGNISED_STATUSES or after.status in RECOGNISED_STATUSES:
                assert after.by.username == "danguy"  # granting or leaving a recognition: the committee's
        if Status.STOPPED in [c.status for c in history]:
            assert history[-1].status == Status.STOPPED
    for r in Review.objects.filter(practice__org__path__startswith=demo.ward.path).select_related("practice__org", "reviewer_org"):
        if r.reviewer == Reviewer.OWNER:
            assert r.reviewer_org_id == r.practice.org_id
        else:
            assert r.reviewer_org_id != r.practice.org_id and r.practice.org.path.startswith(r.reviewer_org.path)
        assert r.practice.started_on.year <= r.year <= demo.today.year and r.assessment.strip()
    for e in Evidence.objects.filter(practice__org__path__startswith=demo.ward.path).select_related("practice__org", "by"):
        if e.kind == EvidenceKind.SESSION:
            assert sessions_visible_at(e.practice.org).filter(pk=e.session_id).exists()
            assert timezone.localdate(e.session.starts_at) >= e.practice.started_on
        else:
            assert e.kind == EvidenceKind.DOCUMENT and documents_for(e.by).filter(pk=e.document_id).exists()
            path = e.practice.org.path
            assert Document.objects.visible_to_paths([path], [path]).filter(pk=e.document_id).exists()
        assert e.caption


def test_nothing_is_dated_after_the_build(demo):
    now, today = demo.now, demo.today
    ward = demo.ward
    assert not Practice.objects.in_subtree(ward).filter(started_on__gt=today).exists()
    assert not Practice.objects.in_subtree(ward).filter(created_at__gt=now).exists()
    changes = StatusChange.objects.filter(practice__org__path__startswith=ward.path)
    assert not changes.filter(changed_on__gt=today).exists() and not changes.filter(at__gt=now).exists()
    assert not changes.filter(decided_on__gt=today).exists()
    reviews = Review.objects.filter(practice__org__path__startswith=ward.path)
    assert not reviews.filter(at__gt=now).exists()
    evidence = Evidence.objects.filter(practice__org__path__startswith=ward.path)
    assert not evidence.filter(at__gt=now).exists() and not evidence.filter(session__starts_at__gt=now).exists()
    for p in Practice.objects.in_subtree(ward):
        assert p.created_at.date() >= p.started_on - datetime.timedelta(days=1)
    # The first half is reviewed in July, the year at the December meetings; the ward's review
    # after the owner's.
    for r in reviews.select_related("practice"):
        earliest = datetime.date(r.year, 7, 1) if r.period == "6_thang_dau" else datetime.date(r.year, 12, 1)
        assert earliest <= timezone.localdate(r.at) <= earliest + datetime.timedelta(days=62)
    owner = {(r.practice_id, r.year, r.period): r.at for r in reviews.filter(reviewer=Reviewer.OWNER)}
    for r in reviews.filter(reviewer=Reviewer.ABOVE):
        assert owner[(r.practice_id, r.year, r.period)] < r.at


def test_recognitions_carry_the_body_the_decision_and_its_date(demo):
    changes = list(StatusChange.objects.filter(practice__org__path__startswith=demo.ward.path).select_related("practice"))
    recognitions = [c for c in changes if c.status in RECOGNISED_STATUSES]
    assert len(recognitions) >= 5
    bodies = Counter()
    for c in recognitions:
        assert c.recognised_by and c.decision and c.decided_on and c.decided_on <= c.changed_on
        assert c.by.username == "danguy"
        if c.recognised_by == "Thành ủy An Phú":
            assert c.decided_on < REFORM_DAY and c.decision.endswith("-QĐ/TU")
        elif c.recognised_by == "Tỉnh ủy An Phú":
            assert c.decided_on >= REFORM_DAY and c.decision.endswith("-QĐ/TU")
        else:
            assert c.recognised_by == "Đảng ủy phường Hòa An" and c.decision.endswith("-QĐ/ĐU")
            assert c.practice.org_id != demo.ward.pk  # the ward does not recognise its own models
        bodies[c.recognised_by] += 1
    assert bodies["Đảng ủy phường Hòa An"] and bodies["Thành ủy An Phú"] and bodies["Tỉnh ủy An Phú"]
    assert any(c.status == Status.EXCELLENT for c in recognitions)
    # One decision of the ward a year for its cells' models, in the library and linked as evidence.
    by_ward = [c for c in recognitions if c.recognised_by == "Đảng ủy phường Hòa An"]
    for decision in {c.decision for c in by_ward}:
        linked = Evidence.objects.filter(practice__in=[c.practice for c in by_ward if c.decision == decision],
                                         document__number_symbol=decision)
        assert linked.count() == sum(1 for c in by_ward if c.decision == decision)
    stops = [c for c in changes if c.status == Status.STOPPED]
    assert 1 <= len(stops) <= 3 and all(len(c.note) > 30 for c in stops)
    assert any(c.practice.adopted_from_id for c in stops) and any(not c.practice.adopted_from_id for c in stops)
    # What the reviews propose and the ward has not decided yet.
    awaiting = selectors.awaiting_recognition(demo.ward)
    assert awaiting and all(r.proposal in (Proposal.RECOGNISE_TYPICAL, Proposal.RECOGNISE_EXCELLENT) for r in awaiting)


def test_reviews_of_the_last_periods_by_owners_and_the_ward(demo):
    reviews = list(Review.objects.filter(practice__org__path__startswith=demo.ward.path))
    assert len(reviews) >= 50
    periods = Counter((r.year, r.period) for r in reviews)
    assert (demo.today.year, "6_thang_dau") in periods and (demo.today.year - 1, "ca_nam") in periods
    assert (demo.today.year, "ca_nam") not in periods
    reviewers = Counter(r.reviewer for r in reviews)
    assert reviewers[Reviewer.OWNER] > reviewers[Reviewer.ABOVE] > 0
    verdicts = Counter(r.verdict for r in reviews)
    assert verdicts["tot"] > verdicts["kha"] > verdicts["chua_hieu_qua"] > 0
    proposals = Counter(r.proposal for r in reviews)
    assert proposals[Proposal.KEEP] > proposals[Proposal.RECOGNISE_TYPICAL] > 0 and proposals[Proposal.STOP]


def test_evidence_links_sessions_and_documents_and_a_model_is_published(demo, client):
    evidence = list(Evidence.objects.filter(practice__org__path__startswith=demo.ward.path))
    kinds = Counter(e.kind for e in evidence)
    assert kinds[EvidenceKind.SESSION] >= 10 and kinds[EvidenceKind.DOCUMENT] >= 3 and not kinds[EvidenceKind.PHOTO]
    published = list(Practice.objects.in_subtree(demo.ward).filter(is_public=True))
    assert 1 <= len(published) <= 3
    assert all(p.status in RECOGNISED_STATUSES and not p.adopted_from_id for p in published)
    response = client.get(reverse("practices:public_practice", args=[published[0].pk]))
    assert response.status_code == 200 and published[0].name in response.content.decode()


def test_figures_for_the_year_add_up(demo):
    start = datetime.date(demo.today.year, 1, 1)
    figures = selectors.figures(demo.ward, start, demo.today)
    total = figures.total
    practices = _practices(demo)
    assert total == demo.built.figures
    assert all(total[key] for key in ("launched", "own", "replications", "typical", "excellent", "stopped", "new",
                                      "new_replications", "recognised"))
    assert total["launched"] == sum(1 for p in practices if p.origin == Origin.LAUNCHED and not p.adopted_from_id)
    assert total["own"] == sum(1 for p in practices if p.origin == Origin.OWN and not p.adopted_from_id)
    assert total["replications"] == sum(1 for p in practices if p.adopted_from_id)
    assert total["typical"] == sum(1 for p in practices if p.status in RECOGNISED_STATUSES)
    assert total["excellent"] == sum(1 for p in practices if p.status == Status.EXCELLENT)
    assert total["stopped"] == sum(1 for p in practices if p.status == Status.STOPPED)
    assert total["new"] == sum(1 for p in practices if not p.adopted_from_id and p.started_on >= start)
    assert total["new_replications"] == sum(1 for p in practices if p.adopted_from_id and p.started_on >= start)
    assert total["replications"] > total["launched"] + total["own"]
    # Per child organisation, weakest first: with the ward's own (launched) models, the total.
    at_ward = [p for p in practices if p.org_id == demo.ward.pk]
    assert sum(counter["launched"] for _, counter in figures.children) + len(at_ward) == total["launched"]
    for key in ("own", "replications"):
        assert sum(counter[key] for _, counter in figures.children) == total[key]
    assert (sum(counter["typical"] for _, counter in figures.children)
            + sum(1 for p in at_ward if p.status in RECOGNISED_STATUSES)) == total["typical"]
    sizes = [sum(c[k] for k in ("launched", "own", "replications")) for _, c in figures.children]
    assert sizes == sorted(sizes)
    printed = demo.printed
    assert f"{total['launched']} mô hình do Đảng ủy phát động" in printed
    assert f"{total['replications']} lượt nhân rộng" in printed and "Đảng bộ phường Hòa An — mô hình" in printed


def test_the_pages_show_the_models(demo, login):
    ward_page = login(demo.bithu).get(reverse("practices:practice_list", args=[demo.bithu_cell.pk]))
    assert ward_page.status_code == 200
    body = ward_page.content.decode()
    assert "Mỗi đảng viên gắn bó, giúp đỡ 10 hộ dân" in body  # launched above, shown to replicate
    danguy = RoleGrant.objects.in_orgs([demo.ward.pk]).select_related("user").filter(user__username="danguy").get().user
    listing = login(danguy).get(reverse("practices:practice_list", args=[demo.ward.pk])).content.decode()
    for r in selectors.awaiting_recognition(demo.ward)[:3]:
        assert r.practice.name in listing
    six = Practice.objects.in_orgs([demo.ward.pk]).get(name="Chi bộ 6 tốt, đảng viên 6 tốt")
    detail = login(danguy).get(reverse("practices:practice_detail", args=[demo.ward.pk, six.pk])).content.decode()
    assert "Chi bộ Quân sự phường" in detail and "đã được nhân rộng tại" in detail


def test_one_audit_entry_says_what_was_added(demo):
    entries = AuditEntry.objects.in_orgs([demo.ward.pk]).filter(action="demo.build", summary__contains="mô hình")
    assert entries.count() == 1 and "lượt nhân rộng" in entries.get().summary
    assert not AuditEntry.objects.in_subtree(demo.ward).filter(action__startswith="practice.").exists()


def _rebuild(ward, seed, now):
    Evidence.objects.filter(practice__org__path__startswith=ward.path).delete()
    Practice.objects.in_subtree(ward).filter(adopted_from__isnull=False).delete()
    Practice.objects.in_subtree(ward).delete()
    build_practices(ward, seed=seed, now=now)
    return _signature(ward)


def test_the_same_seed_gives_the_same_models(demo):
    with transaction.atomic():
        assert _rebuild(demo.ward, 7, demo.now) == demo.signature
        transaction.set_rollback(True)
    # Another seed, other data (the small sibling ward, quicker to build).
    with transaction.atomic():
        build_study(demo.sibling, seed=7, now=demo.now)
        build_practices(demo.sibling, seed=7, now=demo.now)
        first = _signature(demo.sibling)
        assert first[0] and first[2] and _rebuild(demo.sibling, 7, demo.now) == first
        assert _rebuild(demo.sibling, 8, demo.now) != first
        transaction.set_rollback(True)
