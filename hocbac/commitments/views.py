from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from hocbac.core.audit import log_action
from hocbac.core.exports import xlsx_response
from hocbac.orgs import scoping

from . import documents, selectors, services, similarity
from .forms import (
    CheckInForm,
    DiscloseForm,
    EvaluationForm,
    OrgPlanForm,
    RegistrationForm,
    ReopenForm,
    SelfAssessmentForm,
    TemplateForm,
)
from .models import OrgPlan, Registration, State


def _year(request):
    year = request.GET.get("nam", "")
    return int(year) if year.isdigit() and 2000 < int(year) < 2100 else selectors.this_year()


def _to_register(org, year):
    return redirect(f"{reverse('commitments:register', args=[org.pk])}?nam={year}")


def _errors(error):
    return " ".join(error.messages)


def _step_forms(registration, data=None):
    """The form for the step the registration is at (None when nothing is due from the member)."""
    if registration is None or registration.state == State.DRAFT:
        return None
    if registration.state in (State.DISCLOSED, State.CHECKED_IN):
        return {"check_in": CheckInForm(data, deeds=registration.deeds),
                "self_assess": SelfAssessmentForm(data, initial={"text": registration.self_assessment})}
    if registration.state == State.SELF_ASSESSED:
        return {"self_assess": SelfAssessmentForm(data, initial={"text": registration.self_assessment})}
    return None


def _act(request, member, registration, year):
    """Handle a POST on a registration page, for the member or the cell on their behalf.
    Returns an error message, or None when the step was recorded."""
    action = request.POST.get("action", "")
    try:
        if action in ("save", "submit"):
            parts, _ = selectors.template_for(member.org, year)
            form = RegistrationForm(request.POST, parts=parts)
            if not form.is_valid():
                return "Nội dung chưa hợp lệ."
            registration = services.save_draft(member, year, by=request.user, deeds=form.deeds(),
                                               **{k: form.cleaned_data[k] for k in ("study_plan", "exemplary", "anti_degradation")})
            if action == "submit":
                services.submit(registration, by=request.user)
        elif action == "check_in" and registration:
            form = CheckInForm(request.POST, deeds=registration.deeds)
            form.is_valid()
            services.check_in(registration, by=request.user, progress=form.progress(len(registration.deeds)),
                              note=form.cleaned_data.get("note", ""))
        elif action == "self_assess" and registration:
            form = SelfAssessmentForm(request.POST)
            if not form.is_valid():
                return "Hãy viết phần tự đánh giá."
            services.self_assess(registration, by=request.user, text=form.cleaned_data["text"])
        else:
            return "Thao tác không hợp lệ."
    except ValidationError as error:
        return _errors(error)
    return None


DONE_MESSAGES = {"save": "Đã lưu bản nháp.", "submit": "Đã nộp bản đăng ký. Chi ủy sẽ công khai trước chi bộ.",
                 "check_in": "Đã ghi tự kiểm tra giữa năm.", "self_assess": "Đã ghi tự đánh giá cuối năm."}


def _registration_context(member, registration, year, data=None):
    parts, intro = selectors.template_for(member.org, year)
    editable = registration is None or registration.state == State.DRAFT
    initial = {}
    if registration:
        initial = {k: getattr(registration, k) for k in ("study_plan", "exemplary", "anti_degradation")}
    return {
        "member": member, "registration": registration, "year": str(year), "parts": parts, "intro": intro,
        "form": RegistrationForm(data, parts=parts, deeds=registration.deeds if registration else (), initial=initial)
        if editable else None,
        "steps": _step_forms(registration, data),
    }


@login_required
def mine(request):
    """A member's own registration of the year, on their phone."""
    member = getattr(request.user, "member", None)
    if member is None:
        raise Http404
    year = _year(request)
    registration = selectors.registration_of(member, year)
    if request.method == "POST":
        error = _act(request, member, registration, year)
        if error is None:
            messages.success(request, DONE_MESSAGES[request.POST["action"]])
            return redirect(f"{request.path}?nam={year}")
        messages.error(request, error)
    return render(request, "commitments/mine.html", _registration_context(member, registration, year))


@scoping.org_view("view")
def register(request):
    """The cell's (or subtree's) register of the year with the figures."""
    org, year = request.org, _year(request)
    show = request.GET.get("xem", "")
    total, children = selectors.figures(org, year)
    return render(request, "commitments/register.html", {
        "org": org, "year": str(year), "show": show, "rows": selectors.register(org, year, show=show),
        "total": total, "children": children, "disclose_form": DiscloseForm(),
        "plan": OrgPlan.objects.in_orgs([org.pk]).filter(year=year).first(),
    })


@require_POST
@scoping.org_view("manage")
def disclose(request):
    year = _year(request)
    form = DiscloseForm(request.POST)
    ids = [int(i) for i in request.POST.getlist("registration") if i.isdigit()]
    chosen = Registration.objects.in_subtree(request.org).filter(pk__in=ids, year=year).select_related("member", "org")
    if not form.is_valid() or not ids:
        messages.error(request, "Chọn các bản đăng ký và ngày sinh hoạt công khai.")
    else:
        try:
            count = services.disclose(chosen, on=form.cleaned_data["on"], by=request.user)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, f"Đã ghi công khai {count} bản đăng ký trước chi bộ ngày {form.cleaned_data['on']:%d/%m/%Y}.")
    return _to_register(request.org, year)


@scoping.org_view("manage")
def member_registration(request, member_id):
    """One member's registration as the cell sees it: enter on their behalf, evaluate, reopen."""
    year = _year(request)
    member, registration = selectors.registration_in(request.org, member_id, year)
    evaluation = EvaluationForm(request.POST if request.POST.get("action") == "evaluate" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        error = None
        try:
            if action == "evaluate" and registration:
                if not evaluation.is_valid():
                    raise ValidationError("Chọn kết quả đánh giá.")
                services.evaluate(registration, by=request.user, result=evaluation.cleaned_data["result"],
                                  comment=evaluation.cleaned_data["comment"])
                messages.success(request, f"Đã ghi đánh giá của chi bộ cho {member.full_name}.")
            elif action == "reopen" and registration:
                form = ReopenForm(request.POST)
                services.reopen(registration, by=request.user, reason=form.cleaned_data["reason"] if form.is_valid() else "")
                messages.success(request, "Đã mở lại để đánh giá lại.")
            else:
                error = _act(request, member, registration, year)
                if error is None:
                    messages.success(request, DONE_MESSAGES[action])
        except ValidationError as exc:
            error = _errors(exc)
        if error is None:
            return redirect(f"{request.path}?nam={year}")
        messages.error(request, error)
    context = _registration_context(member, registration, year)
    context.update({"org": request.org, "evaluation": evaluation, "reopen_form": ReopenForm(),
                    "can_reopen": "administer" in request.abilities})
    return render(request, "commitments/member_registration.html", context)


@scoping.org_view("manage")
def org_plan(request):
    org, year = request.org, _year(request)
    plan = OrgPlan.objects.in_orgs([org.pk]).filter(year=year).first()
    form = OrgPlanForm(request.POST or None, initial={"content": plan.content, "in_resolution": plan.in_resolution} if plan else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_org_plan(org, year, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Đã lưu kế hoạch năm {year}.")
            return _to_register(org, year)
    return render(request, "commitments/org_plan.html", {"org": org, "year": str(year), "form": form})


@scoping.org_view("administer")
def year_template(request):
    """What the committee asks its subtree to write this year: guidance and an example per part."""
    org, year = request.org, _year(request)
    parts, intro = selectors.template_for(org, year)
    form = TemplateForm(request.POST or None, parts=parts, initial={"intro": intro})
    if request.method == "POST" and form.is_valid():
        services.save_template(org, year, by=request.user, intro=form.cleaned_data["intro"], sections=form.sections(parts))
        messages.success(request, f"Đã lưu mẫu đăng ký năm {year} cho {org.name}.")
        return _to_register(org, year)
    return render(request, "commitments/year_template.html", {"org": org, "year": str(year), "form": form})


@scoping.org_view("manage")
def copies(request):
    """Near-copies side by side: another member's of the same year, or one's own of last year."""
    year = _year(request)
    pairs = selectors.near_copies(request.org, year)
    shown = [(pair, similarity.compare(pair.first.full_text(), pair.second.full_text())) for pair in pairs[:30]]
    return render(request, "commitments/copies.html", {"org": request.org, "year": str(year), "pairs": shown,
                                                       "count": len(pairs)})


@scoping.org_view("manage")
def register_export(request):
    year = _year(request)
    sheet = documents.register_sheet(selectors.register(request.org, year), year)
    return xlsx_response(request, f"dang-ky-lam-theo-{year}-{request.org.code}.xlsx", [sheet],
                         action="export.commitments", org=request.org)


@scoping.org_view("manage")
def registration_document(request, member_id):
    """One member's registration and evaluation as a Word file for the cell's records."""
    year = _year(request)
    member, registration = selectors.registration_in(request.org, member_id, year)
    if registration is None:
        raise Http404
    log_action("export.commitment", by=request.user, org=registration.org, obj=registration,
               summary=f"Tải bản đăng ký làm theo {year} của {member.full_name} (Word)")
    response = HttpResponse(documents.registration_docx(registration),
                            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="dang-ky-{year}-{member.pk}.docx"'
    return response
