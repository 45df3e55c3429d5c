import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hocbac.core.exports import xlsx_response
from hocbac.library.selectors import document_for, documents_for
from hocbac.orgs import scoping
from hocbac.orgs.models import ELIGIBILITY_RULE, Member
from hocbac.orgs.selectors import subtree

from . import exports, imports, selectors, services
from .forms import CampaignForm, NonMemberForm, PeriodForm, SessionForm
from .models import AttendanceStatus, StudySession

CAMPAIGNS_SHOWN = 20


@scoping.org_view("view")
def campaign_list(request):
    campaigns = list(selectors.campaigns_visible_at(request.org).select_related("org").order_by("-due_on")[:CAMPAIGNS_SHOWN])
    for campaign in campaigns:  # a handful a year; each figure is four queries
        campaign.coverage, _ = selectors.campaign_coverage(campaign, request.org)
    return render(request, "study/campaign_list.html", {"org": request.org, "campaigns": campaigns})


@scoping.org_view("administer")
def campaign_create(request):
    form = CampaignForm(request.POST or None, documents=documents_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(by=request.user, org=request.org, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Đã phát động: {campaign.title}.")
            return redirect("study:campaign_detail", org_id=request.org.pk, campaign_id=campaign.pk)
    return render(request, "study/form.html", {"org": request.org, "form": form, "title": "Phát động đợt học tập"})


@scoping.org_view("view")
def campaign_detail(request, campaign_id):
    campaign = selectors.campaign_in(request.org, campaign_id)
    total, rows = selectors.campaign_coverage(campaign, request.org)
    return render(request, "study/campaign_detail.html", {
        "org": request.org, "campaign": campaign, "rule": ELIGIBILITY_RULE,
        **_coverage_context(request, total, rows, "study:campaign_detail", campaign.pk),
        "reference_day": selectors.campaign_reference_day(campaign),
        "sessions": campaign.sessions.filter(org__path__startswith=request.org.path).select_related("org")[:50],
    })


def _coverage_context(request, total, rows, row_url, object_id):
    order = request.GET.get("sap-xep", "yeu")
    return {"total": total, "rows": selectors.sort_coverage(rows, order), "order": order, "row_url": row_url,
            "object_id": object_id, "orders": [(key, label) for key, (label, _) in selectors.COVERAGE_ORDERS.items()]}


@scoping.org_view("view")
def document_coverage(request, document_id):
    """How many members of the subtree have studied one document (at any session covering it)."""
    document = document_for(request.user, document_id)
    total, rows = selectors.document_coverage(document, request.org)
    return render(request, "study/document_coverage.html", {
        "org": request.org, "document": document, "rule": ELIGIBILITY_RULE, "today": timezone.localdate(),
        **_coverage_context(request, total, rows, "study:document_coverage", document.pk),
    })


@scoping.org_view("view")
def document_coverage_export(request, document_id):
    document = document_for(request.user, document_id)
    total, rows = selectors.document_coverage(document, request.org)
    return xlsx_response(request, f"bao-phu-van-ban-{document.pk}.xlsx",
                         [exports.coverage_sheet(total, rows)],
                         action="export.coverage", org=request.org)


@scoping.org_view("view")
def campaign_export(request, campaign_id):
    campaign = selectors.campaign_in(request.org, campaign_id)
    total, rows = selectors.campaign_coverage(campaign, request.org)
    return xlsx_response(request, f"bao-phu-{campaign.pk}.xlsx", [exports.coverage_sheet(total, rows)],
                         action="export.coverage", org=request.org)


@scoping.org_view("view")
def session_list(request):
    sessions = list(selectors.sessions_visible_at(request.org).select_related("org").order_by("-starts_at")[:200])
    present = selectors.present_counts(sessions, request.org)
    for session in sessions:
        session.present = present.get(session.pk, 0)
    return render(request, "study/session_list.html", {"org": request.org, "sessions": sessions})


@scoping.org_view("manage")
def session_create(request):
    org = request.org
    form = SessionForm(
        request.POST or None,
        invitable=subtree(org).filter(dissolved_on__isnull=True),
        campaigns=selectors.campaigns_visible_at(org),
        documents=documents_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(by=request.user, org=org, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Đã tạo buổi học tập, sinh hoạt.")
            return redirect("study:session_detail", org_id=org.pk, session_id=session.pk)
    return render(request, "study/form.html", {"org": org, "form": form, "title": "Tạo buổi học tập, sinh hoạt"})


def _attendance_context(request, session):
    invited = selectors.invited_members(session, within=[request.org])
    marks = selectors.marks_for(session, request.org)
    for member in invited:
        member.mark = marks.get(member.pk)
    counts = {status: sum(1 for m in invited if m.mark == status) for status in AttendanceStatus.values}
    return {"org": request.org, "session": session, "invited": invited, "counts": counts,
            "unmarked": sum(1 for m in invited if m.mark is None), "statuses": AttendanceStatus.choices}


@scoping.org_view("view")
def session_detail(request, session_id):
    session = selectors.session_in(request.org, session_id)
    context = _attendance_context(request, session)
    context.update({
        "can_manage": "manage" in request.abilities,
        "checkin_url": request.build_absolute_uri(reverse("study:check_in", kwargs={"code": session.checkin_code})),
        "non_member_form": NonMemberForm(initial={"count": session.non_member_count, "names": session.non_member_names}),
        "invited_orgs": session.invited_orgs.all(),
        # Non-members are counted for the whole session, by the organiser or a level above it.
        "at_organiser": request.org.path.startswith(session.org.path),
    })
    return render(request, "study/session_detail.html", context)


@scoping.org_view("manage")
def attendance_sheet(request, session_id):
    """The secretary's checklist on a phone: everyone present by default, tap the few absent."""
    session = selectors.session_in(request.org, session_id)
    if request.method == "POST":
        marked = services.mark_all_present(session, cells=[request.org], by=request.user)
        messages.success(request, f"Đã ghi có mặt {marked} đồng chí. Chạm vào người vắng để sửa.")
        return redirect("study:attendance_sheet", org_id=request.org.pk, session_id=session.pk)
    return render(request, "study/attendance_sheet.html", _attendance_context(request, session))


@require_POST
@scoping.org_view("manage")
def attendance_mark(request, session_id, member_id):
    """Set one member's mark (htmx swaps the row; without JavaScript the page reloads)."""
    session = selectors.session_in(request.org, session_id)
    member = get_object_or_404(Member.objects.in_subtree(request.org), pk=member_id)
    status = request.POST.get("status", "")
    if status not in AttendanceStatus.values:
        return HttpResponse("Trạng thái không hợp lệ.", status=400)
    try:
        services.record_attendance(session, member, status, by=request.user)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400)
    if request.headers.get("HX-Request"):
        # The row swaps in place; the counts above the list follow out of band.
        context = _attendance_context(request, session)
        member = next(m for m in context["invited"] if m.pk == member.pk)
        return render(request, "study/_attendance_mark.html", {**context, "member": member, "oob": True})
    return redirect("study:attendance_sheet", org_id=request.org.pk, session_id=session.pk)


@require_POST
@scoping.org_view("manage")
def session_non_members(request, session_id):
    session = selectors.session_in(request.org, session_id)
    if not request.org.path.startswith(session.org.path):
        raise Http404
    form = NonMemberForm(request.POST)
    if form.is_valid():
        services.set_non_members(session, by=request.user, **form.cleaned_data)
        messages.success(request, "Đã ghi số quần chúng tham dự.")
    else:
        messages.error(request, "Số quần chúng không hợp lệ.")
    return redirect("study:session_detail", org_id=request.org.pk, session_id=session.pk)


@scoping.org_view("manage")
def session_qr(request, session_id):
    session = selectors.session_in(request.org, session_id)
    url = request.build_absolute_uri(reverse("study:check_in", kwargs={"code": session.checkin_code}))
    svg = segno.make(url, error="m").svg_inline(scale=8, border=2)
    return HttpResponse(svg, content_type="image/svg+xml")


@scoping.org_view("view")
def attendance_export(request, session_id):
    session = selectors.session_in(request.org, session_id)
    sheet = exports.attendance_sheet(session, selectors.invited_members(session, within=[request.org]),
                                     selectors.marks_for(session, request.org))
    return xlsx_response(request, f"diem-danh-{session.pk}.xlsx", [sheet], action="export.attendance", org=request.org)


@login_required
def check_in(request, code):
    """A member scans the session's QR code: confirm, then record present (idempotent)."""
    session = get_object_or_404(StudySession.objects.unscoped().select_related("org"), checkin_code=code)
    member = getattr(request.user, "member", None)
    if member is None:
        raise Http404
    error = done = None
    if request.method == "POST":
        try:
            _, created = services.check_in(session, member)
            done = "Đã điểm danh: có mặt." if created else "Đồng chí đã điểm danh buổi này rồi."
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(request, "study/check_in.html", {"session": session, "member": member, "error": error, "done": done},
                  status=400 if error else 200)


@scoping.org_view("view")
def activity(request):
    form, start, end = PeriodForm.for_request(request.GET)
    rates = selectors.attendance_rates(request.org, start, end)
    return render(request, "study/activity.html", {
        "org": request.org, "form": form, "start": start, "end": end,
        "activity": selectors.activity(request.org, start, end),
        "rates": rates, "flagged": [r for r in rates if r.flagged],
    })


@scoping.org_view("view")
def activity_export(request):
    _, start, end = PeriodForm.for_request(request.GET)
    sheet = exports.rates_sheet(selectors.attendance_rates(request.org, start, end))
    return xlsx_response(request, "ty-le-tham-du.xlsx", [sheet], action="export.attendance_rates", org=request.org)


@scoping.org_view("manage")
def attendance_import(request, session_id):
    """Attendance from the exported sheet with "Điểm danh" filled in: all rows or none."""
    session = selectors.session_in(request.org, session_id)
    result = error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError("Hãy chọn tệp Excel.")
            result = imports.parse(upload, session=session, org=request.org)
            if not result.errors:
                changed = imports.commit(result, session=session, org=request.org, by=request.user)
                messages.success(request, f"Đã nhập {len(result.marks)} dòng, {changed} thay đổi.")
                return redirect("study:session_detail", org_id=request.org.pk, session_id=session.pk)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(request, "study/attendance_import.html", {"org": request.org, "session": session, "result": result, "error": error},
                  status=400 if (error or (result and result.errors)) else 200)
