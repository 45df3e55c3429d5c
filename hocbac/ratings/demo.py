"""Monthly classifications and year-end ratings for a demo ward (`hocbac demo`), after the study
year (its attendance), the commitments, reflections, contests and commendations.

Monthly: every cell classifies its members (as they were on the month's last day) with the shipped set "Đảng viên 6 tốt" and itself
with "Chi bộ bốn tốt" for each month of this year up to last month, a few days after the month
ends. Most members meet every item; a member who missed the month's meeting without a reason
usually misses "dự sinh hoạt chi bộ đầy đủ", one who has not handed in the reflection assigned
sometimes misses the first item, and a few others miss one item now and then (rarely two). A
cell whose meeting was not taken misses "chất lượng sinh hoạt", one whose members did poorly
misses "cán bộ, đảng viên tốt", and a few miss an item by chance. The ward confirms the cells'
own classifications a few days later; the last month, and part of the month before, still wait.

Year-end (Quy định 366-QĐ/TW, the 100-point frame): last year complete for every eligible member
(self-assessment early December → the cell's proposal at its December meeting → the grassroots
organisation's decision late December or early January), with about 15 % HTXSNV, 75 % HTTNV, 9 %
HTNV and under 1 % KHTNV (a disqualifying condition ticked). HTXSNV stays within the quota of
each grassroots organisation (20 % of HTTNV); where the quota's rounding would leave the ward
short, a grassroots organisation decides one (in a large one two) beyond it, with the reason the
ward allowed, and a few members proposed HTXSNV are decided HTTNV for the quota. This year's is
in progress from November: about half self-assessed by late November, the cells that have met
have proposed, nothing decided.

Rows are written in bulk, as the services would have written them: levels and scores by
`services._score` and `Frame.level_for`, marks with the suggestions of `selectors.suggestions`.
One "demo.build" audit entry per ward. Deterministic for a seed and a moment: every draw comes
from one `random.Random`; nothing is dated after `now`.
"""

import datetime
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hocbac.core.audit import log_action
from hocbac.core.text import format_number
from hocbac.orgs.demo import local_time, ward_staff
from hocbac.orgs.models import MEMBER_HOLDING_KINDS, Member, Organization
from hocbac.study.models import Attendance, AttendanceStatus, SessionKind

from . import selectors, services
from .models import AutoSource, Classification, CriteriaSet, Mark, Rating, Step, YearRating

MEMBER_SET, CELL_SET = "Đảng viên 6 tốt", "Chi bộ bốn tốt"
# Share of the members of the ward for each level last year (KHTNV at least one member).
TARGET = {Rating.EXCELLENT: 0.152, Rating.DONE: 0.095, Rating.NOT_DONE: 0.006}
POINTS = {Rating.EXCELLENT: (90, 97), Rating.GOOD: (72, 89), Rating.DONE: (55, 69), Rating.NOT_DONE: (40, 49)}
EXCEPTION_REASON = ("Đảng ủy phường đồng ý cho vượt tỷ lệ (Công văn số {number}-CV/ĐU ngày {day}): đồng chí {name} "
                    "được {award} trong năm {year}, thành tích nổi bật.")
AWARDS = ["Chủ tịch Ủy ban nhân dân tỉnh tặng Bằng khen", "Tỉnh ủy tặng Bằng khen",
          "biểu dương là điển hình tiên tiến học tập và làm theo Bác", "Bộ trưởng tặng Bằng khen"]


@dataclass
class DemoRatings:
    members: int = 0  # member classifications
    cells: int = 0  # cells' own classifications
    missed: int = 0  # member classifications below "Đảng viên 6 tốt"
    waiting: int = 0  # cells' own classifications not yet confirmed
    last_year: Counter = field(default_factory=Counter)  # decided levels
    exceptions: int = 0
    cut: int = 0  # proposed HTXSNV, decided HTTNV
    this_year: Counter = field(default_factory=Counter)  # steps
    organisations: Counter = field(default_factory=Counter)  # last year's decided levels of organisations


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _percent(part, whole):
    return format_number(100 * part / whole, 1) if whole else "0"


class _Builder:
    def __init__(self, ward, seed, now):
        self.ward, self.now = ward, now
        self.today = timezone.localdate(now)
        self.rng = random.Random(f"hocbac-ratings-{seed}-{ward.code}")
        self.committee, self.secretaries = ward_staff(ward)
        self.cells = list(Organization.objects.filter(path__startswith=ward.path, kind__in=MEMBER_HOLDING_KINDS,
                                                      dissolved_on__isnull=True).order_by("code"))
        self.members = defaultdict(list)
        for member in Member.objects.in_subtree(ward).eligible().order_by("sort_key", "id"):
            self.members[member.org_id].append(member)
        self.member_set = CriteriaSet.objects.unscoped().prefetch_related("criteria").get(org=None, name=MEMBER_SET)
        self.cell_set = CriteriaSet.objects.unscoped().prefetch_related("criteria").get(org=None, name=CELL_SET)
        self.frame = selectors.current_frame()
        self.grassroots = {c.pk: selectors.grassroots_of(c) for c in self.cells}

    def actor(self, cell):
        return self.secretaries.get(cell.pk, self.committee)

    def moment(self, day, low=8, high=20):
        return min(local_time(day, self.rng.randint(low, high), self.rng.choice([0, 10, 20, 30, 40, 50])), self.now)

    # --- monthly ---------------------------------------------------------------------------------

    def monthly(self, result):
        year, months = self.today.year, range(1, self.today.month)
        criteria = {c.auto_source or c.position: c for c in self.member_set.criteria.all()}
        cell_criteria = {c.auto_source or c.position: c for c in self.cell_set.criteria.all()}
        rows, marks = [], []
        for month in months:
            start, end = selectors.period_bounds("thang", year, month)
            self.absent = self.absent_months[(year, month)]
            for cell in self.cells:
                members = selectors.members_to_classify(cell, end)  # as they were on the month's last day
                if not members:
                    continue
                hints = selectors.suggestions(self.member_set, cell, members, start, end)
                cell_hints = selectors.suggestions(self.cell_set, cell, [], start, end)
                classified = self.moment(end + datetime.timedelta(days=self.rng.randint(1, 4)), 17, 21)
                if classified >= self.now:
                    continue
                by = self.actor(cell)
                poor = 0
                for member in members:
                    values = self.member_values(member, criteria, hints)
                    poor += sum(1 for v in values.values() if v is False) > 0
                    rows.append(self.classification(self.member_set, cell, member, year, month, values, hints,
                                                    by, classified, by, classified, marks))
                values = {}
                meetings = cell_hints.get((None, cell_criteria[AutoSource.MEETINGS].pk))
                if meetings is not None and meetings.met is False and self.rng.random() < 0.8:
                    values[cell_criteria[AutoSource.MEETINGS].pk] = False
                if poor > max(2, len(members) * 0.15) and self.rng.random() < 0.7:
                    values[cell_criteria[4].pk] = False
                if self.rng.random() < 0.04:
                    values[cell_criteria[self.rng.choice([1, 3])].pk] = False
                confirmed = self.moment(end + datetime.timedelta(days=self.rng.randint(5, 9)), 8, 17)
                waiting = (month == months[-1] or (month == months[-1] - 1 and self.rng.random() < 0.35)
                           or confirmed >= self.now)
                rows.append(self.classification(self.cell_set, cell, None, year, month, values, cell_hints, by,
                                                classified, None if waiting else self.committee,
                                                None if waiting else confirmed, marks))
        Classification.objects.bulk_create(rows, batch_size=1000)
        for mark in marks:
            mark.classification_id = mark.classification.pk
        Mark.objects.bulk_create(marks, batch_size=2000)
        members = [r for r in rows if r.member_id]
        result.members, result.cells = len(members), len(rows) - len(members)
        result.missed = sum(1 for r in members if r.level != self.member_set.levels[0][0])
        result.waiting = sum(1 for r in rows if not r.member_id and r.confirmed_at is None)
        return rows

    def member_values(self, member, criteria, hints):
        """{criterion id: False} for the items the cell marks not met this month."""
        values = {}
        meetings = hints.get((member.pk, criteria[AutoSource.MEETINGS].pk))
        if meetings is not None and meetings.met is False and self.absent_without_reason(member, meetings):
            values[criteria[AutoSource.MEETINGS].pk] = False
        reflection = hints.get((member.pk, criteria[AutoSource.REFLECTION].pk))
        if reflection is not None and reflection.met is False and self.rng.random() < 0.4:
            values[criteria[AutoSource.REFLECTION].pk] = False
        draw = self.rng.random()
        if draw < 0.025:
            others = [criteria[2], criteria[4], criteria[AutoSource.CONTEST], criteria[AutoSource.COMMITMENT]]
            for criterion in self.rng.sample(others, 2 if draw < 0.003 else 1):
                values[criterion.pk] = False
        return values

    def absent_without_reason(self, member, suggestion):
        # The evidence says "Dự a/b buổi"; an excused absence is usually accepted by the cell.
        return (member.pk in self.absent and self.rng.random() < 0.85) or self.rng.random() < 0.15

    def classification(self, criteria_set, cell, member, year, month, values, hints, by, at, confirmed_by,
                       confirmed_at, marks):
        scored, score, maximum, level = services._score(criteria_set, values)
        row = Classification(criteria_set=criteria_set, org=cell, member=member, year=year, period=month, score=score,
                             max_score=maximum, level=level, classified_by=by, classified_at=at,
                             confirmed_by=confirmed_by, confirmed_at=confirmed_at)
        for mark in scored:
            suggestion = hints.get((member.pk if member else None, mark.criterion_id))
            if suggestion is not None:
                mark.suggested, mark.evidence = suggestion.met, suggestion.evidence[:300]
            mark.classification = row
            marks.append(mark)
        return row

    # --- year-end --------------------------------------------------------------------------------

    def points(self, level):
        low, high = POINTS[level]
        total = Decimal(self.rng.randint(low * 2, high * 2)) / 2
        general = min(Decimal(30), max(Decimal(15), (total * Decimal("0.3") + Decimal(self.rng.choice([-1, 0, 0, 1]))
                                                     ).quantize(Decimal("0.5"))))
        general = (general * 2).to_integral_value() / 2
        return general, total - general

    def last_year(self, result):
        year = self.today.year - 1
        cutoff = datetime.date(year, 12, 1)
        rated = [(cell, m) for cell in self.cells for m in self.members[cell.pk] if m.admitted_on < cutoff]
        if not rated or self.frame is None:
            return []
        merit = {m.pk: self.rng.gauss(0, 1) - 0.7 * self.absences[m.pk] + (0.8 if m.is_key_leader else 0)
                 for _, m in rated}
        worst = sorted(rated, key=lambda pair: merit[pair[1].pk])
        count = len(rated)
        levels = {}
        not_done = max(1, round(count * TARGET[Rating.NOT_DONE]))
        done = round(count * TARGET[Rating.DONE])
        for _, m in worst[:not_done]:
            levels[m.pk] = Rating.NOT_DONE
        for _, m in worst[not_done:not_done + done]:
            levels[m.pk] = Rating.DONE
        # HTXSNV per grassroots organisation, best first, within its quota: excellent × 100 ≤ good × 20.
        by_body = defaultdict(list)
        for cell, m in rated:
            by_body[self.grassroots[cell.pk].pk].append(m)
        bodies = {self.grassroots[c.pk].pk: self.grassroots[c.pk] for c in self.cells}
        excellent = {}
        for body_id, members in by_body.items():
            rest = sorted((m for m in members if m.pk not in levels), key=lambda m: -merit[m.pk])
            excellent[body_id] = rest[:len(rest) * self.frame.quota_percent // (100 + self.frame.quota_percent)]
        # Beyond the quota, with the ward's consent, where the rounding leaves most out, until the ward's share.
        wanted = round(count * TARGET[Rating.EXCELLENT]) - sum(len(v) for v in excellent.values())
        remainders = sorted(by_body, key=lambda b: (-(len([m for m in by_body[b] if m.pk not in levels]) % 6),
                                                    -len(by_body[b]), b))
        extra = {}
        for body_id in remainders:
            if wanted <= 0:
                break
            rest = [m for m in sorted(by_body[body_id], key=lambda m: -merit[m.pk])
                    if m.pk not in levels and m not in excellent[body_id]]
            take = min(wanted, 2 if len(by_body[body_id]) >= 40 else 1, len(rest) - 1)
            if take > 0 and len(rest) + len(excellent[body_id]) - 6 * len(excellent[body_id]) >= take:
                extra[body_id] = rest[:take]
                wanted -= take
        exceptions, self.order = set(), {}
        for body_id, members in excellent.items():
            chosen = members + extra.get(body_id, [])
            good = len([m for m in by_body[body_id] if m.pk not in levels]) - len(chosen)
            for k, m in enumerate(chosen, start=1):  # decided in this order: past the quota, the reason
                levels[m.pk], self.order[m.pk] = Rating.EXCELLENT, k
                if k * 100 > good * self.frame.quota_percent:
                    exceptions.add(m.pk)
        # A few proposed HTXSNV by their cell, decided HTTNV for the quota.
        good = [m for _, m in rated if m.pk not in levels]
        cut = set(self.rng.sample([m.pk for m in sorted(good, key=lambda m: -merit[m.pk])[:len(good) // 4]],
                                  min(len(good) // 4, max(1, count // 150))))
        ratings = []
        for cell, m in rated:
            level = levels.get(m.pk, Rating.GOOD)
            body = bodies[self.grassroots[cell.pk].pk]
            ratings.append(self.year_rating(cell, m, year, level, body, m.pk in cut, m.pk in exceptions))
        self.order_decisions(ratings)
        YearRating.objects.bulk_create(ratings, batch_size=1000)
        decided = [r for r in ratings if r.step == Step.DECIDED]
        result.last_year = Counter(r.decided_level for r in decided)
        result.exceptions = sum(1 for r in decided if r.quota_exception)
        result.cut = sum(1 for r in decided if r.proposed_level != r.decided_level)
        return ratings

    def year_rating(self, cell, member, year, level, body, cut, exception):
        proposed = Rating.EXCELLENT if cut else level
        conditions = []
        if proposed == Rating.NOT_DONE and self.rng.random() < 0.6:
            conditions = [self.rng.choice([2, 3])]
            general, tasks = self.points(Rating.DONE)
        else:
            general, tasks = self.points(proposed)
        own_general = min(Decimal(30), general + Decimal(self.rng.choice([0, 0, 0, 0.5, 1])))
        own_tasks = min(Decimal(70), tasks + Decimal(self.rng.choice([0, 0, 0.5, 1, 2, -1])))
        by = self.actor(cell)
        self_at = self.moment(datetime.date(year, 12, self.rng.randint(1, 12)))
        proposed_at = self.moment(datetime.date(year, 12, self.rng.randint(15, 20)), 17, 21)
        decided_on = datetime.date(year, 12, 26) + datetime.timedelta(days=self.rng.randint(0, 14))
        rating = YearRating(frame=self.frame, year=year, org=cell, member=member, step=Step.SELF,
                            self_general=own_general, self_tasks=own_tasks,
                            self_level=self.frame.level_for(own_general + own_tasks),
                            self_by_id=member.user_id if member.user_id and self.rng.random() < 0.6 else by.pk,
                            self_at=self_at)
        if self_at >= self.now:
            return None
        if proposed_at < self.now:
            rating.proposed_general, rating.proposed_tasks, rating.conditions = general, tasks, conditions
            rating.proposed_level = self.frame.level_for(general + tasks, capped=bool(conditions))
            rating.proposed_by, rating.proposed_at, rating.step = by, proposed_at, Step.PROPOSED
            decided_at = self.moment(decided_on, 8, 16)
            if decided_at < self.now:
                rating.decided_level, rating.decided_by_org = level, body
                rating.decided_by, rating.decided_at, rating.step = self.secretaries.get(body.pk, self.committee), \
                    decided_at, Step.DECIDED
                rating._exception = exception
        return rating

    def order_decisions(self, ratings):
        """One decision meeting per grassroots organisation; HTXSNV decided last, those beyond
        the quota at the end with the ward's consent."""
        ratings[:] = [r for r in ratings if r is not None]
        meetings = {}
        by_body = defaultdict(list)
        for r in ratings:
            if r.step == Step.DECIDED:
                meetings.setdefault(r.decided_by_org_id, r.decided_at)
                by_body[r.decided_by_org_id].append(r)
        rank = {Rating.NOT_DONE: 0, Rating.DONE: 1, Rating.GOOD: 2, Rating.EXCELLENT: 3}
        for body_id, rows in by_body.items():
            rows.sort(key=lambda r: (rank[r.decided_level], self.order.get(r.member_id, 0), r.member_id))
            start = meetings[body_id]
            consent = (start - datetime.timedelta(days=self.rng.randint(2, 6))).date()
            for i, r in enumerate(rows):
                r.decided_at = min(start + datetime.timedelta(seconds=30 * i), self.now)
                if getattr(r, "_exception", False):
                    r.quota_exception = EXCEPTION_REASON.format(
                        number=self.rng.randint(40, 180), day=consent.strftime("%d/%m/%Y"), name=r.member.full_name,
                        award=self.rng.choice(AWARDS), year=r.year)
        for r in ratings:  # members' own steps, and the cell's, before the decision
            if r.decided_at and r.proposed_at and r.proposed_at > r.decided_at:
                r.proposed_at = r.decided_at - datetime.timedelta(days=3)

    def organisations_last_year(self, result):
        """Last year's ratings of the organisations under the ward, each assessed by its own
        committee in December and decided by the committee above in January (~15 % HTXSNV)."""
        year = self.today.year - 1
        orgs = (Organization.objects.filter(path__startswith=self.ward.path, dissolved_on__isnull=True)
                .exclude(pk=self.ward.pk).select_related("parent").order_by("path"))
        ratings = []
        for org in orgs:
            draw = self.rng.random()
            level = (Rating.EXCELLENT if draw < 0.15 else Rating.GOOD if draw < 0.93
                     else Rating.DONE if draw < 0.99 else Rating.NOT_DONE)
            general, tasks = self.points(level)
            own_general = min(Decimal(30), general + Decimal(self.rng.choice([0, 0, 0.5, 1])))
            above = self.secretaries.get(org.parent_id, self.committee)
            proposed = self.frame.level_for(general + tasks)
            ratings.append(YearRating(
                frame=self.frame, year=year, org=org, member=None, step=Step.DECIDED,
                self_general=own_general, self_tasks=tasks, self_level=self.frame.level_for(own_general + tasks),
                self_by=self.actor(org), self_at=self.moment(datetime.date(year, 12, self.rng.randint(1, 10))),
                proposed_general=general, proposed_tasks=tasks, proposed_level=proposed, proposed_by=above,
                proposed_at=self.moment(datetime.date(year, 12, self.rng.randint(15, 22))),
                decided_level=proposed, decided_by_org=org.parent, decided_by=above,
                decided_at=self.moment(datetime.date(year + 1, 1, self.rng.randint(5, 15)))))
        YearRating.objects.bulk_create(ratings, batch_size=500)
        result.organisations = Counter(r.decided_level for r in ratings)

    def this_year(self, result):
        """From November: members assess themselves; the cells that have met propose."""
        year = self.today.year
        start = datetime.date(year, 11, 5)
        if self.frame is None or self.today <= start:
            return []
        share = min(1.0, (self.today - start).days / 40)  # all by mid-December
        ratings = []
        for cell in self.cells:
            members = [m for m in self.members[cell.pk] if m.admitted_on < datetime.date(year, 12, 1)]
            if not members:
                continue
            # The cell's review meeting: once held, every member has assessed and the cell proposes.
            meeting = start + datetime.timedelta(days=self.rng.randint(10, 40))
            proposing = meeting < self.today
            progress = 1.0 if proposing else min(1.0, share * self.rng.uniform(0.4, 1.6))
            by = self.actor(cell)
            for m in members:
                if self.rng.random() >= 0.95 * progress:
                    continue
                level = self.rng.choices(list(POINTS), weights=[15, 75, 9, 1])[0]
                general, tasks = self.points(level)
                day = start + datetime.timedelta(days=self.rng.randint(0, max(0, ((meeting if proposing else self.today)
                                                                                 - start).days - 1)))
                self_at = self.moment(day)
                if self_at >= self.now:
                    continue
                rating = YearRating(frame=self.frame, year=year, org=cell, member=m, step=Step.SELF,
                                    self_general=general, self_tasks=tasks, self_level=self.frame.level_for(general + tasks),
                                    self_by_id=m.user_id if m.user_id and self.rng.random() < 0.6 else by.pk,
                                    self_at=self_at)
                proposed_at = self.moment(meeting, 17, 21)
                if proposing and self_at < proposed_at < self.now:
                    low = level if level != Rating.EXCELLENT or self.rng.random() < 0.8 else Rating.GOOD
                    rating.proposed_general, rating.proposed_tasks = self.points(low)
                    rating.proposed_level = self.frame.level_for(rating.proposed_general + rating.proposed_tasks)
                    rating.proposed_by, rating.proposed_at, rating.step = by, proposed_at, Step.PROPOSED
                ratings.append(rating)
        YearRating.objects.bulk_create(ratings, batch_size=1000)
        result.this_year = Counter(r.step for r in ratings)
        return ratings

    def load_attendance(self):
        """Who missed a regular meeting without a reason in a month ({member id}, refreshed per
        month by `absent`), and unexcused absences over the last year (for last year's merit)."""
        rows = (Attendance.objects.in_subtree(self.ward).filter(session__kind=SessionKind.REGULAR,
                                          status=AttendanceStatus.ABSENT)
                .values_list("member_id", "session__starts_at"))
        self.absent_months = defaultdict(set)
        self.absences = Counter()
        for member_id, starts_at in rows:
            day = timezone.localdate(starts_at)
            self.absent_months[(day.year, day.month)].add(member_id)
            self.absences[member_id] += 1


@transaction.atomic
def build_year(ward, *, seed=7, stdout=None, now=None):
    """Add this year's monthly classifications and last year's and this year's year-end ratings
    of `ward` (see the module docstring). Returns DemoRatings."""
    started = time.monotonic()
    builder = _Builder(ward, seed, now or timezone.now())
    result = DemoRatings()
    if builder.committee is None:
        return result
    year = builder.today.year
    builder.load_attendance()
    builder.monthly(result)
    builder.last_year(result)
    if builder.frame is not None:
        builder.organisations_last_year(result)
    builder.this_year(result)

    last = result.last_year
    total = sum(last.values())
    steps = result.this_year
    summary = (f"phân loại hằng tháng năm {year}: {format_number(result.members)} lượt đảng viên "
               f"({format_number(result.missed)} lượt chưa đạt “6 tốt”), {format_number(result.cells)} lượt chi bộ "
               f"({format_number(result.waiting)} chờ xác nhận); xếp loại năm {year - 1}: {format_number(total)} đảng viên, "
               f"HTXSNV {_percent(last[Rating.EXCELLENT], total)}%, HTTNV {_percent(last[Rating.GOOD], total)}%, "
               f"HTNV {_percent(last[Rating.DONE], total)}%, KHTNV {_percent(last[Rating.NOT_DONE], total)}%, "
               f"{format_number(result.exceptions)} vượt tỷ lệ có lý do, {format_number(sum(result.organisations.values()))} "
               f"tổ chức đảng ({format_number(result.organisations[Rating.EXCELLENT])} HTXSNV); năm {year}: "
               f"{format_number(sum(steps.values()))} đã tự đánh giá, {format_number(steps[Step.PROPOSED])} đã đề xuất")
    log_action("demo.build", by=builder.committee, org=ward, obj=ward, summary=f"Dữ liệu mẫu phân loại: {summary}"[:300],
               after={"seed": seed, "classifications": result.members + result.cells, "waiting": result.waiting,
                      "last_year": dict(last), "exceptions": result.exceptions, "cut": result.cut,
                      "this_year": dict(steps), "organisations": dict(result.organisations)})
    _say(stdout, f"{ward.name} — {summary} ({format_number(time.monotonic() - started, 1)} giây).\n")
    return result

