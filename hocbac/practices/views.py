"""Pages of the models of studying and following: the registry and figures of a subtree under
/o/<org_id>/mo-hinh/, a model's page with its history, evidence, reviews and family of adoptions,
replication from the page of the model adopted, and the public page of a published model at
/mo-hinh/<id>/. Reading needs "view"; changes "manage" on the model's organisation; recognition
and publication a committee ("administer", practices.rules)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hocbac.core.exports import xlsx_response
from hocbac.library.selectors import documents_for
from hocbac.orgs import scoping
from hocbac.study.forms import PeriodForm
from hocbac.study.selectors import sessions_visible_at

from . import exports, rules, selectors, services
from .forms import AdoptForm, EvidenceForm, FieldForm, PracticeForm, ReviewForm, StatusForm
from .models import EvidenceKind, Field, Origin, Status


def _errors(error):
    return " ".join(error.messages)


def _detail(org, practice):
    return redirect("practices:practice_detail", org_id=org.pk, practice_id=practice.pk)


@scoping.org_view("view")
def practice_list(request):
    """The figures for a period, each child organisation weakest first, the registry with
    filters, what waits for recognition and what the committees above launched to replicate."""
    form, start, end = PeriodForm.for_request(request.GET)
    status, origin, kind = request.GET.get("tinh_trang", ""), request.GET.get("nguon", ""), request.GET.get("loai", "")
    field_id = request.GET.get("linh_vuc", "")
    query = request.GET.get("q", "").strip()
    practices = selectors.practices_in(request.org, status=status if status in Status.values else "",
                                       origin=origin if origin in Origin.values else "", kind=kind,
                                       field_id=int(field_id) if field_id.isdigit() else None, query=query)
    figures = selectors.figures(request.org, start, end)
    return render(request, "practices/practice_list.html", {
        "org": request.org, "form": form, "start": start, "end": end, "figures": figures,
        "practices": practices, "query": query, "status": status, "origin": origin, "kind": kind,
        "field_id": field_id, "statuses": Status.choices, "origins": Origin.choices, "fields": selectors.fields(),
        "launched_above": selectors.launched_above(request.org),
        "awaiting": selectors.awaiting_recognition(request.org) if "administer" in request.abilities else [],
    })


@scoping.org_view("view")
def practice_export(request):
    return xlsx_response(request, "so-mo-hinh.xlsx", [exports.registry_sheet(request.org)], action="export.practices", org=request.org)


@scoping.org_view("manage")
def practice_new(request):
    form = PracticeForm(request.POST or None, org=request.org)
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.create_practice(by=request.user, org=request.org, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, "Đã đăng ký mô hình.")
            return _detail(request.org, practice)
    return render(request, "practices/practice_form.html", {"org": request.org, "form": form})


@scoping.org_view("view")
def practice_detail(request, practice_id):
    practice = selectors.practice_for(request.org, practice_id)
    may_manage = rules.may_manage(request.user, practice.org)
    may_adopt = ("manage" in request.abilities and practice.org_id != request.org.pk
                 and not practice.org.path.startswith(request.org.path) and practice.status != Status.STOPPED)
    original = practice.adopted_from if practice.is_adoption else practice
    context = {
        "org": request.org, "practice": practice, "history": selectors.history(practice),
        "reviews": selectors.reviews(practice), "evidence": selectors.evidence_of(practice),
        "family": selectors.family(original), "original": original,
        "may_manage": may_manage, "may_recognise": rules.may_recognise(request.user, practice),
        "may_review": "manage" in request.abilities and practice.org.path.startswith(request.org.path),
        "may_adopt": may_adopt and not selectors.practices_in(request.org).filter(adopted_from=original).exists(),
    }
    if may_manage:
        context["status_form"] = StatusForm()
        context["evidence_form"] = _evidence_form(request, practice)
    return render(request, "practices/practice_detail.html", context)


def _managed(request, practice_id):
    """A model of the organisation's subtree that the user may change."""
    practice = selectors.practice_in(request.org, practice_id)
    if not rules.may_manage(request.user, practice.org):
        raise PermissionDenied
    return practice


@scoping.org_view("manage")
def practice_edit(request, practice_id):
    practice = _managed(request, practice_id)
    initial = {name: getattr(practice, name) for name in services.EDITABLE_FIELDS}
    form = PracticeForm(request.POST or None, org=practice.org, practice=practice, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.update_practice(practice, by=request.user, **changed)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, "Đã lưu mô hình.")
            return _detail(request.org, practice)
    return render(request, "practices/practice_form.html", {"org": request.org, "form": form, "practice": practice})


@require_POST
@scoping.org_view("manage")
def practice_status(request, practice_id):
    practice = selectors.practice_in(request.org, practice_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Thông tin thay đổi tình trạng chưa hợp lệ.")
    else:
        try:
            services.set_status(practice, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, "Đã ghi nhận tình trạng mới của mô hình.")
    return _detail(request.org, practice)


@require_POST
@scoping.org_view("administer")
def practice_publish(request, practice_id):
    practice = selectors.practice_in(request.org, practice_id)
    try:
        services.set_public(practice, by=request.user, is_public=request.POST.get("cong_khai") == "1")
    except ValidationError as error:
        messages.error(request, _errors(error))
    return _detail(request.org, practice)


def _evidence_form(request, practice, data=None, files=None):
    return EvidenceForm(data, files, sessions=sessions_visible_at(practice.org).order_by("-starts_at"),
                        documents=documents_for(request.user).order_by("-issued_on"))


@require_POST
@scoping.org_view("manage")
def evidence_add(request, practice_id):
    practice = _managed(request, practice_id)
    form = _evidence_form(request, practice, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            services.add_evidence(practice, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, "Đã thêm minh chứng.")
    return _detail(request.org, practice)


@require_POST
@scoping.org_view("manage")
def evidence_remove(request, practice_id, evidence_id):
    practice = _managed(request, practice_id)
    services.remove_evidence(selectors.evidence_in(practice, evidence_id), by=request.user)
    messages.success(request, "Đã gỡ minh chứng.")
    return _detail(request.org, practice)


def _photo_response(practice, evidence_id):
    evidence = selectors.evidence_in(practice, evidence_id)
    if evidence.kind != EvidenceKind.PHOTO or not evidence.photo:
        raise Http404
    response = FileResponse(evidence.photo.open("rb"), content_type=evidence.photo_type)
    response["Content-Disposition"] = "inline"
    return response


@scoping.org_view("view")
def evidence_photo(request, practice_id, evidence_id):
    """A photo is served through the model's visibility, never from a public address."""
    return _photo_response(selectors.practice_for(request.org, practice_id), evidence_id)


@scoping.org_view("manage")
def practice_review(request, practice_id):
    """The period's assessment, by the model's organisation itself or by the committee above,
    from whichever page of the two the user acts."""
    practice = selectors.practice_in(request.org, practice_id)
    form = ReviewForm(request.POST or None, practice=practice)
    if request.method == "POST" and form.is_valid():
        try:
            services.review(practice, by=request.user, reviewer_org=request.org, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, "Đã lưu đánh giá.")
            return _detail(request.org, practice)
    return render(request, "practices/review_form.html", {
        "org": request.org, "practice": practice, "form": form, "as_owner": practice.org_id == request.org.pk,
    })


@scoping.org_view("manage")
def practice_adopt(request, practice_id):
    """The request's organisation replicates the model shown (or, for an adoption, its original)."""
    practice = selectors.practice_for(request.org, practice_id)
    original = practice.adopted_from if practice.is_adoption else practice
    form = AdoptForm(request.POST or None, initial={"name": original.name})
    if request.method == "POST" and form.is_valid():
        try:
            adoption = services.adopt(original, by=request.user, org=request.org, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, f"{request.org.name} đã nhân rộng mô hình “{original.name}”.")
            return _detail(request.org, adoption)
    return render(request, "practices/adopt_form.html", {"org": request.org, "original": original, "form": form})


# Public pages ----------------------------------------------------------------------------------

def public_practice(request, practice_id):
    """A model the committee published: readable by anyone, without the reviews or who did what."""
    practice = selectors.public_practice(practice_id)
    original = practice.adopted_from if practice.is_adoption else practice
    return render(request, "practices/public_practice.html", {
        "practice": practice, "recognitions": selectors.recognitions(practice),
        "photos": [e for e in selectors.evidence_of(practice) if e.kind == EvidenceKind.PHOTO],
        "links": [e for e in selectors.evidence_of(practice) if e.kind == EvidenceKind.LINK],
        "family": [row for row in selectors.family(original) if row.practice.pk != practice.pk],
        "original": original,
    })


def public_photo(request, practice_id, evidence_id):
    return _photo_response(selectors.public_practice(practice_id), evidence_id)


# The catalogue of fields -----------------------------------------------------------------------

def fields(request):
    """System administrators keep the list of fields (lĩnh vực)."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not request.user.is_superuser:
        raise PermissionDenied
    editing = None
    if request.POST.get("field_id", "").isdigit():
        editing = get_object_or_404(Field, pk=int(request.POST["field_id"]))
    form = FieldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_field(by=request.user, field=editing, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, "Đã lưu danh mục lĩnh vực.")
            return redirect("practices:fields")
    return render(request, "practices/fields.html", {"form": form, "fields": selectors.fields(include_inactive=True)})
