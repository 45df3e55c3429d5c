"""The demo ward (`hocbac demo`): deterministic, realistic, and every printed login works.

The tests that need an empty database (the command, the full-size ward) come first: the
module-scoped `small_demo` below keeps its ward until the end of this module."""

import datetime
import io
from collections import Counter
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hocbac.accounts.models import User
from hocbac.core import todo
from hocbac.core.models import AuditEntry
from hocbac.library.models import DocumentRead
from hocbac.orgs.demo import DEMO_PASSWORD, DEMO_USERNAMES, build_ward, plan_ward
from hocbac.orgs.models import (
    MEMBER_HOLDING_KINDS,
    Member,
    MemberStatus,
    Organization,
    OrgKind,
    Role,
    RoleGrant,
    Sector,
)
from hocbac.study import selectors
from hocbac.study.demo import build_year
from hocbac.study.models import Attendance, AttendanceStatus, SessionKind, StudySession

TODAY = datetime.date(2026, 11, 23)


def _people(plan_org):
    return [person for org in plan_org.walk() for person in org.members]


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# --- the plan, without a database -----------------------------------------------------------


def test_plan_is_the_same_for_the_same_seed():
    first, second = plan_ward(seed=7, scale=0.1, today=TODAY), plan_ward(seed=7, scale=0.1, today=TODAY)
    assert first == second
    names = [p.full_name for p in _people(first.ward)]
    other = plan_ward(seed=8, scale=0.1, today=TODAY)
    assert names != [p.full_name for p in _people(other.ward)]
    # The same people on another day (only statuses and dates relative to the day may move).
    later = plan_ward(seed=7, scale=0.1, today=TODAY + datetime.timedelta(days=45))
    assert [p.full_name for p in _people(later.ward)] == names


def test_plan_names_agree_with_gender():
    people = _people(plan_ward(seed=7, today=TODAY).province)
    men = [p.full_name.split() for p in people if p.gender == "nam"]
    women = [p.full_name.split() for p in people if p.gender == "nu"]
    assert len(men) > 300 and len(women) > 300
    assert [name for name in men if "Thị" in name[1:-1] or len(name) < 3] == []
    assert [name for name in women if "Văn" in name[1:-1] or len(name) < 3] == []
    assert [name for name in women if "Thị" in name] != []  # the usual middle name is there


def test_plan_dates_follow_the_party_rules():
    people = _people(plan_ward(seed=7, today=TODAY).province)
    assert min(p.birth_date.year for p in people) >= 1940 and max(p.birth_date.year for p in people) <= 2003
    assert [p for p in people if p.admitted_on < _add_years(p.birth_date, 18)] == []
    assert [p for p in people if p.admitted_on < datetime.date(1960, 1, 1)] == []
    probationary = [p for p in people if p.status == MemberStatus.PROBATIONARY]
    assert probationary and all(p.full_member_on is None and p.card_number == "" for p in probationary)
    assert all(TODAY - p.admitted_on < datetime.timedelta(days=366) for p in probationary)
    full = [p for p in people if p.status == MemberStatus.FULL]
    assert [p for p in full if p.full_member_on != _add_years(p.admitted_on, 1)] == []
    assert all(p.change[1] > p.admitted_on for p in people if p.change)


def test_plan_card_and_phone_numbers_are_unique():
    people = _people(plan_ward(seed=7, today=TODAY).province)
    cards = [p.card_number for p in people if p.card_number]
    phones = [p.phone for p in people if p.phone]
    assert len(cards) == len(set(cards)) and len(cards) > 1400
    assert len(phones) == len(set(phones))


def test_plan_statuses_are_in_realistic_proportions():
    people = _people(plan_ward(seed=7, today=TODAY).ward)
    share = {status: n / len(people) for status, n in Counter(p.final_status for p in people).items()}
    assert share[MemberStatus.FULL] > 0.8
    assert 0.02 <= share[MemberStatus.PROBATIONARY] <= 0.1
    assert 0.03 <= share[MemberStatus.EXEMPT] <= 0.08
    assert {MemberStatus.DECEASED, MemberStatus.TRANSFERRED_OUT} <= set(share)
    exempt = [p for p in people if p.final_status == MemberStatus.EXEMPT]
    assert min(TODAY.year - p.birth_date.year for p in exempt) >= 69


# --- an empty database: the command and the full-size ward ----------------------------------


def test_demo_command_prints_every_login_and_refuses_a_second_run(db):
    assert not Organization.objects.exists()
    out = io.StringIO()
    call_command("demo", scale=0.1, stdout=out)
    printed = out.getvalue()
    assert [u for u in DEMO_USERNAMES if u not in printed] == []
    assert DEMO_PASSWORD in printed
    assert "làm theo năm" in printed  # the commitments of both wards (hocbac/commitments/tests/test_demo.py)
    assert set(User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True)) == set(DEMO_USERNAMES)
    with pytest.raises(CommandError, match="đã có tổ chức"):
        call_command("demo", scale=0.1, stdout=io.StringIO())


def test_full_size_ward_has_the_size_of_a_real_ward(db):
    demo = build_ward(seed=7)
    year = build_year(demo.ward, seed=7)
    members = Member.objects.in_subtree(demo.ward).count()
    orgs = Organization.objects.filter(path__startswith=demo.ward.path).count()
    assert 1350 <= members <= 1650
    assert 45 <= orgs <= 65
    bithu_cell = RoleGrant.objects.in_subtree(demo.ward).get(user__username="bithu").org
    assert 60 <= bithu_cell.members.count() <= 80
    assert Member.objects.in_subtree(demo.sibling).count() == 60
    total, _ = selectors.campaign_coverage(year.campaigns[0], demo.ward)
    assert 0.85 <= total.ratio <= 0.96
    marks = Counter(Attendance.objects.in_subtree(demo.ward).values_list("status", flat=True))
    assert 0.93 <= marks[AttendanceStatus.PRESENT] / sum(marks.values()) <= 0.97
    assert AuditEntry.objects.unscoped().filter(action="demo.build").count() == 1
    assert AuditEntry.objects.unscoped().filter(action="member.create").count() == 0


# --- a small ward, built once for the tests below -------------------------------------------


@pytest.fixture(scope="module")
def small_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo = build_ward(seed=7, scale=0.1)
        year = build_year(demo.ward, seed=7)
        cell = RoleGrant.objects.in_subtree(demo.ward).get(user__username="bithu").org
        yield SimpleNamespace(**vars(demo), year=year, bithu_cell=cell)
        transaction.set_rollback(True)


def test_demo_members_match_the_plan(small_demo, db):
    planned = sorted(p.full_name for p in _people(small_demo.plan.ward))
    assert sorted(Member.objects.in_subtree(small_demo.ward).values_list("full_name", flat=True)) == planned


def test_demo_personas_hold_their_roles(small_demo, db):
    grants = sorted(RoleGrant.objects.unscoped().values_list("user__username", "org__code", "role"))
    assert grants == sorted([
        ("tinhuy", small_demo.province.code, Role.COMMITTEE),
        ("danguy", small_demo.ward.code, Role.COMMITTEE),
        ("kiemtra", small_demo.ward.code, Role.VIEWER),
        ("bithu", small_demo.bithu_cell.code, Role.CELL_COMMITTEE),
        ("phuongkhac", small_demo.sibling.code, Role.COMMITTEE),
    ])
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    assert users["quantri"].is_superuser
    assert [u.username for u in users.values() if u.must_change_password] == []
    secretary = Member.objects.in_subtree(small_demo.ward).get(user__username="bithu")
    assert (secretary.org, secretary.position) == (small_demo.bithu_cell, "Bí thư chi bộ kiêm Trưởng khu phố")
    member = Member.objects.in_subtree(small_demo.ward).get(user__username="dangvien")
    assert (member.org, member.status) == (small_demo.bithu_cell, MemberStatus.FULL)


def test_demo_logins_land_on_their_pages(small_demo, db, client):
    def org_page(org):
        return reverse("orgs:org_detail", kwargs={"org_id": org.pk})

    expected = {
        "quantri": org_page(small_demo.province), "tinhuy": org_page(small_demo.province),
        "danguy": org_page(small_demo.ward), "kiemtra": org_page(small_demo.ward),
        "bithu": org_page(small_demo.bithu_cell), "dangvien": reverse("orgs:my_home"),
        "phuongkhac": org_page(small_demo.sibling),
    }
    landed = {}
    for username in DEMO_USERNAMES:
        client.logout()
        response = client.post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD})
        assert response.url == reverse("home")
        landed[username] = client.get("/").url
        assert client.get(landed[username]).status_code == 200
    assert landed == expected


def test_sibling_ward_is_out_of_the_demo_wards_reach(small_demo, db, client):
    sibling_cells = Organization.objects.filter(parent=small_demo.sibling)
    assert (small_demo.sibling.parent_id, sibling_cells.count()) == (small_demo.province.pk, 3)
    client.force_login(User.objects.get(username="phuongkhac"))
    response = client.get(reverse("orgs:org_detail", kwargs={"org_id": small_demo.ward.pk}))
    assert response.status_code == 404


def test_demo_ward_has_every_kind_of_cell_and_status(small_demo, db):
    cells = Organization.objects.filter(path__startswith=small_demo.ward.path, kind__in=MEMBER_HOLDING_KINDS)
    assert {Sector.COMMUNE, Sector.ADMINISTRATION, Sector.PUBLIC_SERVICE, Sector.ENTERPRISE,
            Sector.ARMED_FORCES} == set(cells.values_list("sector", flat=True))
    assert Organization.objects.filter(path__startswith=small_demo.ward.path, kind=OrgKind.GRASSROOTS_COMMITTEE).exists()
    military = cells.get(name="Chi bộ Quân sự phường")
    assert military.sector == Sector.ARMED_FORCES
    full_per_cell = Counter(Member.objects.in_subtree(small_demo.ward).filter(status=MemberStatus.FULL)
                            .values_list("org_id", flat=True))
    assert [c.name for c in cells if full_per_cell[c.pk] < 3] == []
    statuses = set(Member.objects.in_subtree(small_demo.ward).values_list("status", flat=True))
    assert {MemberStatus.FULL, MemberStatus.PROBATIONARY, MemberStatus.EXEMPT, MemberStatus.DECEASED,
            MemberStatus.TRANSFERRED_OUT, MemberStatus.STRUCK_OFF} <= statuses
    assert Member.objects.in_subtree(small_demo.ward).filter(is_key_leader=True).count() >= 5


def test_demo_year_has_meetings_attendance_and_reads(small_demo, db):
    ward = small_demo.ward
    cells = Organization.objects.filter(path__startswith=ward.path, kind__in=MEMBER_HOLDING_KINDS).count()
    regular = StudySession.objects.in_subtree(ward).filter(kind=SessionKind.REGULAR)
    assert regular.count() == cells * 12
    assert StudySession.objects.in_subtree(ward).filter(kind=SessionKind.CONFERENCE).count() == 1
    # The current month is partly undone: meetings to come, or held without attendance yet.
    assert regular.filter(attendance_taken_at__isnull=True).exists()
    marks = set(Attendance.objects.in_subtree(ward).values_list("status", flat=True))
    assert marks == {AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT}
    today = timezone.localdate()
    rates = selectors.attendance_rates(ward, today - datetime.timedelta(days=400), today + datetime.timedelta(days=60))
    assert len([r for r in rates if r.flagged]) >= 2
    assert DocumentRead.objects.in_subtree(ward).exists()
    member = Member.objects.in_subtree(ward).get(user__username="dangvien")
    titles = [item.title for item in todo.todos_for(member)]
    assert any(t.startswith("Học tập:") for t in titles) and any(t.startswith("Dự ") for t in titles)
