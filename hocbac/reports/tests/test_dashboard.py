"""The dashboard reads the summaries: each figure with its numerator, denominator and rule, the
children weakest first with a link down, a cell's members, the Excel workbook of its tables."""

import datetime
import io

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from hocbac.commitments.models import Registration
from hocbac.reports import summaries
from hocbac.study.models import Attendance, StudySession

TODAY = timezone.localdate()
YEAR = TODAY.year


def _meeting(org, members, present, day):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(19)))
    session = StudySession.objects.create(org=org, kind="thuong_ky", title="Sinh hoạt chi bộ", starts_at=start,
                                          ends_at=start + datetime.timedelta(hours=2), attendance_taken_at=start)
    for member in members:
        Attendance.objects.create(session=session, member=member, org=org, source="chi_uy",
                                  status="co_mat" if member in present else "vang_khong_ly_do")


def _world_with_facts(world):
    day = TODAY.replace(day=1)
    _meeting(world.cell, [world.member, world.secretary_member], [world.secretary_member], day)
    _meeting(world.other_cell, [world.other_member], [world.other_member], day)
    Registration.objects.create(member=world.member, org=world.cell, year=YEAR, state="da_nop",
                                submitted_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(8))))
    summaries.refresh_all([YEAR])


def test_figures_children_weakest_first_and_members(world, login):
    _world_with_facts(world)
    client = login(world.ward_admin)
    page = client.get(reverse("reports:dashboard", args=[world.ward.pk]), {"ky": str(YEAR)}).content.decode()
    assert f"Số liệu học tập và làm theo — năm {YEAR}" in page
    # The ward: 3 members; 2 present once (one in each cell); 2 of 3 present at regular meetings.
    assert "<strong>2/3 đảng viên, đạt 66,7%</strong>" in page
    assert "<strong>2/3 lượt, đạt 66,7%</strong>" in page
    assert "<strong>1/3 đảng viên, đạt 33,3%</strong>" in page  # registered
    assert "Mẫu số: đảng viên chính thức và dự bị" in page
    # Weakest first on participation: Khu phố 1 (1/2) before Khu phố 2 (1/1).
    assert page.index("Chi bộ Khu phố 1</a>") < page.index("Chi bộ Khu phố 2</a>")
    assert reverse("reports:dashboard", args=[world.cell.pk]) + f"?ky={YEAR}" in page
    by_name = client.get(reverse("reports:dashboard", args=[world.ward.pk]), {"ky": str(YEAR), "sap-xep": "ten"})
    assert by_name.status_code == 200

    cell = client.get(reverse("reports:dashboard", args=[world.cell.pk]), {"ky": f"{YEAR}-{TODAY.month:02d}"}).content.decode()
    assert 'id="members"' in cell and "Trần Văn Đảng" in cell
    assert "<td>Đã nộp</td>" in cell and "<td>Chưa đăng ký</td>" in cell
    assert 'id="trend-data"' in cell


def test_excel_has_every_table_with_the_same_figures(world, login):
    _world_with_facts(world)
    client = login(world.ward_admin)
    response = client.get(reverse("reports:dashboard", args=[world.ward.pk]), {"ky": str(YEAR), "xuat": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Tổng hợp", "Tổ chức trực thuộc"]
    summary = {row[0]: row[1:4] for row in workbook["Tổng hợp"].iter_rows(min_row=2, values_only=True)}
    assert summary["Đảng viên tham gia học tập, sinh hoạt"] == (2, 3, "66,7%")
    children = list(workbook["Tổ chức trực thuộc"].iter_rows(min_row=2, values_only=True))
    assert [row[:5] for row in children] == [("Chi bộ Khu phố 1", 2, 1, 2, "50,0%"), ("Chi bộ Khu phố 2", 1, 1, 1, "100,0%")]


def test_an_unknown_period_is_404(world, login):
    client = login(world.ward_admin)
    assert client.get(reverse("reports:dashboard", args=[world.ward.pk]), {"ky": "2026-13"}).status_code == 404
    assert client.get(reverse("reports:dashboard", args=[world.ward.pk]), {"ky": "abc"}).status_code == 404


@pytest.mark.skipif(not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
                    reason="a statement timeout is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_dashboard_reads_are_bounded_by_a_statement_timeout():
    from django.db import connection

    from hocbac.reports import selectors

    def timeout():
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            return cursor.fetchone()[0]

    with selectors.bounded(1234):
        assert timeout() == "1234ms"
    assert timeout() != "1234ms"  # local to the dashboard's transaction


def test_a_range_shows_each_period_side_by_side_and_in_excel(world, login):
    _world_with_facts(world)
    client = login(world.ward_admin)
    month = f"{YEAR}-{TODAY.month:02d}"
    first = f"{YEAR}-01" if TODAY.month > 1 else f"{YEAR - 1}-12"
    page = client.get(reverse("reports:dashboard", args=[world.ward.pk]), {"ky": f"{first}..{month}"}).content.decode()
    header = page[page.index('<table id="by-period">'):page.index("</thead>")]
    assert header.count('<th class="num">') == (TODAY.month if TODAY.month > 1 else 2)
    row = page[page.index("Đảng viên tham gia học tập, sinh hoạt</th>"):]
    row = row[:row.index("</tr>")]
    # Nobody took part before this month; 2 of 3 this month.
    assert row.rstrip().endswith('<td class="num"><strong>66,7%</strong><br><span class="small">2/3</span></td>')
    assert '<td class="num"><strong>0,0%</strong><br><span class="small">0/3</span></td>' in row
    response = client.get(reverse("reports:dashboard", args=[world.ward.pk]), {"ky": f"{first}..{month}", "xuat": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Theo kỳ"]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Đảng viên tham gia học tập, sinh hoạt"][-3:] == (2, 3, "66,7%")
    for bad in (f"{month}..{first}" if first != month else "2026..2025", f"{YEAR}..{YEAR}-Q1", "2001..2030"):
        assert client.get(reverse("reports:dashboard", args=[world.ward.pk]), {"ky": bad}).status_code == 404
