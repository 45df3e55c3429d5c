"""Summaries per organisation and period (`Tally`), so that dashboards never aggregate raw facts
per request. `refresh(period, within=org)` recomputes the facts of `org`'s subtree for one period
(every source in `indicators.SOURCES`, one or two grouped queries each), adds them up along the
tree, writes only the rows that changed, and moves the ancestors above `org` by the difference.
Readers are never blocked: PostgreSQL readers see the rows as they were until the refresh
commits; refreshes of the same tree queue on a lock of its root row."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from hocbac.contests.models import Attempt
from hocbac.orgs.models import Organization

from . import indicators, periods
from .models import RefreshRun, StaleMark, Tally

# Stale organisations are refreshed by their ancestor at this depth (a commune or ward under a
# province, the root at depth 0): one pass per ward touched, rather than one per cell or one
# over the whole province.
GROUP_DEPTH = 1
# Attempts finished this long before the previous pass began are looked at again: a finish
# committed late is not missed (refreshing twice changes nothing).
OVERLAP = datetime.timedelta(minutes=5)


def own_facts(prefix, period):
    """{(org id, indicator): value} of the organisations under `prefix` (their own facts)."""
    own = defaultdict(int)
    for source in indicators.SOURCES:
        for org_id, code, value in source(prefix, period):
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


@transaction.atomic
def refresh(period, within=None):
    """Recompute `period`'s summaries of `within`'s subtree (the whole tree when None) and carry
    the difference up to its ancestors. Returns the number of rows written or deleted."""
    roots = [within] if within is not None else list(Organization.objects.filter(parent__isnull=True))
    changed = 0
    for root in roots:
        # One refresh at a time per tree: the ancestors' sums read and write the same rows.
        Organization.objects.select_for_update().filter(pk=_ids(root.path)[0]).first()
        changed += _refresh_subtree(period, root)
    return changed


def _refresh_subtree(period, root):
    now = timezone.now()
    paths = {pk: _ids(path)[root.depth:] for pk, path in
             Organization.objects.filter(path__startswith=root.path).values_list("pk", "path")}
    totals = _rolled_up(own_facts(root.path, period), paths)
    existing = {(row.org_id, row.indicator): row for row in
                Tally.objects.unscoped().filter(org__path__startswith=root.path, period=period.code)}
    before_root = {code: row.value for (org_id, code), row in existing.items() if org_id == root.pk}
    creates, updates, deletes = [], [], []
    for key, value in totals.items():
        row = existing.get(key)
        if row is None:
            creates.append(Tally(org_id=key[0], indicator=key[1], period=period.code, value=value, refreshed_at=now))
        elif row.value != value:
            row.value, row.refreshed_at = value, now
            updates.append(row)
    deletes = [row.pk for key, row in existing.items() if key not in totals]
    Tally.objects.unscoped().bulk_create(creates, batch_size=2000)
    Tally.objects.unscoped().bulk_update(updates, ["value", "refreshed_at"], batch_size=2000)
    for start in range(0, len(deletes), 2000):
        Tally.objects.unscoped().filter(pk__in=deletes[start:start + 2000]).delete()
    ancestors = _ids(root.path)[:-1]
    if ancestors:
        after_root = {code: value for (org_id, code), value in totals.items() if org_id == root.pk}
        difference = {code: after_root.get(code, 0) - before_root.get(code, 0)
                      for code in set(after_root) | set(before_root)}
        _shift(ancestors, period, {code: d for code, d in difference.items() if d}, now)
    return len(creates) + len(updates) + len(deletes)


def _shift(org_ids, period, difference, now):
    """Add `difference` ({indicator: delta}) to the summaries of `org_ids` (the ancestors)."""
    if not difference:
        return
    existing = {(row.org_id, row.indicator): row for row in Tally.objects.unscoped().filter(
        org_id__in=org_ids, period=period.code, indicator__in=list(difference))}
    creates, updates, deletes = [], [], []
    for org_id in org_ids:
        for code, delta in difference.items():
            row = existing.get((org_id, code))
            value = (row.value if row else 0) + delta
            if row is None:
                creates.append(Tally(org_id=org_id, indicator=code, period=period.code, value=value, refreshed_at=now))
            elif value == 0:
                deletes.append(row.pk)
            else:
                row.value, row.refreshed_at = value, now
                updates.append(row)
    Tally.objects.unscoped().bulk_create(creates)
    Tally.objects.unscoped().bulk_update(updates, ["value", "refreshed_at"])
    Tally.objects.unscoped().filter(pk__in=deletes).delete()


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


def refresh_stale(*, today=None):
    """Take the stale marks (and the contest attempts finished since the previous pass), refresh
    the periods they touch, one subtree per group, each in its own short transaction; delete the
    marks taken. Returns the RefreshRun."""
    today = today or timezone.localdate()
    started = timezone.now()
    previous = RefreshRun.objects.order_by("-started_at").first()
    marks = list(StaleMark.objects.unscoped().values_list("pk", "org__path", "since"))
    since_by_group = {}
    for _, path, since in marks:
        group = _group_of(path)
        since_by_group[group] = min(since, since_by_group.get(group, since))
    if previous is not None:
        finished = (Attempt.objects.unscoped().filter(finished_at__gte=previous.started_at - OVERLAP,
                                                      member__isnull=False)
                    .values_list("org__path", "finished_at"))
        for path, finished_at in finished:
            group, day = _group_of(path), timezone.localdate(finished_at)
            since_by_group[group] = min(day, since_by_group.get(group, day))
    groups = Organization.objects.in_bulk(list(since_by_group))
    rows = count = 0
    for group_id, since in sorted(since_by_group.items()):
        for period in periods.affected_by(since, today):
            rows += refresh(period, within=groups[group_id])
            count += 1
    StaleMark.objects.unscoped().filter(pk__in=[pk for pk, _, _ in marks]).delete()
    return RefreshRun.objects.create(started_at=started, finished_at=timezone.now(), marks=len(marks),
                                     subtrees=len(since_by_group), periods=count, rows=rows)
