"""Pages of the notebook and the reflections. Members use /toi/so-tay/ and /toi/cam-nhan/; a
reflection is read at /cam-nhan/<id>/ by its cell and the committees above (journal.rules);
committees keep the rota, the figures and the register under /o/<org_id>/cam-nhan/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hocbac.core.audit import log_action
from hocbac.core.exports import xlsx_response
from hocbac.orgs import scoping

from . import documents, rules, selectors, services
from .forms import (
    AssignForm,
    CommentEditForm,
    CommentForm,
    ConclusionForm,
    EntryForm,
    ManifestationForm,
    ReadForm,
    ReflectionForm,
    RemarkForm,
)
from .models import Manifestation, Reflection


def _year(request):
    year = request.GET.get("nam", "")
    return int(year) if year.isdigit() and 2000 < int(year) < 2100 else timezone.localdate().year


def _member(request):
    member = rules.member_of(request.user)
    if member is None:
        raise Http404
    return member


def _errors(error):
    return " ".join(error.messages)


# Member: reflections ----------------------------------------------------------------------

@login_required
def mine(request):
    """A member's assignments, the cell's reflections, and the year's self-review."""
    member, year = _member(request), _year(request)
    own = selectors.my_reflections(member, year)
    reviewed, own_tally = selectors.self_review(member, year, own)
    return render(request, "journal/mine.html", {
        "member": member, "year": str(year),
        "assignments": [r for r in own if r.is_editable],
        "cell_reflections": selectors.cell_reflections(member.org, year),
        "reviewed": reviewed, "own_tally": own_tally,
        "cell_tally": selectors.manifestation_tally(member.org, year),
    })


@login_required
def write(request, reflection_id):
    """The author writes, saves a draft, submits."""
    reflection = selectors.own_reflection(request.user, reflection_id)
    if not reflection.is_editable:
        return redirect("journal:reflection", reflection.pk)
    form = ReflectionForm(request.POST or None, corrections=reflection.corrections,
                          initial={"title": reflection.title, "body": reflection.body})
    chosen = {c.manifestation_id for c in reflection.citations.all()}
    if request.method == "POST":
        chosen = {int(i) for i in request.POST.getlist("manifestation") if i.isdigit()}
        if form.is_valid():
            try:
                services.save_reflection(reflection, by=request.user, title=form.cleaned_data["title"],
                                         body=form.cleaned_data["body"], manifestation_ids=chosen,
                                         corrections=form.corrections())
                if request.POST.get("action") == "submit":
                    services.submit_reflection(reflection, by=request.user)
                    messages.success(request, "Đã nộp bài cảm nhận. Bài sẽ được đọc tại buổi sinh hoạt chi bộ.")
                    return redirect("journal:reflection", reflection.pk)
                messages.success(request, "Đã lưu bản nháp.")
                return redirect("journal:write", reflection.pk)
            except ValidationError as error:
                messages.error(request, _errors(error))
        else:
            messages.error(request, "Nội dung chưa hợp lệ, xem các ô được đánh dấu.")
    groups = selectors.manifestation_groups()
    for number, group in enumerate(groups):  # open the first group and any with a choice in it
        group.open = number == 0 or any(m.pk in chosen for item in group.items for m in [item, *item.sub_items])
    return render(request, "journal/write.html", {"reflection": reflection, "form": form, "groups": groups, "chosen": chosen})


@login_required
def reflection(request, reflection_id):
    """The reflection as read at the meeting, the comments, and the committee's steps."""
    item = selectors.reflection_for(request.user, reflection_id)
    return render(request, "journal/reflection.html", _reflection_context(request, item))


def _reflection_context(request, item, **forms):
    may_manage = rules.may_manage(request.user, item)
    thread = selectors.thread(item)
    for c in (c for top in thread for c in [top, *top.replies_list]):
        c.editable = rules.may_edit_comment(request.user, c)
        c.deletable = rules.may_delete_comment(request.user, c)
    return {
        "reflection": item, "thread": thread, "is_author": rules.is_author(request.user, item),
        "may_comment": rules.may_comment(request.user, item), "may_manage": may_manage,
        "comment_form": forms.get("comment_form") or CommentForm(),
        "read_form": forms.get("read_form") or ReadForm(initial={"read_on": item.read_on or timezone.localdate()}),
        "conclusion_form": forms.get("conclusion_form") or ConclusionForm(initial={"text": item.conclusion}),
    }


def _back_to(item, anchor=""):
    return redirect(reverse("journal:reflection", args=[item.pk]) + anchor)


def _reflection_step(request, reflection_id, *, may, form_class, form_name, invalid, act):
    """A POST on a reflection's page: check the rule, validate the form, call the service through
    `act(reflection, cleaned_data)` → (message, anchor); on an error, the page again with it."""
    item = selectors.reflection_for(request.user, reflection_id)
    if not may(request.user, item):
        raise PermissionDenied
    form = form_class(request.POST)
    if form.is_valid():
        try:
            message, anchor = act(item, form.cleaned_data)
            if message:
                messages.success(request, message)
            return _back_to(item, anchor)
        except ValidationError as error:
            messages.error(request, _errors(error))
    else:
        messages.error(request, invalid)
    return render(request, "journal/reflection.html", _reflection_context(request, item, **{form_name: form}), status=400)


@require_POST
@login_required
def comment(request, reflection_id):
    def act(item, data):
        parent = get_object_or_404(item.comments.all(), pk=data["parent"]) if data["parent"] else None
        added = services.add_comment(item, by=request.user, body=data["body"], parent=parent, client_key=data["client_key"])
        return "", f"#gop-y-{added.pk}"

    return _reflection_step(request, reflection_id, may=rules.may_comment, form_class=CommentForm, form_name="comment_form",
                            invalid="Hãy viết nội dung góp ý (tối đa 2.000 ký tự).", act=act)


@login_required
def comment_edit(request, comment_id):
    """The author corrects their comment, within the first minutes."""
    found = selectors.comment_for(request.user, comment_id)
    if found.author_id != request.user.pk:
        raise Http404
    form = CommentEditForm(request.POST or None, initial={"body": found.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_comment(found, by=request.user, body=form.cleaned_data["body"])
            messages.success(request, "Đã sửa góp ý.")
            return _back_to(found.reflection, f"#gop-y-{found.pk}")
        except ValidationError as error:
            messages.error(request, _errors(error))
    return render(request, "journal/comment_edit.html", {"comment": found, "form": form,
                                                         "editable": rules.may_edit_comment(request.user, found)})


@require_POST
@login_required
def comment_delete(request, comment_id):
    found = selectors.comment_for(request.user, comment_id)
    if not rules.may_delete_comment(request.user, found):
        raise PermissionDenied
    services.delete_comment(found, by=request.user)
    messages.success(request, "Đã xóa góp ý.")
    return _back_to(found.reflection, "#gop-y")


@require_POST
@login_required
def mark_read(request, reflection_id):
    def act(item, data):
        services.mark_read(item, by=request.user, read_on=data["read_on"])
        return f"Đã ghi nhận bài được đọc tại sinh hoạt ngày {data['read_on']:%d/%m/%Y}.", ""

    return _reflection_step(request, reflection_id, may=rules.may_manage, form_class=ReadForm, form_name="read_form",
                            invalid="Hãy chọn ngày đọc tại sinh hoạt.", act=act)


@require_POST
@login_required
def conclude(request, reflection_id):
    def act(item, data):
        services.conclude(item, by=request.user, text=data["text"])
        return "Đã ghi kết luận của chi bộ.", ""

    return _reflection_step(request, reflection_id, may=rules.may_manage, form_class=ConclusionForm,
                            form_name="conclusion_form", invalid="Hãy viết kết luận của chi bộ.", act=act)


@login_required
def reflection_document(request, reflection_id):
    """The reflection with its comments and the conclusion, as Word, for the cell's file."""
    item = selectors.reflection_for(request.user, reflection_id)
    if not rules.may_manage(request.user, item):
        raise PermissionDenied
    content = documents.reflection_docx(item, selectors.thread(item))
    log_action("reflection.export", by=request.user, org=item.org, obj=item,
               summary=f"Tải bài cảm nhận tháng {item.month}/{item.year} của {item.member.full_name} (Word)")
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="bai-cam-nhan-{item.year}-{item.month:02d}-{item.pk}.docx"'
    return response


# Member: notebook -------------------------------------------------------------------------

def _entry_fields(form):
    return {k: form.cleaned_data[k] for k in ("written_on", "studied", "did", "will_correct", "shared", "document",
                                               "session", "registration")}


@login_required
def notebook(request):
    """The member's own notebook: the entries of the year and a new entry."""
    member, year = _member(request), _year(request)
    form = EntryForm(request.POST or None, member=member, user=request.user,
                     initial={"written_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_entry(member, by=request.user, **_entry_fields(form))
                messages.success(request, "Đã ghi vào sổ tay.")
                return redirect("journal:notebook")
            except ValidationError as error:
                messages.error(request, _errors(error))
        else:
            messages.error(request, "Nội dung chưa hợp lệ, xem các ô được đánh dấu.")
    return render(request, "journal/notebook.html", {
        "member": member, "year": str(year), "form": form, "entries": selectors.entries_of(member, year),
        "remarks": selectors.remarks_for(member),
    })


@login_required
def entry(request, entry_id):
    """One entry: its author changes or deletes it; the committee reads it when shared."""
    found = selectors.entry_for(request.user, entry_id)
    if not rules.is_author(request.user, found):
        return render(request, "journal/entry.html", {"entry": found, "form": None})
    form = EntryForm(request.POST or None, member=found.member, user=request.user, initial={
        "written_on": found.written_on, "studied": found.studied, "did": found.did, "will_correct": found.will_correct,
        "shared": found.is_shared, "document": found.document_id, "session": found.session_id,
        "registration": found.registration_id})
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            services.delete_entry(found, by=request.user)
            messages.success(request, "Đã xóa trang sổ tay.")
            return redirect("journal:notebook")
        if form.is_valid():
            try:
                services.save_entry(found.member, by=request.user, entry=found, **_entry_fields(form))
                messages.success(request, "Đã lưu.")
                return redirect("journal:notebook")
            except ValidationError as error:
                messages.error(request, _errors(error))
        else:
            messages.error(request, "Nội dung chưa hợp lệ, xem các ô được đánh dấu.")
    return render(request, "journal/entry.html", {"entry": found, "form": form})


# Committee --------------------------------------------------------------------------------

@scoping.org_view("view")
def rota(request):
    """The figures over the subtree; for a cell, the rota of the year and who never wrote."""
    org, year = request.org, _year(request)
    period = request.GET.get("ky", "")
    months = selectors.period_months(period)
    total, children = selectors.figures(org, year, months)
    may_manage = "manage" in request.abilities
    return render(request, "journal/rota.html", {
        "org": org, "year": str(year), "period": period, "periods": selectors.PERIODS,
        "total": total, "children": children,
        "rota": selectors.rota(org, year) if org.holds_members else None,
        "never_written": selectors.never_written(org, year) if org.holds_members else None,
        "may_manage": may_manage,
        "assign_form": AssignForm(org=org, initial={"month": timezone.localdate().month}) if may_manage and org.holds_members else None,
    })


def _to_rota(org, year):
    return redirect(f"{reverse('journal:rota', args=[org.pk])}?nam={year}")


@require_POST
@scoping.org_view("manage")
def assign(request):
    org, year = request.org, _year(request)
    form = AssignForm(request.POST, org=org)
    if not form.is_valid():
        messages.error(request, "Chọn đảng viên của chi bộ và tháng.")
    else:
        try:
            services.assign(org, form.cleaned_data["member"], year, form.cleaned_data["month"], by=request.user,
                            due_on=form.cleaned_data["due_on"])
            messages.success(request, f"Đã phân công {form.cleaned_data['member'].full_name} viết bài tháng "
                                      f"{form.cleaned_data['month']}/{year}.")
        except ValidationError as error:
            messages.error(request, _errors(error))
    return _to_rota(org, year)


@require_POST
@scoping.org_view("manage")
def unassign(request, reflection_id):
    found = get_object_or_404(Reflection.objects.in_subtree(request.org).select_related("member", "org"), pk=reflection_id)
    try:
        services.unassign(found, by=request.user)
        messages.success(request, f"Đã bỏ phân công {found.member.full_name} tháng {found.month}/{found.year}.")
    except ValidationError as error:
        messages.error(request, _errors(error))
    return _to_rota(request.org, found.year)


@scoping.org_view("view")
def tally(request):
    """Which manifestations come up most often in the subtree (counts only)."""
    org, year = request.org, _year(request)
    period = request.GET.get("ky", "")
    return render(request, "journal/tally.html", {
        "org": org, "year": str(year), "period": period, "periods": selectors.PERIODS,
        "tally": selectors.manifestation_tally(org, year, selectors.period_months(period)),
    })


@scoping.org_view("manage")
def register_export(request):
    """The reflection register of the year (Excel)."""
    org, year = request.org, _year(request)
    sheet = documents.register_sheet(selectors.register_rows(org, year), year)
    return xlsx_response(request, f"so-bai-cam-nhan-{org.code}-{year}.xlsx", [sheet], action="reflection.register_export",
                         org=org)


@scoping.org_view("manage")
def notebooks(request):
    """Members of the subtree who shared notebook entries with the committee."""
    return render(request, "journal/notebooks.html", {"org": request.org, "rows": selectors.notebooks(request.org)})


@scoping.org_view("manage")
def member_notebook(request, member_id):
    """A member's shared entries (never the private ones) and the committee's remarks."""
    org, year = request.org, _year(request)
    member, entries, remarks = selectors.shared_notebook(org, member_id)
    form = RemarkForm(request.POST or None, year=year)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.set_remark(member, form.cleaned_data["period"], by=request.user, text=form.cleaned_data["text"])
                messages.success(request, "Đã ghi nhận xét.")
                return redirect(request.get_full_path())
            except ValidationError as error:
                messages.error(request, _errors(error))
        else:
            messages.error(request, "Chọn kỳ và viết nhận xét.")
    return render(request, "journal/member_notebook.html", {
        "org": org, "member": member, "entries": entries, "remarks": remarks, "form": form, "year": str(year)})


# Reference list ---------------------------------------------------------------------------

@login_required
def manifestations(request):
    """The 27 manifestations with their sub-items and full wording."""
    return render(request, "journal/manifestations.html", {
        "groups": selectors.manifestation_groups(active_only=False)})


@login_required
def manifestation_edit(request, manifestation_id):
    """The administrator pastes in the official wording, or adds a locality's sub-item."""
    if not request.user.is_superuser:
        raise PermissionDenied
    item = get_object_or_404(Manifestation, pk=manifestation_id)
    form = ManifestationForm(request.POST or None, initial={"label": item.label, "text": item.text}, prefix="sua")
    sub_form = ManifestationForm(request.POST or None, prefix="them") if not item.sub else None
    if request.method == "POST":
        adding = request.POST.get("action") == "add"
        chosen = sub_form if adding else form
        if chosen is not None and chosen.is_valid():
            try:
                if adding:
                    added = services.add_sub_item(item, by=request.user, **chosen.cleaned_data)
                    messages.success(request, f"Đã thêm ý nhỏ {added.code}.")
                else:
                    services.update_manifestation(item, by=request.user, **chosen.cleaned_data)
                    messages.success(request, f"Đã lưu biểu hiện {item.code}.")
                return redirect("journal:manifestations")
            except ValidationError as error:
                messages.error(request, _errors(error))
        else:
            messages.error(request, "Hãy nhập tên ngắn.")
    return render(request, "journal/manifestation_edit.html", {"item": item, "form": form, "sub_form": sub_form})
