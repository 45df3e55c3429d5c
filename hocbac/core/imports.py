"""Reading the workbooks people upload. Every import checks all rows first, reports each bad row
with its reason, and records nothing unless the whole file is clean (see orgs/imports.py)."""

import datetime
import io
import re
import zipfile

from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from .text import fold

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# A workbook is a zip of XML: what it may unpack to, and how much more than its packed size one
# part may be (ordinary sheets pack 5–30 times; a "zip bomb" packs a thousand times or more).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
UNREADABLE = "Không đọc được tệp. Hãy dùng tệp Excel (.xlsx), tốt nhất là tệp mẫu tải từ trang này."


def check_archive(data, *, unreadable=UNREADABLE, max_unpacked=MAX_UNPACKED_BYTES, max_ratio=MAX_RATIO):
    """Refuse (ValidationError) a zip-based Office file that is not a zip (`unreadable`) or would
    unpack to too much: before any parser opens it, from the sizes its directory declares."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(unreadable) from None
    unpacked = sum(part.file_size for part in parts)
    if unpacked > max_unpacked or any(
            part.file_size > 1024 * 1024 and part.file_size > max_ratio * max(part.compress_size, 1) for part in parts):
        raise ValidationError("Tệp nén bất thường (giải nén ra quá lớn so với kích thước tệp): không nhận. "
                              "Hãy mở và lưu lại tệp rồi tải lên.")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")


def plain(value):
    """A cell's value as JSON-ready text: dates ISO, whole numbers without ".0", blanks ""."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def read_rows(upload, *, columns, required=(), max_bytes=MAX_BYTES, max_rows=MAX_ROWS):
    """The data rows of the first sheet as (row number, {column key: text}) pairs.

    `columns` maps a key to the header label people see; headers are matched without diacritics
    or case, in any order. Blank rows are skipped. Raises ValidationError for a file that cannot
    be read at all (wrong type, too big, missing columns, no rows)."""
    if upload.size > max_bytes:
        raise ValidationError(f"Tệp quá lớn (tối đa {max_bytes // (1024 * 1024)} MB).")
    data = upload.read()
    check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file; none of them is the user's to read
        raise ValidationError(UNREADABLE) from None
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [fold(plain(cell)).rstrip(" *") for cell in next(rows, ())]
        positions = {key: header.index(fold(label)) for key, label in columns.items() if fold(label) in header}
        missing = [columns[key] for key in required if key not in positions]
        if missing:
            raise ValidationError("Thiếu cột: " + ", ".join(f"“{label}”" for label in missing) + ". Hãy dùng tệp mẫu.")
        result = []
        too_many = ValidationError(f"Tệp có quá nhiều dòng (tối đa {max_rows:,}).".replace(",", "."))
        for number, row in enumerate(rows, start=2):
            if number > 2 * max_rows + 1000:  # blank rows too: a sheet of a million empty rows
                raise too_many
            values = {key: plain(row[index]) if index < len(row) else "" for key, index in positions.items()}
            if not any(values.values()):
                continue
            if len(result) >= max_rows:
                raise too_many
            result.append((number, values))
    finally:
        workbook.close()
    if not result:
        raise ValidationError("Tệp không có dòng dữ liệu nào.")
    return result


def parse_date(text):
    """A date written dd/mm/yyyy (also with "-" or "."), ISO, or an Excel serial number."""
    text = text.strip()
    match = _DAY_FIRST.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        match = _ISO.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if text.isdigit() and 3000 < int(text) < 80000:
            return from_excel(int(text)).date()
    except ValueError:
        pass
    raise ValueError(text)
