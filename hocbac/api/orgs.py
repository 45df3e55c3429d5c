"""Organisations, members and the signed-in user."""

import math

from ninja import Router

from hocbac.accounts.services import client_ip
from hocbac.orgs import scoping, selectors, services

from .schemas import (
    MemberIn,
    MemberOut,
    MemberPage,
    MemberPatch,
    MeOut,
    OrgCounts,
    OrgDetail,
    OrgIn,
    OrgOut,
    OrgPatch,
)

router = Router(tags=["Tổ chức, đảng viên"])
PAGE_SIZE = 50


def org_for(request, org_id, ability="view"):
    return scoping.get_org_for(request.auth, org_id, ability)


@router.get("/me", response=MeOut, url_name="me")
def me(request):
    user = request.auth
    return {"username": user.username, "full_name": user.full_name, "is_superuser": user.is_superuser,
            "member": getattr(user, "member", None),
            "grants": list(user.role_grants.select_related("org").order_by("org__path")),
            "organisations": list(scoping.top_organizations(user))}


@router.get("/orgs", response=list[OrgOut], url_name="orgs")
def top_orgs(request):
    """The organisations at the top of the caller's reach."""
    return list(scoping.top_organizations(request.auth))


@router.get("/orgs/{org_id}", response=OrgDetail, url_name="org")
def org_detail(request, org_id: int):
    """One organisation with its children and member counts (whole subtrees)."""
    org = org_for(request, org_id)
    children = selectors.children_with_counts(org)  # also sets the organisation's own counts
    org.ability_names = sorted(scoping.abilities(request.auth, org))
    org.child_rows = children
    return org


@router.get("/orgs/{org_id}/children", response=list[OrgCounts], url_name="org_children")
def children(request, org_id: int):
    """The direct children, each with member counts over its whole subtree."""
    return selectors.children_with_counts(org_for(request, org_id))


@router.post("/orgs/{org_id}/children", response={201: OrgOut}, url_name="org_child_create")
def create_child(request, org_id: int, data: OrgIn):
    parent = org_for(request, org_id, "administer")
    return 201, services.create_organization(by=request.auth, parent=parent, **data.dict())


@router.patch("/orgs/{org_id}", response=OrgOut, url_name="org_update")
def update_org(request, org_id: int, data: OrgPatch):
    org = org_for(request, org_id, "administer")
    return services.update_organization(org, by=request.auth, **data.dict(exclude_unset=True))


@router.get("/orgs/{org_id}/members", response=MemberPage, url_name="members")
def members(request, org_id: int, q: str = "", status: str = "", page: int = 1):
    """Members of the subtree; `q` searches name, card and phone without diacritics; Vietnamese order."""
    found = selectors.search_members(org_for(request, org_id), query=q, status=status)
    count = found.count()
    pages = max(1, math.ceil(count / PAGE_SIZE))
    page = min(max(page, 1), pages)
    return {"count": count, "page": page, "pages": pages,
            "results": list(found[(page - 1) * PAGE_SIZE:page * PAGE_SIZE])}


@router.post("/orgs/{org_id}/members", response={201: MemberOut}, url_name="member_create")
def create_member(request, org_id: int, data: MemberIn):
    cell = org_for(request, org_id, "manage")
    return 201, services.create_member(by=request.auth, org=cell, **data.dict())


@router.get("/orgs/{org_id}/members/{member_id}", response=MemberOut, url_name="member")
def member(request, org_id: int, member_id: int):
    found = selectors.member_in(org_for(request, org_id), member_id)
    services.record_member_read(found, by=request.auth, via="API", ip=client_ip(request))
    return found


@router.patch("/orgs/{org_id}/members/{member_id}", response=MemberOut, url_name="member_update")
def update_member(request, org_id: int, member_id: int, data: MemberPatch):
    found = selectors.member_in(org_for(request, org_id, "manage"), member_id)
    return services.update_member(found, by=request.auth, **data.dict(exclude_unset=True))
