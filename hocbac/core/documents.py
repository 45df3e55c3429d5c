"""Word documents for an organisation's files, laid out after Hướng dẫn 36-HD/VPTW: A4, Times
New Roman 14, the issuing body top left, "ĐẢNG CỘNG SẢN VIỆT NAM" top right with the place and
date in italics, the signatures at the foot. Each app composes its own body with `paragraph`."""

import io

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER


def paragraph(document_or_cell, text="", *, size=14, bold=False, italic=False, underline=False,
              align=WD_ALIGN_PARAGRAPH.LEFT, space_after=6):
    added = document_or_cell.add_paragraph()
    added.alignment = align
    added.paragraph_format.space_after = Pt(space_after)
    run = added.add_run(text)
    run.font.name, run.font.size = FONT, Pt(size)
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    run.bold, run.italic, run.underline = bold, italic, underline
    return added


def new_document(org, *, place="", number="", day=None):
    """A blank A4 document with the heading of `org` (its parent above its name, the number and
    symbol under the star when given) and the date (`day`, today by default)."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)

    heading = document.add_table(rows=1, cols=2)
    heading.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = heading.rows[0].cells
    left.paragraphs[0].text = ""
    if org.parent_id:
        paragraph(left, org.parent.name.upper(), align=CENTER, space_after=0)
    paragraph(left, org.name.upper(), bold=True, align=CENTER, space_after=0)
    paragraph(left, "*", align=CENTER, space_after=0 if number else 6)
    if number:
        paragraph(left, f"Số {number}", align=CENTER)
    right.paragraphs[0].text = ""
    paragraph(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True, align=CENTER)
    today = day or timezone.localdate()
    paragraph(right, f"{place or org.address or '…'}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}",
              italic=True, align=CENTER)
    return document


def signatures(document, left_lines, right_title, right_name):
    """The two signature blocks: `left_lines` (e.g. "T/M CHI ỦY", "BÍ THƯ") and the writer's."""
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = right.paragraphs[0].text = ""
    for line in left_lines:
        paragraph(left, line, bold=True, align=CENTER)
    paragraph(right, right_title, bold=True, align=CENTER, space_after=48)
    paragraph(right, right_name, bold=True, align=CENTER)


def to_bytes(document):
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()
