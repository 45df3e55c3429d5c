"""The registration's life: draft → submitted → disclosed before the cell → mid-year check-in →
year-end self-assessment → evaluated by the cell (locked) → reopened only by a committee, with a
reason. Each step checks who acts and from which state, and writes one audit entry."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from hocbac.core.audit import log_action
from hocbac.orgs import scoping
from hocbac.reports import stale

from .models import MAX_DEEDS, OrgPlan, Registration, Result, State, YearTemplate

TEXT_FIELDS = ("study_plan", "exemplary", "anti_degradation")


def _is_author(user, registration):
    return registration.member.user_id is not None and registration.member.user_id == user.pk


def _check_member_or_cell(user, registration):
    """The member themself, or their cell committee entering on their behalf."""
    if not (_is_author(user, registration) or scoping.can(user, "manage", registration.org)):
        raise PermissionDenied


def _check_cell(user, registration):
    if not scoping.can(user, "manage", registration.org):
        raise PermissionDenied


def _check_state(registration, *allowed):
    if registration.state not in allowed:
        raise ValidationError(f"Bản đăng ký đang ở bước “{registration.get_state_display()}”, không thể làm việc này.")


def _clean_deeds(deeds):
    cleaned = [{"text": " ".join(str(d.get("text", "")).split()), "measure": " ".join(str(d.get("measure", "")).split()),
                "progress": str(d.get("progress", "")).strip()} for d in deeds]
    cleaned = [d for d in cleaned if d["text"]]
    if len(cleaned) > MAX_DEEDS:
        raise ValidationError(f"Tối đa {MAX_DEEDS} việc làm theo.")
    return cleaned


@transaction.atomic
def save_draft(member, year, *, by, study_plan="", deeds=(), exemplary="", anti_degradation=""):
    """Create or edit the year's draft. The member writes it, or the cell committee enters it
    for a member without a smartphone (marked as such)."""
    registration, created = Registration.objects.in_orgs([member.org_id]).select_for_update().get_or_create(
        member=member, year=year, defaults={"org": member.org, "is_key_leader": member.is_key_leader})
    _check_member_or_cell(by, registration)
    _check_state(registration, State.DRAFT)
    registration.study_plan, registration.exemplary = study_plan.strip(), exemplary.strip()
    registration.anti_degradation = anti_degradation.strip()
    registration.deeds = _clean_deeds(deeds)
    registration.on_behalf = not _is_author(by, registration)
    registration.entered_by = by
    registration.save()
    who = " (chi ủy nhập thay)" if registration.on_behalf else ""
    log_action("commitment.draft", by=by, org=registration.org, obj=registration,
               summary=f"{'Tạo' if created else 'Sửa'} bản đăng ký làm theo {year}: {member.full_name}{who}")
    return registration


@transaction.atomic
def submit(registration, *, by):
    _check_member_or_cell(by, registration)
    _check_state(registration, State.DRAFT)
    missing = [label for value, label in [(registration.deeds, "việc làm theo"),
                                          (registration.anti_degradation, "cam kết chống suy thoái")] if not value]
    if missing:
        raise ValidationError("Chưa thể nộp: còn thiếu " + " và ".join(missing) + ".")
    registration.state, registration.submitted_at = State.SUBMITTED, timezone.now()
    registration.save(update_fields=["state", "submitted_at", "updated_at"])
    stale.touch([registration.org_id], stale.year_start(registration.year), facts=stale.Facts.COMMITMENTS)
    log_action("commitment.submit", by=by, org=registration.org, obj=registration,
               summary=f"Nộp bản đăng ký làm theo {registration.year}: {registration.member.full_name}")
    return registration


@transaction.atomic
def disclose(registrations, *, on, by):
    """Record that the registrations were read out before the cell at its meeting of `on`."""
    registrations = list(registrations)
    for registration in registrations:
        _check_cell(by, registration)
        _check_state(registration, State.SUBMITTED)
    if on > timezone.localdate():
        raise ValidationError("Ngày sinh hoạt công khai không thể ở tương lai.")
    for registration in registrations:
        registration.state, registration.disclosed_on = State.DISCLOSED, on
        registration.save(update_fields=["state", "disclosed_on", "updated_at"])
    if registrations:
        org = registrations[0].org
        log_action("commitment.disclose", by=by, org=org, summary=f"Công khai {len(registrations)} bản đăng ký "
                   f"trước chi bộ ngày {on:%d/%m/%Y}", after={"ids": [r.pk for r in registrations], "on": on})
    return len(registrations)


@transaction.atomic
def check_in(registration, *, by, progress, note=""):
    """Mid-year: progress per deed (same order as the deeds) and a short note."""
    _check_member_or_cell(by, registration)
    _check_state(registration, State.DISCLOSED, State.CHECKED_IN)
    progress = list(progress)
    for deed, text in zip(registration.deeds, progress, strict=False):
        deed["progress"] = " ".join(str(text).split())
    registration.midyear_note, registration.midyear_at = note.strip(), timezone.now()
    registration.state = State.CHECKED_IN
    registration.save(update_fields=["deeds", "midyear_note", "midyear_at", "state", "updated_at"])
    log_action("commitment.check_in", by=by, org=registration.org, obj=registration,
               summary=f"Tự kiểm tra giữa năm {registration.year}: {registration.member.full_name}")
    return registration


@transaction.atomic
def self_assess(registration, *, by, text):
    """Year-end self-assessment (the mid-year check-in may have been skipped)."""
    _check_member_or_cell(by, registration)
    _check_state(registration, State.DISCLOSED, State.CHECKED_IN, State.SELF_ASSESSED)
    if not text.strip():
        raise ValidationError("Hãy viết phần tự đánh giá.")
    registration.self_assessment, registration.self_assessed_at = text.strip(), timezone.now()
    registration.state = State.SELF_ASSESSED
    registration.save(update_fields=["self_assessment", "self_assessed_at", "state", "updated_at"])
    log_action("commitment.self_assess", by=by, org=registration.org, obj=registration,
               summary=f"Tự đánh giá cuối năm {registration.year}: {registration.member.full_name}")
    return registration


@transaction.atomic
def evaluate(registration, *, by, result, comment=""):
    """The cell's evaluation; the registration is then locked."""
    _check_cell(by, registration)
    _check_state(registration, State.SELF_ASSESSED)
    if result not in Result.values:
        raise ValidationError("Kết quả phải là Thực hiện tốt, Hoàn thành hoặc Chưa hoàn thành.")
    registration.result, registration.evaluation_comment = result, comment.strip()
    registration.evaluated_by, registration.evaluated_at = by, timezone.now()
    registration.state = State.EVALUATED
    registration.save(update_fields=["result", "evaluation_comment", "evaluated_by", "evaluated_at", "state", "updated_at"])
    stale.touch([registration.org_id], stale.year_start(registration.year), facts=stale.Facts.COMMITMENTS)
    log_action("commitment.evaluate", by=by, org=registration.org, obj=registration,
               summary=f"Chi bộ đánh giá {registration.member.full_name} năm {registration.year}: {Result(result).label}",
               after={"result": result, "comment": registration.evaluation_comment})
    return registration


@transaction.atomic
def reopen(registration, *, by, reason):
    """Unlock an evaluation: only a committee (ability "administer"), always with a reason."""
    if not scoping.can(by, "administer", registration.org):
        raise PermissionDenied
    _check_state(registration, State.EVALUATED)
    if not reason.strip():
        raise ValidationError("Cần ghi lý do mở lại.")
    before = {"result": registration.result, "comment": registration.evaluation_comment}
    registration.state, registration.result, registration.evaluated_at = State.SELF_ASSESSED, "", None
    registration.save(update_fields=["state", "result", "evaluated_at", "updated_at"])
    stale.touch([registration.org_id], stale.year_start(registration.year), facts=stale.Facts.COMMITMENTS)
    log_action("commitment.reopen", by=by, org=registration.org, obj=registration,
               summary=f"Mở lại đánh giá của {registration.member.full_name} năm {registration.year}: {reason.strip()}",
               before=before, after={"reason": reason.strip()})
    return registration


@transaction.atomic
def save_org_plan(org, year, *, by, content, in_resolution=False):
    if not scoping.can(by, "manage", org):
        raise PermissionDenied
    if not content.strip():
        raise ValidationError("Kế hoạch chưa có nội dung.")
    plan, created = OrgPlan.objects.in_orgs([org.pk]).update_or_create(
        org=org, year=year, defaults={"content": content.strip(), "in_resolution": in_resolution, "updated_by": by})
    log_action("commitment.org_plan", by=by, org=org, obj=plan,
               summary=f"{'Xây dựng' if created else 'Sửa'} kế hoạch thực hiện năm {year} của {org.name}",
               after={"in_resolution": in_resolution})
    return plan


@transaction.atomic
def save_template(org, year, *, by, intro="", sections=None):
    """A committee's guidance and examples for its subtree's registrations of `year`."""
    if not scoping.can(by, "administer", org):
        raise PermissionDenied
    template, _ = YearTemplate.objects.in_orgs([org.pk]).update_or_create(
        org=org, year=year, defaults={"intro": intro.strip(), "sections": sections or {}, "updated_by": by})
    log_action("commitment.template", by=by, org=org, obj=template, summary=f"Mẫu đăng ký làm theo năm {year}")
    return template
