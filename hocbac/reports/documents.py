"""The report as a Word document laid out per Hướng dẫn 36-HD/VPTW, following the usual outline
of a review report (DOMAIN.md): every statistic written from the figures (frozen at issue, live
for a draft), the narrative sections as the committee wrote them; and the annex workbook
(organisation × indicator)."""

from collections import Counter

from docx.enum.text import WD_ALIGN_PARAGRAPH

from hocbac.core.documents import CENTER, new_document, paragraph, to_bytes
from hocbac.core.exports import write_workbook
from hocbac.core.text import format_number, format_percent, format_ratio
from hocbac.ratings.models import RATING_ORDER, Rating

from . import dashboard, indicators, services

JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def _n(value):
    return format_number(value or 0)


def _ratio(numerator, denominator, noun):
    return format_ratio(numerator or 0, denominator or 0, noun)


def study_sentence(org_name, label, f):
    sessions = sum(v for k, v in f.items() if k.startswith("buoi."))
    return (f"Trong {label}, {org_name} và các tổ chức trực thuộc đã tổ chức {_n(sessions)} buổi học tập, sinh hoạt "
            f"({_n(f.get('buoi.hoi_nghi'))} hội nghị nghiên cứu, học tập, quán triệt; {_n(f.get('buoi.chuyen_de'))} buổi "
            f"sinh hoạt chuyên đề; {_n(f.get('buoi.thuong_ky'))} buổi sinh hoạt chi bộ thường kỳ; {_n(f.get('buoi.khac'))} "
            f"buổi khác) với {_n(f.get('luot.dang_vien'))} lượt đảng viên và {_n(f.get('luot.quan_chung'))} lượt quần chúng "
            f"tham dự; {_ratio(f.get('dang_vien.tham_du'), f.get('dang_vien'), 'đảng viên')} tham gia ít nhất một buổi.")


def practice_sentence(label, f):
    return (f"Trong {label}, {_ratio(f.get('dang_ky.da_nop'), f.get('dang_vien'), 'đảng viên')} đăng ký làm theo; chi bộ "
            f"đã đánh giá {_n(f.get('dang_ky.da_danh_gia'))} bản, trong đó {_n(f.get('dang_ky.tot'))} thực hiện tốt, "
            f"{_n(f.get('dang_ky.hoan_thanh'))} hoàn thành, {_n(f.get('dang_ky.chua_hoan_thanh'))} chưa hoàn thành. "
            f"{_ratio(f.get('thi.dang_vien'), f.get('dang_vien'), 'đảng viên')} dự thi tìm hiểu "
            f"({_n(f.get('thi.luot'))} lượt thi).")


def campaign_sentence(campaign, f):
    studied, counted = indicators.campaign_codes(campaign["id"])
    return (f"Đợt học tập “{campaign['title']}” (hạn hoàn thành {campaign['due_on']}): "
            f"{_ratio(f.get(studied), f.get(counted), 'đảng viên')} đã học tập.")


def models_sentence(label, f):
    models = (f.get("mo_hinh.phat_dong") or 0) + (f.get("mo_hinh.rieng") or 0)
    return (f"Đến hết {label} có {_n(models)} mô hình học tập và làm theo Bác ({_n(f.get('mo_hinh.phat_dong'))} mô hình "
            f"do cấp ủy phát động, {_n(f.get('mo_hinh.rieng'))} mô hình riêng của chi bộ, đảng bộ; "
            f"{_n(f.get('mo_hinh.moi'))} mô hình mới trong kỳ), {_n(f.get('mo_hinh.nhan_rong'))} lượt nhân rộng "
            f"({_n(f.get('mo_hinh.nhan_rong_moi'))} lượt mới trong kỳ); {_n(f.get('mo_hinh.tieu_bieu'))} mô hình tiêu "
            f"biểu, xuất sắc được duy trì.")


def classification_sentence(label, f):
    return (f"Phân loại trong {label}: {_ratio(f.get('phan_loai.dang_vien.cao_nhat'), f.get('phan_loai.dang_vien'), 'lượt')} "
            f"đảng viên đạt mức cao nhất của bộ tiêu chí; {_ratio(f.get('phan_loai.chi_bo.cao_nhat'), f.get('phan_loai.chi_bo'), 'lượt')} "
            f"chi bộ tự phân loại đạt mức cao nhất.")


def awards_sentence(label, f):
    return (f"Trong {label}, khen thưởng {_n(f.get('khen_thuong.tap_the'))} tập thể, "
            f"{_n(f.get('khen_thuong.ca_nhan'))} cá nhân có thành tích trong học tập và làm theo.")


def cell_sentence(label, f):
    return (f"Trong {label}, sinh hoạt chi bộ thường kỳ có {_ratio(f.get('thuong_ky.co_mat'), f.get('thuong_ky.moi'), 'lượt')} "
            f"có mặt; {_ratio(f.get('thu_hoach.da_nop'), f.get('thu_hoach.phan_cong'), 'bài')} thu hoạch được phân công "
            f"đã nộp.")


def rating_sentence(label, f):
    counts = [(Rating(code).label.lower(), f.get(f"xep_loai.{code}", 0)) for code in RATING_ORDER]
    total = sum(n for _, n in counts)
    if not total:
        return f"Chưa có kết quả xếp loại chất lượng đảng viên {label}."
    parts = "; ".join(f"{_n(n)} {name} ({format_percent(n, total)})" for name, n in counts)
    return f"Kết quả xếp loại chất lượng {_n(total)} đảng viên {label}: {parts}."


def _text(document, text):
    for line in (text or "").splitlines():
        if line.strip():
            paragraph(document, line.strip(), align=JUSTIFY)
    if not (text or "").strip():
        paragraph(document, "(Chưa viết.)", italic=True)


def report_document(report, figures):
    """The .docx bytes of `report` with `figures` (services.snapshot's shape)."""
    org = report.org
    number = services.symbol(report) or f"     -BC/{services.ISSUER_CODES.get(org.kind, 'ĐU')}"
    document = new_document(org, place=report.place, number=number, day=report.issued_on)
    paragraph(document, "BÁO CÁO", size=16, bold=True, align=CENTER, space_after=0)
    paragraph(document, report.title, bold=True, align=CENTER, space_after=0 if not report.is_issued else 12)
    if not report.is_issued:
        paragraph(document, "(Dự thảo)", italic=True, align=CENTER, space_after=12)
    periods = figures["periods"]
    heading = lambda text: paragraph(document, text, bold=True)  # noqa: E731

    heading("I. ĐẶC ĐIỂM TÌNH HÌNH")
    _text(document, report.situation)
    heading("II. KẾT QUẢ THỰC HIỆN")
    heading("1. Công tác lãnh đạo, chỉ đạo, quán triệt, tuyên truyền")
    _text(document, report.leadership)
    heading("2. Kết quả học tập")
    for period in periods:
        paragraph(document, study_sentence(org.name, period["label"], period["own"]), align=JUSTIFY)
        for campaign in period.get("campaigns", []):
            paragraph(document, campaign_sentence(campaign, period["own"]), align=JUSTIFY)
    heading("3. Kết quả làm theo")
    for period in periods:
        paragraph(document, practice_sentence(period["label"], period["own"]), align=JUSTIFY)
        paragraph(document, models_sentence(period["label"], period["own"]), align=JUSTIFY)
    heading("4. Công tác nêu gương")
    _text(document, report.exemplary)
    heading("5. Đưa việc học tập và làm theo vào sinh hoạt chi bộ")
    for period in periods:
        paragraph(document, cell_sentence(period["label"], period["own"]), align=JUSTIFY)
        paragraph(document, classification_sentence(period["label"], period["own"]), align=JUSTIFY)
    heading("6. Công tác kiểm tra, giám sát gắn với đánh giá, xếp loại")
    for period in periods:
        if period["code"].isdigit():
            paragraph(document, rating_sentence(period["label"], period["own"]), align=JUSTIFY)
    heading("7. Công tác khen thưởng")
    for period in periods:
        paragraph(document, awards_sentence(period["label"], period["own"]), align=JUSTIFY)
    _text(document, report.commendations)
    for title, text in (("III. HẠN CHẾ, NGUYÊN NHÂN", report.limitations), ("IV. BÀI HỌC KINH NGHIỆM", report.lessons),
                        ("V. PHƯƠNG HƯỚNG, NHIỆM VỤ", report.direction), ("VI. KIẾN NGHỊ, ĐỀ XUẤT", report.proposals)):
        heading(title)
        _text(document, text)
    paragraph(document, "(Kèm theo phụ lục số liệu theo từng tổ chức trực thuộc.)", italic=True)

    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = right.paragraphs[0].text = ""
    paragraph(left, "Nơi nhận:", size=12, bold=True, italic=True, space_after=0)
    for line in report.recipients.splitlines():
        if line.strip():
            paragraph(left, line.strip(), size=12, space_after=0)
    paragraph(right, services.signing_authority(org), bold=True, align=CENTER, space_after=0)
    paragraph(right, report.signer_title.upper(), bold=True, align=CENTER, space_after=48)
    paragraph(right, report.signer_name, bold=True, align=CENTER)
    return to_bytes(document)


ANNEX_COLUMNS = ([(spec, part) for spec in dashboard.COMPARED for part in ("numerator", "denominator", "percent")]
                 + [(spec, "numerator") for spec in dashboard.COUNTED if spec.key != "buoi"])
PART_LABELS = {"numerator": "tử số", "denominator": "mẫu số", "percent": "tỷ lệ"}


def annex_workbook(report, figures):
    """The annex: for each period, one row per organisation (the committee's own total first),
    each compared figure as numerator, denominator and rate, then the sessions."""
    header = (["Tổ chức", "Đảng viên"] + [f"{spec.label} ({PART_LABELS[part]})" if spec.denominator else spec.label
                                          for spec, part in ANNEX_COLUMNS]
              + ["Số buổi", "Lượt đảng viên", "Lượt quần chúng"])
    sheets = []
    for period in figures["periods"]:
        rows = []
        for name, counter in [(f"{report.org.name} (toàn đảng bộ)", period["own"])] + [
                (child["name"], child["figures"]) for child in period["children"]]:
            counter = Counter(counter)
            values = {f.spec.key: f for f in dashboard.figures_of(counter, whole_year=period["code"].isdigit())}
            row = [name, counter.get("dang_vien", 0)]
            for spec, part in ANNEX_COLUMNS:
                figure = values[spec.key]
                row.append(figure.percent if part == "percent" else getattr(figure, part))
            row += [sum(v for k, v in counter.items() if k.startswith("buoi.")), counter.get("luot.dang_vien", 0),
                    counter.get("luot.quan_chung", 0)]
            rows.append(row)
        sheets.append((period["label"], header, rows))
    return write_workbook(sheets).getvalue()
