"""Reads for commendations, reminders and inspection plans, each scoped to an organisation's
subtree (or, for the inspection plan, to what targets it).

Figures rule: a commendation counts once its decision is issued, in the period of its decision
date, where its recipient was (the collective, or the member's cell at the nomination)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from hocbac.contests.models import Contest
from hocbac.contests.selectors import winners
from hocbac.orgs.models import Member, Organization
from hocbac.orgs.selectors import roll_up
from hocbac.practices.models import Practice

from .models import AwardForm, Commendation, FollowUp, InspectionItem, Recipient, Reminder, Stage

WAITING_STAGES = (Stage.NOMINATED, Stage.APPROVED)


def year_bounds(year):
    """The first and last day of `year` (a period for figures and reports)."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# Commendations ----------------------------------------------------------------------------

def _with_names(rows):
    return rows.select_related("org", "recipient_org", "member", "awarding_org", "form")


def commendations_in(org, *, year=None, stage=None, recipient=None):
    """Commendations of recipients in `org`'s subtree, newest year first."""
    rows = _with_names(Commendation.objects.in_subtree(org))
    if year:
        rows = rows.filter(year=year)
    if stage:
        rows = rows.filter(stage=stage)
    if recipient:
        rows = rows.filter(recipient=recipient)
    return rows


def to_decide(org):
    """Nominations and approvals waiting for `org` itself, the competent body: the ones to
    approve or decline first, then the ones approved and waiting for the decision."""
    return (_with_names(Commendation.objects.in_subtree(org)).filter(awarding_org=org, stage__in=WAITING_STAGES)
            .order_by("-stage", "nominated_at", "id"))  # de_nghi before da_duyet


def to_issue(org):
    """Approved commendations whose decision `org` issues."""
    return (_with_names(Commendation.objects.in_subtree(org)).filter(awarding_org=org, stage=Stage.APPROVED)
            .order_by("form__position", "-recipient", "org__sort_key", "member__sort_key", "id"))


def commendation_in(org, commendation_id):
    """A commendation of `org`'s subtree, or 404 (as if it did not exist)."""
    rows = _with_names(Commendation.objects.in_subtree(org)).select_related(
        "practice", "contest", "nominated_by", "approved_by", "awarding_org__parent")
    return get_object_or_404(rows, pk=commendation_id)


def _issued_between(org, start, end):
    return Commendation.objects.in_subtree(org).filter(stage=Stage.ISSUED, decided_on__gte=start, decided_on__lte=end)


@dataclass
class Tally:
    """Issued commendations: `collectives` (tập thể) and `individuals` (cá nhân)."""

    label: str
    collectives: int = 0
    individuals: int = 0
    org: Organization | None = None

    @property
    def total(self):
        return self.collectives + self.individuals


@dataclass
class AwardFigures:
    total: Tally
    by_form: list = field(default_factory=list)  # Tally per form, catalogue order, only forms used
    children: list = field(default_factory=list)  # Tally per direct child organisation


def _counter(recipient, n):
    return Counter(collectives=n) if recipient == Recipient.COLLECTIVE else Counter(individuals=n)


def figures(org, start, end):
    """Commendations issued with a decision dated in [start, end] over `org`'s subtree: in total,
    by form and per direct child (three queries whatever the subtree)."""
    issued = _issued_between(org, start, end)
    by_path = {}
    for path, recipient, n in issued.values_list("org__path", "recipient").order_by().annotate(n=Count("id")):
        by_path.setdefault(path, Counter()).update(_counter(recipient, n))
    by_child_id, total = roll_up(org, by_path)
    forms = {}
    for name, position, recipient, n in (issued.values_list("form__name", "form__position", "recipient").order_by()
                                         .annotate(n=Count("id"))):
        forms.setdefault((position, name), Counter()).update(_counter(recipient, n))
    by_form = [Tally(name, counter["collectives"], counter["individuals"]) for (_, name), counter in sorted(forms.items())]
    children = []
    for child in org.children.all():
        counter = by_child_id.get(child.pk, Counter())
        if child.dissolved_on is None or counter:
            children.append(Tally(child.name, counter["collectives"], counter["individuals"], org=child))
    return AwardFigures(Tally(org.name, total["collectives"], total["individuals"], org=org), by_form, children)


def report_list(org, start, end, *, with_parents=False):
    """The commendations issued in [start, end] over `org`'s subtree, for a review report: by
    decision, then collectives before individuals, in Vietnamese name order (`with_parents`: each
    collective's parent organisation loaded too, for a "belongs to" column)."""
    rows = _with_names(_issued_between(org, start, end))
    if with_parents:
        rows = rows.select_related("org__parent")
    return list(rows.order_by("decided_on", "decision_number", "form__position", "-recipient", "org__sort_key",
                          "member__sort_key", "id"))


# Choices for the nomination form, fenced to the request's organisation.

def recipient_orgs(org):
    """Collectives a nomination from `org` may be for: its subtree, still in existence."""
    return Organization.objects.filter(path__startswith=org.path, dissolved_on__isnull=True).order_by("depth", "sort_key")


def nominees(org):
    """Members a nomination from `org` may be for: those still active in its subtree."""
    return Member.objects.in_subtree(org).active().select_related("org").order_by("sort_key", "id")


def awarding_orgs(org):
    """The body a nomination from `org` is sent to: `org` itself or any organisation above it,
    nearest first."""
    return Organization.objects.filter(pk__in=org.ancestor_ids()).order_by("-depth")


def linkable_practices(org):
    """Models in `org`'s subtree or owned by an organisation above it."""
    # Both conditions fence the rows to org's branch of the tree; unscoped() only says so.
    return (Practice.objects.unscoped().filter(Q(org__path__startswith=org.path) | Q(org_id__in=org.ancestor_ids()))
            .select_related("org").order_by("-started_on", "id"))


def linkable_contests(org):
    """Contests organised in `org`'s subtree or above it."""
    return (Contest.objects.unscoped().filter(Q(org__path__startswith=org.path) | Q(org_id__in=org.ancestor_ids()))
            .select_related("org").order_by("-opens_at", "id"))


def active_forms():
    return AwardForm.objects.filter(is_active=True)


@dataclass
class Winner:
    rank: int
    name: str
    unit: str
    score: object
    member: Member | None  # None for a guest or a member outside the organisation


def contest_winners(contest, org):
    """The contest's winners (the first three ranks), each with the member record when the
    nomination page of `org` may nominate them."""
    rows = []
    for placing in winners(contest):
        member = placing.attempt.member
        if member is not None and not member.org.path.startswith(org.path):
            member = None
        rows.append(Winner(placing.rank, placing.name, placing.unit, placing.score, member))
    return rows


# Reminders and reviews --------------------------------------------------------------------

def _reminder_rows(rows):
    return rows.select_related("org", "member", "decided_by")


def reminders_in(org, *, open_only=False):
    """Reminders and reviews of members and organisations in `org`'s subtree, newest first."""
    rows = _reminder_rows(Reminder.objects.in_subtree(org))
    if open_only:
        rows = rows.filter(closed_on__isnull=True)
    return rows


def reminder_in(org, reminder_id):
    return get_object_or_404(_reminder_rows(Reminder.objects.in_subtree(org)).select_related("created_by"), pk=reminder_id)


def my_reminders(member):
    """The member's own records, wherever they were made (the member is the scope)."""
    return list(_reminder_rows(Reminder.objects.unscoped().filter(member=member)))


def due_follow_ups(org, today):
    """Open reminders of the subtree whose follow-up date has come."""
    return reminders_in(org, open_only=True).filter(follow_up_on__lte=today).order_by("follow_up_on", "id")


# Inspection and supervision plans ---------------------------------------------------------

def _item_rows(rows):
    return rows.select_related("org").prefetch_related(
        Prefetch("targets", queryset=Organization.objects.order_by("sort_key", "id")),
        Prefetch("follow_ups", queryset=FollowUp.objects.select_related("org")))


def plan(org, year):
    """The items of the plans of `org`'s subtree for `year` (the committee's own and those of
    the committees below it)."""
    return _item_rows(InspectionItem.objects.in_subtree(org).filter(year=year))


def _concerning(org):
    targeted = InspectionItem.targets.through.objects.filter(organization__path__startswith=org.path).values("inspectionitem_id")
    # Owned in the subtree or targeting it: both conditions are the scope.
    return InspectionItem.objects.unscoped().filter(Q(org__path__startswith=org.path) | Q(pk__in=targeted))


def items_concerning(org, year):
    """Items owned in `org`'s subtree or targeting an organisation in it: a cell sees what the
    ward plans to inspect it for, and what the conclusion asks of it."""
    return _item_rows(_concerning(org).filter(year=year))


def item_in(org, item_id):
    """An item owned in or targeting `org`'s subtree; 404 otherwise."""
    return get_object_or_404(_item_rows(_concerning(org)), pk=item_id)


def follow_ups_seen_from(item, org):
    """The item's follow-ups shown from `org`'s page: all of them to the owner's side, otherwise
    only those of organisations in `org`'s subtree (another cell's tasks are not its business)."""
    rows = list(item.follow_ups.all())
    if item.org.path.startswith(org.path):
        return rows
    return [f for f in rows if f.org.path.startswith(org.path)]


def follow_up_in(org, follow_up_id):
    """A follow-up for an organisation in `org`'s subtree; 404 otherwise."""
    return get_object_or_404(FollowUp.objects.select_related("org", "item", "item__org"),
                             org__path__startswith=org.path, pk=follow_up_id)


def open_follow_ups(org, today=None):
    """Follow-ups of organisations in `org`'s subtree not yet done (due by `today` if given)."""
    rows = FollowUp.objects.filter(org__path__startswith=org.path, done_on__isnull=True).select_related("org", "item")
    if today is not None:
        rows = rows.filter(due_on__lte=today)
    return rows.order_by("due_on", "id")
