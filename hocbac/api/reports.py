"""The dashboard's figures and a committee's reports under /orgs/{id}/…, read with "view", as on
the pages: the figures come from the summaries, each with numerator, denominator and rule."""

import datetime

from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema

from hocbac.reports import dashboard, periods, selectors, services
from hocbac.reports.models import Report

from .orgs import org_for

router = Router(tags=["Số liệu tổng hợp, báo cáo"])


class PeriodOut(Schema):
    code: str
    label: str
    start: datetime.date
    end: datetime.date


class FigureOut(Schema):
    key: str
    label: str
    numerator: int
    denominator: int | None  # none for a plain count
    percent: str  # "95,1%", "—" when there is nothing to measure, "" for a count
    text: str  # "3.790/3.985 đảng viên, đạt 95,1%"
    details: str
    rule: str


class OrgFiguresOut(Schema):
    org_id: int
    org_name: str
    members: int
    figures: list[FigureOut]


class CampaignFigureOut(FigureOut):
    campaign_id: int
    starts_on: datetime.date
    due_on: datetime.date


class DashboardFiguresOut(Schema):
    period: PeriodOut
    refreshed_at: datetime.datetime | None  # the last pass of `hocbac summaries`
    pending_changes: int  # changes in the subtree not counted yet
    total: OrgFiguresOut
    campaigns: list[CampaignFigureOut]  # the study campaigns covering the organisation, running in the period
    children: list[OrgFiguresOut]  # weakest first on participation


class ReportOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    periods: list[str]
    number: int | None
    symbol: str  # "01-BC/ĐU" once issued
    issued_on: datetime.date | None


def _figures(figures):
    return [{"key": f.spec.key, "label": f.spec.label, "numerator": f.numerator, "denominator": f.denominator,
             "percent": f.percent, "text": f.text, "details": f.details, "rule": f.spec.rule} for f in figures]


@router.get("/orgs/{org_id}/figures", response=DashboardFiguresOut, url_name="figures")
def figures(request, org_id: int, period: str | None = None):
    """The programme's figures of the organisation's subtree for `period` ("2026", "2026-H2",
    "2026-Q4", "2026-11"; this year by default), and of each child organisation."""
    org = org_for(request, org_id)
    try:
        chosen = periods.parse(period or str(timezone.localdate().year))
    except ValueError:
        raise Http404 from None
    whole_year = chosen.code == str(chosen.start.year)
    with selectors.bounded():
        children = list(org.children.filter(dissolved_on__isnull=True))
        counters = selectors.figures([org, *children], chosen)
        refreshed, pending = selectors.last_refresh(), selectors.pending_changes(org)
        campaigns = dashboard.campaign_figures(selectors.campaigns_running(org, chosen), counters[org.pk])
    rows = dashboard.sort_rows(dashboard.rows_of(children, counters, whole_year=whole_year), "hoc_tap")
    return {
        "period": {"code": chosen.code, "label": chosen.label, "start": chosen.start, "end": chosen.end},
        "refreshed_at": refreshed.finished_at if refreshed else None, "pending_changes": pending,
        "total": {"org_id": org.pk, "org_name": org.name, "members": counters[org.pk]["dang_vien"],
                  "figures": _figures(dashboard.figures_of(counters[org.pk], whole_year=whole_year))},
        "campaigns": [{**_figures([f])[0], "campaign_id": c.pk, "starts_on": c.starts_on, "due_on": c.due_on}
                      for c, f in campaigns],
        "children": [{"org_id": row.org.pk, "org_name": row.org.name, "members": row.members,
                      "figures": _figures(row.figures.values())} for row in rows],
    }


@router.get("/orgs/{org_id}/reports", response=list[ReportOut], url_name="reports")
def reports(request, org_id: int):
    """The organisation's reports, drafts and issued, newest first (the documents are downloaded
    from the pages)."""
    org = org_for(request, org_id)
    return [{"id": r.pk, "kind": r.kind, "kind_label": r.get_kind_display(), "title": r.title, "periods": r.periods,
             "number": r.number, "symbol": services.symbol(r), "issued_on": r.issued_on}
            for r in Report.objects.in_orgs([org.pk]).select_related("org")]
