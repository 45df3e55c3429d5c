"""A year of study activity for a demo ward (`hocbac demo`), written through the study and
library services: the ward committee's campaign for the yearly topic and one for a resolution,
a ward conference inviting every cell, each cell's monthly meeting for the last 12 months with
attendance, and some document reads. The current month is left partly undone (meetings still to
come, one whose attendance is not taken yet) so the to-do panels have something to show.

Deterministic for a seed and a date: every draw comes from one `random.Random`.
"""

import datetime
import random
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from hocbac.core.text import format_number, format_percent
from hocbac.library import services as library_services
from hocbac.library.models import Document, DocumentKind, Topic
from hocbac.orgs.demo import age_on, local_time, ward_staff, working_day
from hocbac.orgs.models import (
    ELIGIBLE_STATUSES,
    MEMBER_HOLDING_KINDS,
    Member,
    MemberStatus,
    Organization,
    RoleGrant,
    Sector,
)

from . import selectors, services
from .models import Attendance, AttendanceStatus, SessionKind

YEARLY_TOPIC = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về xây dựng hệ thống chính trị "
    "tinh gọn, hoạt động hiệu năng, hiệu lực, hiệu quả, gắn bó mật thiết với Nhân dân"
)
YEARLY_DOCUMENTS = ["05-CT/TW", "01-KL/TW"]
RESOLUTION_DOCUMENTS = ["21-NQ/TW", "366-QĐ/TW"]

PRESENT, EXCUSED, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT


@dataclass
class DemoYear:
    campaigns: list
    sessions: int = 0
    marks: int = 0
    present: int = 0
    reads: int = 0
    flagged: list = field(default_factory=list)


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _month_start(day, offset):
    index = day.year * 12 + day.month - 1 + offset
    return datetime.date(index // 12, index % 12 + 1, 1)





def _yearly_topic(province, year, *, by):
    """The year's thematic topic under the whole-term one, published by the province (reused
    when a second ward is built)."""
    existing = Topic.objects.filter(org=province, year=year).order_by("pk").first()
    if existing:
        return existing
    whole_term = Topic.objects.filter(year__isnull=True, parent__isnull=True).order_by("pk").first()
    if whole_term is None:
        return None
    return library_services.create_topic(
        by=by, org=province, name=YEARLY_TOPIC, year=year, parent=whole_term,
        description=f"Chuyên đề năm {year}: học tập gắn với sắp xếp tổ chức bộ máy sau khi bỏ cấp huyện; "
                    "mỗi đảng viên đăng ký một việc làm theo cụ thể trong sinh hoạt chi bộ.",
    )


class _Attendance:
    """Who comes to a meeting: most members nearly always; the elderly are more often excused;
    a weak cell less; a few chosen members miss meetings without reason."""

    def __init__(self, rng, today, weak_cells, flagged, missed_conference):
        self.rng, self.today, self.weak_cells, self.flagged = rng, today, weak_cells, flagged
        self.missed_conference = missed_conference

    def draw(self, member, cell_id, *, month=None, conference=False):
        if conference and member.pk in self.missed_conference:
            return EXCUSED
        if member.pk in self.flagged and month is not None:
            if month in self.flagged[member.pk]:
                return ABSENT
            present, excused = 0.75, 0.25
        elif cell_id in self.weak_cells:
            present, excused = 0.72, 0.2
        elif age_on(member, self.today) >= 75:
            present, excused = (0.8, 0.195) if conference else (0.88, 0.115)
        else:
            present, excused = 0.965, 0.031
        r = self.rng.random()
        return PRESENT if r < present else EXCUSED if r < present + excused else ABSENT


def _take_attendance(session, cells, members, people, *, by, month=None, conference=False):
    """Everyone present in one bulk call, then the absent ones one by one (as a secretary taps
    them). Returns (marks, present)."""
    services.mark_all_present(session, cells=cells, by=by)
    marks = list(Attendance.objects.in_subtrees(cells).filter(session=session).order_by("member_id")
                 .values_list("member_id", "org_id"))
    present = 0
    for member_id, cell_id in marks:
        status = people.draw(members[member_id], cell_id, month=month, conference=conference)
        if status == PRESENT:
            present += 1
        else:
            services.record_attendance(session, members[member_id], status, by=by, log=False)
    return len(marks), present


@transaction.atomic
def build_year(ward, seed=7, stdout=None, now=None):
    """Add a year of study activity to `ward` (see the module docstring). Returns DemoYear."""
    started = time.monotonic()
    now = now or timezone.now()
    today = timezone.localdate(now)
    rng = random.Random(f"hocbac-study-{seed}-{ward.code}")
    result = DemoYear(campaigns=[])

    province = Organization.objects.get(pk=ward.ancestor_ids()[0])
    committee, secretaries = ward_staff(ward)
    cells = list(Organization.objects.filter(path__startswith=ward.path, kind__in=MEMBER_HOLDING_KINDS,
                                             dissolved_on__isnull=True).order_by("code"))
    members = {m.pk: m for m in Member.objects.in_subtree(ward).order_by("pk")}
    by_cell = {}
    for member in members.values():
        by_cell.setdefault(member.org_id, []).append(member)
    place_name = ward.name.removeprefix("Đảng bộ ")

    # Documents and campaigns.
    year = today.year if today.month >= 3 else today.year - 1
    topic = _yearly_topic(province, year, by=committee)
    reference = {d.number_symbol: d for d in Document.objects.unscoped().filter(
        org__isnull=True, number_symbol__in=YEARLY_DOCUMENTS + RESOLUTION_DOCUMENTS)}
    plan_document = library_services.create_document(
        by=committee, org=ward, kind=DocumentKind.PLAN, number_symbol=f"{rng.randint(12, 40)}-KH/ĐU",
        issued_on=datetime.date(year, 1, 12), issuer=f"Đảng ủy {place_name}",
        title=f"Kế hoạch học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm {year}",
        summary=(f"Mỗi chi bộ sinh hoạt chuyên đề năm {year} ít nhất một lần, đưa nội dung học tập và làm theo Bác "
                 "vào sinh hoạt chi bộ thường kỳ; mỗi đảng viên đăng ký một việc làm theo cụ thể; "
                 "người đứng đầu gương mẫu đi trước."),
        topics=[topic] if topic else [],
    )
    yearly_documents = [plan_document, *(reference[s] for s in YEARLY_DOCUMENTS if s in reference)]
    yearly = services.create_campaign(
        by=committee, org=ward, title=f"Học tập chuyên đề năm {year}", topic=topic, documents=yearly_documents,
        starts_on=datetime.date(year, 1, 20), due_on=datetime.date(year, 12, 31),
        description="Các chi bộ tổ chức sinh hoạt chuyên đề và báo cáo kết quả về Đảng ủy trước ngày 31/12.",
    )
    resolution_documents = [reference[s] for s in RESOLUTION_DOCUMENTS if s in reference]
    resolution = services.create_campaign(
        by=committee, org=ward, title="Học tập, quán triệt Nghị quyết 21-NQ/TW và Quy định 366-QĐ/TW",
        documents=resolution_documents, starts_on=today - datetime.timedelta(days=40),
        due_on=today + datetime.timedelta(days=50),
        description="Toàn thể đảng viên nghiên cứu, học tập; chi bộ nào chưa dự hội nghị của Đảng ủy thì học bù "
                    "trong sinh hoạt chi bộ.",
    )
    result.campaigns = [yearly, resolution]

    # Which cells lag behind, and who misses meetings without reason.
    secretary_cell_ids = set(secretaries)
    residential = [c for c in cells if c.sector == Sector.COMMUNE and c.pk not in secretary_cell_ids]
    # Only a ward of some size has laggards; in a ward of three cells one would be a third of it.
    weak = rng.sample(residential, 2) if len(cells) >= 10 and len(residential) >= 2 else []
    low_turnout = {weak[0].pk} if weak else set()
    late_cell_id = weak[1].pk if len(weak) > 1 else None
    others = [c for c in cells if c.pk not in secretary_cell_ids and c not in weak]
    pending_cell_ids = {c.pk for c in rng.sample(others, min(2, len(others) // 5))}

    window_start = _month_start(today, -11)
    held_months = list(range(-11, 0))
    flagged = {}
    flag_from = [c for c in cells if c.pk in secretary_cell_ids] + rng.sample(others, len(others))
    for cell in flag_from:
        if len(flagged) == 2:
            break
        candidates = [m for m in by_cell.get(cell.pk, [])[3:]
                      if m.status == MemberStatus.FULL and m.user_id is None and m.admitted_on < window_start]
        if candidates:
            chosen = rng.choice(candidates)
            flagged[chosen.pk] = set(rng.sample(held_months, rng.choice([3, 4])))
    result.flagged = [members[pk] for pk in flagged]
    # The demo member (an account without a role) was away for the conference: the campaign
    # shows on their to-do list until their cell's meeting.
    grant_users = set(RoleGrant.objects.in_subtree(ward).values_list("user_id", flat=True))
    missed_conference = {m.pk for m in members.values() if m.user_id and m.user_id not in grant_users}
    people = _Attendance(rng, today, low_turnout, flagged, missed_conference)

    # The ward conference for the resolution, about a week ago, inviting every cell: after the
    # previous month's meetings of every residential cell (held by the 12th), so a member who
    # missed it still has the campaign to do until their cell's next meeting, whatever the date.
    conference_day = working_day(today - datetime.timedelta(days=9))
    conference = services.create_session(
        by=committee, org=ward, kind=SessionKind.CONFERENCE,
        title="Hội nghị học tập, quán triệt Nghị quyết 21-NQ/TW và Quy định 366-QĐ/TW",
        starts_at=local_time(conference_day, 7, 30), ends_at=local_time(conference_day, 11, 0), invited_orgs=[ward],
        documents=resolution_documents, campaign=resolution,
        place=f"Hội trường Đảng ủy {place_name}, kết nối trực tuyến đến các chi bộ",
    )
    marks, present = _take_attendance(conference, [ward], members, people, by=committee, conference=True)
    services.set_non_members(conference, count=rng.randint(30, 60), by=committee)
    result.sessions += 1
    result.marks += marks
    result.present += present

    # Each cell's monthly meetings.
    yearly_months = [k for k in held_months
                     if _month_start(today, k).year == year and _month_start(today, k) >= datetime.date(year, 2, 1)]
    for cell in cells:
        by = secretaries.get(cell.pk, committee)
        is_residential = cell.sector == Sector.COMMUNE
        unit = cell.name.removeprefix("Chi bộ ")
        place = f"Nhà văn hóa {unit}" if is_residential else f"Phòng họp {unit}"
        day_of_month = rng.randint(3, 12) if is_residential else rng.randint(3, 25)
        hour, minute, hours = (19, 30, 2) if is_residential else (14, 0, 2.5)
        if cell.pk == late_cell_id or not yearly_months:
            yearly_month = 0
        else:
            yearly_month = rng.choices(yearly_months, weights=range(len(yearly_months), 0, -1))[0]
        for month in range(-11, 1):
            first = _month_start(today, month)
            day = first.replace(day=day_of_month)
            if not is_residential:
                day = working_day(day)
            take = True
            if month == 0:
                if cell.pk in secretary_cell_ids or cell.pk == late_cell_id or day >= today:
                    # Still to come: it shows on members' to-do lists.
                    day, take = max(day, today + datetime.timedelta(days=rng.randint(2, 6))), False
                elif cell.pk in pending_cell_ids:
                    take = False  # held, but the secretary has not taken attendance yet
            campaign, documents = None, []
            title = f"Sinh hoạt chi bộ thường kỳ tháng {first.month}/{first.year}"
            if month == yearly_month:
                campaign, documents = yearly, yearly_documents
                title += f" — chuyên đề năm {year}"
            elif month == 0 or day >= conference_day:
                campaign, documents = resolution, resolution_documents
                title += " — học tập Nghị quyết 21-NQ/TW"
            starts_at = local_time(day, hour, minute)
            session = services.create_session(
                by=by, org=cell, kind=SessionKind.REGULAR, title=title, starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=hours), documents=documents, campaign=campaign,
                place=place,
            )
            result.sessions += 1
            if take:
                marks, present = _take_attendance(session, [cell], members, people, by=by, month=month)
                result.marks += marks
                result.present += present
                if campaign is yearly and is_residential:
                    services.set_non_members(session, count=rng.randint(4, 15), by=by)

    # Members who opened the documents on their phones.
    for member in members.values():
        if member.status not in ELIGIBLE_STATUSES or not member.phone or age_on(member, today) >= 72:
            continue
        for document in yearly_documents:
            if member.user_id or rng.random() < 0.35:
                library_services.record_read(document, member=member)
                result.reads += 1
        for document in resolution_documents:
            if rng.random() < 0.25:
                library_services.record_read(document, member=member)
                result.reads += 1

    total, _ = selectors.campaign_coverage(yearly, ward, today=today)
    _say(stdout, (
        f"{ward.name}: {format_number(result.sessions)} buổi học tập, sinh hoạt; "
        f"{format_number(result.marks)} lượt điểm danh, có mặt {format_percent(result.present, result.marks)}; "
        f"học tập chuyên đề năm {year}: {total.text} "
        f"({format_number(time.monotonic() - started, 1)} giây).\n"
    ))
    return result
