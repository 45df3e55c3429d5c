from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hocbac.accounts.services import client_ip
from hocbac.core import todo
from hocbac.core.exports import xlsx_response
from hocbac.core.models import AuditEntry

from . import personal_data, scoping, selectors, services
from .forms import (
    GrantForm,
    MemberForm,
    MoveForm,
    NewMemberForm,
    OrganizationForm,
    StatusForm,
    TransferForm,
)
from .models import ELIGIBILITY_RULE, MemberStatus, OrgKind, RoleGrant

PAGE_SIZE = 50


def _form_error(form, error):
    for message in error.messages:
        form.add_error(None, message)


@login_required
def home(request):
    """Send each person to where their work is."""
    user = request.user
    if scoping.has_any_grant(user):
        tops = list(scoping.top_organizations(user)[:2])
        if len(tops) == 1:
            return redirect("orgs:org_detail", org_id=tops[0].pk)
        return redirect("orgs:org_index")
    if hasattr(user, "member"):
        return redirect("orgs:my_home")
    return render(request, "orgs/no_role.html")


@login_required
def org_index(request):
    tops = scoping.top_organizations(request.user)
    return render(request, "orgs/org_index.html", {"tops": tops})


@login_required
def my_home(request):
    """A member's own page: profile and what is due. Only ever their own record."""
    member = getattr(request.user, "member", None)
    if member is None:
        raise Http404
    return render(request, "orgs/my_home.html", {
        "member": member, "todos": todo.todos_for(member),
        "history": selectors.member_history(member),
    })


@login_required
def my_data(request):
    """Everything the system holds about the member, as a workbook: only ever their own."""
    member = getattr(request.user, "member", None)
    if member is None:
        raise Http404
    return xlsx_response(request, "du-lieu-cua-toi.xlsx", personal_data.sheets_for(member), action="export.my_data",
                         org=member.org)


@scoping.org_view("view")
def org_detail(request):
    org = request.org
    children = selectors.children_with_counts(org)
    return render(request, "orgs/org_detail.html", {
        "org": org, "children": children, "crumbs": selectors.ancestors_within_reach(request.user, org),
        "eligibility_rule": ELIGIBILITY_RULE, "few_full_members": org.holds_members and org.full_count < 3,
        "todos": todo.todos_for_org(org) if "manage" in request.abilities else [],
    })


@scoping.org_view("administer")
def org_create(request):
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            child = services.create_organization(by=request.user, parent=request.org, **form.cleaned_data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"Đã thêm {child.name}.")
            return redirect("orgs:org_detail", org_id=child.pk)
    return render(request, "orgs/org_form.html", {"org": request.org, "form": form, "title": f"Thêm tổ chức trực thuộc {request.org.name}"})


@scoping.org_view("administer")
def org_edit(request):
    org = request.org
    form = OrganizationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        org.refresh_from_db()  # the ModelForm already wrote the new values onto the instance
        try:
            services.update_organization(org, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Đã lưu.")
            return redirect("orgs:org_detail", org_id=org.pk)
    return render(request, "orgs/org_form.html", {"org": org, "form": form, "title": f"Sửa {org.name}"})


@scoping.org_view("administer")
def org_move(request):
    org = request.org
    if org.parent is None:
        raise PermissionDenied
    targets = selectors.orgs_administered_by(request.user).exclude(path__startswith=org.path)
    form = MoveForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_organization(org, new_parent=form.cleaned_data["new_parent"], by=request.user)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"Đã chuyển {org.name}.")
            return redirect("orgs:org_detail", org_id=org.pk)
    return render(request, "orgs/org_form.html", {"org": org, "form": form, "title": f"Chuyển {org.name} sang tổ chức khác"})


@scoping.org_view("view")
def member_list(request):
    org = request.org
    query = request.GET.get("q", "")
    status = request.GET.get("status", "dang_sinh_hoat")
    org_kind = request.GET.get("kind", "")
    key_leader = request.GET.get("key") == "1"
    members = selectors.search_members(org, query=query, status=status, org_kind=org_kind, key_leader=key_leader)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "org": org, "page": page, "query": query, "status": status, "org_kind": org_kind, "key_leader": key_leader,
        "statuses": [("dang_sinh_hoat", "Đang sinh hoạt"), *MemberStatus.choices, ("", "Tất cả")],
        "kinds": [k for k in OrgKind.choices if k[0] in ("chi_bo_co_so", "chi_bo_truc_thuoc", "to_dang")],
        "can_manage": "manage" in request.abilities,
    }
    template = "orgs/_member_rows.html" if request.headers.get("HX-Request") else "orgs/member_list.html"
    return render(request, template, context)


@scoping.org_view("manage")
def member_create(request):
    cells = selectors.cells_managed_by(request.user, within=request.org)
    form = NewMemberForm(request.POST or None, cells=cells)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            member = services.create_member(by=request.user, **data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"Đã thêm đảng viên {member.full_name}.")
            return redirect("orgs:member_detail", org_id=request.org.pk, member_id=member.pk)
    return render(request, "orgs/member_form.html", {"org": request.org, "form": form, "title": "Thêm đảng viên"})


@scoping.org_view("view")
def member_detail(request, member_id):
    member = selectors.member_in(request.org, member_id)
    services.record_member_read(member, by=request.user, via="trang hồ sơ", ip=client_ip(request))
    return render(request, "orgs/member_detail.html", {
        "org": request.org, "member": member, "history": selectors.member_history(member),
        "can_manage": "manage" in request.abilities,
    })


@scoping.org_view("manage")
def member_edit(request, member_id):
    member = selectors.member_in(request.org, member_id)
    if request.method == "GET":
        services.record_member_read(member, by=request.user, via="trang sửa hồ sơ", ip=client_ip(request))
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        member.refresh_from_db()
        try:
            services.update_member(member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Đã lưu hồ sơ.")
            return redirect("orgs:member_detail", org_id=request.org.pk, member_id=member.pk)
    return render(request, "orgs/member_form.html", {"org": request.org, "form": form, "member": member, "title": f"Sửa hồ sơ {member.full_name}"})


@scoping.org_view("manage")
def member_transfer(request, member_id):
    member = selectors.member_in(request.org, member_id)
    cells = selectors.cells_managed_by(request.user).exclude(pk=member.org_id)
    form = TransferForm(request.POST or None, cells=cells, initial={"on": services.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_member(member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"Đã chuyển {member.full_name} đến {member.org.name}.")
            if scoping.can(request.user, "view", request.org) and request.org.contains(member.org):
                return redirect("orgs:member_detail", org_id=request.org.pk, member_id=member.pk)
            return redirect("orgs:member_list", org_id=request.org.pk)
    return render(request, "orgs/member_form.html", {"org": request.org, "form": form, "member": member, "title": f"Chuyển sinh hoạt: {member.full_name}"})


@scoping.org_view("manage")
def member_status(request, member_id):
    member = selectors.member_in(request.org, member_id)
    choices = sorted(services.ALLOWED_STATUS_CHANGES.get(MemberStatus(member.status), set()), key=list(MemberStatus).index)
    form = StatusForm(request.POST or None, choices=choices, initial={"on": services.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_member_status(member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"{member.full_name}: {member.get_status_display()}.")
            return redirect("orgs:member_detail", org_id=request.org.pk, member_id=member.pk)
    return render(request, "orgs/member_form.html", {"org": request.org, "form": form, "member": member, "title": f"Đổi tình trạng: {member.full_name}"})


@require_POST
@scoping.org_view("manage")
def member_account(request, member_id):
    """Create the member's account, or reset its password: shows a one-time password once."""
    member = selectors.member_in(request.org, member_id)
    try:
        if member.user_id:
            password = services.reset_member_password(member, by=request.user)
            username = member.user.username
        else:
            user, password = services.create_account_for_member(member, by=request.user)
            username = user.username
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("orgs:member_detail", org_id=request.org.pk, member_id=member.pk)
    return render(request, "orgs/one_time_password.html", {"org": request.org, "member": member, "username": username, "password": password})


@scoping.org_view("administer")
def grant_list(request):
    org = request.org
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.grant_role(by=request.user, user=form.cleaned_data["username"], org=org, role=form.cleaned_data["role"])
        messages.success(request, "Đã giao vai trò.")
        return redirect("orgs:grant_list", org_id=org.pk)
    return render(request, "orgs/grant_list.html", {"org": org, "form": form, "grants": selectors.grants_in(org)})


@require_POST
@scoping.org_view("administer")
def grant_revoke(request, grant_id):
    grant = get_object_or_404(RoleGrant.objects.in_subtree(request.org).select_related("user", "org"), pk=grant_id)
    services.revoke_role(grant, by=request.user)
    messages.success(request, "Đã thu hồi vai trò.")
    return redirect("orgs:grant_list", org_id=request.org.pk)


@scoping.org_view("manage")
def audit_list(request):
    page = Paginator(selectors.audit_entries(request.org), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "orgs/audit_list.html", {"org": request.org, "page": page})


@scoping.org_view("manage")
def audit_detail(request, entry_id):
    entry = get_object_or_404(AuditEntry.objects.in_subtree(request.org).select_related("actor", "org"), pk=entry_id)
    return render(request, "orgs/audit_detail.html", {"org": request.org, "entry": entry})
