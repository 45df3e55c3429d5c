from collections import Counter

from .models import Tally


def figures(orgs, period):
    """{org id: Counter(indicator → value of its subtree)} for `orgs` in `period`, from the
    summaries (one query, whatever the size of the subtrees)."""
    by_org = {org.pk: Counter() for org in orgs}
    for org_id, code, value in (Tally.objects.in_orgs(list(by_org)).filter(period=period.code)
                                .values_list("org_id", "indicator", "value")):
        by_org[org_id][code] = value
    return by_org
