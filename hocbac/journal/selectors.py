"""Reads for the notebook and the reflections: the rota, a cell's reflections, a member's
year-end review, the manifestations most often cited, figures over a subtree.

Figures rule: "được phân công" counts names on the rota; "đã viết" counts reflections handed in
(submitted or read); "đã đọc" those recorded as read at the meeting; "chưa viết bài nào" counts
the members eligible today with no reflection handed in during the year."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from hocbac.core.text import format_percent
from hocbac.orgs.models import Member, Organization
from hocbac.orgs.selectors import roll_up

from . import rules
from .models import (
    WRITTEN_STATES,
    Citation,
    Comment,
    Group,
    Manifestation,
    NotebookEntry,
    NotebookRemark,
    Reflection,
    State,
)

MONTHS = range(1, 13)
PERIODS = [("", "Cả năm")] + [(f"Q{q}", f"Quý {q}") for q in range(1, 5)] + [(str(m), f"Tháng {m}") for m in MONTHS]


def period_months(period):
    """'' → the whole year; 'Q2' → April to June; '7' → July. Anything else: the whole year."""
    if period.startswith("Q") and period[1:] in ("1", "2", "3", "4"):
        first = 3 * int(period[1:]) - 2
        return list(range(first, first + 3))
    if period.isdigit() and 1 <= int(period) <= 12:
        return [int(period)]
    return list(MONTHS)


# Reference list ---------------------------------------------------------------------------

@dataclass
class GroupOfItems:
    group: int
    label: str
    items: list = field(default_factory=list)  # Manifestation with .sub_items


def manifestation_groups(*, active_only=True):
    """The three groups with their nine items, each item with its sub-items (two queries' worth:
    one, the list is small)."""
    rows = Manifestation.objects.all()
    if active_only:
        rows = rows.filter(is_active=True)
    groups = {g.value: GroupOfItems(g.value, g.label) for g in Group}
    items = {}
    for m in rows:
        if m.sub == 0:
            m.sub_items = []
            items[(m.group, m.number)] = m
            groups[m.group].items.append(m)
        elif (m.group, m.number) in items:
            items[(m.group, m.number)].sub_items.append(m)
    return list(groups.values())


# Rota and reflections ---------------------------------------------------------------------

def _with_member(rows):
    return rows.select_related("member", "org")


def rota(org, year):
    """[(month, [reflections])] for the twelve months of `year` in the cell `org`."""
    by_month = {m: [] for m in MONTHS}
    for r in _with_member(Reflection.objects.in_orgs([org.pk]).filter(year=year)).order_by("month", "member__sort_key"):
        by_month[r.month].append(r)
    return list(by_month.items())


def assignable_members(org):
    return Member.objects.in_orgs([org.pk]).eligible().order_by("sort_key", "id")


def cell_reflections(org, year):
    """Reflections handed in by the cell in `year`, newest month first, for its members."""
    rows = Reflection.objects.in_orgs([org.pk]).filter(year=year, state__in=WRITTEN_STATES)
    return list(_with_member(rows).annotate(comment_count=Count("comments", filter=Q(comments__deleted_at__isnull=True)))
                .order_by("-month", "member__sort_key"))


def my_reflections(member, year):
    """The member's assignments and reflections of `year`, with what they cited."""
    rows = Reflection.objects.in_orgs(_member_org_ids(member)).filter(member=member, year=year)
    return list(_with_member(rows).prefetch_related(_citations()).order_by("month"))


def _member_org_ids(member):
    """Cells a member's reflections may sit in: the ones they belonged to (a transfer keeps the
    old reflections in the old cell)."""
    return list({member.org_id, *member.periods.values_list("org_id", flat=True)})


def _citations():
    return Prefetch("citations", queryset=Citation.objects.select_related("manifestation"))


def reflection_for(user, pk):
    """The reflection `pk` if the user may read it; 404 otherwise, as if it did not exist."""
    reflection = get_object_or_404(
        Reflection.objects.unscoped().select_related("member", "org", "read_recorded_by", "concluded_by")
        .prefetch_related(_citations()), pk=pk)
    if not rules.may_read_reflection(user, reflection):
        raise Http404
    return reflection


def own_reflection(user, pk):
    """One of the user's own reflections (to write); 404 for anyone else's."""
    reflection = get_object_or_404(Reflection.objects.unscoped().select_related("member", "org").prefetch_related(_citations()),
                                   pk=pk)
    if not rules.is_author(user, reflection):
        raise Http404
    return reflection


def thread(reflection):
    """Top-level comments in order, each with `.replies_list` in order."""
    comments = list(Comment.objects.filter(reflection=reflection))
    replies = {}
    for c in comments:
        c.reflection = reflection  # the rules read it; no query per comment
        if c.parent_id:
            replies.setdefault(c.parent_id, []).append(c)
    top = [c for c in comments if not c.parent_id]
    for c in top:
        c.replies_list = replies.get(c.pk, [])
    return top


def comment_for(user, pk):
    """A comment on a reflection the user may read (404 otherwise)."""
    comment = get_object_or_404(Comment.objects.select_related("reflection__member", "reflection__org"), pk=pk)
    if not rules.may_read_reflection(user, comment.reflection):
        raise Http404
    return comment


# Year-end review and manifestations -----------------------------------------------------

@dataclass
class ItemCount:
    code: str
    label: str
    group: int
    count: int


@dataclass
class ManifestationTally:
    reflections: int  # reflections counted
    items: list  # ItemCount of the 27, most cited first (the items never cited last, in order)
    groups: list  # (group label, count)

    @property
    def cited(self):
        return [i for i in self.items if i.count]


def _tally(citations, reflections):
    counts = Counter(citations.values_list("manifestation__group", "manifestation__number"))
    items = [ItemCount(m.code, m.label, m.group, counts[(m.group, m.number)])
             for m in Manifestation.objects.filter(sub=0)]
    items.sort(key=lambda i: (-i.count, i.group, int(i.code.split(".")[1])))
    by_group = Counter()
    for (group, _), n in counts.items():
        by_group[group] += n
    return ManifestationTally(reflections, items, [(g.label, by_group[g.value]) for g in Group])


def manifestation_tally(org, year, months=MONTHS):
    """How often each of the 27 was self-identified in reflections handed in over `org`'s subtree
    (sub-items count for their item). Counts only: who chose what is not part of it."""
    written = Reflection.objects.in_subtree(org).filter(year=year, month__in=list(months), state__in=WRITTEN_STATES)
    return _tally(Citation.objects.filter(reflection__in=written), written.count())


def self_review(member, year, reflections=None):
    """A member's reflections of `year` handed in, and what they self-identified against
    (`reflections`: my_reflections(member, year) when the caller already has them)."""
    if reflections is None:
        reflections = my_reflections(member, year)
    reflections = [r for r in reflections if r.is_written]
    citations = Citation.objects.filter(reflection__in=[r.pk for r in reflections])
    return reflections, _tally(citations, len(reflections))


# Figures ----------------------------------------------------------------------------------

@dataclass
class Figures:
    org: Organization
    assigned: int
    written: int
    read: int
    eligible: int
    never_written: int

    @property
    def written_percent(self):
        return format_percent(self.written, self.assigned)

    @property
    def read_percent(self):
        return format_percent(self.read, self.assigned)


FIGURE_NAMES = ("assigned", "written", "read", "eligible", "never_written")


def figures(org, year, months=MONTHS):
    """(total Figures, [Figures per child]) for the months of `year`; four queries."""
    counters = {}
    rows = (Reflection.objects.in_subtree(org).filter(year=year, month__in=list(months))
            .values_list("org__path").order_by()
            .annotate(assigned=Count("id"), written=Count("id", filter=Q(state__in=WRITTEN_STATES)),
                      read=Count("id", filter=Q(state=State.READ))))
    for path, assigned, written, read in rows:
        counters[path] = Counter(assigned=assigned, written=written, read=read)
    writers = Reflection.objects.in_subtree(org).filter(year=year, state__in=WRITTEN_STATES).values("member_id")
    eligible = Member.objects.in_subtree(org).eligible().values_list("org__path").order_by()
    # "Never written" = eligible minus those who wrote: a semi-join PostgreSQL hashes, where a
    # NOT IN inside the count ran per row and did not finish on a province.
    wrote = dict(eligible.filter(pk__in=writers).annotate(n=Count("id")))
    for path, n in eligible.annotate(n=Count("id")):
        counters.setdefault(path, Counter()).update(eligible=n, never_written=n - wrote.get(path, 0))
    by_child_id, total = roll_up(org, counters)
    children = list(org.children.filter(dissolved_on__isnull=True))
    rows = [Figures(child, **{n: by_child_id.get(child.pk, Counter())[n] for n in FIGURE_NAMES}) for child in children]
    rows.sort(key=lambda f: (f.written / f.assigned if f.assigned else 0, f.org.sort_key))
    return Figures(org, **{n: total[n] for n in FIGURE_NAMES}), rows


def never_written(org, year):
    """Eligible members of the subtree with no reflection handed in during `year`."""
    writers = Reflection.objects.in_subtree(org).filter(year=year, state__in=WRITTEN_STATES).values("member_id")
    return list(Member.objects.in_subtree(org).eligible().exclude(pk__in=writers).select_related("org")
                .order_by("sort_key", "id"))


def register_rows(org, year):
    """Every reflection of the subtree in `year` for the register (Excel), by cell then month."""
    rows = Reflection.objects.in_subtree(org).filter(year=year)
    return list(_with_member(rows).prefetch_related(_citations())
                .annotate(comment_count=Count("comments", filter=Q(comments__deleted_at__isnull=True)))
                .order_by("org__sort_key", "month", "member__sort_key"))


# Notebook ---------------------------------------------------------------------------------

def _entries():
    return NotebookEntry.objects.select_related("document", "session", "registration")


def entries_of(member, year=None):
    """The member's own entries, newest first."""
    rows = _entries().in_orgs(_member_org_ids(member)).filter(member=member)
    if year:
        rows = rows.filter(written_on__year=year)
    return list(rows.order_by("-written_on", "-id"))


def entry_for(user, pk):
    """An entry the user may read (its author; the committee when shared); 404 otherwise."""
    entry = get_object_or_404(_entries().unscoped().select_related("member", "org"), pk=pk)
    if not rules.may_read_entry(user, entry):
        raise Http404
    return entry


def notebooks(org):
    """Members of the subtree who shared entries with the committee, with how many and the last."""
    return list(Member.objects.in_subtree(org)
                .filter(notebook_entries__shared_at__isnull=False, notebook_entries__org__path__startswith=org.path)
                .annotate(shared=Count("notebook_entries"), last_written=Max("notebook_entries__written_on"))
                .select_related("org").order_by("sort_key", "id"))


def shared_notebook(org, member_id):
    """A member of the subtree, their shared entries (never the private ones) and the remarks."""
    member = get_object_or_404(Member.objects.in_subtree(org).select_related("org"), pk=member_id)
    entries = list(_entries().in_subtree(org).filter(member=member, shared_at__isnull=False).order_by("-written_on", "-id"))
    remarks = list(NotebookRemark.objects.in_subtree(org).filter(member=member).select_related("written_by").order_by("-period"))
    return member, entries, remarks


def remarks_for(member):
    return list(NotebookRemark.objects.in_orgs(_member_org_ids(member)).filter(member=member).order_by("-period"))
