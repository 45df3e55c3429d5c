"""Property: whatever random changes are made to the facts (sessions and marks, campaigns,
transfers, registrations, reflections, contest attempts, models, commendations, monthly
classifications, ratings), after refreshing the summaries of the organisations that changed
(through their stale marks, or their common ancestor's whole subtree), the summary of any subtree equals a direct count over the raw facts,
for every period that holds the change. The direct count is written here in plain Python over
every row, independently of the grouped queries of `indicators`."""

import datetime
import random
from collections import Counter
from dataclasses import dataclass

import pytest
from django.utils import timezone

from conftest import make_member
from hocbac.awards.models import AwardForm, Commendation
from hocbac.commitments.models import Registration
from hocbac.contests.models import Attempt, Contest
from hocbac.journal.models import WRITTEN_STATES, Reflection
from hocbac.orgs.models import ELIGIBLE_STATUSES, Member, MemberPeriod, MemberStatus, Organization
from hocbac.practices.models import Field as PracticeField
from hocbac.practices.models import Practice, Status, StatusChange
from hocbac.ratings.models import Classification, CriteriaSet, Rating, Target, YearRating
from hocbac.ratings.selectors import current_frame
from hocbac.reports import periods, selectors, stale, summaries
from hocbac.study.models import Attendance, AttendanceStatus, Campaign, SessionKind, StudySession

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
    """Random changes to the raw facts of a small tree. Each returns a `Change`: the organisations
    whose own facts changed, the earliest day whose figures can move, and the kind of facts (what
    a service passes to `stale.touch`)."""

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
        self.campaigns = []
        self.field = PracticeField.objects.first()
        self.award_form = AwardForm.objects.first()
        self.sets = {target: CriteriaSet.objects.unscoped().filter(org=None, target=target).first()
                     for target in (Target.MEMBER, Target.CELL)}

    def cell_of(self, member, day):
        period = MemberPeriod.objects.unscoped().filter(member=member, start__lte=day).order_by("-start", "-id").first()
        return period.org if period else member.org

    def session(self):
        # A cell's meeting, or a ward's conference (the ward's own facts above its cells').
        cell, day = self.rng.choice([*self.cells, self.world.ward]), _day(self.rng)
        campaign = self.rng.choice([None, *self.campaigns]) if self.campaigns else None
        session = StudySession.objects.create(
            org=cell, kind=self.rng.choice(SessionKind.values), title="Sinh hoạt", starts_at=_aware(day),
            ends_at=_aware(day, 21), attendance_taken_at=_aware(day, 21) if self.rng.random() < 0.9 else None,
            non_member_count=self.rng.choice([0, 0, 3, 12]), campaign=campaign)
        marked = [cell]
        for member in self.rng.sample(self.members, 5):  # members of other cells too, as at a conference
            marked.append(self.cell_of(member, day))
            Attendance.objects.create(session=session, member=member, org=marked[-1],
                                      status=self.rng.choice(AttendanceStatus.values), source="chi_uy")
        return Change(marked, day, stale.Facts.ATTENDANCE)

    def change_mark(self):
        mark = Attendance.objects.unscoped().order_by("?").select_related("session").first()
        if mark is None:
            return self.session()
        mark.status = self.rng.choice(AttendanceStatus.values)
        mark.save()
        return Change([mark.org], timezone.localdate(mark.session.starts_at), stale.Facts.ATTENDANCE)

    def delete_session(self):
        session = StudySession.objects.unscoped().order_by("?").first()
        if session is None:
            return self.session()
        day = timezone.localdate(session.starts_at)
        marked = [session.org, *(a.org for a in session.attendances.select_related("org"))]
        session.delete()
        return Change(marked, day, stale.Facts.ATTENDANCE)

    def campaign(self):
        """A campaign of the ward or the province, from a day of this year for a month or two."""
        org, day = self.rng.choice([self.world.ward, self.world.province]), _day(self.rng)
        campaign = Campaign.objects.create(org=org, title="Học tập chuyên đề", starts_on=day,
                                           due_on=day + datetime.timedelta(days=self.rng.choice([20, 45, 70])))
        self.campaigns.append(campaign)
        return Change([org], day, stale.Facts.CAMPAIGNS)

    def transfer(self):
        member, day = self.rng.choice(self.members), _day(self.rng)
        current = MemberPeriod.objects.unscoped().filter(member=member, end__isnull=True).first()
        if current is None or current.start >= day:
            return Change([current.org if current else member.org], day, stale.Facts.MEMBERS)
        target = self.rng.choice([c for c in self.cells if c.pk != current.org_id])
        current.end = day
        current.save()
        status = self.rng.choice([MemberStatus.FULL, MemberStatus.FULL, MemberStatus.EXEMPT])
        MemberPeriod.objects.create(member=member, org=target, status=status, start=day)
        member.org = target
        member.save()
        return Change([current.org, target], day, stale.Facts.MEMBERS)

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
        return Change([registration.org], min([day, *earlier]), stale.Facts.COMMITMENTS)

    def reflection(self):
        member, day = self.rng.choice(self.members), _day(self.rng)
        cell = self.cell_of(member, day)
        Reflection.objects.create(org=cell, member=member, year=YEAR, month=day.month, due_on=day,
                                  state=self.rng.choice(["phan_cong", "nhap", "da_nop", "da_doc"]))
        return Change([cell], day, stale.Facts.REFLECTIONS)

    def attempt(self):
        member, day = self.rng.choice(self.members), _day(self.rng)
        cell = self.cell_of(member, day)
        number = Attempt.objects.unscoped().filter(contest=self.contest, member=member).count() + 1
        Attempt.objects.create(contest=self.contest, member=member, org=cell, number=number, started_at=_aware(day),
                               finished_at=_aware(day) + datetime.timedelta(minutes=5), finish_reason="nop_bai")
        return Change([cell], day, stale.Facts.CONTESTS)

    def practice(self):
        """A new model, a replication of one, or a status change (recognised, stopped)."""
        day, org = _day(self.rng), self.rng.choice([self.world.ward, *self.cells])
        existing = list(Practice.objects.unscoped().filter(started_on__lte=day))
        choice = self.rng.random()
        if existing and choice < 0.4:
            practice = self.rng.choice(existing)
            status = self.rng.choice([Status.TYPICAL, Status.EXCELLENT, Status.STOPPED, Status.RUNNING])
            day = max(day, practice.status_since)
            StatusChange.objects.create(practice=practice, status=status, changed_on=day)
            practice.status, practice.status_since = status, day
            practice.save()
            return Change([practice.org], day, stale.Facts.PRACTICES)
        original = self.rng.choice(existing) if existing and choice < 0.7 else None
        practice = Practice.objects.create(
            org=org, name="Dân vận khéo", field=self.field, started_on=day, status_since=day,
            origin=self.rng.choice(["phat_dong", "rieng"]) if original is None else original.origin,
            adopted_from=original if original is not None and original.org_id != org.pk else None)
        StatusChange.objects.create(practice=practice, status=Status.RUNNING, changed_on=day)
        return Change([org], day, stale.Facts.PRACTICES)

    def commendation(self):
        day = _day(self.rng)
        collective = self.rng.random() < 0.5
        member = None if collective else self.rng.choice(self.members)
        org = self.rng.choice([self.world.ward, *self.cells]) if collective else self.cell_of(member, day)
        issued = self.rng.random() < 0.8
        Commendation.objects.create(
            org=org, recipient="tap_the" if collective else "ca_nhan", recipient_org=org if collective else None,
            member=member, awarding_org=self.world.province, form=self.award_form, year=YEAR, reason="Tiêu biểu",
            stage="da_khen" if issued else "da_duyet", decision_number="12-QĐ/TU" if issued else "",
            decided_on=day if issued else None)
        return Change([org], day, stale.Facts.AWARDS)

    def classification(self):
        month = self.rng.randint(1, TODAY.month)
        cell = self.rng.choice(self.cells)
        target = self.rng.choice([Target.MEMBER, Target.CELL])
        criteria_set = self.sets[target]
        member = self.rng.choice(self.members) if target == Target.MEMBER else None
        level = self.rng.choice([label for label, _ in criteria_set.levels])
        if member is not None:
            cell = self.cell_of(member, datetime.date(YEAR, month, 1))
        lookup = {"member": member} if member is not None else {"member": None, "org": cell}
        before = Classification.objects.unscoped().filter(criteria_set=criteria_set, year=YEAR, period=month,
                                                          **lookup).first()
        Classification.objects.unscoped().update_or_create(
            criteria_set=criteria_set, year=YEAR, period=month, **lookup,
            defaults={"org": cell, "score": 5, "max_score": 6, "level": level, "classified_at": timezone.now()})
        return Change([cell, before.org if before else None], datetime.date(YEAR, month, 1),
                      stale.Facts.CLASSIFICATION)

    def rating(self):
        member = self.rng.choice(self.members)
        cell = self.cell_of(member, TODAY)
        YearRating.objects.unscoped().update_or_create(
            year=YEAR, member=member, defaults={"org": cell, "frame": current_frame(), "step": "quyet_dinh",
                                                "decided_level": self.rng.choice(Rating.values),
                                                "decided_at": timezone.now()})
        return Change([cell], TODAY, stale.Facts.RATINGS)

    CHANGES = ["session", "session", "change_mark", "delete_session", "campaign", "transfer", "registration",
               "reflection", "attempt", "practice", "commendation", "classification", "rating"]

    def change(self):
        return getattr(self, self.rng.choice(self.CHANGES))()


@dataclass
class Change:
    orgs: list
    day: datetime.date
    facts: str


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
    for c in Campaign.objects.unscoped().select_related("org"):
        if c.starts_on <= period.end and c.due_on >= period.start:
            studied = {(a.org_id, a.member_id) for a in Attendance.objects.unscoped().select_related("org", "session")
                       if a.session.campaign_id == c.pk and under(a.org) and a.status == AttendanceStatus.PRESENT
                       and a.session.attendance_taken_at and timezone.localdate(a.session.starts_at) <= period.end}
            figures[f"chien_dich.{c.pk}"] = len(studied)
            reference = min(period.end, c.due_on, TODAY)
            figures[f"chien_dich.{c.pk}.mau_so"] = len({
                p.member_id for p in MemberPeriod.objects.unscoped().select_related("org")
                if under(p.org) and p.org.path.startswith(c.org.path) and p.start <= reference
                and (p.end is None or p.end > reference) and p.status in ELIGIBLE_STATUSES})
    for m in Practice.objects.unscoped().select_related("org"):
        if under(m.org) and m.started_on <= period.end:
            if m.adopted_from_id:
                figures["mo_hinh.nhan_rong"] += 1
                figures["mo_hinh.nhan_rong_moi"] += m.started_on >= period.start
            else:
                figures["mo_hinh.phat_dong" if m.origin == "phat_dong" else "mo_hinh.rieng"] += 1
                figures["mo_hinh.moi"] += m.started_on >= period.start
            history = sorted((c.changed_on, c.pk, c.status) for c in m.status_changes.all() if c.changed_on <= period.end)
            figures["mo_hinh.tieu_bieu"] += bool(history) and history[-1][2] in (Status.TYPICAL, Status.EXCELLENT)
    for c in Commendation.objects.unscoped().select_related("org"):
        if under(c.org) and c.stage == "da_khen" and period.start <= c.decided_on <= period.end:
            figures["khen_thuong.tap_the" if c.recipient == "tap_the" else "khen_thuong.ca_nhan"] += 1
    for c in Classification.objects.unscoped().select_related("org", "criteria_set"):
        months = {"thang": [c.period], "quy": [3 * c.period], "nam": [12]}[c.criteria_set.cadence]
        if under(c.org) and c.year == period.start.year and period.start.month <= months[0] <= period.end.month:
            who = "dang_vien" if c.member_id else "chi_bo"
            figures[f"phan_loai.{who}"] += 1
            figures[f"phan_loai.{who}.cao_nhat"] += c.level == c.criteria_set.levels[0][0]
    if period.code == str(period.start.year):
        for r in YearRating.objects.unscoped().select_related("org").filter(year=period.start.year, member__isnull=False):
            if under(r.org) and r.decided_level:
                figures[f"xep_loai.{r.decided_level}"] += 1
    return +figures  # without zeros, as the summaries keep them


def _refresh(change, *, incremental):
    """Bring the summaries up to date after `change`: through the stale marks the services write
    (`incremental`: the own facts of the organisations named, or a campaign's subtree), or by
    recomputing the subtree of their common ancestor."""
    if incremental:
        stale.touch(change.orgs, change.day, facts=change.facts)
        summaries.refresh_stale()
        return
    within = common_ancestor([org for org in change.orgs if org is not None])
    for period in periods.affected_by(change.day, TODAY):
        summaries.refresh(period, within=within)


@pytest.mark.parametrize("seed", range(6))
def test_summaries_equal_a_direct_count_after_random_changes(world, seed):
    rng = random.Random(seed)
    facts = Facts(world, rng)
    for period in BEGUN:
        summaries.refresh(period)
    orgs = list(Organization.objects.all())
    for _ in range(14):
        change = facts.change()
        _refresh(change, incremental=seed % 3 != 2)
        period = rng.choice(periods.affected_by(change.day, TODAY))
        for org in [*rng.sample(orgs, 3), *(o for o in change.orgs if o is not None)]:
            assert selectors.figures([org], period)[org.pk] == direct(org, period), (org.name, period.code, change)
    for period in BEGUN:  # nothing left behind in periods not drawn above
        for org in orgs:
            assert selectors.figures([org], period)[org.pk] == direct(org, period), (org.name, period.code)


@pytest.mark.parametrize("incremental", [True, False])
def test_a_whole_refresh_after_incremental_ones_changes_nothing(world, incremental):
    rng = random.Random(11)
    facts = Facts(world, rng)
    for _ in range(12):
        _refresh(facts.change(), incremental=incremental)
    assert all(summaries.refresh(period) == 0 for period in BEGUN)
