"""Reports: a committee drafts the narrative, then issues the report, which takes the next number
of its type within the committee's term and freezes the figures of its periods."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from hocbac.core.audit import log_action
from hocbac.orgs import scoping
from hocbac.orgs.models import Organization

from . import periods, selectors
from .models import Report, ReportKind

TEXTS = ["title", "place", "situation", "leadership", "exemplary", "commendations", "limitations", "lessons",
         "direction", "proposals", "recipients", "signer_title", "signer_name"]
PERIOD_PATTERN = {ReportKind.QUARTER: "Q", ReportKind.HALF: "H", ReportKind.YEAR: "", ReportKind.YEARS: ""}


def _refuse(message):
    raise ValidationError(message)


def term_start(day):
    """The first year of the committees' term holding `day` (terms of five years from
    HOCBAC_TERM_FIRST_YEAR, 2025 by default: the congresses of 2025–2030)."""
    first = settings.HOCBAC_TERM_FIRST_YEAR
    return first + (day.year - first) // 5 * 5


def check_periods(kind, codes):
    """The Periods of a report of `kind`, or a Vietnamese refusal."""
    try:
        parsed = [periods.parse(code) for code in codes]
    except ValueError:
        _refuse("Kỳ báo cáo không hợp lệ.")
    if not parsed:
        _refuse("Chọn kỳ báo cáo.")
    marker = PERIOD_PATTERN[kind]
    if kind == ReportKind.YEARS:
        years = [p.start.year for p in parsed]
        if len(parsed) < 2 or any(p.code != str(p.start.year) for p in parsed) or years != list(range(years[0], years[-1] + 1)):
            _refuse("Báo cáo nhiều năm gồm từ hai năm liền nhau trở lên.")
    elif len(parsed) != 1 or (marker and f"-{marker}" not in parsed[0].code) or (not marker and "-" in parsed[0].code):
        _refuse(f"Kỳ không hợp với loại “{ReportKind(kind).label}”.")
    if parsed[0].start > timezone.localdate():
        _refuse("Kỳ báo cáo chưa bắt đầu.")
    return parsed


@transaction.atomic
def create_report(*, by, org, kind, period_codes, title, place, **texts):
    if not scoping.can(by, "manage", org):
        _refuse("Đồng chí không có quyền soạn báo cáo của tổ chức này.")
    check_periods(kind, period_codes)
    report = Report.objects.create(org=org, kind=kind, periods=list(period_codes), title=title.strip(),
                                   place=place.strip(), term_start=term_start(timezone.localdate()), created_by=by,
                                   **{k: v.strip() for k, v in texts.items() if k in TEXTS})
    log_action("report.create", by=by, org=org, obj=report, summary=f"Soạn báo cáo: {report.title}"[:300])
    return report


@transaction.atomic
def update_report(report, *, by, **texts):
    """The narrative and the heading's details, while the report is a draft."""
    report = Report.objects.unscoped().select_for_update().get(pk=report.pk)
    if not scoping.can(by, "manage", report.org):
        _refuse("Đồng chí không có quyền sửa báo cáo này.")
    if report.is_issued:
        _refuse("Báo cáo đã ban hành: không sửa được nữa.")
    before = {k: getattr(report, k) for k in texts if k in TEXTS}
    for key, value in texts.items():
        if key in TEXTS:
            setattr(report, key, value.strip())
    report.save()
    log_action("report.update", by=by, org=report.org, obj=report, summary=f"Sửa dự thảo báo cáo: {report.title}"[:300],
               before=before, after={k: getattr(report, k) for k in before})
    return report


def snapshot(org, codes):
    """The figures of `org` and its children for each period, as JSON: what an issued report keeps."""
    children = list(org.children.filter(dissolved_on__isnull=True))
    result = []
    for code in codes:
        period = periods.parse(code)
        counters = selectors.figures([org, *children], period)
        campaigns = [{"id": c.pk, "title": c.title, "due_on": c.due_on.strftime("%d/%m/%Y")}
                     for c in selectors.campaigns_running(org, period)]
        result.append({"code": code, "label": period.label, "own": dict(counters[org.pk]), "campaigns": campaigns,
                       "children": [{"id": c.pk, "name": c.name, "figures": dict(counters[c.pk])} for c in children]})
    refreshed = selectors.last_refresh()
    return {"periods": result, "as_of": (refreshed.finished_at if refreshed else timezone.now()).isoformat()}


@transaction.atomic
def issue(report, *, by, issued_on=None):
    """Issue: the next number of the committee's reports in the term (one at a time, under the
    organisation's lock), the date, the figures frozen. A second click changes nothing."""
    Organization.objects.select_for_update().filter(pk=report.org_id).first()
    report = Report.objects.unscoped().select_for_update().select_related("org").get(pk=report.pk)
    if not scoping.can(by, "manage", report.org):
        _refuse("Đồng chí không có quyền ban hành báo cáo này.")
    if report.is_issued:
        return report
    if not report.signer_name.strip():
        _refuse("Ghi họ tên người ký trước khi ban hành.")
    issued_on = issued_on or timezone.localdate()
    report.term_start = term_start(issued_on)
    last = (Report.objects.unscoped().filter(org=report.org, term_start=report.term_start)
            .aggregate(n=Max("number"))["n"] or 0)
    report.number, report.issued_on, report.issued_by = last + 1, issued_on, by
    report.figures = snapshot(report.org, report.periods)
    report.save()
    log_action("report.issue", by=by, org=report.org, obj=report,
               summary=f"Ban hành báo cáo số {symbol(report)}: {report.title}"[:300],
               after={"number": report.number, "issued_on": issued_on.isoformat()})
    return report


ISSUER_CODES = {"tinh": "TU", "huyen": "HU", "khoi": "ĐUK", "xa": "ĐU", "co_so": "ĐU", "bo_phan": "ĐU",
                "chi_bo_co_so": "CB", "chi_bo_truc_thuoc": "CB", "to_dang": "TĐ"}
SIGNING = {"tinh": "T/M TỈNH ỦY", "huyen": "T/M HUYỆN ỦY", "khoi": "T/M ĐẢNG ỦY KHỐI", "chi_bo_co_so": "T/M CHI BỘ",
           "chi_bo_truc_thuoc": "T/M CHI BỘ", "to_dang": "T/M TỔ ĐẢNG"}


def symbol(report):
    """"12-BC/ĐU": the number (two digits at least), the type, the issuer's code."""
    if report.number is None:
        return ""
    return f"{report.number:02d}-BC/{ISSUER_CODES.get(report.org.kind, 'ĐU')}"


def signing_authority(org):
    return SIGNING.get(org.kind, "T/M ĐẢNG ỦY")
