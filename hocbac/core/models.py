from django.conf import settings
from django.db import models
from django.utils import timezone


class ScopeError(RuntimeError):
    """A query on an organisation-owned table ran without saying whose rows it wants."""


class OrgScopedQuerySet(models.QuerySet):
    """Fails loudly when evaluated without a scope, like django-scopes in pretix.

    Scope a query with `.in_subtree(org)` (rows owned anywhere under `org`), `.in_orgs(ids)`,
    or say on purpose that it crosses every organisation with `.unscoped()` (commands, the demo,
    system administrators). Related managers (`org.members.all()`) count as scoped: the object
    they hang from was itself reached through a scoped query.
    """

    org_field = "org"
    _scoped = False

    def _clone(self):
        clone = super()._clone()
        clone._scoped = self._scoped
        return clone

    def _mark(self):
        self._scoped = True
        return self

    def unscoped(self):
        return self._clone()._mark()

    def in_subtree(self, org):
        return self.filter(**{f"{self.org_field}__path__startswith": org.path})._mark()

    def in_subtrees(self, orgs):
        """Rows owned anywhere under any of `orgs`."""
        condition = models.Q(pk__in=[])
        for org in orgs:
            condition |= models.Q(**{f"{self.org_field}__path__startswith": org.path})
        return self.filter(condition)._mark()

    def in_orgs(self, org_ids):
        return self.filter(**{f"{self.org_field}_id__in": list(org_ids)})._mark()

    def _check_scope(self):
        if not self._scoped:
            raise ScopeError(
                f"{self.model.__name__}: truy vấn chưa giới hạn phạm vi tổ chức "
                "(dùng .in_subtree(org) hoặc .unscoped())."
            )

    def _fetch_all(self):
        if self._result_cache is None:
            self._check_scope()
        super()._fetch_all()

    def count(self):
        self._check_scope()
        return super().count()

    def exists(self):
        self._check_scope()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._check_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        self._check_scope()
        return super().update(**kwargs)

    def delete(self):
        self._check_scope()
        return super().delete()

    def iterator(self, *args, **kwargs):
        self._check_scope()
        return super().iterator(*args, **kwargs)


class OrgScopedManager(models.Manager.from_queryset(OrgScopedQuerySet)):
    def get_queryset(self):
        queryset = super().get_queryset()
        if hasattr(self, "instance"):  # a related manager: scoped by the object it hangs from
            queryset._scoped = True
        return queryset


class AuditEntry(models.Model):
    """Who did what, when, to which object, with the values before and after."""

    # Set in Python, not by the database, because the row's hash covers it (core.audit).
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The organisation whose subtree may read this entry (the lowest one the change concerns).
    org = models.ForeignKey("orgs.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The ids as written, which the hash covers. Deleting a user or an organisation (seed_scale
    # --replace) nulls the foreign key above — the only change the PostgreSQL trigger lets
    # through — while these keep who and where, and audit_verify checks the key is the ref or null.
    actor_ref = models.BigIntegerField(null=True, blank=True)
    org_ref = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    # The hash chain (core.audit.entry_hash): each row's hash covers its content and the hash of
    # the row before it, so `hocbac audit_verify` finds a changed, removed or inserted row.
    prev_hash = models.CharField(max_length=64, blank=True)
    row_hash = models.CharField(max_length=64, blank=True)

    objects = OrgScopedManager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["org", "-at"])]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.summary}"


class ImportBatch(models.Model):
    """An uploaded workbook between its check and its commit.

    The rows are kept as read (text and ISO dates), so the preview and the commit check exactly
    the same data, and `committed_at` is set in the commit's transaction under a row lock: a
    doubled or retried "Nhập" records once."""

    class Kind(models.TextChoices):
        MEMBERS = "dang_vien", "Đảng viên"
        ORGANIZATIONS = "to_chuc", "Tổ chức đảng"
        QUESTIONS = "cau_hoi", "Câu hỏi thi"

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file_name = models.CharField(max_length=200)
    rows = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    created_count = models.PositiveIntegerField(default=0)

    objects = OrgScopedManager()

    def __str__(self):
        return f"{self.get_kind_display()} — {self.file_name}"
