"""The services that change counted facts mark the summaries stale (`stale.touch`) in their own
transaction: the organisations whose facts changed and the earliest day whose figures can move.
Then, after a realistic sequence of services, `refresh_stale` brings the summaries to a direct
count over the raw rows (`direct` from test_summaries)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from hocbac.commitments import services as commitment_services
from hocbac.journal import services as journal_services
from hocbac.orgs import services as org_services
from hocbac.ratings import services as rating_services
from hocbac.reports import periods, selectors, stale, summaries
from hocbac.reports.models import Facts, StaleMark
from hocbac.study import imports as study_imports
from hocbac.study import services as study_services
from hocbac.study.models import SessionKind

from .test_summaries import TODAY, direct

YEAR = TODAY.year
MARCH_5 = datetime.date(YEAR, 3, 5)
DEEDS = [{"text": "Giải quyết hồ sơ của dân đúng hạn", "measure": "100% hồ sơ đúng hạn"}]


def at(day, hour=19):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def marks(facts=None):
    """The stale marks written since the last call, as sorted (org id, since), each of `facts`
    when given; then forgets them."""
    rows = sorted(StaleMark.objects.unscoped().values_list("org_id", "since", "facts"))
    StaleMark.objects.unscoped().all().delete()
    if facts is not None:
        assert {kind for _, _, kind in rows} <= {facts}, rows
    return [(org_id, since) for org_id, since, _ in rows]


def conference(w, day=MARCH_5):
    """A ward conference inviting the whole ward."""
    return study_services.create_session(by=w.ward_admin, org=w.ward, kind=SessionKind.CONFERENCE, title="Hội nghị",
                                         starts_at=at(day, 8), ends_at=at(day, 11), invited_orgs=[w.ward])


def meeting(w, day=MARCH_5):
    """The regular meeting of `cell`."""
    return study_services.create_session(by=w.secretary, org=w.cell, kind=SessionKind.REGULAR, title="Sinh hoạt",
                                         starts_at=at(day, 19), ends_at=at(day, 21))


def sheet(rows):
    workbook = Workbook()
    workbook.active.append(["STT", "Họ và tên", "Số thẻ đảng viên", "Điểm danh"])
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("diem-danh.xlsx", buffer.getvalue())


def registration_through(w, *, evaluate=True):
    registration = commitment_services.save_draft(w.member, YEAR, by=w.member_user, deeds=DEEDS,
                                                  anti_degradation="Không nói không đi đôi với làm")
    commitment_services.submit(registration, by=w.member_user)
    if evaluate:
        commitment_services.disclose([registration], on=MARCH_5, by=w.secretary)
        commitment_services.self_assess(registration, by=w.member_user, text="Hoàn thành các việc đã đăng ký")
        commitment_services.evaluate(registration, by=w.secretary, result="tot")
    registration.refresh_from_db()
    return registration


def written_reflection(w, month=3):
    reflection = journal_services.assign(w.cell, w.member, YEAR, month, by=w.secretary)
    reflection = journal_services.save_reflection(
        reflection, by=w.member_user, title="Nhìn lại", body="Tôi còn nể nang khi góp ý.",
        corrections=[{"text": "Đọc kỹ nghị quyết", "by": f"{YEAR}-12-31"}])
    return journal_services.submit_reflection(reflection, by=w.member_user)


def decided_rating(w, year=YEAR):
    rating = rating_services.self_assess(by=w.member_user, year=year, member=w.member, general=25, tasks=55)
    rating = rating_services.propose(rating, by=w.secretary, general=25, tasks=55)
    return rating_services.decide(rating, by=w.secretary)


# Study ------------------------------------------------------------------------------------------

def test_create_session_marks_its_organisation_on_its_local_day(world):
    marks()
    meeting(world, datetime.date(YEAR, 2, 1))
    assert marks(Facts.ATTENDANCE) == [(world.cell.pk, datetime.date(YEAR, 2, 1))]


def test_record_attendance_marks_the_cell_and_the_session_when_attendance_is_first_taken(world):
    session = conference(world)
    marks()
    study_services.record_attendance(session, world.member, "vang_co_ly_do", by=world.secretary)
    assert marks(Facts.ATTENDANCE) == [(world.ward.pk, MARCH_5), (world.cell.pk, MARCH_5)]
    study_services.record_attendance(session, world.member, "co_mat", by=world.secretary)
    assert marks(Facts.ATTENDANCE) == [(world.cell.pk, MARCH_5)]  # attendance already taken: the session did not change
    study_services.record_attendance(session, world.member, "co_mat", by=world.secretary)
    assert marks(Facts.ATTENDANCE) == []  # the same mark twice changes nothing


def test_mark_all_present_marks_each_cell_marked_once(world):
    session = conference(world)
    marks()
    assert study_services.mark_all_present(session, cells=[world.cell, world.other_cell], by=world.ward_admin) == 3
    assert marks(Facts.ATTENDANCE) == sorted([(world.ward.pk, MARCH_5), (world.cell.pk, MARCH_5), (world.other_cell.pk, MARCH_5)])
    assert study_services.mark_all_present(session, cells=[world.cell], by=world.secretary) == 0
    assert marks(Facts.ATTENDANCE) == []


def test_check_in_marks_the_members_cell_and_a_second_scan_nothing(world):
    session = conference(world)
    marks()
    study_services.check_in(session, world.other_member, now=session.starts_at)
    assert marks(Facts.ATTENDANCE) == [(world.ward.pk, MARCH_5), (world.other_cell.pk, MARCH_5)]
    study_services.check_in(session, world.other_member, now=session.starts_at)
    assert marks(Facts.ATTENDANCE) == []
    study_services.record_attendance(session, world.member, "vang_khong_ly_do", by=world.secretary)
    marks()
    study_services.check_in(session, world.member, now=session.starts_at)  # here after all
    assert marks(Facts.ATTENDANCE) == [(world.cell.pk, MARCH_5)]


def test_set_non_members_marks_the_sessions_organisation(world):
    session = conference(world)
    marks()
    study_services.set_non_members(session, count=12, by=world.ward_admin)
    assert marks(Facts.ATTENDANCE) == [(world.ward.pk, MARCH_5)]


def test_an_attendance_sheet_writes_one_mark_per_organisation_not_per_row(world):
    session = conference(world)
    marks()
    result = study_imports.parse(sheet([(1, "Trần Văn Đảng", "10000002", "Có mặt"),
                                        (2, "Nguyễn Thị Bí Thư", "10000001", "vắng có lý do")]),
                                 session=session, org=world.cell)
    assert study_imports.commit(result, session=session, org=world.cell, by=world.secretary) == 2
    assert marks(Facts.ATTENDANCE) == [(world.ward.pk, MARCH_5), (world.cell.pk, MARCH_5)]
    assert study_imports.commit(result, session=session, org=world.cell, by=world.secretary) == 0
    assert marks(Facts.ATTENDANCE) == []


# Members ----------------------------------------------------------------------------------------

def test_a_transfer_marks_both_cells_from_its_day(world):
    marks()
    org_services.transfer_member(world.other_member, to_org=world.sibling_cell, on=datetime.date(YEAR, 6, 1),
                                 by=world.province_admin)
    assert marks(Facts.MEMBERS) == sorted([(world.other_cell.pk, datetime.date(YEAR, 6, 1)),
                              (world.sibling_cell.pk, datetime.date(YEAR, 6, 1))])


def test_a_new_member_marks_the_cell_from_their_first_day(world):
    marks()
    org_services.create_member(by=world.secretary, org=world.cell, full_name="Đảng viên Mới", gender="nam",
                               birth_date=datetime.date(1990, 1, 1), admitted_on=datetime.date(YEAR, 2, 3),
                               status="du_bi")
    assert marks(Facts.MEMBERS) == [(world.cell.pk, datetime.date(YEAR, 2, 3))]


def test_moving_a_subtree_marks_the_old_parent_and_the_subtree_for_every_period_kept(world):
    # Facts in the cell, counted under the ward; then the cell moves to the other ward.
    meeting(world)
    summaries.refresh_all([YEAR])
    marks()
    org_services.move_organization(world.cell, new_parent=world.sibling_ward, by=world.superuser)
    assert marks(Facts.TREE) == sorted([(world.ward.pk, stale.ALL_PERIODS), (world.cell.pk, stale.ALL_PERIODS)])
    stale.touch([world.ward, world.cell], stale.ALL_PERIODS, facts=Facts.TREE)
    summaries.refresh_stale()
    world.cell.refresh_from_db()
    for period in periods.affected_by(MARCH_5, TODAY):
        for org in (world.province, world.ward, world.sibling_ward, world.cell):
            org.refresh_from_db()
            assert selectors.figures([org], period)[org.pk] == direct(org, period), (org.name, period.code)


def test_a_status_change_marks_the_cell_from_its_day(world):
    marks()
    org_services.change_member_status(world.member, status="mien_sinh_hoat", on=datetime.date(YEAR, 4, 2),
                                      by=world.secretary)
    assert marks(Facts.MEMBERS) == [(world.cell.pk, datetime.date(YEAR, 4, 2))]


# Commitments, reflections, ratings ----------------------------------------------------------------

def test_submit_evaluate_and_reopen_mark_the_registrations_cell_from_the_years_start(world):
    marks()
    registration = registration_through(world)
    jan_1 = datetime.date(YEAR, 1, 1)
    assert marks(Facts.COMMITMENTS) == [(world.cell.pk, jan_1), (world.cell.pk, jan_1)]  # submitted, evaluated
    commitment_services.reopen(registration, by=world.ward_admin, reason="Bổ sung minh chứng")
    assert marks(Facts.COMMITMENTS) == [(world.cell.pk, jan_1)]


def test_reflections_assigned_written_read_and_unassigned_mark_the_first_of_their_month(world):
    marks()
    reflection = written_reflection(world, month=4)
    april = datetime.date(YEAR, 4, 1)
    assert marks(Facts.REFLECTIONS) == [(world.cell.pk, april), (world.cell.pk, april)]  # assigned, submitted
    journal_services.mark_read(reflection, by=world.secretary, read_on=TODAY)
    assert marks(Facts.REFLECTIONS) == [(world.cell.pk, april)]
    other = journal_services.assign(world.cell, world.secretary_member, YEAR, 5, by=world.secretary)
    journal_services.unassign(other, by=world.secretary)
    assert marks(Facts.REFLECTIONS) == [(world.cell.pk, datetime.date(YEAR, 5, 1))] * 2


def test_deciding_a_members_rating_marks_the_cell_on_the_last_day_of_the_year(world):
    marks()
    decided_rating(world, year=YEAR - 1)
    assert marks(Facts.RATINGS) == [(world.cell.pk, datetime.date(YEAR - 1, 12, 31))]


def test_an_organisations_own_rating_is_not_counted_and_marks_nothing(world):
    rating = rating_services.self_assess(by=world.secretary, year=YEAR - 1, org=world.cell, general=25, tasks=55)
    rating = rating_services.propose(rating, by=world.ward_admin, general=25, tasks=55)
    marks()
    rating_services.decide(rating, by=world.ward_admin)
    assert marks() == []


def test_refused_services_leave_no_mark(world):
    session = meeting(world)
    marks()
    with pytest.raises(ValidationError):
        study_services.record_attendance(session, world.other_member, "co_mat", by=world.ward_admin)
    with pytest.raises(ValidationError):
        study_services.check_in(session, world.member, now=session.ends_at + datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError):
        org_services.transfer_member(world.member, to_org=world.cell, on=TODAY, by=world.ward_admin)
    with pytest.raises(ValidationError):
        org_services.change_member_status(world.member, status="xoa_ten", on=TODAY, by=world.ward_admin)
    draft = commitment_services.save_draft(world.member, YEAR, by=world.member_user, study_plan="Học tập")
    with pytest.raises(ValidationError):
        commitment_services.submit(draft, by=world.member_user)
    reflection = journal_services.assign(world.cell, world.member, YEAR, 3, by=world.secretary)
    marks()
    with pytest.raises(ValidationError):
        journal_services.submit_reflection(reflection, by=world.member_user)
    with pytest.raises(ValidationError):
        journal_services.mark_read(reflection, by=world.secretary, read_on=TODAY)
    assert marks() == []


# Through to the summaries ----------------------------------------------------------------------------

def test_a_realistic_sequence_then_refresh_stale_equals_a_direct_count(world):
    summaries.refresh_all([YEAR])
    marks()  # those of the fixtures, already in the whole refresh
    session = meeting(world)
    study_services.record_attendance(session, world.member, "vang_co_ly_do", by=world.secretary)
    study_services.mark_all_present(session, cells=[world.cell], by=world.secretary)
    study_services.set_non_members(session, count=4, by=world.secretary)
    big = conference(world, datetime.date(YEAR, 7, 10))
    study_services.check_in(big, world.other_member, now=big.starts_at)
    study_services.record_attendance(big, world.member, "co_mat", by=world.ward_admin)
    # to another ward: its summaries move too, through the transfer's own mark
    org_services.transfer_member(world.other_member, to_org=world.sibling_cell, on=datetime.date(YEAR, 8, 1),
                                 by=world.province_admin)
    registration_through(world)
    reflection = written_reflection(world, month=9)
    journal_services.mark_read(reflection, by=world.secretary, read_on=TODAY)
    decided_rating(world, year=YEAR)
    orgs = [world.province, world.ward, world.cell, world.other_cell, world.sibling_ward, world.sibling_cell]
    begun = [period for period in periods.of_year(YEAR) if period.start <= TODAY]
    assert selectors.figures([world.ward], periods.parse(str(YEAR)))[world.ward.pk] != direct(world.ward, periods.parse(str(YEAR)))
    run = summaries.refresh_stale()
    assert run.marks > 0 and StaleMark.objects.unscoped().count() == 0
    for period in begun:
        for org in orgs:
            assert selectors.figures([org], period)[org.pk] == direct(org, period), (org.name, period.code)
