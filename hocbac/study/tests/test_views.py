"""Study pages as their users see them: figures written the Vietnamese way, sessions without
attendance shown as such, orders, exports opened and read back, the QR check-in page."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hocbac.library.services import create_document
from hocbac.study import services
from hocbac.study.models import Attendance, AttendanceSource, SessionKind

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def studied(world):
    """A ward campaign on a plan document; the ward conference covers it; the cell is all there."""
    document = create_document(by=world.ward_admin, org=world.ward, kind="ke_hoach", title="Kế hoạch học tập chuyên đề")
    campaign = services.create_campaign(by=world.ward_admin, org=world.ward, title="Học tập chuyên đề năm 2026",
                                        starts_on=datetime.date(2026, 3, 1), due_on=datetime.date(2026, 3, 31),
                                        documents=[document])
    day = datetime.date(2026, 3, 10)
    session = services.create_session(by=world.ward_admin, org=world.ward, kind=SessionKind.CONFERENCE,
                                      title="Hội nghị học tập chuyên đề", starts_at=at(day), ends_at=at(day, 11),
                                      invited_orgs=[world.ward], campaign=campaign)
    services.mark_all_present(session, cells=[world.cell], by=world.secretary)
    services.set_non_members(session, count=12, by=world.ward_admin)
    return document, campaign, session


def test_campaign_page_writes_the_figure_the_vietnamese_way_with_its_rule(world, login, studied):
    _, campaign, _ = studied
    page = login(world.ward_admin).get(reverse("study:campaign_detail", args=[world.ward.pk, campaign.pk])).content.decode()
    assert "2/3 đảng viên, đạt 66,7% và 12 quần chúng" in page
    assert "không tính đảng viên miễn sinh hoạt" in page
    rows = page.split('id="coverage-rows"')[1]
    assert rows.index("Chi bộ Khu phố 2") < rows.index("Chi bộ Khu phố 1")  # weakest first
    page = login(world.ward_admin).get(reverse("study:campaign_detail", args=[world.ward.pk, campaign.pk]),
                                       {"sap-xep": "ten"}).content.decode()
    rows = page.split('id="coverage-rows"')[1]
    assert rows.index("Chi bộ Khu phố 1") < rows.index("Chi bộ Khu phố 2")


def test_document_coverage_counts_sessions_of_campaigns_that_include_it(world, login, studied):
    document, _, _ = studied
    client = login(world.ward_admin)
    page = client.get(reverse("study:document_coverage", args=[world.ward.pk, document.pk])).content.decode()
    assert "2/3 đảng viên, đạt 66,7% và 12 quần chúng" in page
    response = client.get(reverse("study:document_coverage_export", args=[world.ward.pk, document.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Tổ chức", "Đảng viên đã học", "Đảng viên thuộc diện", "Tỷ lệ")
    assert ("Chi bộ Khu phố 1", 2, 2, "100,0%") in [row[:4] for row in rows]
    assert rows[-1][:4] == ("Tổng: Đảng bộ phường Bến Thành", 2, 3, "66,7%")


def test_a_session_without_attendance_is_shown_as_not_taken_never_as_zero(world, login, cell_meeting):
    page = login(world.secretary).get(reverse("study:session_detail", args=[world.cell.pk, cell_meeting.pk])).content.decode()
    assert "Chưa điểm danh" in page or "chưa điểm danh" in page
    assert "0/2" not in page


def test_the_secretary_marks_everyone_then_one_absent_and_the_export_says_so(world, login, cell_meeting):
    client = login(world.secretary)
    client.post(reverse("study:attendance_sheet", args=[world.cell.pk, cell_meeting.pk]))
    response = client.post(reverse("study:attendance_mark", args=[world.cell.pk, cell_meeting.pk, world.member.pk]),
                           {"status": "vang_khong_ly_do"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Trần Văn Đảng" in response.content.decode()
    marks = dict(Attendance.objects.in_subtree(world.cell).filter(session=cell_meeting).values_list("member__full_name", "status"))
    assert marks == {"Nguyễn Thị Bí Thư": "co_mat", "Trần Văn Đảng": "vang_khong_ly_do"}
    response = client.get(reverse("study:attendance_export", args=[world.cell.pk, cell_meeting.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert {(row[1], row[4]) for row in rows} == {("Nguyễn Thị Bí Thư", "Có mặt"), ("Trần Văn Đảng", "Vắng không lý do")}


def test_qr_check_in_page_records_once_and_says_who_recorded(world, login):
    now = timezone.now()
    session = services.create_session(by=world.secretary, org=world.cell, kind=SessionKind.REGULAR, title="Sinh hoạt",
                                      starts_at=now - datetime.timedelta(minutes=5), ends_at=now + datetime.timedelta(hours=1))
    client = login(world.member_user)
    url = reverse("study:check_in", args=[session.checkin_code])
    assert "Điểm danh" in client.get(url).content.decode()
    assert "Đã điểm danh: có mặt" in client.post(url).content.decode()
    assert "đã điểm danh buổi này rồi" in client.post(url).content.decode()
    mark = Attendance.objects.in_subtree(world.cell).get(session=session)
    assert (mark.member, mark.source) == (world.member, AttendanceSource.SELF)
    other = login(world.other_member_user).post(url).content.decode()
    assert "không được mời" in other or "không thuộc" in other
    assert Attendance.objects.in_subtree(world.ward).filter(session=session).count() == 1


def test_activity_page_flags_three_unexcused_regular_absences(world, login):
    for month in (1, 2, 3):
        day = datetime.date(2026, month, 5)
        meeting = services.create_session(by=world.secretary, org=world.cell, kind=SessionKind.REGULAR,
                                          title=f"Sinh hoạt tháng {month}", starts_at=at(day, 19), ends_at=at(day, 21))
        services.mark_all_present(meeting, cells=[world.cell], by=world.secretary)
        services.record_attendance(meeting, world.member, "vang_khong_ly_do", by=world.secretary)
    page = login(world.secretary).get(reverse("study:activity", args=[world.cell.pk]),
                                      {"start": "2026-01-01", "end": "2026-12-31"}).content.decode()
    assert "3 buổi, 3 lượt cán bộ, đảng viên và quần chúng" in page
    assert "1 đảng viên vắng sinh hoạt chi bộ thường kỳ không lý do từ 3 lần trở lên" in page
    assert "Trần Văn Đảng — Chi bộ Khu phố 1: 3 lần" in page


def test_a_cell_sees_a_campaign_in_its_to_do_until_it_holds_a_session_and_past_sessions_to_mark(world, login):
    today = timezone.localdate()
    campaign = services.create_campaign(by=world.ward_admin, org=world.ward, title="Học tập Nghị quyết 21",
                                        starts_on=today - datetime.timedelta(days=3), due_on=today + datetime.timedelta(days=20))
    start = timezone.now() - datetime.timedelta(hours=3)
    meeting = services.create_session(by=world.secretary, org=world.cell, kind=SessionKind.REGULAR, title="Sinh hoạt chuyên đề",
                                      starts_at=start, ends_at=start + datetime.timedelta(hours=2), campaign=campaign)
    client = login(world.secretary)
    page = client.get(reverse("orgs:org_detail", args=[world.cell.pk])).content.decode()
    assert "Tổ chức học tập: Học tập Nghị quyết 21" in page
    assert "Điểm danh: Sinh hoạt chuyên đề" in page
    services.mark_all_present(meeting, cells=[world.cell], by=world.secretary)
    page = client.get(reverse("orgs:org_detail", args=[world.cell.pk])).content.decode()
    assert "Tổ chức học tập: Học tập Nghị quyết 21" not in page and "Điểm danh: Sinh hoạt" not in page
    # The other cell has not studied yet; a viewer (no "manage") gets no to-do panel.
    page = login(world.ward_admin).get(reverse("orgs:org_detail", args=[world.other_cell.pk])).content.decode()
    assert "Tổ chức học tập: Học tập Nghị quyết 21" in page
    page = login(world.viewer).get(reverse("orgs:org_detail", args=[world.other_cell.pk])).content.decode()
    assert 'id="org-todos"' not in page


def test_lists_show_coverage_of_each_campaign_and_who_came_to_each_session(world, login, studied, cell_meeting):
    client = login(world.ward_admin)
    page = client.get(reverse("study:campaign_list", args=[world.ward.pk])).content.decode()
    assert "2/3 · 66,7%" in page
    page = client.get(reverse("study:session_list", args=[world.ward.pk])).content.decode()
    assert "2 có mặt" in page  # the conference: the secretary and Trần Văn Đảng
    assert "chưa điểm danh" in page  # the cell meeting, not taken: never shown as 0
