"""The dashboard of an organisation (/o/<id>/so-lieu/?ky=2026-H2): the programme's figures for a
period from the summaries, each child organisation in a row (weakest first, a click goes down a
level), a cell's members, the months as charts, every table in Excel. Reading needs "view"."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from hocbac.core.exports import xlsx_response
from hocbac.core.text import format_percent
from hocbac.orgs import scoping

from . import dashboard, periods, selectors, services

TREND = ["dang_vien.tham_du", "dang_vien", "thuong_ky.co_mat", "thuong_ky.moi", "dang_ky.da_nop", "thi.dang_vien"]


def _period(request):
    code = request.GET.get("ky") or str(timezone.localdate().year)
    try:
        return periods.parse(code)
    except ValueError:
        raise Http404 from None


def _choices(today):
    """The periods offered: this year's and last year's that have begun, the year first; then
    ranges shown side by side (the years of the term so far, this year's months and quarters)."""
    single = [(p.code, p.label) for year in (today.year, today.year - 1) for p in periods.of_year(year) if p.start <= today]
    first_year = max(today.year - 4, services.term_start(today))
    ranges = [(f"{today.year}-01..{today.year}-{today.month:02d}", f"Từng tháng năm {today.year}"),
              (f"{today.year}-Q1..{today.year}-Q{(today.month - 1) // 3 + 1}", f"Từng quý năm {today.year}"),
              (f"{today.year - 1}-01..{today.year - 1}-12", f"Từng tháng năm {today.year - 1}")]
    if first_year < today.year:
        ranges.insert(0, (f"{first_year}..{today.year}", f"Từng năm {first_year}–{today.year}"))
    return single + ranges


def _percent_series(series, numerator, denominator):
    return [float(round(100 * n / d, 1)) if d else None for n, d in zip(series[numerator], series[denominator], strict=True)]


@scoping.org_view("view")
def dashboard_view(request):
    org, today = request.org, timezone.localdate()
    if periods.RANGE_SEPARATOR in request.GET.get("ky", ""):
        return _range_view(request, org, today)
    period = _period(request)
    whole_year = period.code == str(period.start.year)
    with selectors.bounded():
        children = list(org.children.filter(dissolved_on__isnull=True))
        counters = selectors.figures([org, *children], period)
        members = selectors.member_rows(org, period) if org.holds_members else []
        series = selectors.monthly(org, period.start.year, TREND)
        refreshed, pending = selectors.last_refresh(), selectors.pending_changes(org)
        campaigns = dashboard.campaign_figures(selectors.campaigns_running(org, period), counters[org.pk])
    order = request.GET.get("sap-xep", "hoc_tap")
    rows = dashboard.sort_rows(dashboard.rows_of(children, counters, whole_year=whole_year), order)
    if request.GET.get("xuat") == "xlsx":
        return _export(request, org, period, counters[org.pk], rows, members, campaigns, whole_year)
    return render(request, "reports/dashboard.html", {
        "org": org, "period": period, "choices": _choices(today), "whole_year": whole_year,
        "figures": dashboard.figures_of(counters[org.pk], whole_year=whole_year),
        "campaigns": campaigns, "campaign_rule": dashboard.CAMPAIGN_RULE, "counted": dashboard.COUNTED,
        "rows": rows, "compared": dashboard.COMPARED, "orders": dashboard.ORDERS, "order": order,
        "members": members, "refreshed": refreshed, "pending": pending,
        "trend": {"months": [f"{m}/{period.start.year}" for m in range(1, 13)],
                  "series": [{"label": "Tham gia học tập, sinh hoạt (%)",
                              "values": _percent_series(series, "dang_vien.tham_du", "dang_vien")},
                             {"label": "Dự sinh hoạt thường kỳ (%)",
                              "values": _percent_series(series, "thuong_ky.co_mat", "thuong_ky.moi")},
                             {"label": "Dự thi tìm hiểu (%)",
                              "values": _percent_series(series, "thi.dang_vien", "dang_vien")}]},
    })


def _range_view(request, org, today):
    """The figures of several periods of one kind side by side ("2024..2026": year by year)."""
    try:
        period_list = periods.parse_range(request.GET["ky"])
    except ValueError:
        raise Http404 from None
    with selectors.bounded():
        counters = selectors.figures_by_period(org, period_list)
    columns = [(period, {f.spec.key: f for f in dashboard.figures_of(counters[period.code], whole_year=True)})
               for period in period_list]
    specs = [spec for spec in dashboard.SPECS
             if spec.key != "xep_loai" or all(p.code == str(p.start.year) for p in period_list)]
    table = [(spec, [figures.get(spec.key) for _, figures in columns]) for spec in specs]
    if request.GET.get("xuat") == "xlsx":
        header = ["Chỉ tiêu"] + [f"{p.label} ({part})" for p in period_list for part in ("tử số", "mẫu số", "tỷ lệ")]
        rows = [[spec.label] + [value for f in cells for value in (f.numerator, f.denominator, f.percent)]
                for spec, cells in table]
        return xlsx_response(request, f"so-lieu-{period_list[0].code}-{period_list[-1].code}.xlsx",
                             [("Theo kỳ", header, rows)], action="export.dashboard", org=org, log=False)
    return render(request, "reports/dashboard_range.html", {
        "org": org, "periods": period_list, "code": request.GET["ky"], "choices": _choices(today), "table": table,
        "refreshed": selectors.last_refresh()})


def _export(request, org, period, counter, rows, members, campaigns, whole_year):
    own = dashboard.figures_of(counter, whole_year=whole_year)
    sheets = [("Tổng hợp", ["Chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ", "Chi tiết", "Cách tính"],
               [[f.spec.label, f.numerator, f.denominator, f.percent, f.details, f.spec.rule] for f in own])]
    if campaigns:
        sheets.append(("Đợt học tập", ["Đợt học tập", "Đã học", "Mẫu số", "Tỷ lệ", "Cách tính"],
                       [[f.spec.label, f.numerator, f.denominator, f.percent, f.spec.rule] for _, f in campaigns]))
    if rows:
        header = (["Tổ chức", "Đảng viên"] + [f"{spec.label} ({label})" for spec in dashboard.COMPARED
                                              for label in ("tử số", "mẫu số", "tỷ lệ")]
                  + [spec.label for spec in dashboard.COUNTED])
        sheets.append(("Tổ chức trực thuộc", header, [
            [row.org.name, row.members] + [value for f in row.compared for value in (f.numerator, f.denominator, f.percent)]
            + [f.numerator for f in row.counted] for row in rows]))
    if members:
        sheets.append(("Đảng viên", ["Họ và tên", "Có mặt (lượt)", "Được mời (lượt)", "Sinh hoạt thường kỳ: có mặt",
                                     "Sinh hoạt thường kỳ: được mời", "Tỷ lệ thường kỳ", "Đăng ký làm theo",
                                     "Thu hoạch đã nộp", "Thu hoạch được phân công", "Lượt thi"],
                       [[m.member.full_name, m.present, m.invited, m.regular_present, m.regular_invited,
                         format_percent(m.regular_present, m.regular_invited), m.registration, m.reflections_written,
                         m.reflections_assigned, m.attempts] for m in members]))
    return xlsx_response(request, f"so-lieu-{period.code}.xlsx", sheets, action="export.dashboard", org=org,
                         log=bool(members))
