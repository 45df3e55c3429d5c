"""Writes for commendations, reminders and inspection plans.

Each function runs in one transaction, checks who acts with `orgs.scoping` (PermissionDenied,
403 on the web and in the API) and the rules of the step (ValidationError with a Vietnamese
message, 400), and writes one audit entry, except `issue`, which writes one per commendation
so that each commendation's history shows the decision that issued it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from hocbac.core.audit import changed, log_action
from hocbac.orgs import scoping
from hocbac.orgs.models import ACTIVE_STATUSES, Organization
from hocbac.reports import stale

from .models import (
    AwardForm,
    Basis,
    Commendation,
    FollowUp,
    InspectionItem,
    InspectionKind,
    Recipient,
    Reminder,
    ReminderKind,
    Stage,
)

MAX_FOLLOW_UPS = 20


def _text(value):
    return (value or "").strip()


def _line(value):
    return " ".join((value or "").split())


def _date(day):
    return f"{day:%d/%m/%Y}"


def _require(user, ability, org):
    if not scoping.can(user, ability, org):
        raise PermissionDenied(f"Đồng chí không có quyền làm việc này ở {org.name}.")


def _not_after_today(day, label):
    if day > timezone.localdate():
        raise ValidationError(f"{label} không được sau hôm nay.")


def _inside(inner, outer):
    """`inner` is `outer` or lies in its subtree (path prefix)."""
    return inner.path.startswith(outer.path)


# Award forms (reference list) -------------------------------------------------------------

def _require_superuser(by):
    if not by.is_superuser:
        raise PermissionDenied("Chỉ quản trị hệ thống sửa danh mục hình thức khen thưởng.")


def _form_name(name, *, other_than=None):
    name = _line(name)
    if not name:
        raise ValidationError("Hãy nhập tên hình thức khen thưởng.")
    taken = AwardForm.objects.filter(name__iexact=name)
    if other_than is not None:
        taken = taken.exclude(pk=other_than.pk)
    if taken.exists():
        raise ValidationError(f"Đã có hình thức “{name}”.")
    return name


@transaction.atomic
def add_award_form(*, by, name):
    """A new form at the end of the catalogue."""
    _require_superuser(by)
    name = _form_name(name)
    last = AwardForm.objects.aggregate(last=Max("position"))["last"] or 0
    form = AwardForm.objects.create(name=name, position=last + 1)
    log_action("award_form.add", by=by, obj=form, summary=f"Thêm hình thức khen thưởng {name}", after={"name": name})
    return form


@transaction.atomic
def rename_award_form(form, *, by, name):
    _require_superuser(by)
    name = _form_name(name, other_than=form)
    if name == form.name:
        return form
    before = {"name": form.name}
    form.name = name
    form.save(update_fields=["name"])
    log_action("award_form.rename", by=by, obj=form, summary=f"Đổi tên hình thức khen thưởng {before['name']} → {name}",
               before=before, after={"name": name})
    return form


@transaction.atomic
def set_award_form_active(form, *, by, active):
    """Stop offering a form for new nominations (old commendations keep it), or offer it again."""
    _require_superuser(by)
    if form.is_active == active:
        return form
    form.is_active = active
    form.save(update_fields=["is_active"])
    log_action("award_form.activate" if active else "award_form.deactivate", by=by, obj=form,
               summary=f"{'Dùng lại' if active else 'Ngừng dùng'} hình thức khen thưởng {form.name}",
               before={"is_active": not active}, after={"is_active": active})
    return form


# Commendations ----------------------------------------------------------------------------

def _commendation_summary(c):
    return f"{c.form.name} cho {c.recipient_name} ({c.get_recipient_display().lower()}), năm {c.year}"


def _check_link(kind, linked, awarding_org):
    """A model or contest a commendation is for lies in the awarding body's subtree or above it."""
    if not (_inside(linked.org, awarding_org) or _inside(awarding_org, linked.org)):
        raise ValidationError(f"{kind} “{linked}” không thuộc phạm vi của {awarding_org.name}.")


def _nomination_with_key(by, client_key):
    """The row a user's earlier post with this form's key made (the user is the scope)."""
    if not getattr(by, "pk", None):
        return None
    return Commendation.objects.unscoped().filter(nominated_by=by, client_key=client_key).first()


@transaction.atomic
def nominate(*, by, recipient, recipient_org=None, member=None, awarding_org, form, year, reason, basis,
             practice=None, contest=None, client_key=""):
    """Nominate a collective (`recipient_org`) or an individual (`member`) for `form`, to be
    decided by `awarding_org` (the recipient's organisation or one above it). `by` manages the
    recipient's organisation. The row's `org` is the collective, or the member's cell today.
    A repeated `client_key` of the same user returns the row it made and records nothing."""
    client_key = (client_key or "")[:40]  # as stored, so a retried post is found again
    if client_key:
        existing = _nomination_with_key(by, client_key)
        if existing is not None:
            return existing
    if recipient == Recipient.COLLECTIVE:
        if recipient_org is None:
            raise ValidationError("Hãy chọn tập thể được đề nghị khen thưởng.")
        member, org = None, recipient_org
        if org.dissolved_on is not None:
            raise ValidationError(f"{org.name} đã giải thể hoặc sáp nhập.")
    elif recipient == Recipient.INDIVIDUAL:
        if member is None:
            raise ValidationError("Hãy chọn đảng viên được đề nghị khen thưởng.")
        recipient_org, org = None, member.org
        if member.status not in ACTIVE_STATUSES:
            raise ValidationError(f"Đồng chí {member.full_name} không còn sinh hoạt đảng ({member.get_status_display().lower()}).")
    else:
        raise ValidationError("Hãy chọn đối tượng: tập thể hay cá nhân.")
    _require(by, "manage", org)
    if not _inside(org, awarding_org):
        raise ValidationError(f"Cấp khen thưởng phải là {org.name} hoặc cấp ủy cấp trên của {org.name}.")
    if not form.is_active:
        raise ValidationError(f"Hình thức “{form.name}” không còn dùng.")
    if not 2000 <= int(year) <= 2100:
        raise ValidationError("Năm khen thưởng không hợp lệ.")
    reason = _text(reason)
    if not reason:
        raise ValidationError("Hãy ghi thành tích, lý do đề nghị khen thưởng.")
    if basis not in Basis.values:
        raise ValidationError("Hãy chọn khen thưởng về nội dung gì.")
    if basis == Basis.PRACTICE:
        if practice is None:
            raise ValidationError("Khen thưởng về mô hình: hãy chọn mô hình.")
        _check_link("Mô hình", practice, awarding_org)
    elif practice is not None:
        raise ValidationError("Chỉ chọn mô hình khi khen thưởng về mô hình.")
    if basis == Basis.CONTEST:
        if contest is None:
            raise ValidationError("Khen thưởng về kết quả cuộc thi: hãy chọn cuộc thi.")
        _check_link("Cuộc thi", contest, awarding_org)
    elif contest is not None:
        raise ValidationError("Chỉ chọn cuộc thi khi khen thưởng về kết quả cuộc thi.")
    commendation = Commendation(
        org=org, recipient=recipient, recipient_org=recipient_org, member=member, awarding_org=awarding_org,
        form=form, year=int(year), reason=reason, basis=basis, practice=practice, contest=contest,
        nominated_by=by if getattr(by, "pk", None) else None, client_key=client_key)
    try:
        with transaction.atomic():
            commendation.save()
    except IntegrityError:  # the same form posted twice at once: the first one stands
        if not client_key:
            raise
        return Commendation.objects.unscoped().get(nominated_by=by, client_key=client_key)
    log_action("commendation.nominate", by=by, org=org, obj=commendation,
               summary=f"Đề nghị {_commendation_summary(commendation)}, gửi {awarding_org.name}",
               after={"recipient": recipient, "recipient_org": recipient_org, "member": member,
                      "awarding_org": awarding_org, "form": form, "year": int(year), "basis": basis,
                      "practice": practice, "contest": contest, "reason": reason})
    return commendation


def _locked(commendation):
    """The commendation read afresh and locked for the rest of the transaction."""
    return (Commendation.objects.in_orgs([commendation.org_id]).select_for_update(of=("self",))
            .select_related("org", "awarding_org", "form", "recipient_org", "member").get(pk=commendation.pk))


def _from_nominated(commendation, step):
    if commendation.stage != Stage.NOMINATED:
        raise ValidationError(f"Chỉ {step} khen thưởng đang ở bước đề nghị (hiện: {commendation.get_stage_display().lower()}).")


@transaction.atomic
def approve(commendation, *, by):
    """The competent body (those who manage `awarding_org`) approves a nomination."""
    c = _locked(commendation)
    _require(by, "manage", c.awarding_org)
    _from_nominated(c, "duyệt")
    c.stage, c.approved_by, c.approved_at = Stage.APPROVED, by, timezone.now()
    c.save(update_fields=["stage", "approved_by", "approved_at"])
    log_action("commendation.approve", by=by, org=c.org, obj=c, summary=f"Duyệt {_commendation_summary(c)}",
               before={"stage": Stage.NOMINATED}, after={"stage": c.stage})
    return c


@transaction.atomic
def decline(commendation, *, by, reason):
    """The competent body declines a nomination, saying why."""
    c = _locked(commendation)
    _require(by, "manage", c.awarding_org)
    _from_nominated(c, "không duyệt")
    reason = _text(reason)
    if not reason:
        raise ValidationError("Hãy ghi lý do không duyệt.")
    c.stage, c.declined_reason, c.approved_by, c.approved_at = Stage.DECLINED, reason, by, timezone.now()
    c.save(update_fields=["stage", "declined_reason", "approved_by", "approved_at"])
    log_action("commendation.decline", by=by, org=c.org, obj=c, summary=f"Không duyệt {_commendation_summary(c)}",
               before={"stage": Stage.NOMINATED}, after={"stage": c.stage, "declined_reason": reason})
    return c


@transaction.atomic
def withdraw(commendation, *, by):
    """Whoever may nominate it takes back a nomination not yet decided (the row is deleted)."""
    c = _locked(commendation)
    _require(by, "manage", c.org)
    _from_nominated(c, "rút")
    log_action("commendation.withdraw", by=by, org=c.org, obj=c, summary=f"Rút đề nghị {_commendation_summary(c)}",
               before={"stage": c.stage, "awarding_org": c.awarding_org_id, "form": c.form_id, "reason": c.reason})
    c.delete()


@transaction.atomic
def issue(commendations, *, by, decision_number, decided_on, signer=""):
    """One decision for one or several approved commendations of the same awarding body:
    all of them are issued or none (rows locked, every one checked first). One audit entry per
    commendation (each carries the decision), with the lowest organisation concerned."""
    ids = sorted({getattr(c, "pk", c) for c in commendations})
    if not ids:
        raise ValidationError("Hãy chọn ít nhất một khen thưởng đã duyệt.")
    decision_number, signer = _line(decision_number), _line(signer)
    if not decision_number:
        raise ValidationError("Hãy nhập số quyết định.")
    if decided_on is None:
        raise ValidationError("Hãy nhập ngày quyết định.")
    _not_after_today(decided_on, "Ngày quyết định")
    rows = list(Commendation.objects.unscoped().select_for_update(of=("self",)).select_related("form", "org")
                .filter(pk__in=ids).order_by("pk"))
    if len(rows) != len(ids):
        raise ValidationError("Có khen thưởng được chọn không còn tồn tại; hãy tải lại trang.")
    awarding_ids = {c.awarding_org_id for c in rows}
    if len(awarding_ids) > 1:
        raise ValidationError("Một quyết định chỉ gồm các khen thưởng của cùng một cấp khen thưởng.")
    awarding_org = Organization.objects.get(pk=awarding_ids.pop())
    _require(by, "manage", awarding_org)
    not_ready = [c for c in rows if c.stage != Stage.APPROVED]
    if not_ready:
        names = Commendation.objects.unscoped().select_related("recipient_org", "member").filter(
            pk__in=[c.pk for c in not_ready])
        raise ValidationError("Chỉ ban hành khen thưởng đã duyệt; chưa duyệt hoặc đã ban hành: "
                              + ", ".join(c.recipient_name for c in names) + ".")
    Commendation.objects.unscoped().filter(pk__in=ids).update(
        stage=Stage.ISSUED, decision_number=decision_number, decided_on=decided_on, signer=signer)
    stale.touch({c.org_id for c in rows}, decided_on, facts=stale.Facts.AWARDS)
    collectives = sum(1 for c in rows if c.recipient == Recipient.COLLECTIVE)
    decision = f"Quyết định số {decision_number} ngày {_date(decided_on)} của {awarding_org.name}"
    for c in rows:
        c.stage, c.decision_number, c.decided_on, c.signer = Stage.ISSUED, decision_number, decided_on, signer
        log_action("commendation.issue", by=by, org=c.org, obj=c,
                   summary=f"{decision}: {c.form.name} (khen {collectives} tập thể, {len(rows) - collectives} cá nhân)",
                   before={"stage": Stage.APPROVED},
                   after={"stage": Stage.ISSUED, "decision_number": decision_number, "decided_on": decided_on,
                          "signer": signer, "batch": ids})
    return rows


# Reminders and reviews --------------------------------------------------------------------

@transaction.atomic
def record_reminder(*, by, org, member=None, kind, reason, decided_by, decided_on, follow_up_on=None):
    """A reminder or review of a member (then `org` becomes the member's cell) or of the
    organisation `org`. `by` manages `org`; `decided_by` is the organisation or one above it."""
    _require(by, "manage", org)
    if member is not None:
        if not _inside(member.org, org):
            raise ValidationError(f"Đồng chí {member.full_name} không thuộc {org.name}.")
        org = member.org
    if kind not in ReminderKind.values:
        raise ValidationError("Hãy chọn hình thức: nhắc nhở hay kiểm điểm.")
    reason = _text(reason)
    if not reason:
        raise ValidationError("Hãy ghi lý do.")
    if not _inside(org, decided_by):
        raise ValidationError(f"Cấp quyết định phải là {org.name} hoặc cấp ủy cấp trên.")
    _not_after_today(decided_on, "Ngày quyết định")
    if follow_up_on is not None and follow_up_on < decided_on:
        raise ValidationError("Hạn xem lại không được trước ngày quyết định.")
    reminder = Reminder.objects.create(org=org, member=member, kind=kind, reason=reason, decided_by=decided_by,
                                       decided_on=decided_on, follow_up_on=follow_up_on, created_by=by)
    whom = f"đồng chí {member.full_name}" if member else org.name
    log_action("reminder.record", by=by, org=org, obj=reminder,
               summary=f"{reminder.get_kind_display()} {whom} ({decided_by.name}, {_date(decided_on)})",
               after={"member": member, "kind": kind, "reason": reason, "decided_by": decided_by,
                      "decided_on": decided_on, "follow_up_on": follow_up_on})
    return reminder


@transaction.atomic
def record_outcome(reminder, *, by, outcome, closed_on=None):
    """What was done about it; with `closed_on` the follow-up ends and the record is final."""
    r = Reminder.objects.in_orgs([reminder.org_id]).select_for_update(of=("self",)).select_related("org", "member").get(pk=reminder.pk)
    _require(by, "manage", r.org)
    if r.closed_on is not None:
        raise ValidationError(f"Đã kết thúc theo dõi ngày {_date(r.closed_on)}.")
    outcome = _text(outcome)
    if not outcome:
        raise ValidationError("Hãy ghi kết quả khắc phục.")
    if closed_on is not None:
        _not_after_today(closed_on, "Ngày kết thúc theo dõi")
        if closed_on < r.decided_on:
            raise ValidationError("Ngày kết thúc theo dõi không được trước ngày quyết định.")
    before = {"outcome": r.outcome, "closed_on": r.closed_on}
    r.outcome, r.closed_on = outcome, closed_on
    r.save(update_fields=["outcome", "closed_on"])
    whom = f"đồng chí {r.member.full_name}" if r.member else r.org.name
    log_action("reminder.outcome", by=by, org=r.org, obj=r,
               summary=f"Kết quả khắc phục: {r.get_kind_display().lower()} {whom}"
                       + (f", kết thúc theo dõi {_date(closed_on)}" if closed_on else ""),
               before=before, after={"outcome": outcome, "closed_on": closed_on})
    return r


# Inspection and supervision plans ---------------------------------------------------------

ITEM_FIELDS = ("year", "kind", "content", "targets", "starts_on", "ends_on", "inspectors")


def _check_item(org, *, year, kind, content, targets, starts_on, ends_on, inspectors):
    """The values cleaned, or ValidationError."""
    if kind not in InspectionKind.values:
        raise ValidationError("Hãy chọn hình thức: kiểm tra hay giám sát.")
    content, inspectors = _text(content), _line(inspectors)
    if not content:
        raise ValidationError("Hãy ghi nội dung kiểm tra, giám sát.")
    if not inspectors:
        raise ValidationError("Hãy ghi chủ thể kiểm tra, giám sát.")
    targets = list(dict.fromkeys(targets))
    if not targets:
        raise ValidationError("Hãy chọn ít nhất một tổ chức được kiểm tra, giám sát.")
    outside = [t.name for t in targets if not _inside(t, org)]
    if outside:
        raise ValidationError(f"Không thuộc {org.name}: {', '.join(outside)}.")
    year = int(year)
    if not 2000 <= year <= 2100:
        raise ValidationError("Năm không hợp lệ.")
    if starts_on is None or ends_on is None:
        raise ValidationError("Hãy nhập thời gian kiểm tra, giám sát.")
    if ends_on < starts_on:
        raise ValidationError("Ngày kết thúc không được trước ngày bắt đầu.")
    if starts_on.year != year or ends_on.year != year:
        raise ValidationError(f"Thời gian kiểm tra, giám sát phải nằm trong năm {year}.")
    return {"year": year, "kind": kind, "content": content, "targets": targets, "starts_on": starts_on,
            "ends_on": ends_on, "inspectors": inspectors}


def _item_snapshot(values):
    return {k: (sorted(t.pk for t in v) if k == "targets" else v) for k, v in values.items()}


@transaction.atomic
def create_item(*, by, org, year, kind, content, targets, starts_on, ends_on, inspectors):
    """An item of `org`'s plan (a committee: `by` administers it); targets in its subtree."""
    _require(by, "administer", org)
    values = _check_item(org, year=year, kind=kind, content=content, targets=targets, starts_on=starts_on,
                         ends_on=ends_on, inspectors=inspectors)
    targets = values.pop("targets")
    item = InspectionItem.objects.create(org=org, created_by=by, **values)
    item.targets.set(targets)
    log_action("inspection.create", by=by, org=org, obj=item,
               summary=f"Kế hoạch {item.get_kind_display().lower()} năm {item.year}: {', '.join(t.name for t in targets)}",
               after=_item_snapshot({**values, "targets": targets}))
    return item


def _locked_item(item):
    return InspectionItem.objects.in_orgs([item.org_id]).select_for_update(of=("self",)).select_related("org").get(pk=item.pk)


@transaction.atomic
def update_item(item, *, by, **fields):
    """Change an item of the plan until it is concluded. Fields: year, kind, content, targets,
    starts_on, ends_on, inspectors (those not given keep their value)."""
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"update_item: unknown fields {sorted(unknown)}")
    item = _locked_item(item)
    _require(by, "administer", item.org)
    if item.concluded_on is not None:
        raise ValidationError("Nội dung đã có kết luận, không sửa được nữa.")
    current = {k: getattr(item, k) for k in ITEM_FIELDS if k != "targets"}
    current["targets"] = list(item.targets.all())
    values = _check_item(item.org, **{**current, **fields})
    before, after = changed(_item_snapshot(current), _item_snapshot(values))
    if not after:
        return item
    targets = values.pop("targets")
    for name, value in values.items():
        setattr(item, name, value)
    item.save(update_fields=list(values))
    item.targets.set(targets)
    log_action("inspection.update", by=by, org=item.org, obj=item,
               summary=f"Sửa kế hoạch {item.get_kind_display().lower()} năm {item.year}", before=before, after=after)
    return item


@transaction.atomic
def conclude(item, *, by, conclusion, concluded_on, follow_ups=()):
    """The conclusion of an item and the follow-ups it sets, each for an organisation inside
    one of the targets: [{"org": Organization, "text": str, "due_on": date}]."""
    item = _locked_item(item)
    _require(by, "administer", item.org)
    if item.concluded_on is not None:
        raise ValidationError(f"Nội dung đã có kết luận ngày {_date(item.concluded_on)}.")
    conclusion = _text(conclusion)
    if not conclusion:
        raise ValidationError("Hãy ghi kết luận.")
    if concluded_on is None:
        raise ValidationError("Hãy nhập ngày kết luận.")
    _not_after_today(concluded_on, "Ngày kết luận")
    if concluded_on < item.starts_on:
        raise ValidationError("Ngày kết luận không được trước ngày bắt đầu kiểm tra, giám sát.")
    follow_ups = list(follow_ups)
    if len(follow_ups) > MAX_FOLLOW_UPS:
        raise ValidationError(f"Tối đa {MAX_FOLLOW_UPS} việc phải làm cho một kết luận.")
    targets = list(item.targets.all())
    rows = []
    for task in follow_ups:
        org, text, due_on = task.get("org"), _text(task.get("text")), task.get("due_on")
        if org is None or not text or due_on is None:
            raise ValidationError("Mỗi việc phải làm cần tổ chức thực hiện, nội dung và hạn.")
        if not any(_inside(org, t) for t in targets):
            raise ValidationError(f"{org.name} không thuộc các tổ chức được kiểm tra, giám sát.")
        if due_on < concluded_on:
            raise ValidationError("Hạn thực hiện không được trước ngày kết luận.")
        rows.append(FollowUp(item=item, org=org, text=text, due_on=due_on))
    item.conclusion, item.concluded_on = conclusion, concluded_on
    item.save(update_fields=["conclusion", "concluded_on"])
    FollowUp.objects.bulk_create(rows)
    log_action("inspection.conclude", by=by, org=item.org, obj=item,
               summary=f"Kết luận {item.get_kind_display().lower()} ngày {_date(concluded_on)}, {len(rows)} việc phải làm",
               after={"conclusion": conclusion, "concluded_on": concluded_on,
                      "follow_ups": [{"org": r.org.pk, "text": r.text, "due_on": r.due_on} for r in rows]})
    return item


@transaction.atomic
def mark_follow_up_done(follow_up, *, by, done_on, note):
    """The organisation a follow-up is for (those who manage it) reports it done."""
    f = FollowUp.objects.select_for_update(of=("self",)).select_related("org", "item").get(pk=follow_up.pk)
    _require(by, "manage", f.org)
    if f.done_on is not None:
        raise ValidationError(f"Việc này đã báo xong ngày {_date(f.done_on)}.")
    note = _text(note)
    if not note:
        raise ValidationError("Hãy ghi kết quả thực hiện.")
    if done_on is None:
        raise ValidationError("Hãy nhập ngày hoàn thành.")
    _not_after_today(done_on, "Ngày hoàn thành")
    if f.item.concluded_on and done_on < f.item.concluded_on:
        raise ValidationError("Ngày hoàn thành không được trước ngày kết luận.")
    f.done_on, f.done_note = done_on, note
    f.save(update_fields=["done_on", "done_note"])
    log_action("inspection.follow_up_done", by=by, org=f.org, obj=f,
               summary=f"{f.org.name} hoàn thành việc sau kết luận ngày {_date(done_on)}",
               after={"done_on": done_on, "done_note": note, "item": f.item_id})
    return f

