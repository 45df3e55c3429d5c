"""Writes on the organisation tree, members and role grants. Each is one transaction and one
audit entry; callers pass the acting user explicitly."""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from hocbac.accounts.models import User
from hocbac.core.audit import changed, log_action, snapshot
from hocbac.core.text import collation_key, fold, normalise_name, person_sort_key
from hocbac.reports import stale

from . import scoping
from .models import (
    ALLOWED_PARENT_KINDS,
    GRASSROOTS_KINDS,
    MEMBER_HOLDING_KINDS,
    Member,
    MemberPeriod,
    MemberStatus,
    Organization,
    OrgKind,
    RoleGrant,
)

ORG_FIELDS = ["code", "name", "kind", "sector", "address", "dissolved_on", "parent"]
MEMBER_FIELDS = [
    "full_name", "gender", "birth_date", "card_number", "admitted_on", "full_member_on",
    "status", "position", "is_key_leader", "phone", "org",
]
# Fields a member edit may change; org and status change only through transfer and status services.
MEMBER_EDITABLE_FIELDS = [f for f in MEMBER_FIELDS if f not in {"org", "status"}]


def check_parent_kind(kind, parent):
    allowed = ALLOWED_PARENT_KINDS[OrgKind(kind)]
    parent_kind = OrgKind(parent.kind) if parent else None
    if parent_kind not in allowed:
        where = f"trực thuộc {parent.get_kind_display().lower()}" if parent else "ở gốc cây"
        raise ValidationError(f"{OrgKind(kind).label} không thể {where}.")


def _set_derived_org_fields(org):
    org.name = " ".join(org.name.split())
    org.name_folded = fold(org.name)
    org.sort_key = collation_key(org.name)
    if org.kind not in GRASSROOTS_KINDS and org.kind != OrgKind.COMMUNE:
        org.sector = org.sector or ""


@transaction.atomic
def create_organization(*, by, parent, code, name, kind, sector="", address="", dissolved_on=None, log=True):
    """Create an organisation under `parent` (None for a root); sets its path."""
    check_parent_kind(kind, parent)
    code = code.strip()
    if Organization.objects.filter(code__iexact=code).exists():
        raise ValidationError(f"Mã tổ chức “{code}” đã được dùng.")
    org = Organization(parent=parent, code=code, name=name, kind=kind, sector=sector,
                       address=address, dissolved_on=dissolved_on, path="")
    _set_derived_org_fields(org)
    org.depth = parent.depth + 1 if parent else 0
    org.save()
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.save(update_fields=["path"])
    if log:
        log_action("org.create", by=by, org=org, obj=org, summary=f"Thêm tổ chức {org.name}",
                   after=snapshot(org, ORG_FIELDS))
    return org


@transaction.atomic
def update_organization(org, *, by, **fields):
    """Change name, code, kind, sector, address or dissolution date (not the parent: see move)."""
    before = snapshot(org, ORG_FIELDS)
    for name, value in fields.items():
        if name not in {"code", "name", "kind", "sector", "address", "dissolved_on"}:
            raise ValueError(name)
        setattr(org, name, value)
    if "kind" in fields:
        check_parent_kind(org.kind, org.parent)
    if "code" in fields and Organization.objects.filter(code__iexact=org.code).exclude(pk=org.pk).exists():
        raise ValidationError(f"Mã tổ chức “{org.code}” đã được dùng.")
    _set_derived_org_fields(org)
    org.save(update_fields=[*fields, "name_folded", "sort_key"])
    old, new = changed(before, snapshot(org, ORG_FIELDS))
    if new:
        log_action("org.update", by=by, org=org, obj=org, summary=f"Sửa tổ chức {org.name}", before=old, after=new)
    return org


@transaction.atomic
def move_organization(org, *, new_parent, by):
    """Move `org` and its whole subtree under `new_parent`, rewriting every descendant's path in
    one UPDATE."""
    if new_parent.path.startswith(org.path):
        raise ValidationError("Không thể chuyển tổ chức vào chính nó hoặc tổ chức cấp dưới của nó.")
    check_parent_kind(org.kind, new_parent)
    old_path, old_parent = org.path, org.parent
    new_path = f"{new_parent.path}{org.pk}/"
    depth_change = new_parent.depth + 1 - org.depth
    Organization.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_change,
    )
    Organization.objects.filter(pk=org.pk).update(parent=new_parent)
    org.refresh_from_db()
    # The old ancestors' summaries still hold the subtree, the new ones do not yet.
    stale.touch([old_parent, org], stale.ALL_PERIODS, facts=stale.Facts.TREE)
    log_action("org.move", by=by, org=org, obj=org, summary=f"Chuyển {org.name} sang {new_parent.name}",
               before={"parent": old_parent.pk if old_parent else None, "path": old_path},
               after={"parent": new_parent.pk, "path": org.path})
    return org


def _check_member_org(org):
    if org.kind not in MEMBER_HOLDING_KINDS:
        raise ValidationError(f"Đảng viên phải sinh hoạt ở chi bộ hoặc tổ đảng, không ở {org.get_kind_display().lower()}.")
    if org.dissolved_on:
        raise ValidationError(f"{org.name} đã giải thể, không thể thêm đảng viên.")


def _check_card_number(card_number, exclude_pk=None):
    if card_number and Member.objects.unscoped().filter(card_number=card_number).exclude(pk=exclude_pk).exists():
        raise ValidationError(f"Số thẻ đảng viên {card_number} đã có trong hệ thống.")


def _check_not_already_in(org, member):
    """The same person twice in one cell is a doubled submission, not a namesake."""
    same_birthday = org.members.active().filter(birth_date=member.birth_date).values_list("full_name", flat=True)
    if any(fold(name) == fold(member.full_name) for name in same_birthday):
        raise ValidationError(f"{org.name} đã có đảng viên {member.full_name}, sinh {member.birth_date:%d/%m/%Y}.")


def _set_derived_member_fields(member):
    member.full_name = normalise_name(member.full_name)
    member.card_number = (member.card_number or "").strip()
    member.phone = "".join(ch for ch in (member.phone or "") if ch.isdigit() or ch == "+")
    member.search_text = " ".join(filter(None, [fold(member.full_name), member.card_number, member.phone]))
    member.sort_key = person_sort_key(member.full_name)


def build_member(*, org, **fields):
    """A new, unsaved Member with derived fields set and the rules checked (used by import too)."""
    _check_member_org(org)
    member = Member(org=org, **fields)
    _set_derived_member_fields(member)
    if member.status not in (MemberStatus.FULL, MemberStatus.PROBATIONARY, MemberStatus.EXEMPT):
        raise ValidationError("Đảng viên mới phải ở tình trạng chính thức, dự bị hoặc miễn sinh hoạt.")
    return member


@transaction.atomic
def create_member(*, by, org, since=None, log=True, **fields):
    """Add a member to cell `org`; opens their first history period (from `since`, or the
    admission date)."""
    member = build_member(org=org, **fields)
    _check_card_number(member.card_number)
    _check_not_already_in(org, member)
    member.save()
    period = MemberPeriod.objects.create(member=member, org=org, status=member.status,
                                         start=since or member.admitted_on, reason="Thêm mới", recorded_by=by)
    stale.touch([org], period.start, facts=stale.Facts.MEMBERS)
    if log:
        log_action("member.create", by=by, org=org, obj=member, summary=f"Thêm đảng viên {member.full_name}",
                   after=snapshot(member, MEMBER_FIELDS))
    return member


def record_member_read(member, *, by, via, ip=None):
    """Log that `by` opened `member`'s personal record (Nghị định 13/2023: who read whose data,
    when). Nothing when members read their own. The entry names the record by id only and
    carries none of its values: the log must not become a second copy of the data."""
    if by is None or (member.user_id is not None and member.user_id == by.pk):
        return None
    return log_action("member.read", by=by, org=member.org, obj=member, summary="Xem hồ sơ đảng viên",
                      after={"via": via}, ip=ip)


@transaction.atomic
def update_member(member, *, by, **fields):
    """Edit a member's personal fields. Cell and status change through transfer/status services."""
    before = snapshot(member, MEMBER_FIELDS)
    for name, value in fields.items():
        if name not in MEMBER_EDITABLE_FIELDS:
            raise ValueError(name)
        setattr(member, name, value)
    _set_derived_member_fields(member)
    _check_card_number(member.card_number, exclude_pk=member.pk)
    member.save()
    old, new = changed(before, snapshot(member, MEMBER_FIELDS))
    if new:
        log_action("member.update", by=by, org=member.org, obj=member,
                   summary=f"Sửa hồ sơ {member.full_name}", before=old, after=new)
    return member


def _open_period(member, *, on, reason, by):
    current = member.periods.filter(end__isnull=True).order_by("-start").first()
    if current:
        if on < current.start:
            raise ValidationError(f"Ngày hiệu lực phải từ {current.start:%d/%m/%Y} trở đi.")
        if on == current.start:
            # Same-day correction: replace the period rather than leave an empty one.
            current.org, current.status, current.reason, current.recorded_by = member.org, member.status, reason, by
            current.save(update_fields=["org", "status", "reason", "recorded_by"])
            return
        current.end = on
        current.save(update_fields=["end"])
    MemberPeriod.objects.create(member=member, org=member.org, status=member.status, start=on, reason=reason, recorded_by=by)


@transaction.atomic
def transfer_member(member, *, to_org, on, by, reason=""):
    """Move a member to another cell from date `on`. History keeps the old cell, so facts
    recorded before stay with it."""
    _check_member_org(to_org)
    if to_org.pk == member.org_id:
        raise ValidationError("Đảng viên đã sinh hoạt ở chi bộ này.")
    if member.status not in (MemberStatus.FULL, MemberStatus.PROBATIONARY, MemberStatus.EXEMPT):
        raise ValidationError("Chỉ chuyển sinh hoạt cho đảng viên đang sinh hoạt.")
    from_org = member.org
    member.org = to_org
    member.save(update_fields=["org", "updated_at"])
    _open_period(member, on=on, reason=reason or f"Chuyển từ {from_org.name}", by=by)
    stale.touch([from_org, to_org], on, facts=stale.Facts.MEMBERS)
    log_action("member.transfer", by=by, org=to_org, obj=member,
               summary=f"Chuyển {member.full_name} từ {from_org.name} đến {to_org.name}",
               before={"org": from_org.pk}, after={"org": to_org.pk, "on": on})
    # The old cell must see that the member left as well.
    log_action("member.transfer_out", by=by, org=from_org, obj=member,
               summary=f"{member.full_name} chuyển đến {to_org.name}", before={"org": from_org.pk},
               after={"org": to_org.pk, "on": on})
    return member


ALLOWED_STATUS_CHANGES = {
    MemberStatus.PROBATIONARY: {MemberStatus.FULL, MemberStatus.EXEMPT, MemberStatus.TRANSFERRED_OUT,
                                MemberStatus.STRUCK_OFF, MemberStatus.EXPELLED, MemberStatus.DECEASED},
    MemberStatus.FULL: {MemberStatus.EXEMPT, MemberStatus.TRANSFERRED_OUT, MemberStatus.STRUCK_OFF,
                        MemberStatus.EXPELLED, MemberStatus.DECEASED},
    MemberStatus.EXEMPT: {MemberStatus.FULL, MemberStatus.TRANSFERRED_OUT, MemberStatus.STRUCK_OFF,
                          MemberStatus.EXPELLED, MemberStatus.DECEASED},
    # A member who moved away may come back; the other end states are final.
    MemberStatus.TRANSFERRED_OUT: {MemberStatus.FULL, MemberStatus.PROBATIONARY},
}


@transaction.atomic
def change_member_status(member, *, status, on, by, reason=""):
    """Change status (chính thức, miễn sinh hoạt, chuyển đi, xóa tên, …) from date `on`."""
    status = MemberStatus(status)
    old = MemberStatus(member.status)
    if status not in ALLOWED_STATUS_CHANGES.get(old, set()):
        raise ValidationError(f"Không thể chuyển từ “{old.label}” sang “{status.label}”.")
    if status in (MemberStatus.STRUCK_OFF, MemberStatus.EXPELLED) and not reason.strip():
        raise ValidationError("Cần ghi lý do.")
    member.status = status
    fields = ["status", "updated_at"]
    if status == MemberStatus.FULL and old == MemberStatus.PROBATIONARY and not member.full_member_on:
        member.full_member_on = on
        fields.append("full_member_on")
    member.save(update_fields=fields)
    _open_period(member, on=on, reason=reason or status.label, by=by)
    stale.touch([member.org_id], on, facts=stale.Facts.MEMBERS)
    log_action("member.status", by=by, org=member.org, obj=member,
               summary=f"{member.full_name}: {old.label} → {status.label}",
               before={"status": old.value}, after={"status": status.value, "on": on, "reason": reason})
    if member.user_id and status not in (MemberStatus.FULL, MemberStatus.PROBATIONARY, MemberStatus.EXEMPT):
        # The account is disabled and its sessions end (even if it is enabled again later).
        User.objects.filter(pk=member.user_id).update(is_active=False, sessions_valid_after=timezone.now())
    return member


def _one_time_password():
    # Readable on paper: no 0/O or 1/l confusion.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


@transaction.atomic
def create_account_for_member(member, *, by, username=None):
    """Give a member a sign-in account (username: phone, else party card number). Returns
    (user, one_time_password) to hand over; the member must change it at first sign-in."""
    if member.user_id:
        raise ValidationError("Đảng viên này đã có tài khoản.")
    username = (username or member.phone or member.card_number).strip()
    if not username:
        raise ValidationError("Cần số điện thoại hoặc số thẻ đảng viên để làm tên đăng nhập.")
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"Tên đăng nhập {username} đã được dùng.")
    password = _one_time_password()
    user = User.objects.create_user(username=username, password=password, full_name=member.full_name,
                                    must_change_password=True)
    member.user = user
    member.save(update_fields=["user", "updated_at"])
    log_action("account.create", by=by, org=member.org, obj=member,
               summary=f"Tạo tài khoản {username} cho {member.full_name}")
    return user, password


@transaction.atomic
def reset_member_password(member, *, by):
    """Set a one-time password for the member's account and return it. Their sessions end."""
    if not member.user_id:
        raise ValidationError("Đảng viên này chưa có tài khoản.")
    user = member.user
    password = _one_time_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    from hocbac.accounts.services import end_sessions_of

    end_sessions_of(user)
    log_action("account.reset_password", by=by, org=member.org, obj=member,
               summary=f"Đặt lại mật khẩu cho {member.full_name}")
    return password


@transaction.atomic
def grant_role(*, by, user, org, role):
    grant, created = RoleGrant.objects.in_orgs([org.pk]).get_or_create(user=user, org=org, role=role, defaults={"granted_by": by})
    if created:
        log_action("grant.create", by=by, org=org, obj=grant,
                   summary=f"Giao vai trò {grant.get_role_display()} tại {org.name} cho {user}",
                   after={"user": user.pk, "org": org.pk, "role": role})
        scoping.forget_grants(user)
    return grant


@transaction.atomic
def revoke_role(grant, *, by):
    log_action("grant.revoke", by=by, org=grant.org, obj=grant,
               summary=f"Thu hồi vai trò {grant.get_role_display()} tại {grant.org.name} của {grant.user}",
               before={"user": grant.user_id, "org": grant.org_id, "role": grant.role})
    grant.delete()
    scoping.forget_grants(grant.user)


def today():
    return timezone.localdate()


def as_date(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
