"""The evidence pack as a Word document for the review meeting, laid out like the individual
review form of Hướng dẫn 43-HD/BTCTW (Mẫu 2A/2B: the parts I–V, the member's own level, the cell's
remarks and the competent body's rating) in our own wording: the facts the system holds are filled
in under each part, and dotted lines are left for what the member writes. A4, Times New Roman, the
heading of Hướng dẫn 36-HD/VPTW (core.documents)."""

import datetime
from collections import Counter

from django.utils import timezone
from docx.oxml.ns import qn
from docx.shared import Pt

from hocbac.core.documents import CENTER, FONT, new_document, paragraph, signatures, to_bytes
from hocbac.core.text import format_number, format_percent

from .models import Rating

BLANK_LINE = "…" * 36  # one dotted line to write on by hand
TICKED, UNTICKED = "☒", "☐"

PARTS = {
    "I": "I. TỰ ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN CHỨC TRÁCH, NHIỆM VỤ",
    "I.1": "1. Về tư tưởng chính trị; phẩm chất đạo đức, lối sống; ý thức tổ chức kỷ luật; tác phong, lề lối làm việc",
    "I.2": "2. Về kết quả thực hiện chức trách, nhiệm vụ được giao",
    "I.3": "3. Về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; thực hiện cam kết tu dưỡng, rèn luyện, nêu gương",
    "II": "II. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN",
    "III": "III. KẾT QUẢ KHẮC PHỤC HẠN CHẾ, KHUYẾT ĐIỂM ĐÃ ĐƯỢC CHỈ RA",
    "IV": "IV. PHƯƠNG HƯỚNG, BIỆN PHÁP KHẮC PHỤC HẠN CHẾ, KHUYẾT ĐIỂM",
    "V": "V. TỰ NHẬN MỨC XẾP LOẠI CHẤT LƯỢNG",
    "VI": "VI. NHẬN XÉT, ĐÁNH GIÁ VÀ ĐỀ XUẤT CỦA CHI BỘ",
    "VII": "VII. XẾP LOẠI CHẤT LƯỢNG CỦA CẤP CÓ THẨM QUYỀN",
}


def _date(day):
    """dd/mm/yyyy of a date, or of a moment in the site's time zone."""
    if not day:
        return ""
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day)
    return f"{day:%d/%m/%Y}"


def _points(value):
    return format_number(value, 2) if value is not None else ""


def _blank(document, lines):
    for _ in range(lines):
        paragraph(document, BLANK_LINE, space_after=2)


def _fact(document, text):
    paragraph(document, f"- {text}", space_after=3)


def _facts_heading(document):
    paragraph(document, "Số liệu hệ thống ghi nhận:", italic=True, space_after=3)


def _cell(cell, text, *, bold=False, size=12):
    """Write `text` into a table cell's own paragraph (so cell.text is exactly the value)."""
    run = cell.paragraphs[0].add_run(str(text))
    run.font.name, run.font.size, run.bold = FONT, Pt(size), bold
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def _table(document, header, rows):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell(cell, text, bold=True)
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            _cell(cell, text)
    paragraph(document, "", space_after=0)
    return table


def _attendance(document, pack):
    a = pack.attendance
    if a is None:
        _fact(document, "Dự sinh hoạt, học tập: chưa có buổi nào được điểm danh trong năm.")
        return
    line = (f"Dự sinh hoạt, học tập: có mặt {format_number(a.present)}/{format_number(a.invited)} buổi ({a.rate}); "
            f"vắng có lý do {format_number(a.excused)}, vắng không lý do {format_number(a.absent)}.")
    if a.regular:
        line += (f" Sinh hoạt chi bộ thường kỳ: có mặt {format_number(a.regular_present)}/{format_number(a.regular)} "
                 f"buổi ({format_percent(a.regular_present, a.regular)}).")
    _fact(document, line)
    if a.flagged:
        _fact(document, f"Vắng sinh hoạt chi bộ thường kỳ không lý do {format_number(a.regular_absent)} lần trong năm.")


def _reflections(document, pack):
    if not pack.reflections:
        _fact(document, "Bài cảm nhận: chưa nộp bài nào trong năm.")
        return
    months = ", ".join(f"tháng {r.month}" for r in pack.reflections)
    _fact(document, f"Bài cảm nhận: đã nộp {format_number(len(pack.reflections))} bài ({months}).")
    if pack.manifestations:
        cited = "; ".join(f"{m.code}. {m.label}" + (f" ({m.count} lần)" if m.count > 1 else "")
                          for m in pack.manifestations)
        _fact(document, f"Tự soi, tự sửa theo các biểu hiện suy thoái (Nghị quyết 04-NQ/TW): {cited}.")
    else:
        _fact(document, "Các bài cảm nhận không nêu biểu hiện suy thoái nào.")


def _classifications(document, pack):
    if not pack.classifications:
        _fact(document, "Phân loại hằng tháng: chưa có kỳ phân loại nào trong năm.")
        return
    _fact(document, f"Phân loại hằng tháng ({format_number(len(pack.classifications))} kỳ): {pack.classification_summary}.")
    _table(document, ["Kỳ", "Bộ tiêu chí", "Mức", "Tiêu chí chưa đạt"],
           [(c.period_text.capitalize(), c.criteria_set.name, c.level, "; ".join(m.criterion.text for m in c.missed) or "—")
            for c in pack.classifications])


def _contests(document, pack):
    if not pack.contests:
        _fact(document, "Cuộc thi: không có bài thi nào hoàn thành trong năm.")
        return
    _fact(document, f"Cuộc thi: tham gia {format_number(len(pack.contests))} cuộc thi.")
    _table(document, ["Cuộc thi", "Ngày thi", "Điểm", "Thứ tự theo điểm", "Số lượt"],
           [(r.contest.title, _date(r.best.finished_at), _points(r.best.score),
             f"{format_number(r.place)}/{format_number(r.takers)}", format_number(r.attempts)) for r in pack.contests])


def _commendations(document, pack):
    if not pack.commendations:
        _fact(document, "Khen thưởng: không có quyết định khen thưởng nào trong năm.")
        return
    for c in pack.commendations:
        _fact(document, f"Khen thưởng: {c.form.name} của {c.awarding_org.name} (Quyết định số {c.decision_number} ngày "
                        f"{_date(c.decided_on)}): {c.reason}")


def _registration(document, pack):
    r = pack.registration
    if r is None:
        _fact(document, f"Đăng ký làm theo năm {pack.year}: chưa có bản đăng ký.")
        return
    disclosed = f", công khai trước chi bộ ngày {_date(r.disclosed_on)}" if r.disclosed_on else ""
    _fact(document, f"Đăng ký làm theo năm {pack.year}: {r.get_state_display().lower()}{disclosed}.")
    for index, deed in enumerate(r.deeds, start=1):
        line = f"   {index}) {deed['text']}" + (f" — minh chứng: {deed['measure']}" if deed.get("measure") else "")
        if deed.get("progress"):
            line += f" — giữa năm: {deed['progress']}"
        paragraph(document, line, space_after=3)
    if r.exemplary:
        _fact(document, f"Cam kết nêu gương: {r.exemplary}")
    if r.self_assessment:
        _fact(document, f"Tự đánh giá việc thực hiện: {r.self_assessment}")
    if r.result:
        comment = f" Nhận xét: {r.evaluation_comment}" if r.evaluation_comment else ""
        _fact(document, f"Chi bộ đánh giá: {r.get_result_display()}.{comment}")
    else:
        _fact(document, "Chi bộ chưa đánh giá việc thực hiện đăng ký.")


def _shortfalls(document, pack):
    missed = Counter(m.criterion.text for c in pack.classifications for m in c.missed)
    if missed:
        _facts_heading(document)
        for text, n in missed.most_common():
            _fact(document, f"Tiêu chí chưa đạt khi phân loại hằng tháng: {text} ({format_number(n)} kỳ).")


def _reminders(document, pack):
    if not pack.reminders:
        _fact(document, "Không có nhắc nhở, kiểm điểm nào trong năm.")
        return
    for r in pack.reminders:
        _fact(document, f"{r.get_kind_display()} ngày {_date(r.decided_on)} ({r.decided_by.name}): {r.reason}")
        if r.outcome:
            closed = f" (kết thúc theo dõi ngày {_date(r.closed_on)})" if r.closed_on else ""
            paragraph(document, f"   Kết quả khắc phục: {r.outcome}{closed}", space_after=3)
        elif r.follow_up_on:
            paragraph(document, f"   Đang theo dõi, hạn xem lại {_date(r.follow_up_on)}.", space_after=3)


def _self_rating(document, pack):
    r, frame = pack.year_rating, pack.frame
    general_max = frame.general_points if frame else 30
    task_max = frame.task_points if frame else 70
    own = r is not None and r.self_at is not None
    _table(document, ["Nội dung", "Điểm tối đa", "Tự chấm"], [
        ("Tiêu chí chung", format_number(general_max), _points(r.self_general) if own else ""),
        ("Kết quả thực hiện nhiệm vụ", format_number(task_max), _points(r.self_tasks) if own else ""),
        ("Tổng cộng", format_number(general_max + task_max), _points(pack.self_total) if own else ""),
    ])
    chosen = r.self_level if own else ""
    for code, label in pack.levels:
        paragraph(document, f"{TICKED if code == chosen else UNTICKED} {label}", space_after=2)
    if r is not None and r.self_note:
        _fact(document, f"Tự nhận xét: {r.self_note}")
    for text in pack.rating_conditions:
        _fact(document, f"Trường hợp không hoàn thành nhiệm vụ đã đánh dấu: {text}")


def _proposal(document, pack):
    r = pack.year_rating
    if r is None or not r.proposed_level:
        _blank(document, 3)
        return
    total = f" (tổng {_points(pack.proposed_total)} điểm)" if pack.proposed_total is not None else ""
    when = f", ngày {_date(r.proposed_at)}" if r.proposed_at else ""
    _fact(document, f"Chi bộ đề xuất mức: {Rating(r.proposed_level).label}{total}{when}.")
    if r.proposed_note:
        _fact(document, f"Nhận xét: {r.proposed_note}")


def _decision(document, pack):
    r = pack.year_rating
    if r is None or not r.decided_level:
        _blank(document, 2)
        return
    body = f" của {r.decided_by_org.name}" if r.decided_by_org else ""
    when = f", ngày {_date(r.decided_at)}" if r.decided_at else ""
    _fact(document, f"Xếp loại: {Rating(r.decided_level).label}{body}{when}.")
    if r.quota_exception:
        _fact(document, f"Vượt tỷ lệ, lý do: {r.quota_exception}")


def evidence_docx(pack):
    """The review form of `pack.member` for `pack.year` with the facts filled in; .docx bytes."""
    member, cell = pack.member, pack.cell
    document = new_document(cell)
    paragraph(document, "BẢN KIỂM ĐIỂM CÁ NHÂN", size=16, bold=True, align=CENTER, space_after=0)
    paragraph(document, f"Tự đánh giá, xếp loại chất lượng đảng viên năm {pack.year}", bold=True, align=CENTER,
              space_after=0)
    paragraph(document, f"(kèm số liệu hệ thống tổng hợp đến ngày {_date(pack.as_of)})", italic=True, align=CENTER,
              space_after=12)
    paragraph(document, f"Họ và tên: {member.full_name}. Ngày sinh: {_date(member.birth_date)}.")
    full = f"; ngày chính thức: {_date(member.full_member_on)}" if member.full_member_on else ""
    paragraph(document, f"Ngày vào Đảng: {_date(member.admitted_on)}{full}.")
    paragraph(document, f"Chức vụ: {member.position}." if member.position else f"Chức vụ: {'…' * 20}")
    paragraph(document, f"Sinh hoạt tại: {cell.name}.")

    paragraph(document, PARTS["I"], bold=True)
    paragraph(document, PARTS["I.1"], bold=True)
    _facts_heading(document)
    _attendance(document, pack)
    _reflections(document, pack)
    _blank(document, 3)
    paragraph(document, PARTS["I.2"], bold=True)
    _facts_heading(document)
    _classifications(document, pack)
    _contests(document, pack)
    _commendations(document, pack)
    _blank(document, 3)
    paragraph(document, PARTS["I.3"], bold=True)
    _facts_heading(document)
    _registration(document, pack)
    _blank(document, 2)

    paragraph(document, PARTS["II"], bold=True)
    _shortfalls(document, pack)
    _blank(document, 3)
    paragraph(document, PARTS["III"], bold=True)
    _facts_heading(document)
    _reminders(document, pack)
    _blank(document, 2)
    paragraph(document, PARTS["IV"], bold=True)
    _blank(document, 3)
    paragraph(document, PARTS["V"], bold=True)
    _self_rating(document, pack)
    paragraph(document, PARTS["VI"], bold=True)
    _proposal(document, pack)
    paragraph(document, PARTS["VII"], bold=True)
    _decision(document, pack)

    signatures(document, ["T/M CHI ỦY", "BÍ THƯ"], "NGƯỜI TỰ KIỂM ĐIỂM", member.full_name)
    return to_bytes(document)
