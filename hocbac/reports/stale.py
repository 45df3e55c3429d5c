"""What services call when they change facts the summaries count: `touch(orgs, day, facts=…)`
records that the summaries of those organisations are stale from `day` on, for the kind of facts
that changed, in the caller's transaction (so a rolled-back change leaves no mark). Cheap: one
INSERT, no summary work on the request. Contest attempts are not touched here (the answer path
stays free of it): `summaries.refresh_stale` finds the attempts finished since its last pass by
their time."""

import datetime

from django.utils import timezone

from .models import Facts, StaleMark

# Touching from this day refreshes every period the summaries keep (periods.affected_by clamps it).
ALL_PERIODS = datetime.date(1900, 1, 1)


def touch(orgs, day, *, facts):
    """Mark `orgs` (organisations or ids; duplicates and None ignored) stale for `facts` from
    `day` (a date or an aware datetime)."""
    if isinstance(day, datetime.datetime):
        day = timezone.localdate(day)
    ids = {getattr(org, "pk", org) for org in orgs} - {None}
    StaleMark.objects.unscoped().bulk_create([StaleMark(org_id=org_id, since=day, facts=Facts(facts))
                                              for org_id in sorted(ids)])


def year_start(year):
    """The day to touch for a change to a yearly fact (a registration, a rating): every period of
    its year may move."""
    return datetime.date(year, 1, 1)
