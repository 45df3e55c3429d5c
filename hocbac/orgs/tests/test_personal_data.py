"""A member downloads everything the system holds about them (/toi/du-lieu.xlsx): their record,
their account without its password, and every row about them in every table, with the rows that
belong to those; nothing about anyone else; the download is audit-logged."""

import datetime
import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from hocbac.commitments.models import Registration
from hocbac.core.models import AuditEntry
from hocbac.journal.models import NotebookEntry
from hocbac.study.models import Attendance, StudySession


def _facts(world):
    start = timezone.make_aware(datetime.datetime(2026, 3, 5, 19))
    session = StudySession.objects.create(org=world.cell, kind="thuong_ky", title="Sinh hoạt tháng 3", starts_at=start,
                                          ends_at=start + datetime.timedelta(hours=2), attendance_taken_at=start)
    for member in (world.member, world.secretary_member):
        Attendance.objects.create(session=session, member=member, org=world.cell, status="co_mat", source="chi_uy")
    Registration.objects.create(member=world.member, org=world.cell, year=2026, state="nhap",
                                study_plan="Học chuyên đề năm về tác phong nêu gương")
    NotebookEntry.objects.create(member=world.member, org=world.cell, written_on=datetime.date(2026, 3, 6),
                                 studied="Điều tôi tâm đắc sau buổi sinh hoạt")


def test_a_member_downloads_everything_about_them_and_nothing_of_others(world, login):
    _facts(world)
    response = login(world.member_user).get(reverse("orgs:my_data"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = {sheet.title: [[c for c in row] for row in sheet.iter_rows(values_only=True)] for sheet in workbook}
    text = "\n".join(str(c) for rows in cells.values() for row in rows for c in row if c is not None)
    assert "Trần Văn Đảng" in text and "10000002" in text and "0912000001" in text  # the record
    assert "Học chuyên đề năm về tác phong nêu gương" in text  # the registration
    assert "Điều tôi tâm đắc sau buổi sinh hoạt" in text  # the private notebook, theirs
    attendance = [title for title in cells if "điểm danh" in title.lower() or "attendance" in title.lower()]
    assert attendance and len(cells[attendance[0]]) == 2  # header + their one mark, not the secretary's
    assert "Nguyễn Thị Bí Thư" not in text and "10000001" not in text  # nobody else
    assert "pbkdf2" not in text and "md5$" not in text and "sha1$" not in text  # no password hash
    assert AuditEntry.objects.in_subtree(world.cell).filter(action="export.my_data", actor=world.member_user).count() == 1


def test_someone_without_a_member_record_gets_404(world, login):
    assert login(world.ward_admin).get(reverse("orgs:my_data")).status_code == 404
