from django.db import models

from hocbac.core.models import OrgScopedManager


class Tally(models.Model):
    """One figure of an organisation's whole subtree for one period ("2026-11", "2026-Q4",
    "2026-H2", "2026"): kept up to date by `summaries.refresh`, so a dashboard reads a node's and
    its children's rows instead of the raw facts. Zero is not stored."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    indicator = models.CharField(max_length=40)
    value = models.BigIntegerField()
    refreshed_at = models.DateTimeField()

    objects = OrgScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "period", "indicator"], name="tally_once")]
        indexes = [models.Index(fields=["period", "org"])]

    def __str__(self):
        return f"{self.org_id} {self.period} {self.indicator}={self.value}"


class StaleMark(models.Model):
    """A change to the facts of `org` dated `since` (or later) that the summaries do not hold
    yet. Services write one in the same transaction as the change; `summaries.refresh_stale`
    takes them, refreshes the periods they touch and deletes them."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    since = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrgScopedManager()

    def __str__(self):
        return f"{self.org_id} từ {self.since}"


class RefreshRun(models.Model):
    """One pass of `summaries.refresh_stale` (or a whole refresh): when, what it did, how long."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    marks = models.PositiveIntegerField(default=0)
    subtrees = models.PositiveIntegerField(default=0)
    periods = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    whole = models.BooleanField(default=False)

    class Meta:
        ordering = ["-finished_at"]
        indexes = [models.Index(fields=["-finished_at"])]

    def __str__(self):
        return f"{self.finished_at:%Y-%m-%d %H:%M}"
