"""Member workbooks for tests, browser journeys and the import benchmark, written the way the
template is (same header, real date cells), with optional bad rows."""

import datetime
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile

from hocbac.core.exports import write_workbook
from hocbac.orgs.exports import member_sheet

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = {"Nam": ["Văn", "Hữu", "Đức", "Minh", "Quốc"], "Nữ": ["Thị", "Ngọc", "Thu", "Thanh", "Kim"]}
GIVEN = {"Nam": ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Khoa", "Long", "Nam", "Phúc", "Sơn", "Tâm", "Tuấn"],
         "Nữ": ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Lan", "Linh", "Mai", "Nga", "Oanh", "Thảo", "Trang", "Yến"]}

# What each kind of bad row looks like, and the words its reason must contain.
BAD_ROWS = {
    "missing_name": ("Thiếu họ và tên",),
    "bad_date": ("Ngày sinh", "không đúng dạng"),
    "unknown_org": ("Không có tổ chức mã",),
    "duplicate_card": ("trùng với dòng",),
    "unknown_status": ("Tình trạng", "không hợp lệ"),
}


def member_rows(count, org_codes, *, seed=1, first_card=50_000_000):
    """`count` valid rows (lists in template column order) spread over `org_codes`."""
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        gender = rng.choice(["Nam", "Nữ"])
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
        birth = datetime.date(rng.randint(1945, 2000), rng.randint(1, 12), rng.randint(1, 28))
        admitted = birth.replace(year=birth.year + rng.randint(19, 24))
        full_on = admitted.replace(year=admitted.year + 1)
        rows.append([name, gender, birth, str(first_card + index), admitted, full_on, "Chính thức",
                     "", "", f"09{rng.randint(10_000_000, 99_999_999)}", org_codes[index % len(org_codes)]])
    return rows


def spoil(rows, kinds_at):
    """Make the rows at the given indexes bad, one kind of mistake each: {index: kind}."""
    for index, kind in kinds_at.items():
        row = rows[index]
        if kind == "missing_name":
            row[0] = ""
        elif kind == "bad_date":
            row[2] = "31/02/1970"
        elif kind == "unknown_org":
            row[10] = "KHONG-CO"
        elif kind == "duplicate_card":
            row[3] = rows[0][3]
        elif kind == "unknown_status":
            row[6] = "Đang công tác"
    return rows


def member_workbook(rows):
    """The rows as an .xlsx file in memory, with the template's header."""
    _, header, _ = member_sheet([])
    return write_workbook([("Đảng viên", header, rows)])


def as_upload(stream, name="dang-vien.xlsx"):
    return SimpleUploadedFile(name, stream.getvalue() if isinstance(stream, io.BytesIO) else stream,
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
