import datetime

import pytest
from django.core.exceptions import ValidationError

from conftest import make_member
from hocbac.core.models import AuditEntry
from hocbac.orgs import services as org_services
from hocbac.study import selectors, services
from hocbac.study.models import Attendance, AttendanceSource, SessionKind

from .conftest import at


def names(members):
    return [m.full_name for m in members]


def test_invited_members_are_those_eligible_on_the_day_in_invited_subtrees(world, ward_conference):
    make_member(world.cell, "Bùi Văn Miễn", card="81000001", status="mien_sinh_hoat")
    leaver = make_member(world.other_cell, "Đỗ Văn Đi", card="81000002")
    org_services.change_member_status(leaver, status="chuyen_di", on=datetime.date(2026, 3, 1), by=None)
    late = make_member(world.cell, "Vũ Thị Mới", card="81000003", admitted_on=datetime.date(2026, 4, 1), status="du_bi")
    invited = selectors.invited_members(ward_conference)
    assert names(invited) == ["Trần Văn Đảng", "Lê Thị Khác", "Nguyễn Thị Bí Thư"]  # by given name
    assert {m.full_name: m.cell_name for m in invited}["Lê Thị Khác"] == "Chi bộ Khu phố 2"
    assert names(selectors.invited_members(ward_conference, within=[world.cell])) == ["Trần Văn Đảng", "Nguyễn Thị Bí Thư"]
    assert late.pk not in {m.pk for m in invited}


def test_record_attendance_is_idempotent_and_audited(world, ward_conference):
    assert ward_conference.attendance_taken_at is None
    services.record_attendance(ward_conference, world.member, "vang_co_ly_do", by=world.secretary)
    services.record_attendance(ward_conference, world.member, "vang_co_ly_do", by=world.secretary)
    services.record_attendance(ward_conference, world.member, "co_mat", by=world.secretary)
    row = Attendance.objects.in_subtree(world.cell).get(session=ward_conference, member=world.member)
    assert (row.status, row.org_id, row.source) == ("co_mat", world.cell.pk, AttendanceSource.SECRETARY)
    ward_conference.refresh_from_db()
    assert ward_conference.attendance_taken_at is not None
    entries = AuditEntry.objects.in_subtree(world.cell).filter(action="attendance.set")
    assert [(e.before, e.after["status"]) for e in entries] == [({"status": "vang_co_ly_do"}, "co_mat"), (None, "vang_co_ly_do")]


def test_attendance_refuses_a_member_who_is_not_invited(world, cell_meeting):
    with pytest.raises(ValidationError, match="không thuộc danh sách được mời"):
        services.record_attendance(cell_meeting, world.other_member, "co_mat", by=world.ward_admin)


def test_mark_all_present_marks_only_the_unmarked_of_the_cell(world, ward_conference):
    services.record_attendance(ward_conference, world.member, "vang_khong_ly_do", by=world.secretary)
    assert services.mark_all_present(ward_conference, cells=[world.cell], by=world.secretary) == 1
    assert services.mark_all_present(ward_conference, cells=[world.cell], by=world.secretary) == 0
    assert selectors.marks_for(ward_conference, world.ward) == {world.member.pk: "vang_khong_ly_do", world.secretary_member.pk: "co_mat"}


def test_check_in_rejects_another_cell_and_outside_the_window_and_counts_a_double_scan_once(world, cell_meeting):
    start = cell_meeting.starts_at
    with pytest.raises(ValidationError, match="không thuộc danh sách được mời"):
        services.check_in(cell_meeting, world.other_member, now=start)
    with pytest.raises(ValidationError, match="Chưa đến giờ điểm danh"):
        services.check_in(cell_meeting, world.member, now=start - datetime.timedelta(minutes=31))
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.check_in(cell_meeting, world.member, now=cell_meeting.ends_at + datetime.timedelta(seconds=1))
    first = services.check_in(cell_meeting, world.member, now=start - datetime.timedelta(minutes=29))
    second = services.check_in(cell_meeting, world.member, now=start + datetime.timedelta(minutes=5))
    assert (first[1], second[1]) == (True, False)
    assert Attendance.objects.in_subtree(world.cell).filter(session=cell_meeting, member=world.member).count() == 1
    assert first[0].source == AttendanceSource.SELF


def test_check_in_overrides_an_absent_mark(world, cell_meeting):
    services.record_attendance(cell_meeting, world.member, "vang_khong_ly_do", by=world.secretary)
    attendance, created = services.check_in(cell_meeting, world.member, now=cell_meeting.starts_at)
    assert (created, attendance.status) == (False, "co_mat")


def test_transfer_does_not_move_past_attendance(world, cell_meeting):
    services.record_attendance(cell_meeting, world.member, "co_mat", by=world.secretary)
    org_services.transfer_member(world.member, to_org=world.other_cell, on=datetime.date(2026, 4, 1), by=world.ward_admin)
    assert Attendance.objects.in_subtree(world.cell).filter(member=world.member).count() == 1
    assert Attendance.objects.in_subtree(world.other_cell).filter(member=world.member).count() == 0


def test_session_must_invite_inside_its_organiser(world):
    with pytest.raises(ValidationError, match="không thuộc"):
        services.create_session(by=world.secretary, org=world.cell, kind=SessionKind.REGULAR, title="x",
                                starts_at=at(datetime.date(2026, 3, 1), 8), ends_at=at(datetime.date(2026, 3, 1), 9),
                                invited_orgs=[world.other_cell])


def test_unexcused_absences_from_three_regular_meetings_are_flagged(world):
    for month in (1, 2, 3):
        day = datetime.date(2026, month, 5)
        meeting = services.create_session(by=world.secretary, org=world.cell, kind=SessionKind.REGULAR,
                                          title=f"Sinh hoạt tháng {month}", starts_at=at(day, 19), ends_at=at(day, 21))
        services.record_attendance(meeting, world.member, "vang_khong_ly_do", by=world.secretary)
        services.record_attendance(meeting, world.secretary_member, "co_mat" if month < 3 else "vang_co_ly_do", by=world.secretary)
    rates = {r.member.full_name: r for r in selectors.attendance_rates(world.ward, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))}
    assert (rates["Trần Văn Đảng"].flagged, rates["Trần Văn Đảng"].rate) == (True, "0,0%")
    assert (rates["Nguyễn Thị Bí Thư"].flagged, rates["Nguyễn Thị Bí Thư"].rate) == (False, "66,7%")


def test_a_doubled_create_session_submission_records_once(world, cell_meeting):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="đã có buổi"):
        services.create_session(by=world.secretary, org=world.cell, kind=cell_meeting.kind, title=cell_meeting.title,
                                starts_at=cell_meeting.starts_at, ends_at=cell_meeting.ends_at)
