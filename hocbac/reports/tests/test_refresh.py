"""Stale marks written by services, taken by `refresh_stale` (with contest attempts found by
their time), and the `hocbac summaries` command."""

import datetime
import io
import random

from django.core.management import call_command
from django.utils import timezone

from hocbac.contests.models import Attempt
from hocbac.reports import periods, selectors, stale, summaries
from hocbac.reports.models import RefreshRun, StaleMark

from .test_summaries import BEGUN, TODAY, Facts, direct


def _matches(orgs, period):
    return all(selectors.figures([org], period)[org.pk] == direct(org, period) for org in orgs)


def test_stale_marks_bring_the_summaries_up_to_date(world):
    facts = Facts(world, random.Random(3))
    summaries.refresh_all([TODAY.year])
    StaleMark.objects.unscoped().delete()  # the setup's own members, counted by refresh_all
    orgs = [world.province, world.ward, world.cell, world.other_cell, world.sibling_ward, world.sibling_cell]
    for change in ("session", "registration", "reflection", "transfer", "rating", "change_mark"):
        change = getattr(facts, change)()
        stale.touch(change.orgs, change.day, facts=change.facts)
    assert not all(_matches(orgs, period) for period in BEGUN)  # the changes are not counted yet
    written = StaleMark.objects.unscoped().count()
    run = summaries.refresh_stale()
    assert (run.marks, StaleMark.objects.unscoped().count()) == (written, 0)
    assert all(_matches(orgs, period) for period in BEGUN)
    again = summaries.refresh_stale()
    assert (again.marks, again.rows) == (0, 0)


def test_finished_attempts_are_found_without_marks(world):
    facts = Facts(world, random.Random(5))
    summaries.refresh_all([TODAY.year])
    summaries.refresh_stale()  # the previous pass the next one looks back from
    cell = facts.attempt().orgs[0]
    attempt = Attempt.objects.unscoped().latest("pk")
    attempt.finished_at = timezone.now()  # finished during this pass's window
    attempt.save()
    month = periods.containing(TODAY)[0]
    assert selectors.figures([world.province], month)[world.province.pk]["thi.luot"] == direct(world.province, month)["thi.luot"] - 1
    run = summaries.refresh_stale()
    assert run.marks == 0 and run.subtrees == 1
    assert _matches([world.province, cell], month)


def test_touch_accepts_organisations_ids_and_moments(world):
    StaleMark.objects.unscoped().delete()  # the fixture's members
    stale.touch([world.cell, world.cell.pk, None, world.ward], timezone.make_aware(datetime.datetime(2026, 3, 5, 23, 30)),
                facts=stale.Facts.ATTENDANCE)
    assert sorted(StaleMark.objects.unscoped().values_list("org_id", "since", "facts")) == sorted([
        (world.ward.pk, datetime.date(2026, 3, 5), "hoc_tap"), (world.cell.pk, datetime.date(2026, 3, 5), "hoc_tap")])


def test_the_command_refreshes_and_says_what_it_did(world):
    facts = Facts(world, random.Random(8))
    out = io.StringIO()
    call_command("summaries", "--all", stdout=out)
    assert " kỳ, " in out.getvalue() and RefreshRun.objects.get().whole
    StaleMark.objects.unscoped().delete()  # the setup's own members, counted by --all
    change = facts.reflection()
    stale.touch(change.orgs, change.day, facts=change.facts)
    out = io.StringIO()
    call_command("summaries", stdout=out)
    assert out.getvalue().startswith("1 thay đổi, 1 đơn vị, ")
    assert all(_matches([world.province, change.orgs[0]], period) for period in periods.affected_by(change.day, TODAY))
