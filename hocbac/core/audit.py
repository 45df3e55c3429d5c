"""The one way to record a change someone could later dispute."""

import datetime
import decimal
import uuid

from django.db import models

from .models import AuditEntry


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def snapshot(instance, fields):
    """The values of `fields` of a model instance, JSON-ready (foreign keys as ids)."""
    data = {}
    for name in fields:
        field = instance._meta.get_field(name)
        data[name] = _plain(getattr(instance, field.attname))
    return data


def changed(before, after):
    """Only the keys whose values differ, as (before, after) dicts."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def log_action(action, *, by, org=None, obj=None, summary="", before=None, after=None, ip=None):
    """Append one audit entry. Call inside the service's transaction so both land or neither."""
    return AuditEntry.objects.create(
        actor=by if getattr(by, "pk", None) else None,
        org=org,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:300],
        before=_plain(before),
        after=_plain(after),
        ip=ip,
    )
