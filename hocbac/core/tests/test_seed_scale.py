"""`hocbac seed-scale`: a small synthetic province (3.000 members) on the test database — the
shape of the tree, the invariants the services keep, and the programme's figures as the apps'
own selectors read them, within the tolerances of DOMAIN.md."""

import datetime
import io
import sys
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.utils import timezone

from hocbac.core import scale
from hocbac.core.models import AuditEntry
from hocbac.core.text import fold, person_sort_key
from hocbac.orgs.models import Member, MemberPeriod, Organization, OrgKind

pytestmark = pytest.mark.django_db

N = 3000


@pytest.fixture
def province():
    out = io.StringIO()
    call_command("seed_scale", members=N, seed=3, stdout=out)
    return Organization.objects.get(code=scale.ROOT_CODE), out.getvalue()


def _between(value, low, high):
    assert low <= value <= high, f"{value} not in [{low}, {high}]"


def test_seed_scale_tree_shape_and_paths(province):
    root, _ = province
    orgs = list(Organization.objects.filter(path__startswith=root.path))
    kinds = Counter(o.kind for o in orgs)
    assert kinds == {OrgKind.PROVINCE: 1, OrgKind.COMMUNE: 1, OrgKind.GRASSROOTS_COMMITTEE: 6,
                     OrgKind.SUBORDINATE_CELL: 150}
    by_id = {o.pk: o for o in orgs}
    for org in orgs:
        parent = by_id.get(org.parent_id)
        assert org.path == f"{parent.path if parent else '/'}{org.pk}/"
        assert org.depth == (parent.depth + 1 if parent else 0)
        assert org.name_folded == fold(org.name)
    assert len({o.code for o in orgs}) == len(orgs)
    cells = [o for o in orgs if o.kind == OrgKind.SUBORDINATE_CELL]
    assert all(by_id[c.parent_id].kind == OrgKind.GRASSROOTS_COMMITTEE for c in cells)


def test_seed_scale_members_in_cells_with_history(province):
    root, _ = province
    members = list(Member.objects.in_subtree(root).select_related("org"))
    assert len(members) == N
    assert {m.org.kind for m in members} == {OrgKind.SUBORDINATE_CELL}
    sizes = Counter(m.org_id for m in members)
    _between(min(sizes.values()), 5, 200)
    _between(max(sizes.values()), 5, 200)
    assert sum(sizes.values()) / len(sizes) == 20
    for member in members[:500]:
        assert member.sort_key == person_sort_key(member.full_name)
        assert member.search_text.startswith(fold(member.full_name))
    cards = [m.card_number for m in members if m.card_number]
    assert len(cards) == len(set(cards))
    assert all(not m.card_number and m.full_member_on is None for m in members if m.status == "du_bi")
    statuses = Counter(m.status for m in members)
    _between(statuses["du_bi"] / N, 0.03, 0.11)
    _between(statuses["mien_sinh_hoat"] / N, 0.02, 0.09)
    open_periods = {p.member_id: p for p in MemberPeriod.objects.in_subtree(root).filter(end__isnull=True)}
    assert len(open_periods) == N
    assert all(open_periods[m.pk].org_id == m.org_id and open_periods[m.pk].status == m.status for m in members)
    assert MemberPeriod.objects.in_subtree(root).values("member_id").annotate(n=Count("id")).filter(n__gt=2).count() == 0


def test_seed_scale_figures_through_the_selectors(province):
    from hocbac.commitments import selectors as commitments
    from hocbac.contests import selectors as contests
    from hocbac.contests.models import Contest
    from hocbac.journal import selectors as journal
    from hocbac.ratings import selectors as ratings
    from hocbac.study import selectors as study
    from hocbac.study.models import Attendance, Campaign

    root, _ = province
    last = timezone.localdate().year - 1

    activity = study.activity(root, datetime.date(last, 1, 1), datetime.date(last, 12, 31))
    # 12 monthly meetings of 150 cells, plus a conference and a make-up session per grassroots
    # organisation for each of the year's 3 campaigns.
    assert activity["sessions"] == 12 * 150 + 3 * 2 * 6
    regular = Counter(Attendance.objects.in_subtree(root).filter(session__kind="thuong_ky")
                      .values_list("status", flat=True))
    _between(regular["co_mat"] / sum(regular.values()), 0.93, 0.97)
    assert regular["vang_khong_ly_do"] > 0

    campaigns = list(Campaign.objects.in_subtree(root).filter(starts_on__year=last))
    assert len(campaigns) == 3
    for campaign in campaigns:
        total, children = study.campaign_coverage(campaign, root)
        _between(total.ratio, 0.90, 0.98)
        assert [row.org.pk for row in children] == [root.children.get().pk]

    figures, _ = commitments.figures(root, last)
    # ~97 % of those admitted by February register; the denominator is everyone eligible on 31/12,
    # so the share lands near 94 % and moves with the ids the hash draws from (other on PostgreSQL).
    _between(figures.registered / figures.eligible, 0.92, 0.99)
    assert figures.evaluated == figures.registered
    _between(figures.good / figures.evaluated, 0.65, 0.75)
    assert figures.plans == figures.planning_orgs == 156

    written, _ = journal.figures(root, last)
    assert written.assigned >= 150 * 12 * 0.9
    _between(written.written / written.assigned, 0.93, 0.99)
    assert journal.manifestation_tally(root, last).reflections == written.written

    for contest in Contest.objects.in_subtree(root).filter(opens_at__year=last):
        took, _ = contests.participation(contest, root, contest.closes_at.date())
        _between(took.rate, 0.55, 0.65)

    levels, _ = ratings.distribution(root, last)
    rated = sum(levels.values())
    # Every member eligible at the end of last year was rated (dự bị admitted since are not).
    assert rated == Member.objects.in_subtree(root).eligible().filter(admitted_on__lte=datetime.date(last, 12, 31)).count()
    _between(levels["htxsnv"] / rated, 0.12, 0.18)
    _between(levels["httnv"] / rated, 0.70, 0.80)
    _between(levels["htnv"] / rated, 0.07, 0.12)
    _between(levels["khtnv"] / rated, 0, 0.015)


def test_seed_scale_prints_rows_and_writes_one_audit_entry(province):
    root, output = province
    member_line = next(line for line in output.splitlines() if line.strip().startswith("orgs.Member "))
    assert member_line.split() == ["orgs.Member", "3.000"]
    assert "Đã tạo " in output and " giây." in output
    entries = list(AuditEntry.objects.unscoped().filter(action="scale.seed"))
    assert len(entries) == 1
    assert entries[0].org_id == root.pk
    assert entries[0].after["rows"]["orgs.Member"] == N


def test_seed_scale_refuses_a_second_province_then_replaces_it(province):
    with pytest.raises(CommandError, match=r"Đã có tỉnh tổng hợp.*--replace"):
        call_command("seed_scale", members=N, stdout=io.StringIO())
    call_command("seed_scale", members=1000, replace=True, stdout=io.StringIO())
    new_root = Organization.objects.get(code=scale.ROOT_CODE)
    # 1 province, 1 ward, 2 grassroots organisations, 50 cells: nothing of the first tree is left.
    assert Organization.objects.count() == 54
    assert Organization.objects.filter(path__startswith=new_root.path).count() == 54
    assert Member.objects.unscoped().count() == 1000
    assert Member.objects.in_subtree(new_root).count() == 1000
    from hocbac.study.models import Attendance, StudySession

    assert StudySession.objects.unscoped().exclude(org__path__startswith=new_root.path).count() == 0
    assert Attendance.objects.unscoped().exclude(org__path__startswith=new_root.path).count() == 0
    # The first audit entry stays, no longer tied to the deleted organisation.
    assert list(AuditEntry.objects.unscoped().filter(action="scale.seed").values_list("org_id", flat=True)) == [
        new_root.pk, None]


def test_seed_scale_is_reached_as_hocbac_seed_scale(monkeypatch):
    import django.core.management

    from hocbac import cli

    seen = []
    monkeypatch.setattr(django.core.management, "execute_from_command_line", seen.append)
    monkeypatch.setattr(sys, "argv", ["hocbac", "seed-scale", "--members", "300"])
    cli.main()
    monkeypatch.setattr(sys, "argv", ["hocbac", "demo", "--seed", "7"])
    cli.main()
    assert seen == [["hocbac", "seed_scale", "--members", "300"], ["hocbac", "demo", "--seed", "7"]]
