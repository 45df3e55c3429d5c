"""Excel pages: templates, exports, upload → preview → commit for members and organisations."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hocbac.core.exports import xlsx_response
from hocbac.core.models import ImportBatch

from . import exports, imports, scoping, selectors
from .models import ACTIVE_STATUSES, MEMBER_HOLDING_KINDS, Member

PREVIEW_ROWS = 20
# Members are managed by cell committees and up; the tree itself only by committees.
ABILITY = {ImportBatch.Kind.MEMBERS: "manage", ImportBatch.Kind.ORGANIZATIONS: "administer"}


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx)", error_messages={"required": "Hãy chọn tệp Excel."})


def _cells(org):
    return selectors.subtree(org).filter(kind__in=MEMBER_HOLDING_KINDS, dissolved_on__isnull=True)


def _upload(request, kind):
    org = request.org
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = imports.stage(form.cleaned_data["file"], org=org, kind=kind, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            return redirect("excel:batch", org_id=org.pk, batch_id=batch.pk)
    return render(request, "orgs/import_upload.html", {"org": org, "form": form, "kind": kind,
                                                       "noun": ImportBatch.Kind(kind).label.lower()})


@scoping.org_view("manage")
def member_import(request):
    return _upload(request, ImportBatch.Kind.MEMBERS)


@scoping.org_view("administer")
def org_import(request):
    return _upload(request, ImportBatch.Kind.ORGANIZATIONS)


def _batch_for(request, batch_id):
    batch = get_object_or_404(ImportBatch.objects.in_subtree(request.org).select_related("org"), pk=batch_id)
    if ABILITY.get(batch.kind) not in request.abilities:  # a batch of another kind (questions): 404
        raise Http404
    return batch


@scoping.org_view("manage")
def batch(request, batch_id):
    """The preview: counts, every bad row with its reasons, and the first rows as they will be saved."""
    batch = _batch_for(request, batch_id)
    check = None if batch.committed_at else imports.check_batch(batch)
    return render(request, "orgs/import_preview.html", {
        "org": request.org, "batch": batch, "check": check,
        "sample": check.valid[:PREVIEW_ROWS] if check else [],
        "is_members": batch.kind == ImportBatch.Kind.MEMBERS,
    })


@require_POST
@scoping.org_view("manage")
def batch_commit(request, batch_id):
    batch = _batch_for(request, batch_id)
    try:
        batch, check = imports.commit_batch(batch.pk, org=request.org, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("excel:batch", org_id=request.org.pk, batch_id=batch.pk)
    if check is None:
        messages.info(request, f"Tệp {batch.file_name} đã được nhập trước đó; không nhập lại.")
    elif not check.ok:
        messages.error(request, "Tệp còn dòng lỗi nên chưa nhập dòng nào.")
        return redirect("excel:batch", org_id=request.org.pk, batch_id=batch.pk)
    else:
        noun = "đảng viên" if batch.kind == ImportBatch.Kind.MEMBERS else "tổ chức"
        messages.success(request, f"Đã nhập {batch.created_count} {noun} từ tệp {batch.file_name}.")
    if batch.kind == ImportBatch.Kind.MEMBERS:
        return redirect("orgs:member_list", org_id=request.org.pk)
    return redirect("orgs:org_detail", org_id=request.org.pk)


@scoping.org_view("manage")
def member_template(request):
    return xlsx_response(request, "mau-nhap-dang-vien.xlsx", exports.member_template(request.org, _cells(request.org)),
                         action="export.template", log=False)


@scoping.org_view("administer")
def org_template(request):
    return xlsx_response(request, "mau-nhap-to-chuc.xlsx", exports.organization_template(request.org),
                         action="export.template", log=False)


@scoping.org_view("manage")
def member_export(request):
    members = (Member.objects.in_subtree(request.org).filter(status__in=ACTIVE_STATUSES)
               .select_related("org").order_by("org__sort_key", "sort_key", "id"))
    return xlsx_response(request, f"dang-vien-{request.org.code}.xlsx", [exports.member_sheet(members)],
                         action="export.members", org=request.org)


@scoping.org_view("view")
def org_export(request):
    orgs = (selectors.subtree(request.org).exclude(pk=request.org.pk)
            .select_related("parent").order_by("depth", "sort_key", "id"))
    return xlsx_response(request, f"to-chuc-{request.org.code}.xlsx", [exports.organization_sheet(orgs)],
                         action="export.organizations", org=request.org)
