"""The demo's notebooks and reflections (`hocbac demo`): a rota for every cell and month up to
now, realistic proportions, dates that follow the steps, comments only from the cell, something
to do for the demo logins, and the same data for the same seed.

The demo follows the day it is built, so the checks hold whatever the month."""

import datetime
from collections import Counter
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone

from hocbac.commitments.demo import build_year as build_commitments
from hocbac.core import todo
from hocbac.core.models import AuditEntry
from hocbac.journal import selectors
from hocbac.journal.demo import build_year as build_journal
from hocbac.journal.models import (
    Citation,
    Comment,
    NotebookEntry,
    NotebookRemark,
    Reflection,
    State,
)
from hocbac.journal.services import default_due_on
from hocbac.orgs.demo import build_ward
from hocbac.orgs.models import MEMBER_HOLDING_KINDS, Member, Organization, RoleGrant
from hocbac.study.demo import build_year as build_study
from hocbac.study.models import StudySession

pytestmark = pytest.mark.django_db
SCALE = 0.2
TYPICAL = {"1.3", "1.4", "1.5", "1.6", "2.4", "2.5", "2.6"}


def _sorted(rows):
    return sorted(rows, key=repr)  # rows hold None


def _signature(ward):
    """Everything the demo wrote for the journal of `ward`, without ids."""
    reflections = _sorted(Reflection.objects.in_subtree(ward).values_list(
        "member_id", "year", "month", "due_on", "state", "title", "body", "corrections", "submitted_at", "read_on",
        "conclusion", "concluded_at", "created_at", "updated_at"))
    citations = _sorted(Citation.objects.filter(reflection__org__path__startswith=ward.path).values_list(
        "reflection__member_id", "reflection__year", "reflection__month", "manifestation_id", "label"))
    comments = _sorted(Comment.objects.filter(reflection__org__path__startswith=ward.path).values_list(
        "reflection__member_id", "reflection__year", "reflection__month", "author_id", "author_name", "body", "created_at",
        "parent__author_name"))
    entries = _sorted(NotebookEntry.objects.in_subtree(ward).values_list(
        "member_id", "written_on", "studied", "did", "will_correct", "shared_at", "document_id", "session_id",
        "registration_id", "created_at"))
    remarks = _sorted(NotebookRemark.objects.in_subtree(ward).values_list("member_id", "period", "text", "updated_at"))
    return reflections, citations, comments, entries, remarks


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        ward = build_ward(seed=7, scale=SCALE)
        build_study(ward.ward, seed=7)
        now = timezone.now()
        build_commitments(ward.ward, seed=7, now=now)
        built = build_journal(ward.ward, seed=7, now=now)
        bithu = RoleGrant.objects.in_subtree(ward.ward).select_related("user").get(user__username="bithu")
        yield SimpleNamespace(**vars(ward), built=built, now=now, today=timezone.localdate(now), bithu=bithu.user,
                              bithu_cell=bithu.org, signature=_signature(ward.ward))
        transaction.set_rollback(True)


def _months(today):
    return [(today.year - 1, m) for m in range(1, 13)] + [(today.year, m) for m in range(1, today.month + 1)]


def _past(demo):
    return (Reflection.objects.in_subtree(demo.ward).exclude(year=demo.today.year, month=demo.today.month))


def test_every_cell_has_one_or_two_writers_every_month_up_to_now(demo):
    cells = Organization.objects.filter(path__startswith=demo.ward.path, kind__in=MEMBER_HOLDING_KINDS)
    staffed = set(Member.objects.in_subtree(demo.ward).eligible().values_list("org_id", flat=True))
    rows = Counter(Reflection.objects.in_subtree(demo.ward).values_list("org_id", "year", "month"))
    months = _months(demo.today)
    for cell in cells:
        if cell.pk not in staffed:
            continue
        for year, month in months:
            assert 1 <= rows[(cell.pk, year, month)] <= 2, (cell.name, year, month)
    # The months still to come are left for the secretary.
    assert not Reflection.objects.in_subtree(demo.ward).filter(year=demo.today.year, month__gt=demo.today.month).exists()
    assert all(r.due_on == default_due_on(r.year, r.month) for r in Reflection.objects.in_subtree(demo.ward))
    # Two writers now and then (more often in a larger cell: the demo's are small); a rota that goes round.
    assert sum(1 for n in rows.values() if n == 2) >= 0.1 * len(rows)
    writers = Counter(Reflection.objects.in_orgs([demo.bithu_cell.pk]).filter(member__user__isnull=True)
                      .values_list("member_id", flat=True))
    assert max(writers.values()) - min(writers.values()) <= 2


def test_most_assignments_are_written_and_read_with_a_conclusion(demo):
    past = list(_past(demo))
    written = [r for r in past if r.is_written]
    assert 0.88 <= len(written) / len(past) <= 0.97
    assert {r.state for r in past} <= {State.ASSIGNED, State.DRAFT, State.READ}
    assert any(r.state == State.DRAFT for r in past) and any(r.state == State.ASSIGNED for r in past)
    for r in Reflection.objects.in_subtree(demo.ward).filter(state=State.READ).prefetch_related("citations"):
        first = datetime.date(r.year, r.month, 1)
        assert first <= r.read_on <= min(demo.today, r.due_on + datetime.timedelta(days=40)), (r.year, r.month, r.read_on)
        assert timezone.localtime(r.submitted_at).date() <= r.read_on
        assert r.created_at <= r.submitted_at <= r.concluded_at <= demo.now
        assert r.conclusion and r.concluded_by_id and r.read_recorded_by_id
        assert r.title and r.body.count("\n\n") >= 3
        assert 1 <= len(r.corrections) <= 3
        assert all(c["text"] and datetime.date.fromisoformat(c["by"]) > first for c in r.corrections)
        assert 1 <= len(r.citations.all()) <= 3


def test_this_months_are_partly_written(demo):
    current = Reflection.objects.in_subtree(demo.ward).filter(year=demo.today.year, month=demo.today.month)
    states = Counter(current.values_list("state", flat=True))
    assert states[State.ASSIGNED] and states[State.SUBMITTED]
    assert all(r.body == "" for r in current.filter(state=State.ASSIGNED))
    assert all(r.body for r in current.filter(state__in=[State.DRAFT, State.SUBMITTED]))


def test_reflections_name_what_members_really_name_and_group_3_is_rare(demo):
    codes = Counter(c.code for c in Citation.objects.filter(reflection__org__path__startswith=demo.ward.path)
                    .select_related("manifestation"))
    total = sum(codes.values())
    assert sum(n for code, n in codes.items() if code in TYPICAL) / total >= 0.85
    assert sum(n for code, n in codes.items() if code.startswith("3.")) / total <= 0.03
    tally = selectors.manifestation_tally(demo.ward, demo.today.year - 1)
    assert {item.code for item in tally.items[:5]} <= TYPICAL
    texts = list(Reflection.objects.in_subtree(demo.ward).filter(state=State.READ).values_list("body", flat=True))
    assert len(set(texts)) == len(texts)
    assert any("Chỉ thị 05-CT/TW" in t for t in texts) and any("“Sửa đổi lối làm việc”" in t for t in texts)


def test_comments_come_from_the_cell(demo):
    members = list(Member.objects.in_subtree(demo.ward))
    names = {}
    for m in members:
        names.setdefault(m.org_id, set()).add(m.full_name)
    users = {m.user_id: m for m in members if m.user_id}
    read = Counter()
    for c in Comment.objects.filter(reflection__org__path__startswith=demo.ward.path).select_related("reflection__member"):
        reflection = c.reflection
        assert c.author_name in names[reflection.org_id]
        if c.author_id:
            assert users[c.author_id].full_name == c.author_name and users[c.author_id].org_id == reflection.org_id
        if c.parent_id is None:
            assert c.author_name != reflection.member.full_name
            read[reflection.pk] += 1
        else:
            assert c.parent.parent_id is None and c.parent.reflection_id == reflection.pk
        assert reflection.submitted_at <= c.created_at <= demo.now
    for r in Reflection.objects.in_subtree(demo.ward).filter(state=State.READ):
        assert 1 <= read[r.pk] <= 4
    assert Comment.objects.filter(reflection__org__path__startswith=demo.ward.path, parent__isnull=False).exists()


def test_the_demo_member_has_a_reflection_to_write_and_one_read_with_comments(demo):
    member = Member.objects.in_subtree(demo.ward).get(user__username="dangvien")
    items = [t for t in todo.todos_for(member) if t.title.startswith("Viết bài cảm nhận")]
    assert any(t.title == f"Viết bài cảm nhận tháng {demo.today.month}/{demo.today.year}"
               and t.due == default_due_on(demo.today.year, demo.today.month) for t in items), items
    read = Reflection.objects.in_orgs([member.org_id]).filter(member=member, state=State.READ)
    assert read.exists() and any(r.comments.count() >= 2 for r in read)


def test_the_secretarys_cell_has_a_reflection_waiting_to_be_recorded_as_read(demo):
    titles = [t.title for t in todo.todos_for_org(demo.bithu_cell)]
    assert any("bài cảm nhận đã nộp, chờ ghi nhận đọc tại sinh hoạt" in t for t in titles), titles
    waiting = Reflection.objects.in_orgs([demo.bithu_cell.pk]).filter(state=State.SUBMITTED)
    assert waiting.filter(year=demo.today.year, month=demo.today.month).exists()
    assert all(r.submitted_at <= demo.now for r in waiting)


def test_notebooks_of_a_share_of_members_some_shared_with_remarks(demo):
    eligible = Member.objects.in_subtree(demo.ward).eligible().count()
    entries = list(NotebookEntry.objects.in_subtree(demo.ward).select_related("member", "session", "registration"))
    keepers = {e.member_id for e in entries}
    assert 0.15 <= len(keepers) / eligible <= 0.45
    assert 0.2 <= sum(1 for e in entries if e.shared_at) / len(entries) <= 0.8
    first = datetime.date(demo.today.year - 1, demo.today.month, 1)
    for e in entries:
        assert first <= e.written_on <= demo.today and (e.studied or e.did or e.will_correct)
        assert e.created_at <= demo.now and (e.shared_at is None or e.shared_at <= demo.now)
        assert e.session is None or e.session.org_id == e.org_id
        assert e.registration is None or e.registration.member_id == e.member_id
    assert any(e.session_id for e in entries) and any(e.registration_id for e in entries) and any(e.document_id for e in entries)
    assert StudySession.objects.in_subtree(demo.ward).exists()
    remarks = list(NotebookRemark.objects.in_subtree(demo.ward))
    shared_periods = {(e.member_id, f"{e.written_on.year}-Q{(e.written_on.month - 1) // 3 + 1}") for e in entries if e.shared_at}
    assert remarks and all((r.member_id, r.period) in shared_periods for r in remarks)
    member = Member.objects.in_subtree(demo.ward).get(user__username="dangvien")
    assert any(e.member_id == member.pk and e.shared_at for e in entries)
    assert any(r.member_id == member.pk for r in remarks)


def test_one_audit_entry_says_what_was_added(demo):
    entries = AuditEntry.objects.in_orgs([demo.ward.pk]).filter(action="demo.build")
    assert entries.count() == 1 and "bài cảm nhận" in entries.get().summary
    assert not AuditEntry.objects.in_subtree(demo.ward).filter(action__startswith="reflection.").exists()


def _rebuild(ward, seed, now):
    Reflection.objects.in_subtree(ward).delete()
    NotebookEntry.objects.in_subtree(ward).delete()
    NotebookRemark.objects.in_subtree(ward).delete()
    build_journal(ward, seed=seed, now=now)
    return _signature(ward)


def test_the_same_seed_gives_the_same_journal(demo):
    with transaction.atomic():
        assert _rebuild(demo.ward, 7, demo.now) == demo.signature
        transaction.set_rollback(True)
    # Another seed, other texts (the small sibling ward, quicker to build).
    with transaction.atomic():
        build_journal(demo.sibling, seed=7, now=demo.now)
        first = _signature(demo.sibling)
        assert first[0] and _rebuild(demo.sibling, 7, demo.now) == first
        assert _rebuild(demo.sibling, 8, demo.now)[0] != first[0]
        transaction.set_rollback(True)
