"""A committee's reports (/o/<id>/bao-cao/…): drafts with the narrative written in the app, the
figures filled in from the summaries, issued with a number and frozen; the Word document and the
annex workbook. Reading needs "view", drafting and issuing "manage"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hocbac.core.audit import log_action
from hocbac.core.exports import XLSX_TYPE
from hocbac.orgs import scoping

from . import documents, services
from .forms import NewReportForm, ReportTextsForm
from .models import Report

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _report(org, report_id):
    return get_object_or_404(Report.objects.in_orgs([org.pk]).select_related("org", "org__parent"), pk=report_id)


def _figures(report):
    return report.figures if report.is_issued else services.snapshot(report.org, report.periods)


@scoping.org_view("view")
def report_list(request):
    form = NewReportForm(request.POST or None, initial={"place": request.org.address or ""})
    if request.method == "POST":
        if "manage" not in request.abilities:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.create_report(by=request.user, org=request.org, kind=data["kind"],
                                                 period_codes=form.period_codes(), title=data["title"], place=data["place"])
            except ValidationError as error:
                form.add_error(None, " ".join(error.messages))
            else:
                return redirect("reports:report", org_id=request.org.pk, report_id=report.pk)
    return render(request, "reports/report_list.html", {
        "org": request.org, "form": form, "reports": Report.objects.in_orgs([request.org.pk]),
        "may_write": "manage" in request.abilities,
    }, status=400 if form.errors else 200)


@scoping.org_view("view")
def report_detail(request, report_id):
    report = _report(request.org, report_id)
    may_write = "manage" in request.abilities and not report.is_issued
    form = ReportTextsForm(request.POST or None, instance=report) if may_write else None
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.update_report(report, by=request.user, **{k: form.cleaned_data[k] for k in services.TEXTS})
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, "Đã lưu dự thảo.")
                return redirect("reports:report", org_id=request.org.pk, report_id=report.pk)
    figures = _figures(report)
    return render(request, "reports/report_detail.html", {
        "org": request.org, "report": report, "form": form, "symbol": services.symbol(report),
        "sentences": [(p["label"], documents.study_sentence(report.org.name, p["label"], p["own"]),
                       documents.practice_sentence(p["label"], p["own"]), documents.cell_sentence(p["label"], p["own"]),
                       documents.rating_sentence(p["label"], p["own"]) if p["code"].isdigit() else "")
                      for p in figures["periods"]],
        "may_issue": may_write,
    })


@require_POST
@scoping.org_view("manage")
def report_issue(request, report_id):
    report = _report(request.org, report_id)
    try:
        report = services.issue(report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Đã ban hành báo cáo số {services.symbol(report)}.")
    return redirect("reports:report", org_id=request.org.pk, report_id=report.pk)


def _download(request, report, content, content_type, filename):
    log_action("export.report", by=request.user, org=report.org, obj=report,
               summary=f"Tải {filename} của báo cáo {services.symbol(report) or '(dự thảo)'}"[:300],
               after={"file": filename})
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@scoping.org_view("view")
def report_docx(request, report_id):
    report = _report(request.org, report_id)
    name = f"bao-cao-{report.number:02d}.docx" if report.is_issued else "bao-cao-du-thao.docx"
    return _download(request, report, documents.report_document(report, _figures(report)), DOCX_TYPE, name)


@scoping.org_view("view")
def report_annex(request, report_id):
    report = _report(request.org, report_id)
    name = f"phu-luc-bao-cao-{report.number:02d}.xlsx" if report.is_issued else "phu-luc-du-thao.xlsx"
    return _download(request, report, documents.annex_workbook(report, _figures(report)), XLSX_TYPE, name)
