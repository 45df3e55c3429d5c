"""Reads over the organisation tree and members. Every query here is scoped to a subtree."""

from collections import Counter

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from hocbac.core.models import AuditEntry
from hocbac.core.text import fold

from . import scoping
from .models import (
    ACTIVE_STATUSES,
    ELIGIBLE_STATUSES,
    Member,
    MemberPeriod,
    MemberStatus,
    Organization,
)


def subtree(org):
    return Organization.objects.filter(path__startswith=org.path)


def ancestors_within_reach(user, org):
    """Breadcrumbs: the organisation's ancestors the user may open, root first."""
    ids = org.ancestor_ids()[:-1]
    by_id = Organization.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id and scoping.can(user, "view", by_id[i])]


def member_counts_by_org(org):
    """{org path: Counter(status → n)} for every organisation in the subtree, in one query."""
    rows = (
        Member.objects.in_subtree(org)
        .filter(status__in=ACTIVE_STATUSES)
        .values_list("org__path", "status")
        .order_by()
        .annotate(n=Count("id"))
    )
    counts = {}
    for path, status, n in rows:
        counts.setdefault(path, Counter())[status] += n
    return counts


def eligible_on(day):
    """Condition on MemberPeriod: the member counted in denominators on `day` (ELIGIBILITY_RULE)."""
    return Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gt=day)) & Q(status__in=ELIGIBLE_STATUSES)


def eligible_by_path(org, day):
    """{org path: Counter(eligible=n)}: members eligible on `day` in `org`'s subtree, by the
    cell they were in that day (one query)."""
    rows = (
        MemberPeriod.objects.in_subtree(org).filter(eligible_on(day))
        .values_list("org__path").order_by().annotate(n=Count("member_id", distinct=True))
    )
    return {path: Counter(eligible=n) for path, n in rows}


def roll_up(org, counters_by_path):
    """Add up per-organisation Counters ({org path: Counter}) of `org`'s subtree into
    ({child id: Counter}, total Counter): each figure goes to the child whose subtree holds it."""
    by_child_id, total = {}, Counter()
    for path, counter in counters_by_path.items():
        total.update(counter)
        ids = path.strip("/").split("/")
        if len(ids) > org.depth + 1:  # below `org`: the next id on the path is the child
            by_child_id.setdefault(int(ids[org.depth + 1]), Counter()).update(counter)
    return by_child_id, total


def children_with_counts(org):
    """The direct children of `org`, each with `.active_count` and `.eligible_count` over its
    whole subtree; `org` gets the same totals (2 queries whatever the number of children)."""
    children = list(org.children.all())
    by_child_id, total = roll_up(org, member_counts_by_org(org))
    for child in children:
        _set_counts(child, by_child_id.get(child.pk, Counter()))
    _set_counts(org, total)
    return children


def _set_counts(org, counter):
    org.active_count = sum(counter.values())
    org.eligible_count = sum(counter[s] for s in ELIGIBLE_STATUSES)
    org.full_count = counter[MemberStatus.FULL]


def search_members(org, *, query="", status="", org_kind="", key_leader=False):
    """Members of the subtree matching a search without diacritics ("nguyen van a" finds
    "Nguyễn Văn A"), in Vietnamese order by given name."""
    members = Member.objects.in_subtree(org).select_related("org")
    for word in fold(query).split():
        members = members.filter(search_text__contains=word)
    if status == "dang_sinh_hoat":
        members = members.filter(status__in=ACTIVE_STATUSES)
    elif status:
        members = members.filter(status=status)
    if org_kind:
        members = members.filter(org__kind=org_kind)
    if key_leader:
        members = members.filter(is_key_leader=True)
    return members.order_by("sort_key", "id")


def member_in(org, member_id):
    """A member of `org`'s subtree, or 404 (never reveal members of other organisations)."""
    return get_object_or_404(Member.objects.in_subtree(org).select_related("org", "user"), pk=member_id)


def member_history(member):
    return member.periods.select_related("org", "recorded_by").order_by("start", "id")


def cells_managed_by(user, within=None):
    """Cells (organisations that hold members) where `user` may manage members."""
    cells = Organization.objects.filter(kind__in=["chi_bo_co_so", "chi_bo_truc_thuoc", "to_dang"], dissolved_on__isnull=True)
    if within is not None:
        cells = cells.filter(path__startswith=within.path)
    return cells if user.is_superuser else cells.filter(_under_any(scoping.grant_paths(user, "manage")))


def orgs_administered_by(user):
    """Organisations `user` administers (targets of a move)."""
    orgs = Organization.objects.filter(dissolved_on__isnull=True)
    return orgs if user.is_superuser else orgs.filter(_under_any(scoping.grant_paths(user, "administer")))


def _under_any(paths):
    condition = Q(pk__in=[])  # no path: matches nothing
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def audit_entries(org):
    return AuditEntry.objects.in_subtree(org).select_related("actor", "org")


def grants_in(org):
    from .models import RoleGrant

    return RoleGrant.objects.in_subtree(org).select_related("user", "org", "granted_by").order_by("org__path", "role")
