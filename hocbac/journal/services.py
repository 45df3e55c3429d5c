"""Writes for the notebook, the reflection rota, reflections, comments and the reference list of
manifestations. Each checks who acts (`rules`) and from which step, runs in one transaction and
writes one audit entry; a notebook's audit entry never carries what the member wrote."""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hocbac.core.audit import log_action
from hocbac.orgs import scoping
from hocbac.reports import stale

from . import rules
from .models import (
    COMMENT_EDIT_MINUTES,
    MAX_CORRECTIONS,
    MAX_WRITERS_PER_MONTH,
    Citation,
    Comment,
    Manifestation,
    NotebookEntry,
    NotebookRemark,
    Reflection,
    State,
)

MAX_BODY = 20_000
MAX_COMMENT = 2_000
PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$")


def _day(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def _date_text(day):
    return f"{day:%d/%m/%Y}"


# Reference list ---------------------------------------------------------------------------

@transaction.atomic
def update_manifestation(manifestation, *, by, label, text):
    """Change the wording; the version goes up so citations keep the wording they quoted."""
    if not by.is_superuser:
        raise PermissionDenied
    label, text = " ".join(label.split()), text.strip()
    if not label:
        raise ValidationError("Hãy nhập tên ngắn của biểu hiện.")
    if (label, text) == (manifestation.label, manifestation.text):
        return manifestation
    before = {"label": manifestation.label, "text": manifestation.text, "version": manifestation.version}
    manifestation.label, manifestation.text, manifestation.updated_by = label, text, by
    manifestation.version += 1
    manifestation.save(update_fields=["label", "text", "version", "updated_by", "updated_at"])
    log_action("manifestation.update", by=by, obj=manifestation, summary=f"Sửa biểu hiện {manifestation.code}",
               before=before, after={"label": label, "text": text, "version": manifestation.version})
    return manifestation


@transaction.atomic
def add_sub_item(item, *, by, label, text=""):
    """Add a locality's sub-item under one of the 27."""
    if not by.is_superuser:
        raise PermissionDenied
    if item.sub:
        raise ValidationError("Chỉ thêm ý nhỏ vào một trong 27 biểu hiện.")
    label = " ".join(label.split())
    if not label:
        raise ValidationError("Hãy nhập tên ngắn của ý nhỏ.")
    last = Manifestation.objects.filter(group=item.group, number=item.number).order_by("-sub").first()
    sub_item = Manifestation.objects.create(group=item.group, number=item.number, sub=last.sub + 1, label=label,
                                            text=text.strip(), updated_by=by)
    log_action("manifestation.add", by=by, obj=sub_item, summary=f"Thêm ý nhỏ {sub_item.code}: {label}")
    return sub_item


# Notebook ---------------------------------------------------------------------------------

def _check_linked(member, document, session, registration):
    """Links are to what the member can reach: a session of their cell, their own registration."""
    if session is not None and not member.org.path.startswith(session.org.path):
        raise ValidationError("Buổi sinh hoạt không thuộc chi bộ của đồng chí.")
    if registration is not None and registration.member_id != member.pk:
        raise ValidationError("Chỉ liên kết với bản đăng ký của chính đồng chí.")


@transaction.atomic
def save_entry(member, *, by, entry=None, written_on, studied="", did="", will_correct="", shared=False,
               document=None, session=None, registration=None):
    """Write a new entry or change one of the member's own. Only the member writes in it."""
    if member.user_id != by.pk:
        raise PermissionDenied
    if entry is not None and entry.member_id != member.pk:
        raise PermissionDenied
    studied, did, will_correct = studied.strip(), did.strip(), will_correct.strip()
    if not (studied or did or will_correct):
        raise ValidationError("Hãy ghi ít nhất một nội dung: đã học, đã làm theo hoặc sẽ sửa.")
    if written_on > timezone.localdate():
        raise ValidationError("Ngày ghi không được sau hôm nay.")
    _check_linked(member, document, session, registration)
    created = entry is None
    if created:
        entry = NotebookEntry(member=member, org=member.org)
    was_shared = entry.is_shared
    entry.written_on, entry.studied, entry.did, entry.will_correct = written_on, studied, did, will_correct
    entry.document, entry.session, entry.registration = document, session, registration
    entry.shared_at = (entry.shared_at or timezone.now()) if shared else None
    entry.save()
    if created or was_shared != entry.is_shared:
        sharing = "chia sẻ với chi ủy" if entry.is_shared else "riêng tư"
        log_action("notebook.create" if created else "notebook.share", by=by, org=entry.org, obj=entry,
                   summary=f"Sổ tay ngày {_date_text(written_on)}: {sharing}")
    return entry


@transaction.atomic
def delete_entry(entry, *, by):
    if not rules.is_author(by, entry):
        raise PermissionDenied
    log_action("notebook.delete", by=by, org=entry.org, obj=entry, summary=f"Xóa sổ tay ngày {_date_text(entry.written_on)}")
    entry.delete()


@transaction.atomic
def set_remark(member, period, *, by, text):
    """The committee's remark on a member's shared entries for a month or a quarter."""
    if not scoping.can(by, "manage", member.org):
        raise PermissionDenied
    if not PERIOD.match(period):
        raise ValidationError("Kỳ nhận xét không hợp lệ.")
    text = text.strip()
    if not text:
        raise ValidationError("Hãy viết nhận xét.")
    remark = NotebookRemark.objects.in_orgs([member.org_id]).select_for_update().filter(member=member, period=period).first()
    before = {"text": remark.text} if remark else None
    if remark is None:
        remark = NotebookRemark(member=member, org=member.org, period=period)
    remark.text, remark.written_by = text, by
    remark.save()
    log_action("notebook.remark", by=by, org=member.org, obj=remark,
               summary=f"Nhận xét sổ tay {remark.period_label} của {member.full_name}", before=before, after={"text": text})
    return remark


# Rota -------------------------------------------------------------------------------------

def default_due_on(year, month):
    """The last day of the month: the regular meeting is held by then."""
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    return next_month - datetime.timedelta(days=1)


@transaction.atomic
def assign(org, member, year, month, *, by, due_on=None):
    """Name `member` of the cell `org` to write the reflection of (`year`, `month`)."""
    if not scoping.can(by, "manage", org):
        raise PermissionDenied
    if member.org_id != org.pk or not member.is_eligible:
        raise ValidationError(f"Đồng chí {member.full_name} không phải đảng viên của {org.name}.")
    if not 1 <= month <= 12:
        raise ValidationError("Tháng không hợp lệ.")
    due_on = _day(due_on) if due_on else default_due_on(year, month)
    month_rows = Reflection.objects.in_orgs([org.pk]).select_for_update().filter(year=year, month=month)
    if any(r.member_id == member.pk for r in month_rows):
        raise ValidationError(f"Đồng chí {member.full_name} đã được phân công viết bài tháng {month}/{year}.")
    if len(month_rows) >= MAX_WRITERS_PER_MONTH:
        raise ValidationError(f"Tháng {month}/{year} đã đủ {MAX_WRITERS_PER_MONTH} đảng viên viết bài.")
    try:
        with transaction.atomic():
            reflection = Reflection.objects.create(org=org, member=member, year=year, month=month, due_on=due_on,
                                                   assigned_by=by)
    except IntegrityError:  # the same assignment posted twice at once
        raise ValidationError(f"Đồng chí {member.full_name} đã được phân công viết bài tháng {month}/{year}.") from None
    stale.touch([org], datetime.date(year, month, 1), facts=stale.Facts.REFLECTIONS)
    log_action("reflection.assign", by=by, org=org, obj=reflection,
               summary=f"Phân công {member.full_name} viết bài cảm nhận tháng {month}/{year}, hạn {_date_text(due_on)}")
    return reflection


@transaction.atomic
def unassign(reflection, *, by):
    """Take a name off the rota, while the member has not started writing."""
    if not rules.may_manage(by, reflection):
        raise PermissionDenied
    if not reflection.is_unstarted:
        raise ValidationError(f"Đồng chí {reflection.member.full_name} đã bắt đầu viết bài, không thể bỏ phân công.")
    log_action("reflection.unassign", by=by, org=reflection.org, obj=reflection,
               summary=f"Bỏ phân công {reflection.member.full_name} viết bài tháng {reflection.month}/{reflection.year}")
    stale.touch([reflection.org_id], datetime.date(reflection.year, reflection.month, 1), facts=stale.Facts.REFLECTIONS)
    reflection.delete()


# Writing ----------------------------------------------------------------------------------

def _locked(reflection):
    """The reflection read afresh and locked for the rest of the transaction (two taps, one step)."""
    return Reflection.objects.in_orgs([reflection.org_id]).select_for_update().select_related("member").get(pk=reflection.pk)


def _clean_corrections(corrections):
    cleaned = []
    for number, item in enumerate(corrections, start=1):
        text = " ".join(str(item.get("text", "")).split())
        by_day = item.get("by") or ""
        if not text and not by_day:
            continue
        if not text:
            raise ValidationError(f"Hướng khắc phục {number}: hãy ghi việc sẽ làm.")
        if not by_day:
            raise ValidationError(f"Hướng khắc phục {number}: hãy ghi thời hạn.")
        try:
            by_day = _day(by_day)
        except ValueError:
            raise ValidationError(f"Hướng khắc phục {number}: thời hạn không hợp lệ.") from None
        cleaned.append({"text": text[:500], "by": by_day.isoformat()})
    if len(cleaned) > MAX_CORRECTIONS:
        raise ValidationError(f"Tối đa {MAX_CORRECTIONS} hướng khắc phục.")
    return cleaned


def _cite(reflection, manifestation_ids):
    """Replace the citations, quoting each manifestation's wording of today. A citation kept
    from an earlier save keeps the wording it quoted then."""
    chosen = {m.pk: m for m in Manifestation.objects.filter(pk__in=list(manifestation_ids), is_active=True)}
    if len(chosen) != len(set(manifestation_ids)):
        raise ValidationError("Có biểu hiện không có trong danh mục.")
    kept = set(reflection.citations.filter(manifestation_id__in=chosen).values_list("manifestation_id", flat=True))
    reflection.citations.exclude(manifestation_id__in=chosen).delete()
    Citation.objects.bulk_create(
        Citation(reflection=reflection, manifestation=m, version=m.version, label=m.label, text=m.text)
        for pk, m in chosen.items() if pk not in kept
    )


@transaction.atomic
def save_reflection(reflection, *, by, title="", body="", manifestation_ids=(), corrections=()):
    """The author saves their draft (the text, the manifestations, the corrections)."""
    reflection = _locked(reflection)
    if not rules.is_author(by, reflection):
        raise PermissionDenied
    if not reflection.is_editable:
        raise ValidationError("Bài đã nộp, không sửa được nữa.")
    body = body.strip()
    if len(body) > MAX_BODY:
        raise ValidationError(f"Bài viết dài quá {MAX_BODY:,} ký tự.".replace(",", "."))
    reflection.title, reflection.body = " ".join(title.split())[:200], body
    reflection.corrections = _clean_corrections(corrections)
    was_assigned = reflection.state == State.ASSIGNED
    reflection.state = State.DRAFT
    reflection.save(update_fields=["title", "body", "corrections", "state", "updated_at"])
    _cite(reflection, manifestation_ids)
    if was_assigned:
        log_action("reflection.draft", by=by, org=reflection.org, obj=reflection,
                   summary=f"Bắt đầu viết bài cảm nhận tháng {reflection.month}/{reflection.year}")
    return reflection


@transaction.atomic
def submit_reflection(reflection, *, by):
    """Hand the reflection in for the meeting. Submitting twice records once."""
    reflection = _locked(reflection)
    if not rules.is_author(by, reflection):
        raise PermissionDenied
    if reflection.is_written:
        return reflection
    if not reflection.body:
        raise ValidationError("Hãy viết nội dung bài cảm nhận trước khi nộp.")
    if not reflection.corrections:
        raise ValidationError("Hãy nêu ít nhất một hướng khắc phục cụ thể, có thời hạn.")
    reflection.state, reflection.submitted_at = State.SUBMITTED, timezone.now()
    reflection.save(update_fields=["state", "submitted_at", "updated_at"])
    stale.touch([reflection.org_id], datetime.date(reflection.year, reflection.month, 1), facts=stale.Facts.REFLECTIONS)
    log_action("reflection.submit", by=by, org=reflection.org, obj=reflection,
               summary=f"Nộp bài cảm nhận tháng {reflection.month}/{reflection.year}",
               after={"codes": [c.code for c in reflection.citations.select_related("manifestation")]})
    return reflection


@transaction.atomic
def mark_read(reflection, *, by, read_on):
    """The secretary records the day it was read at the meeting."""
    reflection = _locked(reflection)
    if not rules.may_manage(by, reflection):
        raise PermissionDenied
    if not reflection.is_written:
        raise ValidationError("Bài chưa nộp, chưa thể ghi nhận đã đọc.")
    if read_on > timezone.localdate():
        raise ValidationError("Ngày đọc không được sau hôm nay.")
    if reflection.submitted_at and read_on < timezone.localtime(reflection.submitted_at).date():
        raise ValidationError("Ngày đọc không được trước ngày nộp bài.")
    if reflection.read_on == read_on:
        return reflection
    before = {"read_on": reflection.read_on}
    reflection.state, reflection.read_on, reflection.read_recorded_by = State.READ, read_on, by
    reflection.save(update_fields=["state", "read_on", "read_recorded_by", "updated_at"])
    stale.touch([reflection.org_id], datetime.date(reflection.year, reflection.month, 1), facts=stale.Facts.REFLECTIONS)
    log_action("reflection.read", by=by, org=reflection.org, obj=reflection,
               summary=f"Bài của {reflection.member.full_name} đã đọc tại sinh hoạt ngày {_date_text(read_on)}",
               before=before, after={"read_on": read_on})
    return reflection


@transaction.atomic
def conclude(reflection, *, by, text):
    """The committee's conclusion after the cell's discussion."""
    reflection = _locked(reflection)
    if not rules.may_manage(by, reflection):
        raise PermissionDenied
    if reflection.state != State.READ:
        raise ValidationError("Ghi nhận bài đã đọc tại sinh hoạt trước khi kết luận.")
    text = text.strip()
    if not text:
        raise ValidationError("Hãy viết kết luận của chi bộ.")
    if text == reflection.conclusion:
        return reflection
    before = {"conclusion": reflection.conclusion}
    reflection.conclusion, reflection.concluded_by, reflection.concluded_at = text, by, timezone.now()
    reflection.save(update_fields=["conclusion", "concluded_by", "concluded_at", "updated_at"])
    log_action("reflection.conclude", by=by, org=reflection.org, obj=reflection,
               summary=f"Kết luận bài cảm nhận tháng {reflection.month}/{reflection.year} của {reflection.member.full_name}",
               before=before, after={"conclusion": text})
    return reflection


# Comments ---------------------------------------------------------------------------------

def _clean_comment(body):
    body = body.strip()
    if not body:
        raise ValidationError("Hãy viết nội dung góp ý.")
    if len(body) > MAX_COMMENT:
        raise ValidationError(f"Góp ý dài quá {MAX_COMMENT:,} ký tự.".replace(",", "."))
    return body


@transaction.atomic
def add_comment(reflection, *, by, body, client_key, parent=None, now=None):
    """A member of the cell (or its committee) comments, or replies to a comment. The form's
    `client_key` makes a doubled or retried post record once."""
    if not rules.may_comment(by, reflection):
        raise PermissionDenied
    body = _clean_comment(body)
    client_key = client_key[:40]  # as stored, so a retried post with a long key is found again
    if parent is not None and parent.reflection_id != reflection.pk:
        raise ValidationError("Góp ý được trả lời không thuộc bài này.")
    if parent is not None and parent.parent_id:  # a reply to a reply joins the same thread
        parent = parent.parent
    existing = Comment.objects.filter(reflection=reflection, author=by, client_key=client_key).first()
    if existing:
        return existing
    member = rules.member_of(by)
    comment = Comment(reflection=reflection, parent=parent, author=by, body=body, client_key=client_key,
                      author_name=member.full_name if member else by.full_name, created_at=now or timezone.now())
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:  # the same post raced in
        return Comment.objects.get(reflection=reflection, author=by, client_key=client_key)
    log_action("comment.create", by=by, org=reflection.org, obj=comment,
               summary=f"Góp ý bài cảm nhận tháng {reflection.month}/{reflection.year} của {reflection.member.full_name}",
               after={"body": body})
    return comment


@transaction.atomic
def edit_comment(comment, *, by, body, now=None):
    """The author corrects their comment within the first minutes only."""
    if comment.author_id != by.pk:
        raise PermissionDenied
    if not rules.may_edit_comment(by, comment, now):
        raise ValidationError(f"Góp ý chỉ sửa được trong {COMMENT_EDIT_MINUTES} phút sau khi viết.")
    body = _clean_comment(body)
    if body == comment.body:
        return comment
    before = {"body": comment.body}
    comment.body, comment.edited_at = body, now or timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    log_action("comment.edit", by=by, org=comment.reflection.org, obj=comment, summary="Sửa góp ý",
               before=before, after={"body": body})
    return comment


@transaction.atomic
def delete_comment(comment, *, by):
    """The author or the committee removes a comment; the thread keeps its place."""
    if not rules.may_delete_comment(by, comment):
        raise PermissionDenied
    before = {"body": comment.body, "author": comment.author_name}
    comment.body, comment.deleted_at, comment.deleted_by = "", timezone.now(), by
    comment.save(update_fields=["body", "deleted_at", "deleted_by"])
    log_action("comment.delete", by=by, org=comment.reflection.org, obj=comment, summary="Xóa góp ý", before=before)
    return comment
