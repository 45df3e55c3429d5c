"""Reads for commitments: the year's template, the cell's register, figures over a subtree.

Figures rule (shown with them): the denominator is the members eligible (chính thức and dự bị)
in the subtree today, or on 31 December for a past year; "đã đăng ký" counts registrations submitted or further along."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hocbac.core.text import format_number, format_percent
from hocbac.orgs.models import GRASSROOTS_KINDS, MEMBER_HOLDING_KINDS, Member, Organization
from hocbac.orgs.selectors import eligible_by_path, roll_up, subtree

from . import similarity
from .models import SECTIONS, OrgPlan, Registration, Result, State, YearTemplate

REGISTERED_STATES = [s for s in State.values if s != State.DRAFT]
# Organisations expected to have their own plan: grassroots organisations and every cell.
PLANNING_KINDS = sorted(GRASSROOTS_KINDS | MEMBER_HOLDING_KINDS)


def this_year():
    return timezone.localdate().year


def template_for(org, year):
    """The parts of a registration with the guidance of the nearest committee above `org` that
    set one for `year` (the built-in guidance otherwise): [(key, title, guidance, example)], intro."""
    templates = {t.org_id: t for t in YearTemplate.objects.in_orgs(org.ancestor_ids()).filter(year=year)}
    chosen = next((templates[i] for i in reversed(org.ancestor_ids()) if i in templates), None)
    own = chosen.sections if chosen else {}
    parts = [(key, title, own.get(key, {}).get("guidance") or guidance, own.get(key, {}).get("example") or example)
             for key, title, guidance, example in SECTIONS]
    return parts, (chosen.intro if chosen else "")


def registration_of(member, year):
    return Registration.objects.in_orgs([member.org_id]).filter(member=member, year=year).first()


def registration_in(org, member_id, year):
    """A member of `org`'s subtree and their registration of `year` (None if not started); 404
    for anyone outside."""
    member = get_object_or_404(Member.objects.in_subtree(org).select_related("org", "user"), pk=member_id)
    return member, Registration.objects.in_subtree(org).filter(member=member, year=year).first()


@dataclass
class RegisterRow:
    member: Member
    registration: Registration | None

    @property
    def state_label(self):
        return self.registration.get_state_display() if self.registration else "Chưa đăng ký"


def register(org, year, *, show=""):
    """Eligible members of the subtree with their registration, Vietnamese order. `show`:
    "chua_dang_ky" (not registered), "chua_tu_danh_gia" (registered, not yet self-assessed)."""
    members = list(Member.objects.in_subtree(org).eligible().select_related("org").order_by("sort_key", "id"))
    registrations = {r.member_id: r for r in Registration.objects.in_subtree(org).filter(year=year)}
    rows = [RegisterRow(m, registrations.get(m.pk)) for m in members]
    if show == "chua_dang_ky":
        rows = [r for r in rows if r.registration is None or r.registration.state == State.DRAFT]
    elif show == "chua_tu_danh_gia":
        rows = [r for r in rows if r.registration and r.registration.state in (State.DISCLOSED, State.CHECKED_IN)]
    return rows


@dataclass
class Figures:
    org: Organization
    eligible: int
    registered: int
    key_leaders: int
    evaluated: int
    good: int
    plans: int
    planning_orgs: int

    @property
    def registered_percent(self):
        return format_percent(self.registered, self.eligible)

    @property
    def good_percent(self):
        return format_percent(self.good, self.evaluated)

    @property
    def text(self):
        """'1.234/1.300 đảng viên đã đăng ký (94,9%), trong đó 87 cán bộ chủ chốt'"""
        words = (f"{format_number(self.registered)}/{format_number(self.eligible)} đảng viên đã đăng ký "
                 f"({self.registered_percent}), trong đó {format_number(self.key_leaders)} cán bộ chủ chốt")
        if self.evaluated:
            words += f"; {format_percent(self.good, self.evaluated, 0)} thực hiện tốt"
        return words


def reference_day(year):
    """The day the denominator is counted on: today, or 31 December for a past year."""
    return min(timezone.localdate(), datetime.date(year, 12, 31))


def figures(org, year):
    """(total Figures, [Figures per child]) for `year`; five queries whatever the subtree."""
    counters = eligible_by_path(org, reference_day(year))
    rows = (
        Registration.objects.in_subtree(org).filter(year=year, state__in=REGISTERED_STATES)
        .values_list("org__path").order_by()
        .annotate(n=Count("id"), leaders=Count("id", filter=Q(is_key_leader=True)),
                  evaluated=Count("id", filter=Q(state=State.EVALUATED)),
                  good=Count("id", filter=Q(state=State.EVALUATED, result=Result.GOOD)))
    )
    for path, n, leaders, evaluated, good in rows:
        counters.setdefault(path, Counter()).update(registered=n, key_leaders=leaders, evaluated=evaluated, good=good)
    planning = subtree(org).filter(kind__in=PLANNING_KINDS, dissolved_on__isnull=True)
    for path in planning.values_list("path", flat=True):
        counters.setdefault(path, Counter())["planning_orgs"] += 1
    for path in OrgPlan.objects.in_subtree(org).filter(year=year, org__kind__in=PLANNING_KINDS).values_list("org__path", flat=True):
        counters.setdefault(path, Counter())["plans"] += 1
    by_child_id, total = roll_up(org, counters)
    children = list(org.children.filter(dissolved_on__isnull=True))
    rows = [_figures(child, by_child_id.get(child.pk, Counter())) for child in children]
    rows.sort(key=lambda f: (f.registered / f.eligible if f.eligible else 0, f.org.sort_key))
    return _figures(org, total), rows


def _figures(org, counter):
    return Figures(org=org, **{name: counter[name] for name in
                               ("eligible", "registered", "key_leaders", "evaluated", "good", "plans", "planning_orgs")})


def registrations_for_copies(org, year):
    """Registrations of `year` in the subtree worth comparing (submitted or later), with the same
    members' registrations of the year before, for the near-copy check."""
    current = list(Registration.objects.in_subtree(org).filter(year=year, state__in=REGISTERED_STATES)
                   .select_related("member", "org"))
    previous = list(Registration.objects.unscoped().filter(year=year - 1, member__in=[r.member_id for r in current])
                    .select_related("member", "org"))
    return current, previous


@dataclass
class CopyPair:
    first: Registration
    second: Registration  # another member's of the same year, or the member's own of last year
    score: float
    own_last_year: bool

    @property
    def percent(self):
        return format_percent(round(self.score * 1000), 1000, 0)


def near_copies(org, year):
    """Registrations nearly identical to another member's of the same year, or to the member's
    own of last year, most alike first."""
    current, previous = registrations_for_copies(org, year)
    by_id = {r.pk: r for r in current}
    texts = [(r.pk, r.full_text()) for r in current]
    pairs = [CopyPair(by_id[p.a_key], by_id[p.b_key], p.score, False) for p in similarity.near_copies(texts)]
    # Year against year as one batch, so stock phrases (a committee's example) weigh little;
    # only a member's own last year counts here, other members are compared above.
    old_by_id = {r.pk: r for r in previous}
    for p in similarity.near_copies(texts, against=[(r.pk, r.full_text()) for r in previous]):
        if by_id[p.a_key].member_id == old_by_id[p.b_key].member_id:
            pairs.append(CopyPair(by_id[p.a_key], old_by_id[p.b_key], p.score, True))
    return sorted(pairs, key=lambda p: -p.score)
