"""Property: whatever random changes are made to the facts (sessions and marks, transfers,
registrations, reflections, contest attempts, ratings), after refreshing the summaries of the
organisation that changed, the summary of any subtree equals a direct count over the raw facts,
for every period that holds the change. The direct count is written here in plain Python over
every row, independently of the grouped queries of `indicators`."""

import datetime
import random
from collections import Counter

import pytest
from django.utils import timezone

from conftest import make_member
from hocbac.commitments.models import Registration
from hocbac.contests.models import Attempt, Contest
from hocbac.journal.models import WRITTEN_STATES, Reflection
from hocbac.orgs.models import ELIGIBLE_STATUSES, Member, MemberPeriod, MemberStatus, Organization
from hocbac.ratings.models import Rating, YearRating
from hocbac.ratings.selectors import current_frame
from hocbac.reports import periods, selectors, summaries
from hocbac.study.models import Attendance, AttendanceStatus, SessionKind, StudySession

TODAY = timezone.localdate()
YEAR = TODAY.year
BEGUN = [period for period in periods.of_year(YEAR) if period.start <= TODAY]


def _aware(day, hour=19):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _day(rng):
    """A day of this year up to today."""
    return datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randrange((TODAY - datetime.date(YEAR, 1, 1)).days + 1))


def common_ancestor(orgs):
    """The lowest organisation whose subtree holds all of `orgs` (what a refresh must cover)."""
    paths = [org.ancestor_ids() for org in orgs]
    shared = [ids[0] for ids in zip(*paths, strict=False) if len(set(ids)) == 1]
    return Organization.objects.get(pk=shared[-1])


class Facts:
    """Random changes to the raw facts of a small tree."""

    def __init__(self, world, rng):
        self.world, self.rng = world, rng
        self.cells = [world.cell, world.other_cell, world.sibling_cell]
        self.contest = Contest.objects.create(org=world.province, title="Tìm hiểu", code="TEST01",
                                              opens_at=_aware(datetime.date(YEAR, 1, 1), 0),
                                              closes_at=_aware(TODAY, 23))
        self.members = list(Member.objects.unscoped().filter(org__in=self.cells))
        for i in range(9):
            cell = self.cells[i % 3]
            self.members.append(make_member(cell, f"Đảng viên {i}", by=world.superuser, card=f"9{i:07d}"))

    def cell_of(self, member, day):
        period = MemberPeriod.objects.unscoped().filter(member=member, start__lte=day).order_by("-start", "-id").first()
        return period.org if period else member.org

    def session(self):
        cell, day = self.rng.choice(self.cells), _day(self.rng)
        session = StudySession.objects.create(
            org=cell, kind=self.rng.choice(SessionKind.values), title="Sinh hoạt", starts_at=_aware(day),
            ends_at=_aware(day, 21), attendance_taken_at=_aware(day, 21) if self.rng.random() < 0.9 else None,
            non_member_count=self.rng.choice([0, 0, 3, 12]))
        marked = [cell]
        for member in self.rng.sample(self.members, 5):  # members of other cells too, as at a conference
            marked.append(self.cell_of(member, day))
            Attendance.objects.create(session=session, member=member, org=marked[-1],
                                      status=self.rng.choice(AttendanceStatus.values), source="chi_uy")
        return common_ancestor(marked), day

    def change_mark(self):
        mark = Attendance.objects.unscoped().order_by("?").select_related("session").first()
        if mark is None:
            return self.session()
        mark.status = self.rng.choice(AttendanceStatus.values)
        mark.save()
        return mark.org, timezone.localdate(mark.session.starts_at)

    def delete_session(self):
        session = StudySession.objects.unscoped().order_by("?").first()
        if session is None:
            return self.session()
        day = timezone.localdate(session.starts_at)
        marked = [session.org, *(a.org for a in session.attendances.select_related("org"))]
        session.delete()
        return common_ancestor(marked), day

    def transfer(self):
        member, day = self.rng.choice(self.members), _day(self.rng)
        current = MemberPeriod.objects.unscoped().filter(member=member, end__isnull=True).first()
        if current is None or current.start >= day:
            return current.org if current else member.org, day
        target = self.rng.choice([c for c in self.cells if c.pk != current.org_id])
        current.end = day
        current.save()
        status = self.rng.choice([MemberStatus.FULL, MemberStatus.FULL, MemberStatus.EXEMPT])
        MemberPeriod.objects.create(member=member, org=target, status=status, start=day)
        member.org = target
        member.save()
        return self.world.province, day  # two cells moved: refresh their common ancestor

    def registration(self):
        member, day = self.rng.choice(self.members), _day(self.rng)
        cell = self.cell_of(member, day)
        registration, _ = Registration.objects.unscoped().get_or_create(member=member, year=YEAR, defaults={"org": cell})
        earlier = [timezone.localdate(moment) for moment in (registration.submitted_at, registration.evaluated_at) if moment]
        registration.submitted_at = _aware(day)
        if self.rng.random() < 0.5:
            registration.result = self.rng.choice(["tot", "hoan_thanh", "chua_hoan_thanh"])
            registration.evaluated_at = _aware(day, 20)
        registration.save()
        return registration.org, min([day, *earlier])

    def reflection(self):
        member, day = self.rng.choice(self.members), _day(self.rng)
        cell = self.cell_of(member, day)
        Reflection.objects.create(org=cell, member=member, year=YEAR, month=day.month, due_on=day,
                                  state=self.rng.choice(["phan_cong", "nhap", "da_nop", "da_doc"]))
        return cell, day

    def attempt(self):
        member, day = self.rng.choice(self.members), _day(self.rng)
        cell = self.cell_of(member, day)
        number = Attempt.objects.unscoped().filter(contest=self.contest, member=member).count() + 1
        Attempt.objects.create(contest=self.contest, member=member, org=cell, number=number, started_at=_aware(day),
                               finished_at=_aware(day) + datetime.timedelta(minutes=5), finish_reason="nop_bai")
        return cell, day

    def rating(self):
        member = self.rng.choice(self.members)
        cell = self.cell_of(member, TODAY)
        YearRating.objects.unscoped().update_or_create(
            year=YEAR, member=member, defaults={"org": cell, "frame": current_frame(), "step": "quyet_dinh",
                                                "decided_level": self.rng.choice(Rating.values),
                                                "decided_at": timezone.now()})
        return cell, TODAY

    CHANGES = ["session", "session", "change_mark", "delete_session", "transfer", "registration", "reflection",
               "attempt", "rating"]

    def change(self):
        return getattr(self, self.rng.choice(self.CHANGES))()


def direct(org, period):
    """The figures of `org`'s subtree for `period`, counted over every raw row in Python."""
    under = lambda o: o.path.startswith(org.path)  # noqa: E731
    inside = lambda moment: period.start <= timezone.localdate(moment) <= period.end  # noqa: E731
    figures = Counter()
    day = min(period.end, TODAY)
    figures["dang_vien"] = len({p.member_id for p in MemberPeriod.objects.unscoped().select_related("org")
                               if under(p.org) and p.start <= day and (p.end is None or p.end > day)
                               and p.status in ELIGIBLE_STATUSES})
    for s in StudySession.objects.unscoped().select_related("org"):
        if under(s.org) and s.attendance_taken_at and inside(s.starts_at):
            figures[f"buoi.{s.kind}"] += 1
            figures["luot.quan_chung"] += s.non_member_count
    present = set()
    for a in Attendance.objects.unscoped().select_related("org", "session"):
        if under(a.org) and a.session.attendance_taken_at and inside(a.session.starts_at):
            is_present = a.status == AttendanceStatus.PRESENT
            figures["luot.dang_vien"] += is_present
            if is_present:
                present.add((a.org_id, a.member_id))
            if a.session.kind == SessionKind.REGULAR:
                figures["thuong_ky.moi"] += 1
                figures["thuong_ky.co_mat"] += is_present
    figures["dang_vien.tham_du"] = len(present)
    for r in Registration.objects.unscoped().select_related("org").filter(year=period.start.year):
        if under(r.org):
            figures["dang_ky.da_nop"] += bool(r.submitted_at and timezone.localdate(r.submitted_at) <= period.end)
            if r.result and r.evaluated_at and timezone.localdate(r.evaluated_at) <= period.end:
                figures["dang_ky.da_danh_gia"] += 1
                figures[f"dang_ky.{r.result}"] += 1
    for r in Reflection.objects.unscoped().select_related("org"):
        if under(r.org) and r.year == period.start.year and period.start.month <= r.month <= period.end.month:
            figures["thu_hoach.phan_cong"] += 1
            figures["thu_hoach.da_nop"] += r.state in WRITTEN_STATES
    takers = set()
    for a in Attempt.objects.unscoped().select_related("org"):
        if under(a.org) and a.member_id and a.finished_at and inside(a.finished_at):
            figures["thi.luot"] += 1
            takers.add((a.org_id, a.member_id))
    figures["thi.dang_vien"] = len(takers)
    if period.code == str(period.start.year):
        for r in YearRating.objects.unscoped().select_related("org").filter(year=period.start.year, member__isnull=False):
            if under(r.org) and r.decided_level:
                figures[f"xep_loai.{r.decided_level}"] += 1
    return +figures  # without zeros, as the summaries keep them


@pytest.mark.parametrize("seed", range(4))
def test_summaries_equal_a_direct_count_after_random_changes(world, seed):
    rng = random.Random(seed)
    facts = Facts(world, rng)
    for period in BEGUN:
        summaries.refresh(period)
    orgs = list(Organization.objects.all())
    for _ in range(12):
        changed, day = facts.change()
        # Incrementally: only the organisation that changed (or their common ancestor).
        for period in periods.affected_by(day, TODAY):
            summaries.refresh(period, within=changed)
        period = rng.choice(periods.affected_by(day, TODAY))
        for org in [*rng.sample(orgs, 3), changed]:
            assert selectors.figures([org], period)[org.pk] == direct(org, period), (org.name, period.code)
    for period in BEGUN:  # nothing left behind in periods not drawn above
        for org in orgs:
            assert selectors.figures([org], period)[org.pk] == direct(org, period), (org.name, period.code)


def test_a_whole_refresh_after_incremental_ones_changes_nothing(world):
    rng = random.Random(11)
    facts = Facts(world, rng)
    for _ in range(10):
        changed, day = facts.change()
        for period in periods.affected_by(day, TODAY):
            summaries.refresh(period, within=changed)
    assert all(summaries.refresh(period) == 0 for period in BEGUN)
