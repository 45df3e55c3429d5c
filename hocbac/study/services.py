"""Writes for campaigns, sessions and attendance. Each write is one transaction; those a person
could dispute (a secretary's marks, imports, bulk marks) are audit-logged."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hocbac.core.audit import log_action, snapshot
from hocbac.reports import stale

from . import selectors
from .models import Attendance, AttendanceSource, AttendanceStatus, Campaign, StudySession

# Members may check in from 30 minutes before the start until the end.
CHECKIN_OPENS_BEFORE = datetime.timedelta(minutes=30)
SESSION_FIELDS = ["kind", "title", "starts_at", "ends_at", "place", "campaign", "non_member_count"]


def _check_inside(org, others, what):
    for other in others:
        if not other.path.startswith(org.path):
            raise ValidationError(f"{what} “{other.name}” không thuộc {org.name}.")


@transaction.atomic
def create_campaign(*, by, org, title, starts_on, due_on, documents=(), topic=None, description=""):
    if due_on < starts_on:
        raise ValidationError("Hạn hoàn thành phải sau ngày bắt đầu.")
    campaign = Campaign.objects.create(org=org, title=title, starts_on=starts_on, due_on=due_on,
                                       topic=topic, description=description, created_by=by)
    campaign.documents.set(documents)
    # Every organisation under `org` counts the campaign from now on.
    stale.touch([org], starts_on, facts=stale.Facts.CAMPAIGNS)
    log_action("campaign.create", by=by, org=org, obj=campaign, summary=f"Phát động học tập: {title}",
               after={"title": title, "due_on": due_on, "documents": [d.pk for d in documents]})
    return campaign


@transaction.atomic
def create_session(*, by, org, kind, title, starts_at, ends_at, invited_orgs=None, documents=(),
                   campaign=None, place=""):
    """Plan a session organised by `org`; invited organisations default to `org` itself and
    must lie inside its subtree."""
    if ends_at <= starts_at:
        raise ValidationError("Giờ kết thúc phải sau giờ bắt đầu.")
    invited = list(invited_orgs or [org])
    _check_inside(org, invited, "Tổ chức được mời")
    if StudySession.objects.in_orgs([org.pk]).filter(title=title, starts_at=starts_at).exists():
        # A doubled or retried submission of the same form.
        raise ValidationError(f"{org.name} đã có buổi “{title}” lúc {timezone.localtime(starts_at):%H:%M %d/%m/%Y}.")
    session = StudySession.objects.create(org=org, kind=kind, title=title, starts_at=starts_at, ends_at=ends_at,
                                          place=place, campaign=campaign, created_by=by)
    session.invited_orgs.set(invited)
    session.documents.set(documents)
    stale.touch([org], starts_at, facts=stale.Facts.ATTENDANCE)
    log_action("session.create", by=by, org=org, obj=session, summary=f"Tạo buổi: {title}",
               after={**snapshot(session, SESSION_FIELDS), "invited": [o.pk for o in invited]})
    return session


def _mark_taken(session, now=None):
    if session.attendance_taken_at is None:
        session.attendance_taken_at = now or timezone.now()
        StudySession.objects.in_orgs([session.org_id]).filter(pk=session.pk, attendance_taken_at__isnull=True).update(
            attendance_taken_at=session.attendance_taken_at
        )


def _invited_cell_of(session, member):
    cell = selectors.invited_cell_of(session, member)
    if cell is None:
        raise ValidationError(f"Đồng chí {member.full_name} không thuộc danh sách được mời dự buổi này.")
    return cell


@transaction.atomic
def record_attendance(session, member, status, *, by, source=AttendanceSource.SECRETARY, log=True):
    """Set one invited member's attendance (idempotent: the same mark twice changes nothing).
    `log=False` when the caller writes one audit entry for a whole batch (Excel import)."""
    status = AttendanceStatus(status)
    cell = _invited_cell_of(session, member)
    existing = Attendance.objects.in_orgs([cell.pk]).select_for_update().filter(session=session, member=member).first()
    if existing and existing.status == status:
        return existing
    if existing:
        before = existing.status
        existing.status, existing.source, existing.recorded_by = status, source, by
        existing.save(update_fields=["status", "source", "recorded_by", "recorded_at"])
        attendance = existing
    else:
        before = None
        try:
            with transaction.atomic():  # a savepoint: a double tap may have inserted it already
                attendance = Attendance.objects.create(session=session, member=member, org=cell, status=status,
                                                       source=source, recorded_by=by)
        except IntegrityError:
            return record_attendance(session, member, status, by=by, source=source, log=log)
    taken_now = session.attendance_taken_at is None
    _mark_taken(session)
    if log:  # a batch (log=False: the Excel import, the demo) marks the summaries stale once itself
        stale.touch([cell, session.org_id if taken_now else None], session.starts_at, facts=stale.Facts.ATTENDANCE)
        log_action("attendance.set", by=by, org=cell, obj=attendance,
                   summary=f"{member.full_name}: {status.label} — {session.title}",
                   before={"status": before} if before else None, after={"status": status.value, "source": source})
    return attendance


@transaction.atomic
def mark_all_present(session, *, cells, by):
    """Record every invited member of `cells` who has no mark yet as present: the secretary
    then taps only the few absent. Returns how many were marked."""
    invited = selectors.invited_members(session, within=cells)
    marked = set(Attendance.objects.in_orgs([c.pk for c in cells]).filter(session=session).values_list("member_id", flat=True))
    rows = [Attendance(session=session, member=m, org_id=m.cell_id, status=AttendanceStatus.PRESENT,
                       source=AttendanceSource.SECRETARY, recorded_by=by)
            for m in invited if m.pk not in marked]
    Attendance.objects.bulk_create(rows, ignore_conflicts=True)
    taken_now = session.attendance_taken_at is None
    _mark_taken(session)
    stale.touch([*(row.org_id for row in rows), session.org_id if taken_now else None], session.starts_at, facts=stale.Facts.ATTENDANCE)
    if rows:
        log_action("attendance.all_present", by=by, org=cells[0] if len(cells) == 1 else session.org, obj=session,
                   summary=f"Điểm danh có mặt {len(rows)} đảng viên — {session.title}", after={"count": len(rows)})
    return len(rows)


@transaction.atomic
def check_in(session, member, *, now=None):
    """A member's own check-in with the session's QR code: only inside the time window and only
    for invited members; a second scan changes nothing. Returns (attendance, created)."""
    now = now or timezone.now()
    if now < session.starts_at - CHECKIN_OPENS_BEFORE:
        raise ValidationError(f"Chưa đến giờ điểm danh. Điểm danh mở từ {timezone.localtime(session.starts_at - CHECKIN_OPENS_BEFORE):%H:%M %d/%m/%Y}.")
    if now > session.ends_at:
        raise ValidationError("Buổi học đã kết thúc, không thể tự điểm danh. Đề nghị báo chi ủy.")
    cell = _invited_cell_of(session, member)
    try:
        with transaction.atomic():
            attendance, created = Attendance.objects.in_orgs([cell.pk]).get_or_create(
                session=session, member=member,
                defaults={"org": cell, "status": AttendanceStatus.PRESENT, "source": AttendanceSource.SELF},
            )
    except IntegrityError:  # two scans at the same instant: the other one recorded it (a savepoint)
        return Attendance.objects.in_orgs([cell.pk]).get(session=session, member=member), False
    changed = created
    if not created and attendance.status != AttendanceStatus.PRESENT:
        # Marked absent by the secretary but here after all: the scan is the evidence.
        attendance.status, attendance.source = AttendanceStatus.PRESENT, AttendanceSource.SELF
        attendance.save(update_fields=["status", "source", "recorded_at"])
        changed = True
    taken_now = session.attendance_taken_at is None
    _mark_taken(session, now)
    if changed or taken_now:
        stale.touch([cell if changed else None, session.org_id if taken_now else None], session.starts_at, facts=stale.Facts.ATTENDANCE)
    return attendance, created


@transaction.atomic
def set_non_members(session, *, count, names="", by):
    """Non-members (quần chúng) who attended: a count, optionally with a list of names."""
    listed = [line.strip() for line in names.splitlines() if line.strip()]
    if listed and count < len(listed):
        count = len(listed)
    before = {"non_member_count": session.non_member_count}
    session.non_member_count, session.non_member_names = count, "\n".join(listed)
    session.save(update_fields=["non_member_count", "non_member_names"])
    _mark_taken(session)
    stale.touch([session.org_id], session.starts_at, facts=stale.Facts.ATTENDANCE)
    log_action("session.non_members", by=by, org=session.org, obj=session,
               summary=f"{count} quần chúng dự {session.title}", before=before, after={"non_member_count": count})
