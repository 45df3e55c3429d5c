"""Summaries per organisation and period (`Tally`), so that dashboards never aggregate raw facts
per request. Every row holds the figure of an organisation's whole subtree, so for every
organisation X and indicator: T(X) = own facts of X + the sum of T over X's children. Both ways
of refreshing keep that true:

- `refresh(period, within=org, sources=…)` recomputes the own facts of `org`'s whole subtree
  (the given sources, one or two grouped queries each), adds them up along the tree, writes only
  the rows that changed and moves the ancestors above `org` by the difference. For bulk loads, a
  moved organisation, a campaign's subtree, and the nightly safety net.
- `refresh_own(period, {source: org ids})` recomputes the own facts of a few organisations only:
  their own part today is T(X) minus their children's T, so the difference between the new and
  the stored own part is added to X and each of its ancestors. What a day's attendance costs is
  then proportional to the cells that changed, not to the size of their wards.

Readers are never blocked: PostgreSQL readers see the rows as they were until a refresh commits,
and every refresh commits one period at a time; refreshes of the same tree queue on a lock of its
root row, which no reader takes."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hocbac.contests.models import Attempt
from hocbac.orgs.models import Organization

from . import indicators, periods
from .indicators import SOURCES, Scope
from .models import Facts, RefreshRun, StaleMark, Tally

# A change of the tree (an organisation moved) recomputes the subtree of the moved organisation's
# ancestor at this depth (a commune or ward under a province, the root at depth 0), which holds
# both its old and its new place when it moved within a ward.
GROUP_DEPTH = 1
# Attempts finished this long before the previous pass began are looked at again: a finish
# committed late is not missed (refreshing twice changes nothing).
OVERLAP = datetime.timedelta(minutes=5)
BATCH = 2000


def own_facts(scope, period, sources=SOURCES):
    """{(org id, indicator): value} of the organisations in `scope` (their own facts)."""
    own = defaultdict(int)
    for source in sources:
        for org_id, code, value in source.count(scope, period):
            if value:
                own[org_id, code] += value
    return own


def _rolled_up(own, paths):
    """{(org id, indicator): value of its subtree} from the own facts and `paths`: {org id: the ids
    from the refreshed subtree's root down to it}."""
    totals = defaultdict(int)
    for (org_id, code), value in own.items():
        for ancestor_id in paths[org_id]:
            totals[ancestor_id, code] += value
    return totals


def _ids(path):
    return [int(part) for part in path.strip("/").split("/") if part]


def _owned(sources):
    condition = Q(pk__in=[])
    for source in sources:
        condition |= source.owned()
    return condition


def _lock_tree(org_path):
    """One refresh at a time per tree: the ancestors' sums read and write the same rows."""
    Organization.objects.select_for_update().filter(pk=_ids(org_path)[0]).first()


@transaction.atomic
def refresh(period, within=None, sources=SOURCES):
    """Recompute `period`'s summaries of `within`'s subtree (the whole tree when None) for
    `sources` and carry the difference up to its ancestors. Returns the rows written or deleted."""
    roots = [within] if within is not None else list(Organization.objects.filter(parent__isnull=True))
    changed = 0
    for root in roots:
        _lock_tree(root.path)
        changed += _refresh_subtree(period, root, sources)
    return changed


def _refresh_subtree(period, root, sources):
    now = timezone.now()
    paths = {pk: _ids(path)[root.depth:] for pk, path in
             Organization.objects.filter(path__startswith=root.path).values_list("pk", "path")}
    totals = _rolled_up(own_facts(Scope(prefix=root.path), period, sources), paths)
    existing = Tally.objects.unscoped().filter(org__path__startswith=root.path, period=period.code)
    if sources is not SOURCES:
        existing = existing.filter(_owned(sources))
    existing = {(row.org_id, row.indicator): row for row in existing}
    before_root = {code: row.value for (org_id, code), row in existing.items() if org_id == root.pk}
    creates, updates = [], []
    for key, value in totals.items():
        row = existing.get(key)
        if row is None:
            creates.append(Tally(org_id=key[0], indicator=key[1], period=period.code, value=value, refreshed_at=now))
        elif row.value != value:
            row.value, row.refreshed_at = value, now
            updates.append(row)
    deletes = [row.pk for key, row in existing.items() if key not in totals]
    _write(creates, updates, deletes)
    ancestors = _ids(root.path)[:-1]
    after_root = {code: value for (org_id, code), value in totals.items() if org_id == root.pk}
    difference = {(org_id, code): after_root.get(code, 0) - before_root.get(code, 0)
                  for org_id in ancestors for code in set(after_root) | set(before_root)}
    return len(creates) + len(updates) + len(deletes) + _shift(period, difference, now)


@transaction.atomic
def refresh_own(period, orgs_by_source):
    """Recompute `period`'s own facts of the organisations in `orgs_by_source` ({Source: org
    ids}) and move them and their ancestors by the difference from what the summaries held.
    Returns the rows written or deleted."""
    ids = set().union(*orgs_by_source.values())
    if not ids:
        return 0
    paths = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "path"))
    _lock_tree(next(iter(paths.values())))
    now = timezone.now()
    new = defaultdict(int)
    for source, source_ids in orgs_by_source.items():
        for (org_id, code), value in own_facts(Scope(ids=frozenset(source_ids)), period, [source]).items():
            new[org_id, code] += value
    # What the summaries hold as their own part: T(X) minus the children's T.
    held = defaultdict(int)
    rows = Tally.objects.unscoped().filter(_owned(orgs_by_source), period=period.code)
    # Two queries on the (org, period, indicator) index rather than one OR that could scan.
    for org_id, code, value in rows.filter(org_id__in=ids).values_list("org_id", "indicator", "value"):
        held[org_id, code] += value
    for parent_id, code, value in (rows.filter(org__parent_id__in=ids)
                                   .values_list("org__parent_id", "indicator", "value")):
        held[parent_id, code] -= value
    sources_of = defaultdict(list)
    for source, source_ids in orgs_by_source.items():
        for org_id in source_ids:
            sources_of[org_id].append(source)
    difference = defaultdict(int)
    for org_id, code in set(new) | set(held):
        if not any(source.owns(code) for source in sources_of[org_id]):
            continue  # another source's indicator, not recomputed here
        delta = new.get((org_id, code), 0) - held.get((org_id, code), 0)
        if delta:
            for ancestor_id in _ids(paths[org_id]):
                difference[ancestor_id, code] += delta
    return _shift(period, difference, now)


def _shift(period, difference, now):
    """Add `difference` ({(org id, indicator): delta}) to the summaries; returns rows written."""
    difference = {key: delta for key, delta in difference.items() if delta}
    if not difference:
        return 0
    org_ids, codes = {org_id for org_id, _ in difference}, {code for _, code in difference}
    existing = {(row.org_id, row.indicator): row for row in Tally.objects.unscoped().filter(
        org_id__in=org_ids, period=period.code, indicator__in=codes)}
    creates, updates, deletes = [], [], []
    for (org_id, code), delta in difference.items():
        row = existing.get((org_id, code))
        value = (row.value if row else 0) + delta
        if row is None:
            creates.append(Tally(org_id=org_id, indicator=code, period=period.code, value=value, refreshed_at=now))
        elif value == 0:
            deletes.append(row.pk)
        else:
            row.value, row.refreshed_at = value, now
            updates.append(row)
    _write(creates, updates, deletes)
    return len(creates) + len(updates) + len(deletes)


def _write(creates, updates, deletes):
    Tally.objects.unscoped().bulk_create(creates, batch_size=BATCH)
    Tally.objects.unscoped().bulk_update(updates, ["value", "refreshed_at"], batch_size=BATCH)
    for start in range(0, len(deletes), BATCH):
        Tally.objects.unscoped().filter(pk__in=deletes[start:start + BATCH]).delete()


def refresh_all(years, *, today=None):
    """Every period of `years` that has begun, over the whole tree (after a bulk load, or nightly
    as a safety net). Returns the RefreshRun."""
    today = today or timezone.localdate()
    started, rows, count = timezone.now(), 0, 0
    for year in years:
        for period in periods.of_year(year):
            if period.start <= today:
                rows += refresh(period)
                count += 1
    return RefreshRun.objects.create(started_at=started, finished_at=timezone.now(), periods=count, rows=rows, whole=True)


def _group_of(path):
    ids = _ids(path)
    return ids[min(GROUP_DEPTH, len(ids) - 1)]


def _earliest(plan, key, day):
    plan[key] = min(day, plan.get(key, day))


def refresh_stale(*, today=None):
    """Take the stale marks (and the contest attempts finished since the previous pass) and
    refresh what they touch, each period in its own short transaction: a change of the tree
    recomputes the ward-level subtree around it, a campaign's the campaign's subtree, any other
    change the own facts of the organisations it names, for the sources that read it, in every
    period the change can move (`periods.affected_by`). Deletes the marks taken. Returns the
    RefreshRun."""
    today = today or timezone.localdate()
    started = timezone.now()
    previous = RefreshRun.objects.order_by("-started_at").first()
    marks = list(StaleMark.objects.unscoped().values_list("pk", "org_id", "org__path", "since", "facts"))
    subtrees, own = {}, {}  # {(root id, facts): since}, {(org id, facts): since}
    for _, org_id, path, since, facts in marks:
        if facts == Facts.TREE:
            _earliest(subtrees, (_group_of(path), facts), since)
        elif facts == Facts.CAMPAIGNS:
            _earliest(subtrees, (org_id, facts), since)
        else:
            _earliest(own, (org_id, facts), since)
    if previous is not None:
        for org_id, finished_at in (Attempt.objects.unscoped()
                                    .filter(finished_at__gte=previous.started_at - OVERLAP, member__isnull=False)
                                    .values_list("org_id", "finished_at")):
            _earliest(own, (org_id, Facts.CONTESTS), timezone.localdate(finished_at))
    rows = count = 0
    roots = Organization.objects.in_bulk({root_id for root_id, _ in subtrees})
    for (root_id, facts), since in sorted(subtrees.items()):
        for period in periods.affected_by(since, today):
            rows += refresh(period, within=roots[root_id], sources=indicators.sources_reading(facts))
            count += 1
    # {(ward-level group id, period code): (Period, {Source: org ids})}: one short transaction
    # for each, holding one tree's lock at a time.
    work = {}
    paths = dict(Organization.objects.filter(pk__in={org_id for org_id, _ in own}).values_list("pk", "path"))
    for (org_id, facts), since in own.items():
        for period in periods.affected_by(since, today):
            by_source = work.setdefault((_group_of(paths[org_id]), period.code), (period, defaultdict(set)))[1]
            for source in indicators.sources_reading(facts):
                by_source[source].add(org_id)
    for _, (period, by_source) in sorted(work.items(), key=lambda item: item[0]):
        rows += refresh_own(period, by_source)
        count += 1
    StaleMark.objects.unscoped().filter(pk__in=[pk for pk, *_ in marks]).delete()
    return RefreshRun.objects.create(started_at=started, finished_at=timezone.now(), marks=len(marks),
                                     subtrees=len(subtrees) + len({group for group, _ in work}), periods=count,
                                     rows=rows)
