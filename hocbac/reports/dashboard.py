"""The programme's figures of an organisation for a period, each with its numerator, denominator
and rule ("3.790/3.985 đảng viên, đạt 95,1%"), read from the summaries (`selectors.figures`)."""

from dataclasses import dataclass
from decimal import Decimal

from hocbac.core.text import format_number, format_percent, format_ratio
from hocbac.orgs.models import ELIGIBILITY_RULE
from hocbac.ratings.models import RATING_ORDER, Rating

from .indicators import LABELS, campaign_codes


@dataclass(frozen=True)
class Spec:
    key: str
    label: str
    numerator: str | tuple  # an indicator, a prefix ("buoi": every "buoi.…"), or a tuple of indicators
    denominator: str | None  # an indicator, or None for a plain count
    noun: str
    rule: str
    parts: tuple = ()  # indicators shown after the figure ("12 hội nghị, 3 chuyên đề")


MEMBERS = f"Mẫu số: {ELIGIBILITY_RULE}, cuối kỳ (hôm nay nếu kỳ chưa hết)."
SPECS = [
    Spec("hoc_tap", "Đảng viên tham gia học tập, sinh hoạt", "dang_vien.tham_du", "dang_vien", "đảng viên",
         "Đảng viên có mặt ít nhất một buổi đã điểm danh trong kỳ (hội nghị, chuyên đề, sinh hoạt chi bộ), "
         "tính ở chi bộ nơi được điểm danh. " + MEMBERS),
    Spec("thuong_ky", "Dự sinh hoạt chi bộ thường kỳ", "thuong_ky.co_mat", "thuong_ky.moi", "lượt",
         "Lượt có mặt trên lượt đảng viên được điểm danh ở các buổi sinh hoạt chi bộ thường kỳ trong kỳ."),
    Spec("buoi", "Buổi học tập, sinh hoạt đã tổ chức", "buoi", None, "buổi",
         "Các buổi đã điểm danh, bắt đầu trong kỳ, của tổ chức và các tổ chức trực thuộc.",
         parts=("buoi.hoi_nghi", "buoi.chuyen_de", "buoi.thuong_ky", "buoi.khac", "luot.dang_vien", "luot.quan_chung")),
    Spec("dang_ky", "Đảng viên đăng ký làm theo", "dang_ky.da_nop", "dang_vien", "đảng viên",
         "Bản đăng ký của năm đã nộp đến cuối kỳ. " + MEMBERS),
    Spec("danh_gia", "Bản đăng ký chi bộ đã đánh giá", "dang_ky.da_danh_gia", "dang_ky.da_nop", "bản",
         "Bản đăng ký đã có kết quả đánh giá của chi bộ đến cuối kỳ, trên số bản đã nộp.",
         parts=("dang_ky.tot", "dang_ky.hoan_thanh", "dang_ky.chua_hoan_thanh")),
    Spec("thu_hoach", "Bài thu hoạch đã nộp", "thu_hoach.da_nop", "thu_hoach.phan_cong", "bài",
         "Bài thu hoạch của các tháng trong kỳ đã nộp hoặc đã đọc tại sinh hoạt, trên số bài được phân công."),
    Spec("thi", "Đảng viên dự thi tìm hiểu", "thi.dang_vien", "dang_vien", "đảng viên",
         "Đảng viên hoàn thành ít nhất một lượt thi trong kỳ. " + MEMBERS, parts=("thi.luot",)),
    Spec("phan_loai", "Đảng viên đạt mức cao nhất khi phân loại", "phan_loai.dang_vien.cao_nhat",
         "phan_loai.dang_vien", "lượt",
         "Lượt đảng viên được chi bộ phân loại (hằng tháng, quý hoặc năm, theo bộ tiêu chí đang dùng) ở các kỳ phân "
         "loại kết thúc trong kỳ, và số lượt đạt mức cao nhất của bộ tiêu chí (vd “Đảng viên 6 tốt”)."),
    Spec("chi_bo_phan_loai", "Chi bộ đạt mức cao nhất khi tự phân loại", "phan_loai.chi_bo.cao_nhat",
         "phan_loai.chi_bo", "lượt chi bộ",
         "Lượt chi bộ tự phân loại ở các kỳ phân loại kết thúc trong kỳ, và số lượt đạt mức cao nhất của bộ tiêu "
         "chí (vd “Chi bộ bốn tốt”), theo mức đang ghi (kể cả khi cấp trên chưa xác nhận)."),
    Spec("mo_hinh", "Mô hình học tập và làm theo", ("mo_hinh.phat_dong", "mo_hinh.rieng"), None, "mô hình",
         "Mô hình (không kể lượt nhân rộng) bắt đầu đến cuối kỳ, của tổ chức và các tổ chức trực thuộc; tiêu biểu, "
         "xuất sắc theo tình trạng vào cuối kỳ.",
         parts=("mo_hinh.phat_dong", "mo_hinh.rieng", "mo_hinh.nhan_rong", "mo_hinh.tieu_bieu", "mo_hinh.moi",
                "mo_hinh.nhan_rong_moi")),
    Spec("khen_thuong", "Khen thưởng trong kỳ", ("khen_thuong.tap_the", "khen_thuong.ca_nhan"), None, "lượt",
         "Khen thưởng có quyết định ký trong kỳ, tính ở tổ chức của tập thể hoặc cá nhân được khen.",
         parts=("khen_thuong.tap_the", "khen_thuong.ca_nhan")),
    Spec("xep_loai", "Đảng viên đã có quyết định xếp loại", "xep_loai", None, "đảng viên",
         "Xếp loại chất lượng cuối năm đã có quyết định, tại chi bộ đánh giá (chỉ với kỳ cả năm).",
         parts=tuple(f"xep_loai.{code}" for code in RATING_ORDER)),
]
# The figures compared across organisations (a rate each), and the counts shown beside them.
COMPARED = [spec for spec in SPECS if spec.denominator]
COUNTED = [spec for spec in SPECS if not spec.denominator and spec.key != "xep_loai"]


@dataclass
class Figure:
    spec: Spec
    numerator: int
    denominator: int | None
    parts: list  # [(label, value)]

    @property
    def ratio(self):
        """For sorting: the rate, or -1 when there is nothing to measure (shown first)."""
        if not self.denominator:
            return Decimal(-1)
        return Decimal(self.numerator) / Decimal(self.denominator)

    @property
    def percent(self):
        return format_percent(self.numerator, self.denominator) if self.spec.denominator else ""

    @property
    def text(self):
        if self.spec.denominator is None:
            return f"{format_number(self.numerator)} {self.spec.noun}"
        return format_ratio(self.numerator, self.denominator, self.spec.noun)

    @property
    def details(self):
        return "; ".join(f"{label} {format_number(value)}" for label, value in self.parts if value)


def _numerator(counter, numerator):
    if isinstance(numerator, tuple):
        return sum(counter[code] for code in numerator)
    if "." in numerator:
        return counter[numerator]
    return sum(value for code, value in counter.items() if code.startswith(numerator + "."))


def _label(code):
    if code.startswith("xep_loai."):
        return Rating(code.split(".", 1)[1]).label
    return LABELS[code]


def figures_of(counter, *, whole_year):
    """[Figure] of one organisation from its Counter of indicators."""
    result = []
    for spec in SPECS:
        if spec.key == "xep_loai" and not whole_year:
            continue
        numerator = _numerator(counter, spec.numerator)
        denominator = counter[spec.denominator] if spec.denominator else None
        result.append(Figure(spec, numerator, denominator, [(_label(code), counter[code]) for code in spec.parts]))
    return result


@dataclass
class Row:
    org: object
    members: int
    figures: dict  # {spec key: Figure}

    @property
    def compared(self):
        """The figures compared across organisations, in the columns' order."""
        return [self.figures[spec.key] for spec in COMPARED]

    @property
    def counted(self):
        return [self.figures[spec.key] for spec in COUNTED]


def rows_of(orgs, counters, *, whole_year):
    return [Row(org, counters[org.pk]["dang_vien"],
                {f.spec.key: f for f in figures_of(counters[org.pk], whole_year=whole_year)}) for org in orgs]


CAMPAIGN_RULE = ("Đảng viên có mặt ít nhất một buổi của đợt học tập, từ khi phát động đến cuối kỳ, tính ở chi bộ nơi "
                 "được điểm danh. Mẫu số: " + ELIGIBILITY_RULE + " thuộc phạm vi của cấp ủy phát động, vào cuối kỳ, "
                 "hạn hoàn thành hoặc hôm nay, ngày nào đến trước.")


def campaign_figures(campaigns, counter):
    """[(campaign, Figure)] of each study campaign (running in the period) from an organisation's Counter."""
    result = []
    for campaign in campaigns:
        studied, counted = campaign_codes(campaign.pk)
        spec = Spec(studied, campaign.title, studied, counted, "đảng viên", CAMPAIGN_RULE)
        result.append((campaign, Figure(spec, counter[studied], counter[counted], [])))
    return result


ORDERS = [("ten", "Theo tên")] + [(spec.key, spec.label) for spec in COMPARED]


def sort_rows(rows, order):
    """Weakest first on the chosen figure (those with nothing to measure first of all), or by name."""
    if order == "ten" or order not in {spec.key for spec in COMPARED}:
        return sorted(rows, key=lambda r: r.org.sort_key)
    return sorted(rows, key=lambda r: (r.figures[order].ratio, r.org.sort_key))
