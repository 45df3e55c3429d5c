"""Writes for models of studying and following: the registry, status and recognition, evidence,
reviews, replication and publication. Each checks who acts (practices.rules), runs in one
transaction and writes one audit entry."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hocbac.core.audit import changed, log_action, snapshot
from hocbac.core.text import fold
from hocbac.reports import stale

from . import rules
from .models import (
    MAX_PHOTO_BYTES,
    RECOGNISED_STATUSES,
    Evidence,
    EvidenceKind,
    Holder,
    Origin,
    Period,
    Practice,
    Proposal,
    Review,
    Reviewer,
    Status,
    StatusChange,
    Verdict,
)

PRACTICE_FIELDS = ["name", "origin", "holder", "member", "field", "started_on", "description", "goals", "result"]
EDITABLE_FIELDS = {"name", "holder", "member", "field", "started_on", "description", "goals", "result"}


def _refuse(message):
    raise ValidationError(message)


def _require(allowed, message="Bạn không có quyền thực hiện việc này với mô hình."):
    if not allowed:
        _refuse(message)


def _check(practice):
    if not practice.name.strip():
        _refuse("Chưa nhập tên mô hình.")
    if practice.origin not in Origin.values or practice.holder not in Holder.values:
        _refuse("Nguồn hoặc đối tượng thực hiện mô hình không hợp lệ.")
    if practice.origin == Origin.LAUNCHED and not practice.is_adoption and practice.org.holds_members:
        _refuse("Chỉ cấp ủy có tổ chức trực thuộc mới phát động mô hình trong toàn đảng bộ; "
                "mô hình của chi bộ là mô hình riêng.")
    if practice.holder == Holder.INDIVIDUAL:
        if practice.member is None:
            _refuse("Mô hình cá nhân phải chọn đảng viên thực hiện.")
        if not practice.member.org.path.startswith(practice.org.path):
            _refuse("Đảng viên thực hiện phải thuộc tổ chức sở hữu mô hình.")
    else:
        practice.member = None
    if practice.started_on > timezone.localdate():
        _refuse("Ngày bắt đầu không được sau hôm nay.")


def _check_field(field):
    if not field.is_active:
        _refuse("Lĩnh vực này không còn dùng.")


def _move_start(practice):
    """The start is the first row of the history: it moves with it, never past a later change;
    an adoption never starts before its original, nor an original after one of its adoptions."""
    original = practice.adopted_from
    if original is not None and practice.started_on < original.started_on:
        _refuse(f"Ngày bắt đầu không được trước ngày bắt đầu của mô hình gốc ({original.started_on:%d/%m/%Y}).")
    earliest = practice.adoptions.order_by("started_on").values_list("started_on", flat=True).first()
    if earliest is not None and practice.started_on > earliest:
        _refuse(f"Mô hình đã được nhân rộng từ ngày {earliest:%d/%m/%Y}: ngày bắt đầu không được sau ngày đó.")
    first, *later = practice.status_changes.order_by("changed_on", "id")
    if later and practice.started_on > later[0].changed_on:
        _refuse(f"Ngày bắt đầu không được sau lần thay đổi tình trạng đầu tiên ({later[0].changed_on:%d/%m/%Y}).")
    first.changed_on = practice.started_on
    first.save(update_fields=["changed_on"])
    if not later:
        practice.status_since = practice.started_on


def _set_search_text(practice):
    practice.search_text = fold(" ".join([practice.name, practice.description, practice.goals, practice.org.name]))


@transaction.atomic
def create_practice(*, by, org, name, field, started_on, origin="rieng", holder="tap_the", member=None,
                    description="", goals=""):
    """Register a model of `org`. A committee's model launched for its whole subtree has
    origin "phat_dong"; a cell's own model "rieng"."""
    _require(rules.may_manage(by, org))
    practice = Practice(org=org, name=name.strip(), field=field, started_on=started_on, origin=origin, holder=holder,
                        member=member, description=description, goals=goals, status=Status.RUNNING,
                        status_since=started_on, created_by=by)
    _check_field(field)
    _check(practice)
    _set_search_text(practice)
    practice.save()
    StatusChange.objects.create(practice=practice, status=Status.RUNNING, changed_on=started_on, by=by,
                                note="Bắt đầu thực hiện")
    stale.touch([org], started_on, facts=stale.Facts.PRACTICES)
    log_action("practice.create", by=by, org=org, obj=practice, summary=f"Đăng ký mô hình: {practice.name}",
               after=snapshot(practice, PRACTICE_FIELDS))
    return practice


@transaction.atomic
def update_practice(practice, *, by, **fields):
    _require(rules.may_manage(by, practice.org))
    before = snapshot(practice, PRACTICE_FIELDS)
    old_start = practice.started_on
    if "field" in fields and fields["field"].pk != practice.field_id:
        _check_field(fields["field"])
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(name)
        setattr(practice, name, value)
    _check(practice)
    if practice.started_on != old_start:
        _move_start(practice)
    _set_search_text(practice)
    practice.save()
    stale.touch([practice.org_id], min(old_start, practice.started_on), facts=stale.Facts.PRACTICES)
    old, new = changed(before, snapshot(practice, PRACTICE_FIELDS))
    if new:
        log_action("practice.update", by=by, org=practice.org, obj=practice, summary=f"Sửa mô hình: {practice.name}",
                   before=old, after=new)
    return practice


@transaction.atomic
def set_status(practice, *, by, status, changed_on, note="", recognised_by="", decision="", decided_on=None):
    """Move a model to `status` from `changed_on`. A recognition (tiêu biểu, xuất sắc) needs a
    committee over the model and says which body recognised it, by which decision and when;
    stopping needs a reason. The history keeps every step."""
    practice = Practice.objects.unscoped().select_for_update().select_related("org").get(pk=practice.pk)
    recognition = status in RECOGNISED_STATUSES
    # Granting a recognition, and leaving one (back to running, or stopped), are the committee's.
    if recognition:
        _require(rules.may_recognise(by, practice), "Chỉ cấp ủy có thẩm quyền mới ghi nhận mô hình tiêu biểu, xuất sắc.")
    elif practice.status in RECOGNISED_STATUSES:
        _require(rules.may_recognise(by, practice), "Mô hình đã được công nhận: chỉ cấp ủy có thẩm quyền mới thay đổi "
                                                    "tình trạng của mô hình.")
    else:
        _require(rules.may_manage(by, practice.org))
    if status not in Status.values:
        _refuse("Tình trạng không hợp lệ.")
    if status == practice.status and not recognition:
        _refuse(f"Mô hình đang ở tình trạng “{practice.get_status_display()}”.")
    if changed_on > timezone.localdate() or changed_on < practice.started_on:
        _refuse("Ngày thay đổi phải từ ngày bắt đầu mô hình đến hôm nay.")
    if changed_on < practice.status_since:
        _refuse(f"Ngày thay đổi không được trước lần thay đổi gần nhất ({practice.status_since:%d/%m/%Y}).")
    if recognition and not (recognised_by.strip() and decision.strip() and decided_on):
        _refuse("Công nhận mô hình cần ghi cơ quan công nhận, số quyết định và ngày quyết định.")
    if recognition and decided_on > timezone.localdate():
        _refuse("Ngày quyết định không được sau hôm nay.")
    if status == Status.STOPPED and not note.strip():
        _refuse("Cần ghi lý do ngừng thực hiện mô hình.")
    before = snapshot(practice, ["status", "status_since"])
    StatusChange.objects.create(practice=practice, status=status, changed_on=changed_on, note=note.strip(),
                                recognised_by=recognised_by.strip() if recognition else "",
                                decision=decision.strip() if recognition else "",
                                decided_on=decided_on if recognition else None, by=by)
    practice.status, practice.status_since = status, changed_on
    practice.save(update_fields=["status", "status_since"])
    stale.touch([practice.org_id], changed_on, facts=stale.Facts.PRACTICES)
    summary = f"Mô hình “{practice.name}”: {practice.get_status_display()}"
    if recognition:
        summary += f" ({recognised_by.strip()} công nhận, QĐ {decision.strip()})"
    log_action("practice.status", by=by, org=practice.org, obj=practice, summary=summary, before=before,
               after={**snapshot(practice, ["status", "status_since"]), "recognised_by": recognised_by.strip(),
                      "decision": decision.strip(), "decided_on": decided_on})
    return practice


@transaction.atomic
def set_public(practice, *, by, is_public):
    """Publish the model's page for everyone (or withdraw it): a committee's choice."""
    _require(rules.may_publish(by, practice), "Chỉ cấp ủy mới công bố mô hình ra trang công khai.")
    if practice.is_public != is_public:
        practice.is_public = is_public
        practice.save(update_fields=["is_public"])
        log_action("practice.publish" if is_public else "practice.unpublish", by=by, org=practice.org, obj=practice,
                   summary=f"{'Công bố' if is_public else 'Thôi công bố'} mô hình: {practice.name}",
                   after={"is_public": is_public})
    return practice


def sniff_photo(upload):
    """The image type of an uploaded photo, read from its bytes; size-checked."""
    if upload.size > MAX_PHOTO_BYTES:
        _refuse(f"Ảnh quá lớn: tối đa {MAX_PHOTO_BYTES // (1024 * 1024)} MB.")
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    _refuse("Chỉ nhận ảnh JPEG, PNG hoặc WebP.")


@transaction.atomic
def add_evidence(practice, *, by, kind, caption="", session=None, document=None, photo=None, url=""):
    """Attach a session, a document, a photo or a link to a model. The session must be one the
    model's organisation held or attended; the document one the user may read."""
    _require(rules.may_manage(by, practice.org))
    evidence = Evidence(practice=practice, kind=kind, caption=caption.strip(), by=by)
    if kind == EvidenceKind.SESSION:
        if session is None:
            _refuse("Chưa chọn buổi học tập, sinh hoạt.")
        from hocbac.study.selectors import sessions_visible_at

        if not sessions_visible_at(practice.org).filter(pk=session.pk).exists():
            _refuse("Buổi học tập, sinh hoạt này không thuộc tổ chức thực hiện mô hình.")
        evidence.session = session
    elif kind == EvidenceKind.DOCUMENT:
        if document is None:
            _refuse("Chưa chọn văn bản.")
        from hocbac.library.models import Document
        from hocbac.library.selectors import documents_for

        if not documents_for(by).filter(pk=document.pk).exists():
            _refuse("Bạn không xem được văn bản này.")
        if not Document.objects.visible_to_paths([practice.org.path], [practice.org.path]).filter(
                pk=document.pk).exists():
            _refuse("Văn bản này không thuộc phạm vi của tổ chức thực hiện mô hình.")
        evidence.document = document
    elif kind == EvidenceKind.PHOTO:
        if not photo:
            _refuse("Chưa chọn ảnh.")
        evidence.photo_type = sniff_photo(photo)
        evidence.photo = photo
    elif kind == EvidenceKind.LINK:
        if not url.startswith(("http://", "https://")):
            _refuse("Liên kết phải bắt đầu bằng http:// hoặc https://.")
        evidence.url = url
    else:
        _refuse("Loại minh chứng không hợp lệ.")
    evidence.save()
    log_action("practice.evidence_add", by=by, org=practice.org, obj=practice,
               summary=f"Thêm minh chứng ({evidence.get_kind_display()}) cho mô hình: {practice.name}",
               after={"evidence": evidence.pk, "kind": kind, "caption": evidence.caption})
    return evidence


@transaction.atomic
def remove_evidence(evidence, *, by):
    practice = evidence.practice
    _require(rules.may_manage(by, practice.org))
    log_action("practice.evidence_remove", by=by, org=practice.org, obj=practice,
               summary=f"Gỡ minh chứng ({evidence.get_kind_display()}) của mô hình: {practice.name}",
               before={"evidence": evidence.pk, "kind": evidence.kind, "caption": evidence.caption})
    photo_name, storage = evidence.photo.name, evidence.photo.storage
    evidence.delete()
    if photo_name:  # the file goes only once the row is gone for good
        transaction.on_commit(lambda: storage.delete(photo_name))


@transaction.atomic
def review(practice, *, by, reviewer_org, year, period, verdict, assessment, proposal="duy_tri"):
    """The period's assessment of a model by its own organisation (reviewer_org is the owner) or
    by a committee above it. A second review of the same period and side replaces the first."""
    if reviewer_org.pk == practice.org_id:
        reviewer = Reviewer.OWNER
    elif practice.org.path.startswith(reviewer_org.path):
        reviewer = Reviewer.ABOVE
    else:
        _refuse("Chỉ tổ chức thực hiện hoặc cấp ủy cấp trên mới đánh giá mô hình.")
    _require(rules.may_manage(by, reviewer_org))
    if period not in Period.values or verdict not in Verdict.values or proposal not in Proposal.values:
        _refuse("Kỳ, mức đánh giá hoặc đề xuất không hợp lệ.")
    if not assessment.strip():
        _refuse("Chưa nhập nhận xét.")
    if year < practice.started_on.year or year > timezone.localdate().year:
        _refuse("Năm đánh giá phải từ năm bắt đầu mô hình đến năm nay.")
    values = {"reviewer_org": reviewer_org, "verdict": verdict, "assessment": assessment.strip(),
              "proposal": proposal, "by": by}
    row, created = Review.objects.update_or_create(practice=practice, year=year, period=period, reviewer=reviewer,
                                                   defaults=values)
    log_action("practice.review", by=by, org=practice.org, obj=practice,
               summary=f"Đánh giá mô hình “{practice.name}” {row.get_period_display().lower()} {year}: "
                       f"{row.get_verdict_display()}",
               after={"review": row.pk, "reviewer": reviewer, "verdict": verdict, "proposal": proposal,
                      "replaced": not created})
    return row


@transaction.atomic
def adopt(original, *, by, org, started_on, name="", description="", goals=""):
    """`org` replicates `original` (nhân rộng): a model of its own, linked to the original (the
    root of the family when `original` is itself an adoption). An organisation adopts a model once."""
    original = original.adopted_from if original.adopted_from_id else original
    _require(rules.may_manage(by, org))
    if not rules.may_see_original(by, org, original):
        _refuse("Tổ chức này không tiếp cận được mô hình gốc.")
    if org.pk == original.org_id:
        _refuse("Tổ chức không thể nhân rộng mô hình của chính mình.")
    if original.org.path.startswith(org.path):
        _refuse("Mô hình thuộc tổ chức cấp dưới của tổ chức này, không nhân rộng được.")
    if original.status == Status.STOPPED:
        _refuse("Mô hình gốc đã ngừng thực hiện.")
    if started_on < original.started_on:
        _refuse(f"Ngày bắt đầu không được trước ngày bắt đầu của mô hình gốc ({original.started_on:%d/%m/%Y}).")
    if Practice.objects.in_orgs([org.pk]).filter(adopted_from=original).exists():
        _refuse("Tổ chức này đã nhân rộng mô hình này.")
    practice = Practice(org=org, name=(name or original.name).strip(), origin=original.origin, field=original.field,
                        started_on=started_on, description=description or original.description,
                        goals=goals or original.goals, status=Status.RUNNING, status_since=started_on,
                        adopted_from=original, created_by=by)
    _check(practice)
    _set_search_text(practice)
    try:
        with transaction.atomic():
            practice.save()
    except IntegrityError:
        _refuse("Tổ chức này đã nhân rộng mô hình này.")
    StatusChange.objects.create(practice=practice, status=Status.RUNNING, changed_on=started_on, by=by,
                                note=f"Nhân rộng từ mô hình của {original.org.name}")
    stale.touch([org], started_on, facts=stale.Facts.PRACTICES)
    log_action("practice.adopt", by=by, org=org, obj=practice,
               summary=f"{org.name} nhân rộng mô hình “{original.name}” của {original.org.name}",
               after={"original": original.pk, "started_on": started_on})
    return practice


@transaction.atomic
def save_field(*, by, field=None, name, position=0, is_active=True):
    """Add or edit a field of the catalogue (system administrators)."""
    from .models import Field

    _require(by.is_superuser, "Chỉ quản trị hệ thống mới sửa danh mục lĩnh vực.")
    name = " ".join(name.split())
    if not name:
        _refuse("Chưa nhập tên lĩnh vực.")
    others = Field.objects.exclude(pk=getattr(field, "pk", None)).values_list("name", flat=True)
    if name.casefold() in {other.casefold() for other in others}:  # SQLite's iexact folds ASCII only
        _refuse("Lĩnh vực này đã có.")
    field = field or Field()
    before = {"name": field.name, "position": field.position, "is_active": field.is_active} if field.pk else None
    field.name, field.position, field.is_active = name, position, is_active
    field.save()
    log_action("practice.field", by=by, obj=field, summary=f"Danh mục lĩnh vực mô hình: {name}", before=before,
               after={"name": name, "position": position, "is_active": is_active})
    return field
