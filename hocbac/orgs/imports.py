"""Members and organisations from Excel: stage the upload, check every row, commit all or nothing.

`stage` keeps the rows as read in an ImportBatch; `check_batch` reports every bad row with its
reasons in Vietnamese (the preview); `commit_batch` checks again under a lock on the batch and
records everything in one transaction with one audit entry, or nothing. Committing the same
batch twice records once."""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hocbac.core.audit import log_action
from hocbac.core.imports import parse_date, read_rows
from hocbac.core.models import ImportBatch
from hocbac.core.text import fold, normalise_name
from hocbac.reports import stale

from . import selectors, services
from .models import (
    ACTIVE_STATUSES,
    Gender,
    Member,
    MemberPeriod,
    MemberStatus,
    Organization,
    OrgKind,
    Sector,
)

MEMBER_COLUMNS = {
    "full_name": "Họ và tên",
    "gender": "Giới tính",
    "birth_date": "Ngày sinh",
    "card_number": "Số thẻ đảng viên",
    "admitted_on": "Ngày vào Đảng",
    "full_member_on": "Ngày chính thức",
    "status": "Tình trạng",
    "position": "Chức vụ",
    "is_key_leader": "Cán bộ chủ chốt",
    "phone": "Điện thoại",
    "org_code": "Mã chi bộ",
}
MEMBER_REQUIRED = ("full_name", "gender", "birth_date", "admitted_on")
ORG_COLUMNS = {
    "code": "Mã tổ chức",
    "name": "Tên tổ chức",
    "kind": "Loại",
    "parent_code": "Mã cấp trên",
    "sector": "Khối",
    "address": "Địa chỉ",
}
ORG_REQUIRED = ("code", "name", "kind")
STALE_AFTER = datetime.timedelta(days=2)

GENDER_BY_FOLDED = {fold(label): value for value, label in Gender.choices}
STATUS_BY_FOLDED = {fold(MemberStatus(value).label): value for value in ACTIVE_STATUSES}
STATUS_BY_FOLDED["mien sinh hoat"] = MemberStatus.EXEMPT
YES = {"co", "x", "1", "true"}


def _choice_aliases(choices):
    """Accept a kind or sector by its label, the part before "/" or "(", or its code."""
    aliases = {}
    for value, label in choices:
        folded = fold(label)
        for alias in (folded, folded.split("(")[0].strip(), folded.split("/")[0].strip(), value):
            aliases.setdefault(alias, value)
    return aliases


KIND_BY_FOLDED = _choice_aliases(OrgKind.choices)
SECTOR_BY_FOLDED = _choice_aliases(Sector.choices)


@dataclass
class Check:
    """The outcome of checking a batch: what would be created, and every bad row."""

    total: int = 0
    valid: list = field(default_factory=list)  # (row number, unsaved object)
    errors: list = field(default_factory=list)  # (row number, [reasons])

    @property
    def ok(self):
        return not self.errors


def _day(text):
    return f"{text:%d/%m/%Y}"


def _read_date(values, key, reasons, *, required):
    text = values.get(key, "")
    label = MEMBER_COLUMNS[key]
    if not text:
        if required:
            reasons.append(f"Thiếu {label.lower()}.")
        return None
    try:
        day = parse_date(text)
    except ValueError:
        reasons.append(f"{label} “{text}” không đúng dạng ngày/tháng/năm (ví dụ 19/05/1965).")
        return None
    if day > timezone.localdate():
        reasons.append(f"{label} {_day(day)} ở tương lai.")
        return None
    return day


def _subtree_by_code(org):
    """The organisations of `org`'s subtree by folded code (build_member refuses those that
    cannot hold members, with its own message)."""
    return {fold(o.code): o for o in selectors.subtree(org)}


def _existing(rows, org):
    """Card numbers already used anywhere, and (name, birth date) already in `org`'s subtree."""
    cards = {values.get("card_number", "") for _, values in rows} - {""}
    used_cards = set(Member.objects.unscoped().filter(card_number__in=cards).values_list("card_number", flat=True))
    people = {(fold(m.full_name), m.birth_date): m for m in Member.objects.in_subtree(org).active().select_related("org")}
    return used_cards, people


def check_members(rows, org):
    check = Check(total=len(rows))
    cells = _subtree_by_code(org)
    used_cards, people = _existing(rows, org)
    seen_cards, seen_people = {}, {}
    for number, values in rows:
        reasons = []
        name = normalise_name(values.get("full_name", ""))
        if not name:
            reasons.append("Thiếu họ và tên.")
        elif len(name) > 120:
            reasons.append("Họ và tên dài quá 120 ký tự.")
        gender_text = values.get("gender", "")
        gender = GENDER_BY_FOLDED.get(fold(gender_text))
        if not gender:
            reasons.append(f"Giới tính “{gender_text}” không hợp lệ: ghi Nam hoặc Nữ." if gender_text else "Thiếu giới tính.")
        birth = _read_date(values, "birth_date", reasons, required=True)
        admitted = _read_date(values, "admitted_on", reasons, required=True)
        full_on = _read_date(values, "full_member_on", reasons, required=False)
        if birth and admitted and admitted < birth.replace(year=birth.year + 18, day=min(birth.day, 28)):
            reasons.append("Ngày vào Đảng phải sau khi đủ 18 tuổi.")
        if admitted and full_on and full_on < admitted:
            reasons.append("Ngày chính thức không thể trước ngày vào Đảng.")
        status_text = values.get("status", "")
        status = STATUS_BY_FOLDED.get(fold(status_text)) if status_text else MemberStatus.FULL
        if status is None:
            reasons.append(f"Tình trạng “{status_text}” không hợp lệ: ghi Chính thức, Dự bị hoặc Miễn công tác và sinh hoạt.")
        card = values.get("card_number", "")
        if card:
            if len(card) > 20:
                reasons.append("Số thẻ đảng viên dài quá 20 ký tự.")
            elif card in seen_cards:
                reasons.append(f"Số thẻ đảng viên {card} trùng với dòng {seen_cards[card]}.")
            elif card in used_cards:
                reasons.append(f"Số thẻ đảng viên {card} đã có trong hệ thống.")
            seen_cards.setdefault(card, number)
        elif name and birth:
            person = (fold(name), birth)
            if person in people:
                reasons.append(f"Đã có đảng viên {name}, sinh {_day(birth)}, ở {people[person].org.name}.")
            elif person in seen_people:
                reasons.append(f"Trùng người với dòng {seen_people[person]} (cùng họ tên và ngày sinh).")
            seen_people.setdefault(person, number)
        code = values.get("org_code", "")
        cell = cells.get(fold(code)) if code else (org if org.holds_members else None)
        if cell is None:
            reasons.append(f"Không có tổ chức mã “{code}” trong {org.name}." if code else "Thiếu mã chi bộ.")
        phone = values.get("phone", "")
        if phone and not phone.replace(" ", "").replace(".", "").lstrip("+").isdigit():
            reasons.append(f"Điện thoại “{phone}” không hợp lệ.")
        if not reasons:
            try:
                member = services.build_member(
                    org=cell, full_name=name, gender=gender, birth_date=birth, card_number=card,
                    admitted_on=admitted, full_member_on=full_on, status=status,
                    position=values.get("position", "")[:150], phone=phone,
                    is_key_leader=fold(values.get("is_key_leader", "")) in YES,
                )
            except ValidationError as error:
                reasons.extend(error.messages)
            else:
                check.valid.append((number, member))
        if reasons:
            check.errors.append((number, reasons))
    return check


def check_organizations(rows, org):
    check = Check(total=len(rows))
    known = _subtree_by_code(org)
    taken = {fold(code) for code in Organization.objects.values_list("code", flat=True)}
    seen = {}
    for number, values in rows:
        reasons = []
        code, name = values.get("code", ""), values.get("name", "")
        if not code:
            reasons.append("Thiếu mã tổ chức.")
        elif fold(code) in seen:
            reasons.append(f"Mã tổ chức “{code}” trùng với dòng {seen[fold(code)][0]}.")
        elif fold(code) in taken:
            reasons.append(f"Mã tổ chức “{code}” đã được dùng.")
        if not name:
            reasons.append("Thiếu tên tổ chức.")
        kind_text = values.get("kind", "")
        kind = KIND_BY_FOLDED.get(fold(kind_text))
        if kind is None:
            reasons.append(f"Loại “{kind_text}” không hợp lệ." if kind_text else "Thiếu loại tổ chức.")
        sector_text = values.get("sector", "")
        sector = SECTOR_BY_FOLDED.get(fold(sector_text), None) if sector_text else ""
        if sector is None:
            reasons.append(f"Khối “{sector_text}” không hợp lệ.")
        parent_code = values.get("parent_code", "")
        parent = org if not parent_code else known.get(fold(parent_code)) or seen.get(fold(parent_code), (0, None))[1]
        if parent is None:
            reasons.append(f"Không có tổ chức cấp trên mã “{parent_code}” trong {org.name} hoặc ở các dòng trên.")
        if kind and parent is not None:
            try:
                services.check_parent_kind(kind, parent)
            except ValidationError as error:
                reasons.extend(error.messages)
        new = Organization(code=code, name=name, kind=kind or "", sector=sector or "", address=values.get("address", ""))
        new.parent_code = fold(parent_code) if parent_code else None
        if code and fold(code) not in seen:
            seen[fold(code)] = (number, new)
        if reasons:
            check.errors.append((number, reasons))
        else:
            check.valid.append((number, new))
    return check


KINDS = {
    ImportBatch.Kind.MEMBERS: SimpleNamespace(columns=MEMBER_COLUMNS, required=MEMBER_REQUIRED, check=check_members),
    ImportBatch.Kind.ORGANIZATIONS: SimpleNamespace(columns=ORG_COLUMNS, required=ORG_REQUIRED, check=check_organizations),
}


def stage(upload, *, org, kind, by):
    """Read an uploaded workbook into a new batch (raises ValidationError if unreadable)."""
    spec = KINDS[kind]
    required = spec.required + (("org_code",) if kind == ImportBatch.Kind.MEMBERS and not org.holds_members else ())
    rows = read_rows(upload, columns=spec.columns, required=required)
    ImportBatch.objects.in_subtree(org).filter(committed_at__isnull=True,
                                               created_at__lt=timezone.now() - STALE_AFTER).delete()
    return ImportBatch.objects.create(org=org, kind=kind, file_name=upload.name[:200], created_by=by,
                                      rows=[[number, values] for number, values in rows])


def check_batch(batch):
    return KINDS[batch.kind].check([(number, values) for number, values in batch.rows], batch.org)


def _create_members(check, by):
    members = [member for _, member in check.valid]
    Member.objects.bulk_create(members, batch_size=500)
    today = services.today()
    periods = MemberPeriod.objects.bulk_create(
        [MemberPeriod(member=m, org=m.org, status=m.status, start=m.admitted_on or today,
                      reason="Nhập từ Excel", recorded_by=by) for m in members], batch_size=500)
    if periods:
        stale.touch({m.org_id for m in members}, min(p.start for p in periods), facts=stale.Facts.MEMBERS)
    return len(members)


def _create_organizations(check, by, org):
    known = _subtree_by_code(org)
    created = 0
    for _, new in check.valid:
        parent = org if new.parent_code is None else known[new.parent_code]
        created += 1
        known[fold(new.code)] = services.create_organization(
            by=by, parent=parent, code=new.code, name=new.name, kind=new.kind, sector=new.sector,
            address=new.address, log=False)
    return created


def commit_batch(batch_id, *, org, by):
    """Record a checked batch. Returns (batch, check); `check.errors` non-empty means nothing was
    recorded. A batch already committed is returned as it is, recording nothing again."""
    with transaction.atomic():
        batch = ImportBatch.objects.in_subtree(org).select_for_update().get(pk=batch_id)
        if batch.committed_at:
            return batch, None
        check = check_batch(batch)
        if not check.ok:
            return batch, check
        try:
            with transaction.atomic():
                if batch.kind == ImportBatch.Kind.MEMBERS:
                    count = _create_members(check, by)
                else:
                    count = _create_organizations(check, by, batch.org)
        except IntegrityError:
            raise ValidationError("Dữ liệu vừa bị người khác thay đổi (trùng số thẻ hoặc mã). Hãy tải tệp lên lại.") from None
        batch.committed_at, batch.created_count = timezone.now(), count
        batch.save(update_fields=["committed_at", "created_count"])
        noun = "đảng viên" if batch.kind == ImportBatch.Kind.MEMBERS else "tổ chức"
        log_action(f"import.{batch.kind}", by=by, org=batch.org, obj=batch,
                   summary=f"Nhập {count} {noun} từ tệp {batch.file_name}",
                   after={"file": batch.file_name, "rows": check.total, "created": count})
    return batch, check
