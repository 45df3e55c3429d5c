"""Reads over models of studying and following: the registry of a subtree, what an organisation
may replicate, a model's family, and the figures per period."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404

from hocbac.core.text import fold
from hocbac.orgs.selectors import roll_up

from . import rules
from .models import (
    RECOGNISED_STATUSES,
    Evidence,
    Origin,
    Practice,
    Proposal,
    Review,
    Status,
    StatusChange,
)


def _with_related(practices):
    return practices.select_related("org", "field", "member", "adopted_from__org")


def practices_in(org, *, status="", field_id=None, origin="", kind="", query=""):
    """The models of `org`'s subtree, newest first, each with `.adoption_count`. `kind`:
    "goc" (originals only) or "nhan_rong" (adoptions only)."""
    practices = (_with_related(Practice.objects.in_subtree(org)).annotate(adoption_count=Count("adoptions"))
                 .order_by("-started_on", "-id"))  # a GROUP BY query drops Meta.ordering
    if status:
        practices = practices.filter(status=status)
    if field_id:
        practices = practices.filter(field_id=field_id)
    if origin:
        practices = practices.filter(origin=origin)
    if kind == "goc":
        practices = practices.filter(adopted_from__isnull=True)
    elif kind == "nhan_rong":
        practices = practices.filter(adopted_from__isnull=False)
    for word in fold(query).split():
        practices = practices.filter(search_text__contains=word)
    return practices


def launched_above(org):
    """Models the committees above `org` launched for their subtree (still running), each with
    `.adopted_here` telling whether `org` already replicates it."""
    ancestors = org.ancestor_ids()[:-1]
    mine = Practice.objects.unscoped().filter(org=org, adopted_from=OuterRef("pk"))
    return (
        _with_related(Practice.objects.in_orgs(ancestors))
        .filter(origin=Origin.LAUNCHED, adopted_from__isnull=True)
        .exclude(status=Status.STOPPED)
        .annotate(adopted_here=Exists(mine))
        .order_by("org__depth", "-started_on", "id")
    )


def practice_for(org, practice_id):
    """A model seen from `org`'s pages (`rules.visible_from`); 404 for anything else, the same
    answer as "does not exist"."""
    practice = get_object_or_404(_with_related(Practice.objects.unscoped()), pk=practice_id)
    if not rules.visible_from(org, practice):
        raise Http404
    return practice


def practice_in(org, practice_id):
    """A model of `org`'s subtree (for changes), or 404."""
    return get_object_or_404(_with_related(Practice.objects.in_subtree(org)), pk=practice_id)


def public_practice(practice_id):
    return get_object_or_404(_with_related(Practice.objects.unscoped()).filter(is_public=True), pk=practice_id)


def history(practice):
    return practice.status_changes.select_related("by").order_by("changed_on", "id")


def recognitions(practice):
    return [change for change in history(practice) if change.is_recognition]


def reviews(practice):
    return practice.reviews.select_related("reviewer_org", "by").order_by("-year", "-period", "reviewer")


def evidence_of(practice):
    return practice.evidence.select_related("session", "document", "by")


def evidence_in(practice, evidence_id):
    return get_object_or_404(Evidence.objects.filter(practice=practice), pk=evidence_id)


@dataclass
class FamilyRow:
    practice: Practice
    latest_review: Review | None


def family(original):
    """The original's adoptions, oldest first, each with its latest review: where the
    replication stands."""
    adoptions = list(
        _with_related(Practice.objects.unscoped().filter(adopted_from=original)).order_by("started_on", "id")
    )
    latest = {}
    for row in Review.objects.filter(practice__in=adoptions).order_by("year", "period", "at"):
        latest[row.practice_id] = row
    return [FamilyRow(p, latest.get(p.pk)) for p in adoptions]


def awaiting_recognition(org):
    """Models of the subtree whose latest review proposes recognising them at a level they do not
    hold yet: what the committee's recognition decides on."""
    wanted = {Proposal.RECOGNISE_TYPICAL: {Status.TYPICAL, Status.EXCELLENT}, Proposal.RECOGNISE_EXCELLENT: {Status.EXCELLENT}}
    latest = {}
    rows = (Review.objects.filter(practice__org__path__startswith=org.path)
            .select_related("practice__org", "reviewer_org").order_by("year", "period", "at"))
    for row in rows:
        latest[row.practice_id] = row
    return [row for row in latest.values()
            if row.proposal in wanted and row.practice.status not in wanted[row.proposal]
            and row.practice.status != Status.STOPPED]


FIGURE_KEYS = ("launched", "own", "replications", "typical", "excellent", "stopped", "new", "new_replications",
               "recognised")


@dataclass
class Figures:
    total: Counter
    children: list  # (child organisation, Counter), weakest (fewest models) first


def figures(org, start, end):
    """Counts over `org`'s subtree for the period [start, end] (two queries, rolled up per
    child): see `counts`."""
    by_path = counts(Practice.objects.in_subtree(org),
                     StatusChange.objects.filter(practice__org__path__startswith=org.path), start, end)
    by_child_id, total = roll_up(org, by_path)
    children = [(child, by_child_id.get(child.pk, Counter())) for child in org.children.all()]
    children.sort(key=lambda pair: (sum(pair[1][k] for k in ("launched", "own", "replications")), pair[0].sort_key))
    return Figures(total=total, children=children)


def counts(practices, changes, start, end, key="org__path"):
    """{`key` of the holding organisation: Counter} over `practices` (and their status `changes`)
    for the period [start, end]: models launched by committees and own models (originals started
    by `end`), replications, typical and excellent ones maintained at `end` (their status on that
    day, from the history), stopped ones, new ones and new replications in the period,
    recognitions in it. Two queries; the dashboards' summaries count with it too."""
    rows = practices.filter(started_on__lte=end).values_list("pk", key, "origin", "adopted_from_id", "started_on")
    status_at_end, recognised = {}, set()
    changes = (changes.filter(changed_on__lte=end).order_by("practice_id", "changed_on", "id")
               .values_list("practice_id", "status", "changed_on", "recognised_by"))
    for practice_id, status, changed_on, recognised_by in changes:
        status_at_end[practice_id] = status
        if recognised_by and changed_on >= start:
            recognised.add(practice_id)
    by_key = {}
    for pk, holder, origin, adopted_from_id, started_on in rows:
        counter = by_key.setdefault(holder, Counter())
        is_new = started_on >= start
        if adopted_from_id:
            counter["replications"] += 1
            counter["new_replications"] += is_new
        else:
            counter["launched" if origin == Origin.LAUNCHED else "own"] += 1
            counter["new"] += is_new
        status = status_at_end.get(pk, Status.RUNNING)
        counter["typical"] += status in RECOGNISED_STATUSES
        counter["excellent"] += status == Status.EXCELLENT
        counter["stopped"] += status == Status.STOPPED
        counter["recognised"] += pk in recognised
    return by_key


def fields(include_inactive=False):
    from .models import Field

    return Field.objects.all() if include_inactive else Field.objects.filter(is_active=True)
