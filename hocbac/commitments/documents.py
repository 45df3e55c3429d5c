"""Files for the cell's records: the register as an Excel sheet, and one member's registration
and evaluation as a Word document laid out after Hướng dẫn 36-HD/VPTW (A4, Times New Roman,
"ĐẢNG CỘNG SẢN VIỆT NAM" top right, the issuing body top left, place and date in italics)."""

from hocbac.core.documents import CENTER, new_document, paragraph, signatures, to_bytes

from .models import SECTIONS


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


def registration_docx(registration, *, place=""):
    """The registration of one member, with the mid-year check-in, the self-assessment and the
    cell's evaluation if present; returns the .docx bytes."""
    member, cell = registration.member, registration.org
    document = new_document(cell, place=place)

    paragraph(document, "BẢN ĐĂNG KÝ", size=16, bold=True, align=CENTER, space_after=0)
    paragraph(document, f"Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, cam kết nêu gương năm "
              f"{registration.year}", bold=True, align=CENTER, space_after=12)
    paragraph(document, f"Họ và tên: {member.full_name}. Ngày sinh: {member.birth_date:%d/%m/%Y}.")
    paragraph(document, f"Chức vụ: {member.position or '…'}. Sinh hoạt tại: {cell.name}.")

    for number, (key, title, _, _) in enumerate(SECTIONS, start=1):
        paragraph(document, f"{number}. {title}", bold=True)
        if key == "deeds":
            for index, deed in enumerate(registration.deeds, start=1):
                line = f"{index}) {deed['text']}" + (f" — kết quả/minh chứng: {deed['measure']}" if deed.get("measure") else "")
                paragraph(document, line)
                if deed.get("progress"):
                    paragraph(document, f"Giữa năm: {deed['progress']}", italic=True)
        else:
            for line in (getattr(registration, key) or "…").splitlines():
                paragraph(document, line)
    if registration.disclosed_on:
        paragraph(document, f"Đã công khai trước chi bộ ngày {registration.disclosed_on:%d/%m/%Y}.", italic=True)
    if registration.midyear_note:
        paragraph(document, "Tự kiểm tra giữa năm", bold=True)
        paragraph(document, registration.midyear_note)
    if registration.self_assessment:
        paragraph(document, "Tự đánh giá cuối năm", bold=True)
        paragraph(document, registration.self_assessment)
    if registration.result:
        paragraph(document, "Đánh giá của chi bộ", bold=True)
        paragraph(document, f"Kết quả: {registration.get_result_display()}.")
        if registration.evaluation_comment:
            paragraph(document, f"Nhận xét: {registration.evaluation_comment}")

    signatures(document, ["T/M CHI ỦY" if registration.result else "XÁC NHẬN CỦA CHI ỦY", "BÍ THƯ"], "NGƯỜI ĐĂNG KÝ",
               member.full_name)
    return to_bytes(document)
