"""Models of studying and following (mô hình học tập và làm theo Bác) under /orgs/{id}/practices:
the registry of the subtree, a model with its history, recognitions, reviews, evidence and family
of adoptions, the figures of a period, and what the committees above launched to replicate.

The pages' rules: reading needs "view" on the organisation asked about (a model is seen from it
when it is in its subtree, launched for it from above, or published); changes need "manage" and
a model of the subtree; recognition (tiêu biểu, xuất sắc) and publication a committee over the
model ("administer"). Writes go through `practices.services` (audit-logged)."""

import datetime
import math

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from ninja import Router

from hocbac.library.selectors import document_for
from hocbac.orgs import scoping
from hocbac.orgs.selectors import member_in
from hocbac.practices import rules, selectors, services
from hocbac.practices.models import RECOGNISED_STATUSES, EvidenceKind, Origin
from hocbac.practices.models import Period as ReviewPeriod
from hocbac.practices.models import Status as PracticeStatus
from hocbac.study.selectors import sessions_visible_at

from .orgs import org_for
from .schemas import (
    AdoptIn,
    DetailOut,
    EvidenceIn,
    EvidenceOut,
    LaunchedPracticeOut,
    PracticeDetail,
    PracticeFieldOut,
    PracticeFiguresOut,
    PracticeIn,
    PracticePage,
    PracticePatch,
    PracticeReviewIn,
    PracticeReviewOut,
    PracticeStatusIn,
    Year,
    one_of,
)

router = Router(tags=["Mô hình học tập và làm theo Bác"])
PAGE_SIZE = 50
KINDS = ["goc", "nhan_rong"]  # originals only, adoptions only
NOT_RECOGNISER = "Chỉ cấp ủy có thẩm quyền mới ghi nhận mô hình tiêu biểu, xuất sắc."
FIGURES_RULE = ("Tính các mô hình bắt đầu đến ngày cuối kỳ; tình trạng tiêu biểu (gồm cả xuất sắc), xuất sắc, ngừng "
                "là tình trạng tại ngày đó theo lịch sử của mô hình. Mô hình nhân rộng tính riêng, không tính vào số "
                "phát động hay mô hình riêng. Mới, nhân rộng mới, được công nhận: trong kỳ.")


def _found(lookup, ident, message):
    """What `lookup(ident)` finds, an id out of reach refused like a missing one (400)."""
    try:
        return lookup(ident)
    except Http404:
        raise ValidationError(message) from None


def _field(field_id):
    found = selectors.fields(include_inactive=True).filter(pk=field_id).first()
    if found is None:
        raise ValidationError("Không tìm thấy lĩnh vực đã chọn.")
    return found  # the service refuses a retired one for a new model


def _member(org, member_id):
    if member_id is None:
        return None
    return _found(lambda pk: member_in(org, pk), member_id,
                  "Không tìm thấy đảng viên đã chọn trong tổ chức thực hiện mô hình.")


def _detail(request, org, practice_id):
    """The model seen from `org`, with everything its page shows."""
    practice = selectors.practice_for(org, practice_id)
    original = practice.adopted_from if practice.is_adoption else practice
    family = selectors.family(original)
    held = scoping.abilities(request.auth, org)
    abilities = []
    if rules.may_manage(request.auth, practice.org):
        abilities.append("manage")
    if rules.may_recognise(request.auth, practice):
        abilities.append("recognise")
    if rules.may_publish(request.auth, practice):
        abilities.append("publish")
    if "manage" in held and practice.org.path.startswith(org.path):
        abilities.append("review")
    if ("manage" in held and not practice.org.path.startswith(org.path) and practice.status != PracticeStatus.STOPPED
            and not selectors.practices_in(org).filter(adopted_from=original).exists()):
        abilities.append("adopt")
    history = list(selectors.history(practice))
    evidence = list(selectors.evidence_of(practice))
    for item in evidence:
        item.photo_url = (reverse("practices:evidence_photo", args=[org.pk, practice.pk, item.pk])
                          if item.kind == EvidenceKind.PHOTO and item.photo else None)
    practice.adoption_count = 0 if practice.is_adoption else len(family)
    practice.abilities = abilities
    practice.history = history
    practice.recognitions = [change for change in history if change.is_recognition]
    practice.review_rows = list(selectors.reviews(practice))
    practice.evidence_rows = evidence
    practice.family = [
        {"practice_id": row.practice.pk, "name": row.practice.name, "org_id": row.practice.org_id,
         "org_name": row.practice.org.name, "started_on": row.practice.started_on, "status": row.practice.status,
         "status_label": row.practice.get_status_display(), "result": row.practice.result,
         "latest_review": row.latest_review}
        for row in family]
    return practice



@router.get("/practice-fields", response=list[PracticeFieldOut], url_name="practice_fields")
def practice_fields(request):
    """The fields (lĩnh vực) a new model may be filed under; system administrators keep the list on the web."""
    return list(selectors.fields())


@router.get("/orgs/{org_id}/practices", response=PracticePage, url_name="practices")
def practices(request, org_id: int, status: one_of(PracticeStatus, blank=True) = "", origin: one_of(Origin, blank=True) = "",
              kind: one_of(KINDS, blank=True) = "", field: int | None = None, q: str = "", page: int = 1):
    """The models of the subtree, newest first; `kind`: "goc" (originals) or "nhan_rong"
    (adoptions); `field`: a field's id; `q` searches name, description, goals and organisation
    without diacritics."""
    found = selectors.practices_in(org_for(request, org_id), status=status, origin=origin, kind=kind, field_id=field,
                                   query=q)
    count = found.count()
    pages = max(1, math.ceil(count / PAGE_SIZE))
    page = min(max(page, 1), pages)
    return {"count": count, "page": page, "pages": pages, "results": list(found[(page - 1) * PAGE_SIZE:page * PAGE_SIZE])}


@router.post("/orgs/{org_id}/practices", response={201: PracticeDetail}, url_name="practice_create")
def create_practice(request, org_id: int, data: PracticeIn):
    """Register a model of the organisation. An individual model ("ca_nhan") names a member of its subtree."""
    org = org_for(request, org_id, "manage")
    practice = services.create_practice(
        by=request.auth, org=org, name=data.name, field=_field(data.field_id), started_on=data.started_on,
        origin=data.origin, holder=data.holder, member=_member(org, data.member_id), description=data.description,
        goals=data.goals)
    return 201, _detail(request, org, practice.pk)


def _period(start, end):
    end = end or timezone.localdate()
    start = start or end.replace(month=1, day=1)
    if start > end:
        raise ValidationError("Ngày bắt đầu phải trước ngày kết thúc.")
    return start, end


def _figures_row(org, counter):
    return {"org_id": org.pk, "org_name": org.name, **{key: counter[key] for key in selectors.FIGURE_KEYS}}


@router.get("/orgs/{org_id}/practices/figures", response=PracticeFiguresOut, url_name="practice_figures")
def figures(request, org_id: int, start: datetime.date | None = None, end: datetime.date | None = None):
    """Counts over the subtree for the period [start, end] (this year to today by default), and
    per child organisation, the fewest models first."""
    org = org_for(request, org_id)
    start, end = _period(start, end)
    result = selectors.figures(org, start, end)
    return {"start": start, "end": end, "rule": FIGURES_RULE, "total": _figures_row(org, result.total),
            "children": [_figures_row(child, counter) for child, counter in result.children]}


@router.get("/orgs/{org_id}/practices/launched-above", response=list[LaunchedPracticeOut],
            url_name="practices_launched_above")
def launched_above(request, org_id: int):
    """The running models the committees above launched for their subtree, the nearest first,
    each saying whether this organisation already replicates it (POST …/{id}/adopt)."""
    return list(selectors.launched_above(org_for(request, org_id)))


@router.get("/orgs/{org_id}/practices/{practice_id}", response=PracticeDetail, url_name="practice")
def practice(request, org_id: int, practice_id: int):
    """A model seen from the organisation: one of its subtree, one launched for it from above,
    or a published one (404 otherwise). With its status history, recognitions, reviews,
    evidence and the original's family of adoptions."""
    return _detail(request, org_for(request, org_id), practice_id)


@router.patch("/orgs/{org_id}/practices/{practice_id}", response=PracticeDetail, url_name="practice_update")
def update_practice(request, org_id: int, practice_id: int, data: PracticePatch):
    """Change what is sent, on a model of the subtree. The origin stays; `result` is an adoption's."""
    org = org_for(request, org_id, "manage")
    found = selectors.practice_in(org, practice_id)
    fields = data.dict(exclude_unset=True)
    if "result" in fields and not found.is_adoption:
        raise ValidationError("Chỉ mô hình nhân rộng mới ghi kết quả khi nhân rộng.")
    if "field_id" in fields:
        fields["field"] = _field(fields.pop("field_id"))
    if "member_id" in fields:
        fields["member"] = _member(found.org, fields.pop("member_id"))
    services.update_practice(found, by=request.auth, **fields)
    return _detail(request, org, practice_id)


@router.post("/orgs/{org_id}/practices/{practice_id}/status", response={200: PracticeDetail, 403: DetailOut},
             url_name="practice_status")
def set_status(request, org_id: int, practice_id: int, data: PracticeStatusIn):
    """Move a model of the subtree to a new status from `changed_on` (today by default); the
    history keeps every step. Stopping needs a reason (`note`). A recognition (tieu_bieu,
    xuat_sac) is a committee's over the model's organisation (403 for its cell committee) and
    says which body recognised it, by which decision and when."""
    org = org_for(request, org_id, "manage")
    found = selectors.practice_in(org, practice_id)
    if data.status in RECOGNISED_STATUSES and not rules.may_recognise(request.auth, found):
        return 403, {"detail": NOT_RECOGNISER}
    services.set_status(found, by=request.auth, **data.dict())
    return _detail(request, org, practice_id)


def _publish(request, org_id, practice_id, is_public):
    org = org_for(request, org_id, "administer")
    services.set_public(selectors.practice_in(org, practice_id), by=request.auth, is_public=is_public)
    return _detail(request, org, practice_id)


@router.post("/orgs/{org_id}/practices/{practice_id}/publish", response=PracticeDetail, url_name="practice_publish")
def publish(request, org_id: int, practice_id: int):
    """Publish the model on the public page /mo-hinh/{id}/ (a committee over it): its name,
    description, recognitions, photos and links, never the reviews or who did what."""
    return _publish(request, org_id, practice_id, True)


@router.post("/orgs/{org_id}/practices/{practice_id}/unpublish", response=PracticeDetail,
             url_name="practice_unpublish")
def unpublish(request, org_id: int, practice_id: int):
    """Withdraw the public page."""
    return _publish(request, org_id, practice_id, False)


@router.post("/orgs/{org_id}/practices/{practice_id}/evidence", response={201: EvidenceOut},
             url_name="practice_evidence_add")
def add_evidence(request, org_id: int, practice_id: int, data: EvidenceIn):
    """Attach a link ("lien_ket": `url`), a session the model's organisation held or attended
    ("buoi_sinh_hoat": `session_id`) or a document the caller may read ("van_ban":
    `document_id`). Photos are not sent through the API: upload them on the model's web page."""
    org = org_for(request, org_id, "manage")
    found = selectors.practice_in(org, practice_id)
    needs = {EvidenceKind.LINK: "url", EvidenceKind.SESSION: "session_id", EvidenceKind.DOCUMENT: "document_id"}
    sent = {name for name in ("url", "session_id", "document_id") if getattr(data, name) not in ("", None)}
    if sent - {needs[data.kind]}:
        raise ValidationError(f"Minh chứng loại “{EvidenceKind(data.kind).label}” chỉ gửi {needs[data.kind]}.")
    session = document = None
    if data.session_id is not None:
        session = sessions_visible_at(found.org).filter(pk=data.session_id).first()
        if session is None:
            raise ValidationError("Buổi học tập, sinh hoạt này không thuộc tổ chức thực hiện mô hình.")
    if data.document_id is not None:
        document = _found(lambda pk: document_for(request.auth, pk), data.document_id,
                          "Không tìm thấy văn bản đã chọn (hoặc ngoài phạm vi của đồng chí).")
    evidence = services.add_evidence(found, by=request.auth, kind=data.kind, caption=data.caption, url=data.url,
                                     session=session, document=document)
    return 201, selectors.evidence_in(found, evidence.pk)


@router.delete("/orgs/{org_id}/practices/{practice_id}/evidence/{evidence_id}", response=PracticeDetail,
               url_name="practice_evidence_remove")
def remove_evidence(request, org_id: int, practice_id: int, evidence_id: int):
    """Remove one piece of evidence (a photo's file too); the answer is the model without it."""
    org = org_for(request, org_id, "manage")
    found = selectors.practice_in(org, practice_id)
    services.remove_evidence(selectors.evidence_in(found, evidence_id), by=request.auth)
    return _detail(request, org, practice_id)


@router.put("/orgs/{org_id}/practices/{practice_id}/reviews/{year}/{period}", response=PracticeReviewOut,
            url_name="practice_review")
def review(request, org_id: int, practice_id: int, year: Year, period: one_of(ReviewPeriod), data: PracticeReviewIn):
    """The assessment of `period` ("6_thang_dau", "ca_nam") of `year`: by the model's own
    organisation when `org_id` is it (self-assessment), else by the committee of `org_id` above
    it. Sent again for the same year, period and side, it replaces the first."""
    org = org_for(request, org_id, "manage")
    found = selectors.practice_in(org, practice_id)
    row = services.review(found, by=request.auth, reviewer_org=org, year=year, period=period, verdict=data.verdict,
                          assessment=data.assessment, proposal=data.proposal)
    return selectors.reviews(found).get(pk=row.pk)


@router.post("/orgs/{org_id}/practices/{practice_id}/adopt", response={201: PracticeDetail}, url_name="practice_adopt")
def adopt(request, org_id: int, practice_id: int, data: AdoptIn):
    """The organisation of the path replicates the model (for an adoption, its original): a
    model of its own, linked to the original; once per organisation. The answer is the new model."""
    org = org_for(request, org_id, "manage")
    shown = selectors.practice_for(org, practice_id)
    original = shown.adopted_from if shown.is_adoption else shown
    adoption = services.adopt(original, by=request.auth, org=org, started_on=data.started_on, name=data.name,
                              description=data.description, goals=data.goals)
    return 201, _detail(request, org, adoption.pk)
