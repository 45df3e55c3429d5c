"""The one way to record a change someone could later dispute.

The log is a hash chain: each row stores the SHA-256 of its canonical content together with the
hash of the row before it (`entry_hash`). Writers take one lock so two transactions never chain
onto the same row; `verify_chain` (the `hocbac audit_verify` command) walks it. On PostgreSQL a
trigger refuses UPDATE and DELETE of audit rows (migration core 0005)."""

import datetime
import decimal
import hashlib
import ipaddress
import json
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, models, transaction
from django.utils import timezone

from .models import AuditEntry

# pg_advisory_xact_lock key that serialises audit writers ("hocbac" audit, an arbitrary constant).
AUDIT_LOCK_KEY = 0x686F63626163


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


_as_of = ContextVar("audit_as_of", default=None)


@contextmanager
def as_of(moment):
    """Entries written inside carry `moment` as their time (the demo replays a year of work).
    Rows cannot be back-dated afterwards: they are append-only and the hash covers the time."""
    token = _as_of.set(moment)
    try:
        yield
    finally:
        _as_of.reset(token)


def _ip(value):
    """The address as PostgreSQL's inet gives it back, so the hash survives the round trip;
    an IPv4 address seen through an IPv6 socket is stored as IPv4."""
    if not value:
        return None
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def _json(value):
    # What the JSON column gives back (int keys become strings, tuples lists).
    return None if value is None else json.loads(json.dumps(value))


def entry_hash(entry):
    """SHA-256 over a canonical serialisation of the row and the previous row's hash.

    The id is left out (it is given by the database on insert); the order is carried by
    prev_hash. Keys sorted, no spaces, UTF-8, time in UTC with microseconds."""
    payload = {
        "prev": entry.prev_hash,
        "at": entry.at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "actor": entry.actor_ref, "org": entry.org_ref, "action": entry.action,
        "object_type": entry.object_type, "object_id": entry.object_id, "summary": entry.summary,
        "before": _json(entry.before), "after": _json(entry.after), "ip": entry.ip,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _lock_chain():
    """One audit writer at a time, until its transaction ends. SQLite needs nothing: its
    transactions are IMMEDIATE (settings), so a writer holds the database's write lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_LOCK_KEY])


def log_action(action, *, by, org=None, obj=None, summary="", before=None, after=None, ip=None):
    """Append one audit entry. Call inside the service's transaction so both land or neither.

    Side effect: takes the audit chain's lock until that transaction ends (keep log_action
    late in a long service)."""
    with transaction.atomic():
        _lock_chain()
        prev = AuditEntry.objects.unscoped().order_by("-id").values_list("row_hash", flat=True).first() or ""
        actor = by if getattr(by, "pk", None) else None
        entry = AuditEntry(
            at=_as_of.get() or timezone.now(),
            actor=actor, actor_ref=actor.pk if actor else None,
            org=org, org_ref=org.pk if org is not None else None,
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            summary=summary[:300],
            before=_plain(before),
            after=_plain(after),
            ip=_ip(ip),
            prev_hash=prev,
        )
        entry.row_hash = entry_hash(entry)
        entry.save(force_insert=True)
    return entry


def verify_chain(*, chunk_size=2000):
    """Walk the log in id order. Returns (rows checked, None) when whole, or (rows checked,
    (entry id, Vietnamese reason)) at the first broken row."""
    expected_prev = ""
    count = 0
    rows = AuditEntry.objects.unscoped().order_by("id").iterator(chunk_size=chunk_size)
    for entry in rows:
        count += 1
        if entry.prev_hash != expected_prev:
            return count, (entry.id, "không nối tiếp dòng trước (có dòng bị xóa, chèn hoặc sửa)")
        if entry.row_hash != entry_hash(entry):
            return count, (entry.id, "nội dung không khớp mã băm (dòng đã bị sửa)")
        if entry.actor_id not in (None, entry.actor_ref) or entry.org_id not in (None, entry.org_ref):
            return count, (entry.id, "người thực hiện hoặc tổ chức không khớp mã băm (dòng đã bị sửa)")
        expected_prev = entry.row_hash
    return count, None


def head_hash():
    """The latest row's hash: write it down with each backup (docs/operations.md), since a
    chain alone cannot show that its newest rows were cut off."""
    return AuditEntry.objects.unscoped().order_by("-id").values_list("row_hash", flat=True).first() or ""
