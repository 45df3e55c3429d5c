"""Excel files for people to open: every export and template goes through `write_workbook`.

A sheet is `(title, header, rows)`. Text is always written as text, so a name or note that
starts with "=", "+", "-" or "@" can never become a formula when the file is opened (formula
injection); dates are real Excel dates shown dd/mm/yyyy."""

import datetime
import io
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .audit import log_action

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
MAX_WIDTH = 60


def _cell(sheet, value, *, bold=False):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise write "=…" as a formula
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    if bold:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _width(value):
    if isinstance(value, datetime.date):
        return 11
    return len(str(value)) if value is not None else 0


def write_workbook(sheets, stream=None):
    """Write `sheets` as an .xlsx into `stream` (a new BytesIO if none); returns the stream."""
    stream = stream or io.BytesIO()
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        widths = [_width(name) for name in header]
        for row in rows[:200]:  # size the columns from the first rows, as a person would
            widths = [max(w, _width(v)) for w, v in zip(widths, row, strict=False)]
        for index, width in enumerate(widths):
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(width + 2, MAX_WIDTH)
        sheet.freeze_panes = "A2"
        sheet.append([_cell(sheet, name, bold=True) for name in header])
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    workbook.save(stream)
    stream.seek(0)
    return stream


def xlsx_response(request, filename, sheets, *, action, org=None, log=True):
    """The workbook as a download. Exports of member data are audit-logged (who took what)."""
    content = write_workbook(sheets).getvalue()
    if log:
        rows = sum(len(rows) for _, _, rows in sheets)
        log_action(action, by=request.user, org=org, summary=f"Xuất Excel {filename} ({rows} dòng)",
                   after={"file": filename, "rows": rows})
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
