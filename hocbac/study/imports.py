"""Attendance from an Excel sheet (the attendance export, with its "Điểm danh" column filled).

All or nothing: every row is checked first and every bad row reported with its reason; only a
sheet without errors is recorded, in one transaction with one audit entry. Importing the same
sheet twice records nothing new (marks are per session and member)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from hocbac.core.audit import log_action
from hocbac.core.imports import read_rows
from hocbac.core.text import fold
from hocbac.reports import stale

from . import selectors, services
from .models import AttendanceSource, AttendanceStatus

COLUMNS = {"card": "Số thẻ đảng viên", "name": "Họ và tên", "mark": "Điểm danh"}
STATUS_BY_FOLDED = {fold(label): value for value, label in AttendanceStatus.choices}
STATUS_BY_FOLDED.update({"x": AttendanceStatus.PRESENT, "co": AttendanceStatus.PRESENT, "vang": AttendanceStatus.ABSENT,
                         "p": AttendanceStatus.EXCUSED, "k": AttendanceStatus.ABSENT})


@dataclass
class AttendanceImport:
    marks: list = field(default_factory=list)  # (member, status)
    errors: list = field(default_factory=list)  # (row number, reason)
    rows: int = 0


def parse(upload, *, session, org):
    """Check every row of the sheet against the members of `org` invited to `session`."""
    rows = read_rows(upload, columns=COLUMNS, required=tuple(COLUMNS), max_bytes=5 * 1024 * 1024, max_rows=5000)
    invited = selectors.invited_members(session, within=[org])
    by_card = {m.card_number: m for m in invited if m.card_number}
    by_name = {}
    for member in invited:
        by_name.setdefault(fold(member.full_name), []).append(member)
    result, seen = AttendanceImport(rows=len(rows)), set()
    for number, values in rows:
        card, name, mark_text = values["card"], values["name"], values["mark"]
        mark = fold(mark_text)
        member = by_card.get(card) if card else None
        if member is None and not card:
            matches = by_name.get(fold(name), [])
            member = matches[0] if len(matches) == 1 else None
            if len(matches) > 1:
                result.errors.append((number, f"Có nhiều người tên “{name}”: cần ghi số thẻ đảng viên."))
                continue
        if member is None:
            result.errors.append((number, f"Không có “{name or card}” trong danh sách được mời của {org.name}."))
            continue
        if not mark:
            result.errors.append((number, "Chưa ghi cột “Điểm danh”."))
            continue
        if mark not in STATUS_BY_FOLDED:
            result.errors.append((number, f"Điểm danh “{mark_text}” không hợp lệ: ghi Có mặt, Vắng có lý do hoặc Vắng không lý do."))
            continue
        if member.pk in seen:
            result.errors.append((number, f"{member.full_name} xuất hiện hai lần trong tệp."))
            continue
        seen.add(member.pk)
        result.marks.append((member, STATUS_BY_FOLDED[mark]))
    return result


@transaction.atomic
def commit(result, *, session, org, by):
    """Record a checked sheet (no errors) in one transaction; returns how many marks changed."""
    if result.errors:
        raise ValidationError("Tệp còn lỗi, chưa nhập dòng nào.")
    before = selectors.marks_for(session, org)
    changed = 0
    taken_now, marked_orgs = session.attendance_taken_at is None, set()
    for member, status in result.marks:
        if before.get(member.pk) != status:
            attendance = services.record_attendance(session, member, status, by=by, source=AttendanceSource.IMPORT,
                                                    log=False)
            marked_orgs.add(attendance.org_id)
            changed += 1
    if changed:  # one mark for the sheet (record_attendance leaves it to a batch)
        stale.touch([*marked_orgs, session.org_id if taken_now else None], session.starts_at, facts=stale.Facts.ATTENDANCE)
    log_action("attendance.import", by=by, org=org, obj=session,
               summary=f"Nhập điểm danh từ Excel: {changed}/{len(result.marks)} thay đổi — {session.title}",
               after={"rows": len(result.marks), "changed": changed})
    return changed
