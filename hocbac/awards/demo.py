"""Commendations, reminders and the inspection and supervision plan of a demo ward (`hocbac
demo`), after the study year, the commitments, the contests and the models.

Commendations: at the ward's review of the programme (sơ kết around 19/5, the anniversary of
Bác's birth, or the year-end review when that has not come yet) the ward committee issues one
decision, "khen thưởng 5 tập thể, 10 cá nhân tiêu biểu" (seed 001) scaled to the ward: Giấy
khen for the cells whose models were recognised typical and for the cells with the best
attendance, for the members who run an individual model, for the winners of the last monthly
contest closed before it (`contests.selectors.winners`) and for members whose commitments the
cell rated "thực hiện tốt". One nomination of that round was declined: a member under a
reminder for missing meetings. For the year-end review the cells have sent new nominations in
the last weeks (the school's quiz model, the public service centre's excellent one, the winner
of the secretary's cell contest…): some approved and awaiting the decision, some still to
approve.

Reminders: the two members who missed most meetings without reason this year (from the study
demo's attendance) were reminded by their cell: one has made up for it and the follow-up is
closed, the other is still followed; the cell with the lowest attendance was reminded by the
ward, has reported what it did, its follow-up date has come.

Inspection and supervision plan of the ward for the year, drawn up in January, with kiểm tra and
giám sát items on the programme (the commitments, the dân vận model, the leaders' example, the
cells' meetings, and a standing supervision of the whole ward): those over by now are concluded
with follow-ups for some targets, one of which the cell has reported done.

Everything goes through the services (they check every step and audit it), as the committee
and the cells would have done it, on the day they would have done it: the rows' own timestamps
and their audit entries carry that day, not the moment of the build. Deterministic for a seed and
a moment: every draw comes from one `random.Random`.
"""

import datetime
import random
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from hocbac.commitments.models import Registration, Result
from hocbac.contests.models import Audience, Contest
from hocbac.contests.selectors import winners
from hocbac.core.audit import as_of, log_action
from hocbac.core.text import format_number
from hocbac.orgs.demo import local_time, ward_staff, working_day
from hocbac.orgs.models import (
    ACTIVE_STATUSES,
    MEMBER_HOLDING_KINDS,
    Member,
    MemberStatus,
    Organization,
    Sector,
)
from hocbac.practices.models import RECOGNISED_STATUSES, Holder, Practice, StatusChange
from hocbac.study.models import Attendance, AttendanceStatus, SessionKind

from . import selectors, services
from .models import (
    AwardForm,
    Basis,
    Commendation,
    InspectionItem,
    InspectionKind,
    Recipient,
    Reminder,
    ReminderKind,
)

RANK_WORDS = {1: "Nhất", 2: "Nhì", 3: "Ba"}


@dataclass
class DemoAwards:
    issued: list = field(default_factory=list)
    approved: list = field(default_factory=list)
    nominated: list = field(default_factory=list)
    declined: list = field(default_factory=list)
    decision: str = ""
    occasion: str = ""
    decided_on: datetime.date | None = None
    contest: object = None
    reminders: list = field(default_factory=list)
    items: list = field(default_factory=list)
    figures: object = None

    @property
    def commendations(self):
        return self.issued + self.approved + self.nominated + self.declined


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _percent(part, whole):
    text = format_number(100 * part / whole, 1)
    return f"{text.removesuffix(',0')}%"


def _score(value):
    text = format_number(float(value), 2)
    return text.rstrip("0").rstrip(",") if "," in text else text


class _Builder:
    def __init__(self, ward, seed, now):
        self.ward, self.now = ward, now
        self.today = timezone.localdate(now)
        self.rng = random.Random(f"hocbac-awards-{seed}-{ward.code}")
        self.committee, self.secretaries = ward_staff(ward)
        self.cells = list(Organization.objects.filter(path__startswith=ward.path, kind__in=MEMBER_HOLDING_KINDS,
                                                      dissolved_on__isnull=True).order_by("code"))
        self.cell_ids = {c.pk for c in self.cells}
        self.members = {m.pk: m for m in Member.objects.in_subtree(ward).filter(status__in=ACTIVE_STATUSES)
                        .select_related("org", "user").order_by("pk")}
        forms = {f.name: f for f in AwardForm.objects.filter(is_active=True)}
        self.form = forms.get("Giấy khen") or next(iter(forms.values()), None)
        self.ward_place = ward.name.removeprefix("Đảng bộ ")
        secretary = next((m for m in self.members.values() if m.position.startswith("Bí thư Đảng ủy")), None)
        self.signer = f"T/M Ban Thường vụ, Bí thư {secretary.full_name}" if secretary else "T/M Ban Thường vụ, Bí thư"
        self.used = set()  # (recipient kind, id) already commended or nominated this year

    # --- doing a step on its day --------------------------------------------------------------

    def at(self, moment, step, *args, **kwargs):
        """Run a service as of `moment`: its audit entries carry that moment."""
        with as_of(min(moment, self.now)):
            return step(*args, **kwargs)

    def moment(self, day, low=8, high=16):
        return min(local_time(day, self.rng.randint(low, high), self.rng.choice([0, 10, 20, 30, 40, 50])), self.now)

    def actor(self, org):
        return self.secretaries.get(org.pk, self.committee)

    # --- what the ward has to commend ------------------------------------------------------------

    def occasion(self):
        """The review at which the ward's decision was issued: around 19/5 this year, or the
        year-end review of last year while 19/5 has not come."""
        day = working_day(datetime.date(self.today.year, 5, 15))
        if day + datetime.timedelta(days=10) < self.today:
            years = self.today.year - 1890
            return day, f"nhân kỷ niệm {years} năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 – 19/5/{self.today.year}), " \
                        f"sơ kết thực hiện Kết luận 01-KL/TW"
        day = working_day(datetime.date(self.today.year - 1, 12, 18))
        return day, f"tổng kết năm {day.year} thực hiện Kết luận 01-KL/TW"

    def recognised_by(self, day):
        """Models of the ward's cells recognised typical or excellent by `day`, newest first."""
        changes = (StatusChange.objects.filter(practice__org__path__startswith=self.ward.path, changed_on__lte=day,
                                               status__in=RECOGNISED_STATUSES)
                   .exclude(practice__org=self.ward)
                   .select_related("practice__org", "practice__member", "practice__adopted_from__org")
                   .order_by("-changed_on", "practice_id"))
        seen, rows = set(), []
        for change in changes:
            practice = change.practice
            if practice.pk in seen or practice.status not in RECOGNISED_STATUSES:
                continue
            seen.add(practice.pk)
            rows.append((practice, change))
        return rows

    def attendance(self, before):
        """{cell id: (present, marked)} of the cells' regular meetings in the twelve months
        before `before`."""
        rows = (Attendance.objects.in_subtree(self.ward)
                .filter(session__kind=SessionKind.REGULAR, session__starts_at__lt=local_time(before, 0),
                        session__starts_at__gte=local_time(before - datetime.timedelta(days=365), 0))
                .values("org_id").annotate(marked=Count("id"), present=Count("id", filter=Q(status=AttendanceStatus.PRESENT))))
        return {r["org_id"]: (r["present"], r["marked"]) for r in rows if r["org_id"] in self.cell_ids}

    def absentees(self):
        """Members who missed three meetings or more without reason in the last twelve months,
        most first, with the days they missed."""
        rows = (Attendance.objects.in_subtree(self.ward)
                .filter(status=AttendanceStatus.ABSENT, session__kind=SessionKind.REGULAR,
                        session__starts_at__lt=self.now)
                .values_list("member_id", "session__starts_at").order_by("member_id", "session__starts_at"))
        missed = {}
        for member_id, starts_at in rows:
            if member_id in self.members:
                missed.setdefault(member_id, []).append(timezone.localdate(starts_at))
        chosen = [(self.members[pk], days) for pk, days in missed.items() if len(days) >= 3
                  and self.members[pk].status == MemberStatus.FULL]
        chosen.sort(key=lambda pair: (-len(pair[1]), pair[1][-1], pair[0].pk))
        return chosen

    def good_registrations(self, year):
        return list(Registration.objects.in_subtree(self.ward).filter(year=year, result=Result.GOOD)
                    .select_related("member").order_by("member_id"))

    # --- commendations -------------------------------------------------------------------------

    def nominate(self, day, *, recipient_org=None, member=None, reason, basis, year, practice=None, contest=None):
        org = recipient_org if recipient_org is not None else member.org
        by = self.actor(org)
        moment = self.moment(day, 8, 17)
        c = self.at(moment, services.nominate, by=by, recipient=Recipient.COLLECTIVE if recipient_org else Recipient.INDIVIDUAL,
                    recipient_org=recipient_org, member=member, awarding_org=self.ward, form=self.form, year=year,
                    reason=reason, basis=basis, practice=practice, contest=contest)
        Commendation.objects.unscoped().filter(pk=c.pk).update(nominated_at=moment)
        c.nominated_at = moment
        self.used.add(("org", recipient_org.pk) if recipient_org else ("member", member.pk))
        return c

    def approve(self, commendation, day):
        moment = self.moment(day, 14, 17)
        c = self.at(moment, services.approve, commendation, by=self.committee)
        Commendation.objects.unscoped().filter(pk=c.pk).update(approved_at=moment)
        c.approved_at = moment
        return c

    def free(self, kind, pk):
        return (kind, pk) not in self.used

    def practice_reason(self, practice, change):
        level = "xuất sắc" if change.status == "xuat_sac" else "tiêu biểu"
        what = f"mô hình “{practice.name}”"
        if practice.adopted_from_id:
            what = f"mô hình “{practice.name}” (nhân rộng từ mô hình của {practice.adopted_from.org.name})"
        return (f"Có {what} được {change.recognised_by} công nhận mô hình {level} (Quyết định số {change.decision} ngày "
                f"{change.decided_on:%d/%m/%Y}); duy trì hiệu quả, có sức lan tỏa.")

    def round_of_review(self, result):
        """The decision of the ward's review and the nominations it decided on."""
        rng = self.rng
        day, occasion = self.occasion()
        year = day.year
        n_collectives = max(1, round(len(self.cells) / 11))
        n_individuals = max(2, round(len(self.members) / 150))
        nominated_on = working_day(day - datetime.timedelta(days=rng.randint(24, 30)))
        collectives, individuals = [], []  # (kwargs for nominate)

        # Typical models: their owners.
        for practice, change in self.recognised_by(nominated_on):
            reason = self.practice_reason(practice, change)
            if practice.holder == Holder.INDIVIDUAL and practice.member_id in self.members:
                if len(individuals) < 2 and self.free("member", practice.member_id):
                    individuals.append({"member": self.members[practice.member_id], "reason": reason,
                                        "basis": Basis.PRACTICE, "practice": practice})
                    self.used.add(("member", practice.member_id))
            elif practice.holder == Holder.COLLECTIVE and len(collectives) < max(1, n_collectives - 2) \
                    and self.free("org", practice.org_id):
                collectives.append({"recipient_org": practice.org, "reason": reason, "basis": Basis.PRACTICE,
                                    "practice": practice})
                self.used.add(("org", practice.org_id))
        # The cells with the best attendance at their meetings over the year.
        attendance = self.attendance(nominated_on)
        ranked = sorted((c for c in self.cells if c.pk in attendance and attendance[c.pk][1] >= 20),
                        key=lambda c: (-attendance[c.pk][0] / attendance[c.pk][1], c.code))
        for cell in ranked:
            if len(collectives) >= n_collectives:
                break
            if not self.free("org", cell.pk):
                continue
            present, marked = attendance[cell.pk]
            collectives.append({"recipient_org": cell, "basis": Basis.PROGRAMME, "reason": (
                f"Lãnh đạo thực hiện tốt việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; tỷ lệ đảng viên "
                f"dự sinh hoạt chi bộ đạt {_percent(present, marked)}; 100% đảng viên đăng ký việc làm theo "
                f"và thực hiện có kết quả.")})
            self.used.add(("org", cell.pk))
        # The winners of the last monthly contest closed before the nominations.
        contest = (Contest.objects.in_orgs([self.ward.pk]).filter(audience=Audience.MEMBERS,
                                                                 closes_at__lt=local_time(nominated_on, 0))
                   .order_by("-closes_at").first())
        if contest is not None:
            for placing in winners(contest)[:3]:
                member = placing.attempt.member
                if member is None or member.pk not in self.members or not self.free("member", member.pk):
                    continue
                if len(individuals) >= n_individuals:
                    break
                individuals.append({"member": self.members[member.pk], "basis": Basis.CONTEST, "contest": contest,
                                    "reason": f"Đạt giải {RANK_WORDS.get(placing.rank, placing.rank)} cuộc thi “{contest.title}” "
                                              f"do Đảng ủy {self.ward_place} tổ chức ({_score(placing.score)} điểm)."})
                self.used.add(("member", member.pk))
            result.contest = contest
        # Members whose commitments of last year the cell rated "thực hiện tốt".
        good = [r for r in self.good_registrations(year - 1) if r.member_id in self.members
                and self.members[r.member_id].user_id is None]
        # One a cell, so that the commended are spread over the ward.
        cells = {kwargs["member"].org_id for kwargs in individuals}
        for registration in rng.sample(good, len(good)):
            if len(individuals) >= n_individuals:
                break
            cell_id = self.members[registration.member_id].org_id
            if not self.free("member", registration.member_id) or cell_id in cells:
                continue
            cells.add(cell_id)
            deed = next((d.get("text", "") for d in registration.deeds if d.get("text")), "")
            reason = f"Thực hiện tốt các việc làm theo Bác đã đăng ký năm {year - 1}"
            reason += f", tiêu biểu là việc “{deed.rstrip('.')}”." if deed else "."
            individuals.append({"member": self.members[registration.member_id], "basis": Basis.PROGRAMME,
                                "reason": reason})
            self.used.add(("member", registration.member_id))

        rows = []
        for kwargs in collectives + individuals:
            when = working_day(nominated_on + datetime.timedelta(days=rng.randint(0, 6)))
            rows.append(self.nominate(when, year=year, **kwargs))
        approved_on = working_day(day - datetime.timedelta(days=rng.randint(5, 8)))
        for c in rows:
            self.approve(c, approved_on)
        # One nomination of the round declined: a member under a reminder.
        declined = self.decline_one(result, nominated_on, approved_on, year)
        number = f"{rng.randint(80, 260)}-QĐ/ĐU"
        issued = self.at(self.moment(day, 9, 11), services.issue, rows, by=self.committee, decision_number=number,
                         decided_on=day, signer=self.signer)
        result.issued, result.decision, result.decided_on = issued, number, day
        result.declined = declined
        result.occasion = occasion

    def decline_one(self, result, nominated_on, approved_on, year):
        """One nomination of the round the ward declined: a member under a reminder for missing
        meetings, or else a cell whose model had only just started."""
        moment = self.moment(approved_on, 14, 17)
        reminded = [r for r in result.reminders if r.member_id and r.decided_on < nominated_on
                    and (r.closed_on is None or r.closed_on > approved_on) and self.free("member", r.member_id)]
        if reminded:
            reminder = reminded[0]
            c = self.nominate(working_day(nominated_on + datetime.timedelta(days=2)), member=self.members[reminder.member_id],
                              year=year, basis=Basis.PROGRAMME,
                              reason="Hoàn thành tốt nhiệm vụ được giao; tích cực tham gia các phong trào thi đua của đơn vị "
                                     "và nơi cư trú.")
            why = (f"Đồng chí vắng sinh hoạt chi bộ không có lý do nhiều lần trong năm, đang bị "
                   f"{reminder.get_kind_display().lower()} từ ngày {reminder.decided_on:%d/%m/%Y}; chưa đủ điều kiện khen "
                   f"thưởng đợt này.")
        else:
            recent = (Practice.objects.in_subtree(self.ward).exclude(org=self.ward)
                      .filter(status="dang_thuc_hien", holder=Holder.COLLECTIVE, started_on__lte=nominated_on,
                              started_on__gte=nominated_on - datetime.timedelta(days=200))
                      .select_related("org").order_by("started_on", "pk"))
            practice = next((p for p in recent if p.org_id in self.cell_ids and self.free("org", p.org_id)), None)
            if practice is None:
                return []
            c = self.nominate(working_day(nominated_on + datetime.timedelta(days=2)), recipient_org=practice.org, year=year,
                              basis=Basis.PRACTICE, practice=practice,
                              reason=f"Triển khai mô hình “{practice.name}” từ ngày {practice.started_on:%d/%m/%Y}, bước đầu "
                                     f"được đảng viên và quần chúng hưởng ứng.")
            why = ("Mô hình mới thực hiện, kết quả chưa rõ, chưa được công nhận tiêu biểu; đề nghị chi bộ tiếp tục duy trì, "
                   "xem xét ở đợt tổng kết cuối năm.")
        c = self.at(moment, services.decline, c, by=self.committee, reason=why)
        Commendation.objects.unscoped().filter(pk=c.pk).update(approved_at=moment)
        return [c]

    def year_end_nominations(self, result):
        """What the cells sent for the year-end review in the last weeks: some approved and
        awaiting the decision, the latest still to approve."""
        rng, today = self.rng, self.today
        year = today.year
        label = f"năm {year}" if today.month >= 9 else f"6 tháng đầu năm {year}"
        rows = []
        # Recognised models whose owner has not been commended yet.
        for practice, change in self.recognised_by(today):
            if len(rows) >= 2:
                break
            if practice.holder == Holder.COLLECTIVE and self.free("org", practice.org_id):
                rows.append({"recipient_org": practice.org, "basis": Basis.PRACTICE, "practice": practice,
                             "reason": self.practice_reason(practice, change)})
                self.used.add(("org", practice.org_id))
            elif practice.holder == Holder.INDIVIDUAL and practice.member_id in self.members \
                    and self.free("member", practice.member_id):
                rows.append({"member": self.members[practice.member_id], "basis": Basis.PRACTICE, "practice": practice,
                             "reason": self.practice_reason(practice, change)})
                self.used.add(("member", practice.member_id))
        # The winner of the secretary's cell contest, nominated by the cell.
        home = next((c for c in self.cells if c.pk in self.secretaries), None)
        if home is not None:
            cell_contest = (Contest.objects.in_orgs([home.pk]).filter(closes_at__lt=self.now).order_by("-closes_at")
                            .first())
            if cell_contest is not None:
                top = next((p for p in winners(cell_contest) if p.attempt.member_id in self.members
                            and self.free("member", p.attempt.member_id)), None)
                if top is not None:
                    rows.append({"member": self.members[top.attempt.member_id], "basis": Basis.CONTEST,
                                 "contest": cell_contest,
                                 "reason": f"Về nhất kỳ thi trắc nghiệm tại buổi sinh hoạt chi bộ ngày "
                                           f"{timezone.localdate(cell_contest.opens_at):%d/%m/%Y} (mô hình “Khắc sâu tư "
                                           f"tưởng đảng viên”, {_score(top.score)} điểm); tích cực học tập, nghiên cứu "
                                           f"nghị quyết."})
                    self.used.add(("member", top.attempt.member_id))
        # A member whose commitments this year are well under way.
        good = [r for r in self.good_registrations(year - 1) if r.member_id in self.members
                and self.members[r.member_id].user_id is None and self.free("member", r.member_id)]
        if good:
            registration = rng.choice(good)
            rows.append({"member": self.members[registration.member_id], "basis": Basis.REVIEW,
                         "reason": f"Thực hiện tốt việc làm theo Bác năm {year - 1}; năm {year} tiếp tục gương mẫu, được "
                                   f"chi bộ đề nghị biểu dương tại hội nghị tổng kết {label}."})
            self.used.add(("member", registration.member_id))
        made = []
        for i, kwargs in enumerate(rows):
            day = today - datetime.timedelta(days=rng.randint(6, 20) if i < len(rows) // 2 + 1 else rng.randint(0, 4))
            day = working_day(day) if working_day(day) <= today else day
            made.append((day, self.nominate(day, year=year, **kwargs)))
        made.sort(key=lambda pair: (pair[0], pair[1].pk))
        approved_count = max(1, len(made) // 2)
        for day, c in made[:approved_count]:
            approve_on = min(day + datetime.timedelta(days=rng.randint(2, 5)), today)
            result.approved.append(self.approve(c, approve_on))
        result.nominated = [c for _, c in made[approved_count:]]

    # --- reminders -------------------------------------------------------------------------------

    def reminders(self, result):
        """The two members who missed most meetings without reason, reminded by their cell at
        the meeting after their last absence: the one whose absences are oldest has made up for
        it (closed), the most recent one is still followed; then the weakest cell."""
        rng, today = self.rng, self.today
        absentees = sorted(self.absentees()[:6], key=lambda pair: (pair[1][-1], pair[0].pk))
        chosen = []
        if absentees and absentees[0][1][-1] + datetime.timedelta(days=130) < today:
            chosen.append((absentees.pop(0), True))
        if absentees:
            chosen.append((absentees.pop(), False))
        for (member, days), closes in chosen:
            cell = member.org
            last = days[-1]
            decided_on = last + datetime.timedelta(days=rng.randint(26, 34))
            if decided_on >= today:
                decided_on = max(last, today - datetime.timedelta(days=rng.randint(1, 4)))
            months = ", ".join(f"{d.month}/{d.year}" for d in days)
            kind = ReminderKind.REMINDER if len(days) <= 3 else ReminderKind.REVIEW
            follow_up_on = decided_on + datetime.timedelta(days=90)
            if not closes:
                follow_up_on = max(follow_up_on, today + datetime.timedelta(days=rng.randint(20, 45)))
            moment = self.moment(decided_on, 20, 21)
            reminder = self.at(moment, services.record_reminder, by=self.actor(cell), org=cell, member=member, kind=kind,
                               decided_by=cell, decided_on=decided_on, follow_up_on=follow_up_on,
                               reason=f"Vắng sinh hoạt chi bộ {len(days)} lần không có lý do (tháng {months}); chưa thực "
                                      f"hiện đầy đủ nhiệm vụ đảng viên theo Điều lệ Đảng.")
            Reminder.objects.unscoped().filter(pk=reminder.pk).update(created_at=moment)
            if closes:
                self.at(self.moment(follow_up_on, 20, 21), services.record_outcome, reminder, by=self.actor(cell),
                        closed_on=follow_up_on,
                        outcome="Đồng chí đã nhận khuyết điểm trước chi bộ, tham gia đầy đủ sinh hoạt chi bộ từ đó đến nay; "
                                "chi bộ kết thúc theo dõi.")
            reminder.refresh_from_db()
            result.reminders.append(reminder)
        # The cell with the lowest attendance, reminded by the ward.
        attendance = self.attendance(today)
        weak = sorted((c for c in self.cells if c.pk in attendance and attendance[c.pk][1] >= 20),
                      key=lambda c: (attendance[c.pk][0] / attendance[c.pk][1], c.code))
        if weak and len(self.cells) >= 10:
            cell = weak[0]
            present, marked = attendance[cell.pk]
            decided_on = working_day(today - datetime.timedelta(days=rng.randint(50, 70)))
            follow_up_on = today - datetime.timedelta(days=rng.randint(1, 6))
            reminder = self.at(self.moment(decided_on, 9, 11), services.record_reminder, by=self.committee, org=cell,
                               kind=ReminderKind.REMINDER, decided_by=self.ward, decided_on=decided_on,
                               follow_up_on=follow_up_on,
                               reason=f"Tỷ lệ đảng viên dự sinh hoạt chi bộ thấp ({_percent(present, marked)} "
                                      f"trong 12 tháng); chậm triển khai học tập chuyên đề năm, chất lượng sinh hoạt chưa cao.")
            Reminder.objects.unscoped().filter(pk=reminder.pk).update(created_at=self.moment(decided_on, 9, 11))
            report_on = follow_up_on - datetime.timedelta(days=rng.randint(3, 8))
            self.at(self.moment(report_on, 20, 21), services.record_outcome, reminder, by=self.committee,
                    outcome="Chi ủy đã kiểm điểm, phân công chi ủy viên nhắc lịch sinh hoạt đến từng đảng viên; sinh hoạt "
                            "tháng gần nhất có mặt trên 85%. Đảng ủy tiếp tục theo dõi.")
            reminder.refresh_from_db()
            result.reminders.append(reminder)

    # --- the inspection and supervision plan ---------------------------------------------------

    def plan(self, result):
        """The ward's plan for the year, drawn up in January; the items over by now concluded,
        with tasks for about one target in two (always the weakest cell at the first
        inspection, which has reported its task done)."""
        rng, today = self.rng, self.today
        year = today.year
        place = self.ward_place
        residential = [c for c in self.cells if c.sector == Sector.COMMUNE]
        others = [c for c in self.cells if c.sector != Sector.COMMUNE]
        attendance = self.attendance(today)

        def rate(cell):
            present, marked = attendance.get(cell.pk, (0, 0))
            return present / marked if marked else 1

        weakest = min(residential or self.cells, key=lambda c: (rate(c), c.code))
        adopters = {}
        for name, org_id in Practice.objects.in_subtree(self.ward).filter(adopted_from__org=self.ward).values_list(
                "adopted_from__name", "org_id"):
            adopters.setdefault(name, set()).add(org_id)
        dan_van = adopters.get("Mỗi đảng viên gắn bó, giúp đỡ 10 hộ dân", set())
        leaders = adopters.get("Người đứng đầu nói đi đôi với làm, gương mẫu đi trước", set())

        def pick(pool, count, *, first=None):
            pool = [c for c in pool if c != first]
            chosen = sorted(rng.sample(pool, min(count, len(pool))), key=lambda c: c.code)
            return ([first] if first else []) + chosen

        small = len(self.cells) < 10
        specs = [
            {"kind": InspectionKind.INSPECTION, "start": (3, 9), "end": (4, 24), "weakest": weakest,
             "content": "Kiểm tra việc lãnh đạo, chỉ đạo học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
                        "gắn với thực hiện Kết luận 01-KL/TW; việc đảng viên đăng ký và thực hiện việc làm theo, cam kết "
                        "nêu gương.",
             "targets": pick(residential, 1 if small else 2, first=weakest) + pick(others, 1),
             "inspectors": f"Ủy ban Kiểm tra Đảng ủy {place}",
             "finding": "Các chi bộ được kiểm tra đã quán triệt Kết luận 01-KL/TW, xây dựng kế hoạch năm; phần lớn đảng "
                        "viên đăng ký việc làm theo cụ thể, gắn với nhiệm vụ được giao.",
             "tasks": ["Tổ chức sinh hoạt chuyên đề bù cho đảng viên vắng; bổ sung bản đăng ký việc làm theo của đảng viên "
                       "chưa đăng ký; báo cáo kết quả về Ủy ban Kiểm tra Đảng ủy.",
                       "Cập nhật sổ theo dõi việc làm theo của đảng viên; đưa việc kiểm điểm tiến độ vào sinh hoạt chi bộ "
                       "hằng quý."],
             "done": "Chi bộ đã tổ chức sinh hoạt chuyên đề bù cho đảng viên vắng; 100% đảng viên đã có bản đăng ký việc "
                     "làm theo; chi ủy đã báo cáo Ủy ban Kiểm tra Đảng ủy."},
            {"kind": InspectionKind.SUPERVISION, "start": (5, 11), "end": (6, 30),
             "content": "Giám sát chuyên đề việc thực hiện mô hình “Mỗi đảng viên gắn bó, giúp đỡ 10 hộ dân” ở các chi bộ "
                        "khu phố, ấp.",
             "targets": pick([c for c in residential if c.pk in dan_van] or residential, 2 if small else 4),
             "inspectors": f"Ban Thường vụ Đảng ủy {place}; Ban Xây dựng Đảng",
             "finding": "Các chi bộ được giám sát đã phân công đảng viên phụ trách hộ; đảng viên nắm được tình hình các hộ, "
                        "kịp thời phản ánh ý kiến của người dân.",
             "tasks": ["Kiện toàn phân công đảng viên phụ trách hộ (có đảng viên cao tuổi nhận quá nhiều hộ); cập nhật sổ "
                       "theo dõi các hộ được phân công, báo cáo Đảng ủy."]},
            {"kind": InspectionKind.SUPERVISION, "start": (8, 3), "end": (9, 30),
             "content": "Giám sát việc thực hiện trách nhiệm nêu gương của người đứng đầu chi bộ, cơ quan, đơn vị trong học "
                        "tập và làm theo Bác.",
             "targets": pick([c for c in others if c.pk in leaders] or others or self.cells, 1 if small else 3),
             "inspectors": f"Ban Thường vụ Đảng ủy {place}",
             "finding": "Người đứng đầu các chi bộ, đơn vị được giám sát đã công khai bản đăng ký nêu gương, báo cáo kết "
                        "quả trong sinh hoạt chi bộ.",
             "tasks": ["Người đứng đầu bổ sung việc làm nêu gương có kết quả đo được; công khai tiến độ trong sinh hoạt chi "
                       "bộ hằng quý."]},
            {"kind": InspectionKind.INSPECTION, "start": (10, 12), "end": (11, 27),
             "content": "Kiểm tra việc chấp hành chế độ sinh hoạt chi bộ và chất lượng sinh hoạt chuyên đề học tập và làm "
                        "theo Bác.",
             "targets": pick(residential, 2 if small else 3) + ([] if small else pick(others, 1)),
             "inspectors": f"Đoàn kiểm tra số 2 của Ban Thường vụ Đảng ủy {place}",
             "finding": "Các chi bộ được kiểm tra duy trì sinh hoạt định kỳ; nội dung chuyên đề bám sát chuyên đề năm.",
             "tasks": ["Chấn chỉnh việc ghi biên bản sinh hoạt chi bộ; nghị quyết tháng phải có nội dung làm theo Bác cụ "
                       "thể."]},
            {"kind": InspectionKind.SUPERVISION, "start": (2, 2), "end": (12, 31),
             "content": "Giám sát thường xuyên việc học tập, tu dưỡng, rèn luyện đạo đức, lối sống của cán bộ, đảng viên "
                        "theo Quy định 144-QĐ/TW và việc nêu gương theo Kết luận 01-KL/TW.",
             "targets": [self.ward], "inspectors": f"Ủy ban Kiểm tra Đảng ủy {place}", "finding": "", "tasks": []},
        ]
        if not small:
            specs.append(
                {"kind": InspectionKind.INSPECTION, "start": (12, 1), "end": (12, 22),
                 "content": "Kiểm tra việc sơ kết, đánh giá các mô hình học tập và làm theo Bác; việc đề nghị công nhận mô "
                            "hình tiêu biểu và khen thưởng cuối năm.",
                 "targets": pick(residential, 2) + pick(others, 1), "inspectors": f"Ủy ban Kiểm tra Đảng ủy {place}",
                 "finding": "", "tasks": []})
        plan_day = working_day(datetime.date(year, 1, rng.randint(12, 16)))
        created = self.moment(min(plan_day, today), 9, 16)
        for spec in specs:
            item = self.at(created, services.create_item, by=self.committee, org=self.ward, year=year, kind=spec["kind"],
                           content=spec["content"], targets=spec["targets"], starts_on=datetime.date(year, *spec["start"]),
                           ends_on=datetime.date(year, *spec["end"]), inspectors=spec["inspectors"])
            InspectionItem.objects.unscoped().filter(pk=item.pk).update(created_at=created)
            result.items.append(item)
            concluded_on = working_day(item.ends_on + datetime.timedelta(days=rng.randint(7, 15)))
            if not spec["tasks"] or concluded_on >= today:
                continue
            tasks = self.follow_ups(spec, concluded_on)
            short = {t["org"].pk for t in tasks}
            good = [t.name.removeprefix("Chi bộ ") for t in spec["targets"] if t.pk not in short]
            conclusion = spec["finding"]
            if good:
                conclusion += f" Thực hiện tốt: {', '.join(good)}."
            conclusion += (" Còn hạn chế, cần khắc phục: "
                           f"{', '.join(t['org'].name.removeprefix('Chi bộ ') for t in tasks)} (việc phải làm kèm theo).")
            self.at(self.moment(concluded_on, 14, 16), services.conclude, item, by=self.committee, conclusion=conclusion,
                    concluded_on=concluded_on, follow_ups=tasks)
            item.refresh_from_db()
            if spec.get("done"):
                follow_up = item.follow_ups.filter(org=spec["weakest"]).first()
                done_on = follow_up.due_on - datetime.timedelta(days=rng.randint(3, 12)) if follow_up else None
                if follow_up is not None and concluded_on <= done_on < today:
                    self.at(self.moment(done_on, 20, 21), services.mark_follow_up_done, follow_up,
                            by=self.actor(follow_up.org), done_on=done_on, note=spec["done"])

    def follow_ups(self, spec, concluded_on):
        """Tasks for the targets that fell short: about one in two, the weakest cell always."""
        rng = self.rng
        cells = [t for t in spec["targets"] if t.pk != self.ward.pk]
        short = [c for c in cells if c == spec.get("weakest") or rng.random() < 0.45] or cells[:1]
        tasks = []
        for index, cell in enumerate(short):
            due_on = concluded_on + datetime.timedelta(days=rng.choice([30, 45, 60]))
            text = spec["tasks"][0] if cell == spec.get("weakest") else spec["tasks"][index % len(spec["tasks"])]
            if cell != spec.get("weakest") and len(spec["tasks"]) > 1:
                text = spec["tasks"][1]
            tasks.append({"org": cell, "text": text, "due_on": due_on})
        return tasks


@transaction.atomic
def build_year(ward, *, seed=7, stdout=None, now=None):
    """Add the ward's commendations of the year, reminders and the inspection and supervision
    plan (see the module docstring). Returns DemoAwards."""
    started = time.monotonic()
    builder = _Builder(ward, seed, now or timezone.now())
    result = DemoAwards()
    if builder.committee is None or builder.form is None or not builder.cells:
        return result
    builder.reminders(result)
    builder.round_of_review(result)
    builder.year_end_nominations(result)
    builder.plan(result)
    start, end = selectors.year_bounds(result.decided_on.year)
    result.figures = selectors.figures(ward, start, end)
    total = result.figures.total
    concluded = sum(1 for i in result.items if InspectionItem.objects.unscoped().get(pk=i.pk).concluded_on)
    follow_ups = sum(i.follow_ups.count() for i in result.items)
    done = sum(i.follow_ups.filter(done_on__isnull=False).count() for i in result.items)
    open_reminders = sum(1 for r in result.reminders if r.closed_on is None)
    summary = (f"khen thưởng {format_number(total.collectives)} tập thể, {format_number(total.individuals)} cá nhân tiêu "
               f"biểu (Quyết định số {result.decision} ngày {result.decided_on:%d/%m/%Y}), "
               f"{format_number(len(result.approved))} đã duyệt chờ quyết định, {format_number(len(result.nominated))} "
               f"đề nghị chờ duyệt, {format_number(len(result.declined))} không duyệt; "
               f"{format_number(len(result.reminders))} nhắc nhở, kiểm điểm ({format_number(open_reminders)} đang theo dõi); "
               f"kế hoạch kiểm tra, giám sát năm {builder.today.year}: {format_number(len(result.items))} nội dung, "
               f"{format_number(concluded)} đã kết luận, {format_number(follow_ups)} việc phải làm "
               f"({format_number(done)} đã xong)")
    log_action("demo.build", by=builder.committee, org=ward, obj=ward, summary=f"Dữ liệu mẫu khen thưởng: {summary}"[:300],
               after={"seed": seed, "commendations": len(result.commendations), "issued": len(result.issued),
                      "reminders": len(result.reminders), "inspection_items": len(result.items)})
    _say(stdout, f"{ward.name} — khen thưởng, kiểm tra: {summary} ({format_number(time.monotonic() - started, 1)} giây).\n")
    return result
