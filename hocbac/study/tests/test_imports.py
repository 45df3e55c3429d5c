import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from conftest import make_member
from hocbac.core.models import AuditEntry
from hocbac.study import imports, selectors


def sheet(rows, header=("STT", "Họ và tên", "Số thẻ đảng viên", "Chi bộ", "Điểm danh")):
    workbook = Workbook()
    ws = workbook.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("diem-danh.xlsx", buffer.getvalue())


def test_a_sheet_with_bad_rows_reports_each_and_records_nothing(world, ward_conference):
    upload = sheet([
        (1, "Trần Văn Đảng", "10000002", "", "Có mặt"),
        (2, "Nguyễn Thị Bí Thư", "", "", "vắng"),
        (3, "Lê Thị Khác", "10000003", "", "Có mặt"),  # another cell: not on this cell's list
        (4, "Trần Văn Đảng", "10000002", "", "Có mặt"),
        (5, "Người Lạ", "", "", "Có mặt"),
        (6, "Nguyễn Thị Bí Thư", "10000001", "", "đi muộn"),
    ])
    result = imports.parse(upload, session=ward_conference, org=world.cell)
    assert [number for number, _ in result.errors] == [4, 5, 6, 7]
    assert "Chi bộ Khu phố 1" in result.errors[0][1]
    with pytest.raises(ValidationError):
        imports.commit(result, session=ward_conference, org=world.cell, by=world.secretary)
    assert selectors.marks_for(ward_conference, world.ward) == {}


def test_a_clean_sheet_records_all_with_one_audit_entry_and_twice_changes_nothing(world, ward_conference):
    make_member(world.cell, "Hồ Văn Ba", card="84000001")
    rows = [(1, "Trần Văn Đảng", "10000002", "", "Có mặt"), (2, "Nguyễn Thị Bí Thư", None, "", "vắng có lý do"),
            (3, "Hồ Văn Ba", "84000001", "", "Vang khong ly do")]
    result = imports.parse(sheet(rows), session=ward_conference, org=world.cell)
    assert imports.commit(result, session=ward_conference, org=world.cell, by=world.secretary) == 3
    result = imports.parse(sheet(rows), session=ward_conference, org=world.cell)
    assert imports.commit(result, session=ward_conference, org=world.cell, by=world.secretary) == 0
    marks = selectors.marks_for(ward_conference, world.cell)
    assert sorted(marks.values()) == ["co_mat", "vang_co_ly_do", "vang_khong_ly_do"]
    assert AuditEntry.objects.in_subtree(world.cell).filter(action="attendance.import").count() == 2
    assert AuditEntry.objects.in_subtree(world.cell).filter(action="attendance.set").count() == 0


def test_a_malformed_file_gets_a_vietnamese_message(world, ward_conference):
    with pytest.raises(ValidationError, match="Không đọc được tệp"):
        imports.parse(SimpleUploadedFile("x.xlsx", b"not a workbook"), session=ward_conference, org=world.cell)
    with pytest.raises(ValidationError, match="Thiếu cột"):
        imports.parse(sheet([(1, "x")], header=("STT", "Tên")), session=ward_conference, org=world.cell)
