"""Files for the cell's records: the register as an Excel sheet, and one member's registration
and evaluation as a Word document laid out after Hướng dẫn 36-HD/VPTW (A4, Times New Roman,
"ĐẢNG CỘNG SẢN VIỆT NAM" top right, the issuing body top left, place and date in italics)."""

import io

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .models import SECTIONS

FONT = "Times New Roman"


def register_sheet(rows, year):
    header = ["STT", "Họ và tên", "Chi bộ", "Cán bộ chủ chốt", "Trạng thái", "Ngày công khai", "Kết quả",
              "Nhận xét của chi bộ", "Chi ủy nhập thay"]
    body = []
    for number, row in enumerate(rows, start=1):
        r = row.registration
        body.append([number, row.member.full_name, row.member.org.name, "Có" if row.member.is_key_leader else "",
                     row.state_label, r.disclosed_on if r else None, r.get_result_display() if r else "",
                     r.evaluation_comment if r else "", "Có" if r and r.on_behalf else ""])
    return (f"Đăng ký {year}", header, body)


def _paragraph(document_or_cell, text="", *, size=14, bold=False, italic=False, underline=False,
               align=WD_ALIGN_PARAGRAPH.LEFT, space_after=6):
    paragraph = document_or_cell.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    run = paragraph.add_run(text)
    run.font.name, run.font.size = FONT, Pt(size)
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    run.bold, run.italic, run.underline = bold, italic, underline
    return paragraph


def registration_docx(registration, *, place=""):
    """The registration of one member, with the mid-year check-in, the self-assessment and the
    cell's evaluation if present; returns the .docx bytes."""
    member, cell = registration.member, registration.org
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
    if cell.parent_id:
        _paragraph(left, cell.parent.name.upper(), align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _paragraph(left, cell.name.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _paragraph(left, "*", align=WD_ALIGN_PARAGRAPH.CENTER)
    right.paragraphs[0].text = ""
    _paragraph(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    today = timezone.localdate()
    _paragraph(right, f"{place or cell.address or '…'}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}",
               italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)

    _paragraph(document, "BẢN ĐĂNG KÝ", size=16, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _paragraph(document, f"Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, cam kết nêu gương năm "
               f"{registration.year}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    _paragraph(document, f"Họ và tên: {member.full_name}. Ngày sinh: {member.birth_date:%d/%m/%Y}.")
    _paragraph(document, f"Chức vụ: {member.position or '…'}. Sinh hoạt tại: {cell.name}.")

    for number, (key, title, _, _) in enumerate(SECTIONS, start=1):
        _paragraph(document, f"{number}. {title}", bold=True)
        if key == "deeds":
            for index, deed in enumerate(registration.deeds, start=1):
                line = f"{index}) {deed['text']}" + (f" — kết quả/minh chứng: {deed['measure']}" if deed.get("measure") else "")
                _paragraph(document, line)
                if deed.get("progress"):
                    _paragraph(document, f"Giữa năm: {deed['progress']}", italic=True)
        else:
            for line in (getattr(registration, key) or "…").splitlines():
                _paragraph(document, line)
    if registration.disclosed_on:
        _paragraph(document, f"Đã công khai trước chi bộ ngày {registration.disclosed_on:%d/%m/%Y}.", italic=True)
    if registration.midyear_note:
        _paragraph(document, "Tự kiểm tra giữa năm", bold=True)
        _paragraph(document, registration.midyear_note)
    if registration.self_assessment:
        _paragraph(document, "Tự đánh giá cuối năm", bold=True)
        _paragraph(document, registration.self_assessment)
    if registration.result:
        _paragraph(document, "Đánh giá của chi bộ", bold=True)
        _paragraph(document, f"Kết quả: {registration.get_result_display()}.")
        if registration.evaluation_comment:
            _paragraph(document, f"Nhận xét: {registration.evaluation_comment}")

    signatures = document.add_table(rows=1, cols=2)
    left, right = signatures.rows[0].cells
    left.paragraphs[0].text = right.paragraphs[0].text = ""
    _paragraph(left, "T/M CHI ỦY" if registration.result else "XÁC NHẬN CỦA CHI ỦY", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(left, "BÍ THƯ", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, "NGƯỜI ĐĂNG KÝ", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=48)
    _paragraph(right, member.full_name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()
