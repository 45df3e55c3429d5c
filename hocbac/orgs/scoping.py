"""The only module that decides which organisations a user reaches, and with what abilities.

Abilities: "view" (read the subtree), "manage" (members, attendance, evaluations of the subtree),
"administer" (structure, role grants, imports over the subtree). A system administrator
(`is_superuser`) reaches everything. A member with no grant reaches no organisation page: they
see their own record through /toi/.
"""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Organization, Role, RoleGrant

ROLE_ABILITIES = {
    Role.VIEWER: {"view"},
    Role.CELL_COMMITTEE: {"view", "manage"},
    Role.COMMITTEE: {"view", "manage", "administer"},
}
ABILITIES = ("view", "manage", "administer")


def _grants(user):
    """(org path, role) pairs of the user's grants, cached on the user object for the request."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_hocbac_grants"):
        user._hocbac_grants = list(
            RoleGrant.objects.unscoped().filter(user=user).values_list("org__path", "role")
        )
    return user._hocbac_grants


def forget_grants(user):
    user.__dict__.pop("_hocbac_grants", None)


def abilities(user, org):
    """The set of abilities `user` holds over `org` (empty when out of reach)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(ABILITIES)
    held = set()
    for path, role in _grants(user):
        if org.path.startswith(path):
            held |= ROLE_ABILITIES[role]
    return held


def can(user, ability, org):
    return ability in abilities(user, org)


def grant_paths(user, ability):
    """Paths of the subtrees where the user holds `ability` through a grant."""
    return sorted({path for path, role in _grants(user) if ability in ROLE_ABILITIES[role]})


def root_paths(user):
    """The tops of the subtrees a user reaches, without nesting ones (for queries and menus)."""
    paths = sorted({path for path, _ in _grants(user)})
    tops = []
    for path in paths:
        if not any(path.startswith(top) for top in tops):
            tops.append(path)
    return tops


def top_organizations(user):
    """The organisations at the top of each subtree the user reaches."""
    if user.is_superuser:
        return Organization.objects.filter(parent__isnull=True)
    return Organization.objects.filter(path__in=root_paths(user))


def has_any_grant(user):
    return user.is_authenticated and (user.is_superuser or bool(_grants(user)))


def get_org_for(user, org_id, ability="view"):
    """The organisation `org_id` if the user holds `ability` over it.

    404 when it is out of reach (the same answer as "does not exist", so nothing leaks);
    403 when the user may see it but not do this."""
    org = get_object_or_404(Organization, pk=org_id)
    held = abilities(user, org)
    if "view" not in held:
        raise Http404
    if ability not in held:
        raise PermissionDenied
    return org


def org_view(ability="view"):
    """Decorator for views under /o/<org_id>/…: signs in, resolves the organisation, checks the
    ability and sets `request.org` and `request.abilities`."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, org_id, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            request.org = get_org_for(request.user, org_id, ability)
            request.abilities = abilities(request.user, request.org)
            return view(request, *args, **kwargs)

        wrapper.org_ability = ability
        return wrapper

    return decorator
