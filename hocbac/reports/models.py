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
