"""Files for the cell's records: the reflection register (Excel rows) and one reflection with its
comments and the cell's conclusion (Word, laid out as core.documents does)."""

import datetime

from django.utils import timezone

from hocbac.core.documents import CENTER, new_document, paragraph, signatures, to_bytes

REGISTER_HEADER = ["STT", "Tháng", "Họ và tên", "Chi bộ", "Hạn nộp", "Trạng thái", "Ngày nộp", "Ngày đọc tại sinh hoạt",
                   "Biểu hiện tự soi, tự sửa", "Hướng khắc phục", "Số góp ý", "Kết luận của chi bộ"]


def _corrections_text(reflection):
    return "\n".join(f"{c['text']} (trước {datetime.date.fromisoformat(c['by']):%d/%m/%Y})" for c in reflection.corrections)


def register_sheet(reflections, year):
    """(sheet title, header, rows): one row per name on the rota of `year`."""
    rows = []
    for number, r in enumerate(reflections, start=1):
        submitted = timezone.localdate(r.submitted_at) if r.submitted_at else None
        rows.append([number, f"{r.month}/{r.year}", r.member.full_name, r.org.name, r.due_on, r.get_state_display(),
                     submitted, r.read_on, "\n".join(f"{c.code}. {c.label}" for c in r.citations.all()),
                     _corrections_text(r), r.comment_count, r.conclusion])
    return (f"Bài cảm nhận {year}", REGISTER_HEADER, rows)


def reflection_docx(reflection, thread):
    """The reflection, the manifestations it cited, its corrections, the comments in order and
    the conclusion; returns the .docx bytes."""
    member, cell = reflection.member, reflection.org
    document = new_document(cell)
    paragraph(document, "BÀI CẢM NHẬN", size=16, bold=True, align=CENTER, space_after=0)
    paragraph(document, f"Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh — tháng {reflection.month}/"
              f"{reflection.year}", bold=True, align=CENTER, space_after=12)
    if reflection.title:
        paragraph(document, reflection.title, bold=True, italic=True, align=CENTER)
    paragraph(document, f"Người viết: {member.full_name}. Sinh hoạt tại: {cell.name}.")
    for block in reflection.body.replace("\r\n", "\n").split("\n"):
        if block.strip():
            paragraph(document, block.strip())
    paragraph(document, "Tự soi, tự sửa theo các biểu hiện suy thoái (Nghị quyết 04-NQ/TW)", bold=True)
    for citation in reflection.citations.all():
        paragraph(document, f"- {citation.group_label}: {citation.code}. {citation.label}")
    if not reflection.citations.all():
        paragraph(document, "Không nêu biểu hiện nào.", italic=True)
    paragraph(document, "Hướng khắc phục", bold=True)
    for index, item in enumerate(reflection.corrections, start=1):
        paragraph(document, f"{index}) {item['text']} — thời hạn {datetime.date.fromisoformat(item['by']):%d/%m/%Y}.")
    if reflection.read_on:
        paragraph(document, f"Bài đã được đọc tại buổi sinh hoạt chi bộ ngày {reflection.read_on:%d/%m/%Y}.", italic=True)
    comments = [c for top in thread for c in [top, *top.replies_list] if not c.is_deleted]
    if comments:
        paragraph(document, "Ý kiến góp ý của đảng viên trong chi bộ", bold=True)
        for c in comments:
            prefix = "    Trả lời — " if c.parent_id else ""
            paragraph(document, f"{prefix}Đồng chí {c.author_name}: {c.body}")
    if reflection.conclusion:
        paragraph(document, "Kết luận của chi bộ", bold=True)
        paragraph(document, reflection.conclusion)
    signatures(document, ["T/M CHI ỦY", "BÍ THƯ"], "NGƯỜI VIẾT", member.full_name)
    return to_bytes(document)
