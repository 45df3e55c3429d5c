"""Monthly classification and the year-end evaluation under /orgs/{id}/…, the caller's own
evaluation under /me/rating. The pages' rules: criteria sets and classifications are read with
"view", issuing a set is a committee's ("administer"); a cell classifies its members and itself
with "manage" and sees the system's suggestions; the committee above confirms a cell's own
classification ("manage" over the cell's parent). The year-end distribution and quotas are read
with "view", every member's step and the steps themselves need "manage" (the decision "manage"
over the grassroots organisation); a member sees only their own evaluation, the result once
decided, and their cell's distribution as counts. Writes go through `ratings.services`
(audit-logged; a refused rule, the quota among them, is 400 with the service's message)."""

import math
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import F, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from ninja import Router

from hocbac.orgs import scoping
from hocbac.orgs.selectors import member_in
from hocbac.ratings import selectors, services
from hocbac.ratings.models import LEVEL_FRACTIONS, Classification, Judged, Rating, Step, Target

from .orgs import org_for
from .schemas import (
    ClassificationOut,
    ClassificationPage,
    ClassifyCellIn,
    ClassifyMembersIn,
    ConfirmIn,
    CriteriaSetIn,
    CriteriaSetOut,
    DetailOut,
    MemberRatingOut,
    MyRatingOut,
    OrgRatingOut,
    RatingDecisionIn,
    RatingProposalIn,
    RatingSelfIn,
    RatingsOut,
    SuggestionSetOut,
    Year,
)

router = Router(tags=["Phân loại hằng tháng, đánh giá xếp loại cuối năm"])
PAGE_SIZE = 50
RATINGS_RULE = ("Chỉ tính các trường hợp đã có quyết định xếp loại, tại chi bộ của đảng viên lúc đánh giá. Tỷ lệ "
                "hoàn thành xuất sắc nhiệm vụ tính trong mỗi tổ chức cơ sở đảng đã quyết định, so với số hoàn thành "
                "tốt nhiệm vụ.")
NOT_A_CELL = "Chỉ chi bộ (tổ chức có đảng viên sinh hoạt) mới phân loại theo bộ tiêu chí."


def _year(year):
    return year or timezone.localdate().year


# Criteria sets ---------------------------------------------------------------------------------

@router.get("/orgs/{org_id}/criteria-sets", response=list[CriteriaSetOut], url_name="criteria_sets")
def criteria_sets(request, org_id: int):
    """The sets the organisation classifies by: shipped ones, its own and those of the
    committees above, each with its levels and criteria."""
    return list(selectors.sets_for(org_for(request, org_id)))


@router.post("/orgs/{org_id}/criteria-sets", response={201: CriteriaSetOut}, url_name="criteria_set_create")
def create_criteria_set(request, org_id: int, data: CriteriaSetIn):
    """Issue a set for the organisation's subtree (its committee): levels from the highest, the
    last from 0 %; each criterion judged yes/no ("dat"), by level ("muc") or by points ("diem"),
    optionally suggested from the system's data (`auto_source`)."""
    org = org_for(request, org_id, "administer")
    created = services.create_set(
        by=request.auth, org=org, name=data.name, target=data.target, cadence=data.cadence, basis=data.basis,
        levels=[[level.label, level.minimum] for level in data.levels],
        criteria=[criterion.dict() for criterion in data.criteria])
    return 201, selectors.sets_owned(org).select_related("org").get(pk=created.pk)


# Monthly classification ----------------------------------------------------------------------

def _set_in_use(org, set_id):
    found = selectors.sets_for(org).filter(pk=set_id).first()
    if found is None:
        raise ValidationError("Không tìm thấy bộ tiêu chí đã chọn (đang dùng ở tổ chức này).")
    return found


def _cell(request, org_id):
    cell = org_for(request, org_id, "manage")
    if not cell.holds_members:
        raise ValidationError(NOT_A_CELL)
    return cell


def _classifications(org, **filters):
    """Classifications of `org`'s subtree with their marks, in the order of a period's list:
    period by period, each set's cell first, then its members."""
    return (Classification.objects.in_subtree(org).filter(**filters)
            .select_related("criteria_set", "org", "member", "classified_by", "confirmed_by")
            .prefetch_related("marks__criterion")
            .order_by("year", "period", "criteria_set__target", "criteria_set_id", "org__sort_key",
                      F("member__sort_key").asc(nulls_first=True), "id"))


def _checked(criteria_set, values):
    """{criterion id: value} as the service expects it, each value of its criterion's kind (the
    service would ignore an unknown criterion and fail on a non-number for points)."""
    criteria = {c.pk: c for c in criteria_set.criteria.all() if c.is_active}
    for criterion_id, value in values.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError(f"Tiêu chí {criterion_id} không thuộc bộ tiêu chí “{criteria_set.name}” "
                                  "(hoặc đã thôi dùng).")
        name = criterion.text[:60]
        if criterion.judged == Judged.YES_NO and not isinstance(value, bool):
            raise ValidationError(f"Tiêu chí “{name}”: chọn đạt (true) hoặc chưa đạt (false).")
        if criterion.judged == Judged.LEVEL and value not in LEVEL_FRACTIONS:
            raise ValidationError(f"Tiêu chí “{name}”: mức là một trong {', '.join(LEVEL_FRACTIONS)}.")
        if criterion.judged == Judged.POINTS and (
                isinstance(value, bool | str) or not math.isfinite(value)
                or Decimal(str(value)).as_tuple().exponent < -2):
            raise ValidationError(f"Tiêu chí “{name}”: điểm là một số từ 0 đến {criterion.points} "
                                  "(nhiều nhất hai chữ số thập phân).")
    return dict(values)


@router.get("/orgs/{org_id}/classifications", response=ClassificationPage, url_name="classifications")
def classifications(request, org_id: int, set: int | None = None, year: Year | None = None,
                    period: int | None = None, page: int = 1):
    """The classifications of the subtree in `year` (this year by default) with their marks:
    the cells' own and their members'; `set` and `period` narrow it to one set's period."""
    filters = {"year": _year(year)}
    if set is not None:
        filters["criteria_set_id"] = set
    if period is not None:
        filters["period"] = period
    found = _classifications(org_for(request, org_id), **filters)
    count = found.count()
    pages = max(1, math.ceil(count / PAGE_SIZE))
    page = min(max(page, 1), pages)
    return {"count": count, "page": page, "pages": pages, "results": list(found[(page - 1) * PAGE_SIZE:page * PAGE_SIZE])}


def _period(criteria_set, year, period, today):
    """(period, first day, last day): the one asked for, or the latest of `year` that has begun;
    None when it does not exist for the set's cadence or has not begun."""
    for candidate in [period] if period is not None else range(12, 0, -1):
        try:
            start, end = selectors.period_bounds(criteria_set.cadence, year, candidate)
        except ValueError:
            continue
        if start <= today:
            return candidate, start, end
    return None


@router.get("/orgs/{org_id}/classifications/suggestions", response=list[SuggestionSetOut],
            url_name="classification_suggestions")
def suggestions(request, org_id: int, set: int | None = None, year: Year | None = None, period: int | None = None):
    """What the system's own data suggests for each criterion that has a source (meetings
    attended, the assigned reflection written, the period's contest taken, the year's
    commitment), with its evidence: per eligible member for a members' set, for the cell for a
    cells' set. Every set in use, or `set`; the latest period begun of `year` (this year by
    default), or `period` (sets without that period are left out unless asked for by `set`)."""
    cell = _cell(request, org_id)
    year, today = _year(year), timezone.localdate()
    sets = [_set_in_use(cell, set)] if set is not None else list(selectors.sets_for(cell))
    result = []
    for criteria_set in sets:
        found = _period(criteria_set, year, period, today)
        if found is None:
            if set is not None:
                raise ValidationError("Kỳ phân loại không hợp lệ hoặc chưa đến.")
            continue
        number, start, end = found
        criteria = [c for c in criteria_set.criteria.all() if c.is_active and c.auto_source]
        members = selectors.members_to_classify(cell, end)  # a cell's evidence counts them too ("2/30 dự thi")
        hints = selectors.suggestions(criteria_set, cell, members, start, end)
        subjects = [(m.pk, m.full_name) for m in members] if criteria_set.target == Target.MEMBER else [(None, cell.name)]
        result.append({
            "set_id": criteria_set.pk, "set_name": criteria_set.name, "target": criteria_set.target, "year": year,
            "period": number, "period_label": selectors.period_label(criteria_set.cadence, year, number),
            "start": start, "end": end,
            "subjects": [{"member_id": key, "name": name, "suggestions": [
                {"criterion_id": c.pk, "position": c.position, "text": c.text, "auto_source": c.auto_source,
                 "auto_source_label": c.get_auto_source_display(),
                 "met": hints[(key, c.pk)].met if (key, c.pk) in hints else None,
                 "evidence": hints[(key, c.pk)].evidence if (key, c.pk) in hints else ""}
                for c in criteria]} for key, name in subjects],
        })
    return result


@router.post("/orgs/{org_id}/classifications/members", response=list[ClassificationOut],
             url_name="classifications_members")
def classify_members(request, org_id: int, data: ClassifyMembersIn):
    """Record the period's classification of every eligible member of the cell against a
    members' set: every criterion met unless `exceptions` says otherwise. A period already
    recorded is recorded again only with a `reason`. The answer is the period's classifications."""
    cell = _cell(request, org_id)
    criteria_set = _set_in_use(cell, data.set)
    exceptions = {member_id: _checked(criteria_set, values) for member_id, values in data.exceptions.items()}
    services.classify_members(criteria_set, cell, by=request.auth, year=data.year, period=data.period,
                              exceptions=exceptions, reason=data.reason)
    return list(_classifications(cell, criteria_set=criteria_set, year=data.year, period=data.period,
                                 member__isnull=False))


@router.post("/orgs/{org_id}/classifications/cell", response=ClassificationOut, url_name="classification_cell")
def classify_cell(request, org_id: int, data: ClassifyCellIn):
    """The cell's own classification of the period against a cells' set, waiting for the
    committee above to confirm it. One already confirmed changes only with a `reason` (and waits
    again)."""
    cell = _cell(request, org_id)
    criteria_set = _set_in_use(cell, data.set)
    row = services.classify_cell(criteria_set, cell, by=request.auth, year=data.year, period=data.period,
                                 values=_checked(criteria_set, data.values), reason=data.reason)
    return _classifications(cell, pk=row.pk).get()


@router.get("/orgs/{org_id}/classifications/awaiting", response=list[ClassificationOut],
            url_name="classifications_awaiting")
def awaiting(request, org_id: int):
    """The cells' own classifications of the subtree waiting for confirmation from above, the
    oldest period first."""
    rows = selectors.awaiting_confirmation(org_for(request, org_id, "manage"))
    prefetch_related_objects(rows, "classified_by", "confirmed_by", "marks__criterion")
    return rows


@router.post("/orgs/{org_id}/classifications/{classification_id}/confirm",
             response={200: ClassificationOut, 403: DetailOut}, url_name="classification_confirm")
def confirm(request, org_id: int, classification_id: int, data: ConfirmIn):
    """Confirm a cell's own classification (those who manage the committee above the cell),
    at its level or at another of the set's levels with a `note`. Confirmed, it is locked."""
    org = org_for(request, org_id, "manage")
    found = selectors.classification_in(org, classification_id)
    parent = found.org.parent
    if found.member_id is None and parent is not None and not scoping.can(request.auth, "manage", parent):
        return 403, {"detail": "Chỉ cấp ủy cấp trên mới xác nhận phân loại chi bộ."}
    services.confirm(found, by=request.auth, level=data.level or None, note=data.note)
    return _classifications(org, pk=found.pk).get()


# Year-end evaluation ---------------------------------------------------------------------------

def _frame(frame):
    if frame is None:
        return None
    return {"id": frame.pk, "name": frame.name, "general_points": frame.general_points,
            "task_points": frame.task_points, "excellent_from": frame.excellent_from, "good_from": frame.good_from,
            "done_from": frame.done_from, "conditions": frame.conditions, "quota_percent": frame.quota_percent,
            "quota_exception_allowed": frame.quota_exception_allowed}


def _user(user):
    return (user.full_name or user.username) if user is not None else ""


def _self_step(rating):
    if rating is None or rating.self_at is None:
        return None
    return {"general": rating.self_general, "tasks": rating.self_tasks,
            "total": rating.self_general + rating.self_tasks, "level": rating.self_level,
            "level_label": rating.get_self_level_display(), "note": rating.self_note, "by_name": _user(rating.self_by),
            "at": rating.self_at}


def _counts(counter):
    return {code: counter[code] for code in Rating.values}


def _distribution_row(org, counter):
    return {"org_id": org.pk, "org_name": org.name, **_counts(counter), "total": sum(_counts(counter).values())}


@router.get("/orgs/{org_id}/ratings", response=RatingsOut, url_name="ratings")
def ratings(request, org_id: int, year: Year | None = None):
    """The year's decided member ratings of the subtree over the four levels (with last year's),
    per child organisation, and the quota of each grassroots organisation that decided; for those
    who manage, every member's step."""
    org, year = org_for(request, org_id), _year(year)
    frame = selectors.current_frame()
    total, children = selectors.distribution(org, year)
    last_total, _ = selectors.distribution(org, year - 1)
    quotas = [{"org_id": row.org.pk, "org_name": row.org.name, "excellent": row.check.excellent,
               "good": row.check.good, "percent": row.check.percent, "allowed": row.check.allowed,
               "exceeded": row.check.exceeded} for row in (selectors.quotas_in(org, year, frame) if frame else [])]
    return {
        "year": year, "last_year": year - 1, "rule": RATINGS_RULE, "frame": _frame(frame),
        "levels": [{"code": code, "label": label, "count": total[code], "last_year": last_total[code]}
                   for code, label in selectors.LEVELS],
        "total": _distribution_row(org, total),
        "children": [_distribution_row(child, counter) for child, counter in children],
        "quotas": quotas,
        "ratings": list(selectors.member_ratings_in(org, year)) if scoping.can(request.auth, "manage", org) else None,
    }


def _member_rating(request, member, year):
    rating = selectors.own_rating(member, year)
    frame = rating.frame if rating else selectors.current_frame()
    body = services.deciding_org(rating) if rating else selectors.grassroots_of(member.org)
    step = rating.step if rating else ""
    abilities = []
    if step in ("", Step.SELF):
        abilities.append("self_assess")
    if rating is not None and rating.self_at is not None and step != Step.DECIDED:
        abilities.append("propose")
    if step == Step.PROPOSED and scoping.can(request.auth, "manage", body):
        abilities.append("decide")
    return {
        "year": year, "member_id": member.pk, "full_name": member.full_name, "org_id": member.org_id,
        "org_name": member.org.name, "deciding_org_id": body.pk, "deciding_org_name": body.name,
        "frame": _frame(frame), **_steps(rating), "abilities": abilities,
    }


def _steps(rating):
    """The step reached and each step's who, when and points (shared by members and organisations)."""
    proposal = decision = None
    if rating is not None and rating.proposed_at is not None:
        proposal = {"general": rating.proposed_general, "tasks": rating.proposed_tasks,
                    "total": rating.proposed_general + rating.proposed_tasks, "level": rating.proposed_level,
                    "level_label": rating.get_proposed_level_display(), "note": rating.proposed_note,
                    "by_name": _user(rating.proposed_by), "at": rating.proposed_at, "conditions": rating.conditions}
    if rating is not None and rating.decided_at is not None:
        decision = {"level": rating.decided_level, "level_label": rating.get_decided_level_display(),
                    "org_id": rating.decided_by_org_id, "org_name": rating.decided_by_org.name,
                    "by_name": _user(rating.decided_by), "at": rating.decided_at,
                    "quota_exception": rating.quota_exception}
    return {"step": rating.step if rating else "",
            "step_label": rating.get_step_display() if rating else "Chưa tự đánh giá",
            "self_assessment": _self_step(rating), "proposal": proposal, "decision": decision}


def _assessed(rating):
    """The rating, or a 400 when there is none yet (the steps begin with the self-assessment)."""
    if rating is None:
        raise ValidationError("Chưa có tự đánh giá.")
    return rating


@router.get("/orgs/{org_id}/ratings/members/{member_id}", response=MemberRatingOut, url_name="member_rating")
def member_rating(request, org_id: int, member_id: int, year: Year | None = None):
    """A member's evaluation of `year` (this year by default): the self-assessment, the cell's
    proposal and the decision, each with who, when and the points; who decides; what the caller
    may do next."""
    member = member_in(org_for(request, org_id, "manage"), member_id)
    return _member_rating(request, member, _year(year))


@router.put("/orgs/{org_id}/ratings/members/{member_id}/self-assessment", response=MemberRatingOut,
            url_name="member_rating_self_assessment")
def member_self_assessment(request, org_id: int, member_id: int, data: RatingSelfIn):
    """The member's self-assessment entered by the cell on their behalf (until the proposal);
    sent again, it replaces the first."""
    member = member_in(org_for(request, org_id, "manage"), member_id)
    services.self_assess(by=request.auth, year=data.year, member=member, general=data.general, tasks=data.tasks,
                         note=data.note)
    return _member_rating(request, member, data.year)


@router.post("/orgs/{org_id}/ratings/members/{member_id}/proposal", response=MemberRatingOut,
             url_name="member_rating_proposal")
def member_proposal(request, org_id: int, member_id: int, data: RatingProposalIn, year: Year | None = None):
    """The cell's proposal for `year` (this year by default), after the self-assessment and
    until the decision: the points, and the disqualifying `conditions` ticked (any caps the
    level at khtnv)."""
    member, year = member_in(org_for(request, org_id, "manage"), member_id), _year(year)
    services.propose(_assessed(selectors.own_rating(member, year)), by=request.auth, general=data.general, tasks=data.tasks,
                     conditions=data.conditions, note=data.note)
    return _member_rating(request, member, year)


@router.post("/orgs/{org_id}/ratings/members/{member_id}/decision",
             response={200: MemberRatingOut, 403: DetailOut}, url_name="member_rating_decision")
def member_decision(request, org_id: int, member_id: int, data: RatingDecisionIn, year: Year | None = None):
    """The decision for `year` (this year by default) by the grassroots organisation (those who
    manage it), at the proposed level or lower. Past the quota it is refused (400, with the
    figures) unless an `exception` reason is given, which is recorded."""
    member, year = member_in(org_for(request, org_id, "manage"), member_id), _year(year)
    rating = _assessed(selectors.own_rating(member, year))
    body = services.deciding_org(rating)
    if body is not None and not scoping.can(request.auth, "manage", body):
        return 403, {"detail": f"Chỉ {body.name} mới quyết định xếp loại này."}
    services.decide(rating, by=request.auth, level=data.level or None, exception=data.exception)
    return _member_rating(request, member, year)


# An organisation's own ---------------------------------------------------------------------------

def _org_rating(request, org, year):
    rating = selectors.org_rating(org, year)
    step = rating.step if rating else ""
    above = org.parent is not None and scoping.can(request.auth, "manage", org.parent)
    abilities = []
    if step in ("", Step.SELF) and scoping.can(request.auth, "manage", org):
        abilities.append("self_assess")
    if above and rating is not None and rating.self_at is not None and step != Step.DECIDED:
        abilities.append("propose")
    if above and step == Step.PROPOSED:
        abilities.append("decide")
    return {
        "year": year, "org_id": org.pk, "org_name": org.name,
        "deciding_org_id": org.parent_id, "deciding_org_name": org.parent.name if org.parent else None,
        "frame": _frame(rating.frame if rating else selectors.current_frame()), **_steps(rating),
        "abilities": abilities,
    }


def _above(request, org):
    """The committee one level up proposes and decides: 403 for anyone else who reaches `org`."""
    if org.parent is None or not scoping.can(request.auth, "manage", org.parent):
        return 403, {"detail": "Chỉ cấp ủy cấp trên trực tiếp mới đề xuất, quyết định xếp loại tổ chức này."}
    return None


@router.get("/orgs/{org_id}/ratings/organisation", response=OrgRatingOut, url_name="org_rating")
def org_rating(request, org_id: int, year: Year | None = None):
    """The organisation's own evaluation of `year` (this year by default): its committee's
    self-assessment, the proposal and the decision of the committee one level up, each with who,
    when and the points; what the caller may do next."""
    return _org_rating(request, org_for(request, org_id), _year(year))


@router.put("/orgs/{org_id}/ratings/organisation/self-assessment", response=OrgRatingOut,
            url_name="org_rating_self_assessment")
def org_self_assessment(request, org_id: int, data: RatingSelfIn):
    """The organisation's self-assessment by its committee ("manage"), until the proposal; sent
    again, it replaces the first."""
    org = org_for(request, org_id, "manage")
    services.self_assess(by=request.auth, year=data.year, org=org, general=data.general, tasks=data.tasks,
                         note=data.note)
    return _org_rating(request, org, data.year)


@router.post("/orgs/{org_id}/ratings/organisation/proposal", response={200: OrgRatingOut, 403: DetailOut},
             url_name="org_rating_proposal")
def org_proposal(request, org_id: int, data: RatingProposalIn, year: Year | None = None):
    """The proposal of the committee one level up (403 for anyone else), after the
    self-assessment and until the decision; a ticked condition caps the level at khtnv."""
    org, year = org_for(request, org_id), _year(year)
    refused = _above(request, org)
    if refused:
        return refused
    services.propose(_assessed(selectors.org_rating(org, year)), by=request.auth, general=data.general, tasks=data.tasks,
                     conditions=data.conditions, note=data.note)
    return _org_rating(request, org, year)


@router.post("/orgs/{org_id}/ratings/organisation/decision", response={200: OrgRatingOut, 403: DetailOut},
             url_name="org_rating_decision")
def org_decision(request, org_id: int, data: RatingDecisionIn, year: Year | None = None):
    """The decision of the committee one level up (403 for anyone else), at the proposed level or
    lower."""
    org, year = org_for(request, org_id), _year(year)
    refused = _above(request, org)
    if refused:
        return refused
    services.decide(_assessed(selectors.org_rating(org, year)), by=request.auth, level=data.level or None, exception=data.exception)
    return _org_rating(request, org, year)


# The member's own ------------------------------------------------------------------------------

def _own_member(request):
    member = getattr(request.auth, "member", None)
    if member is None:  # an account that is not a member's has no evaluation
        raise Http404
    return member


def _my_rating(member, year):
    rating = selectors.own_rating(member, year)
    decided = rating is not None and rating.step == Step.DECIDED
    cell_total, _ = selectors.distribution(member.org, year)
    return {
        "year": year, "member_id": member.pk, "full_name": member.full_name, "org_id": member.org_id,
        "org_name": member.org.name, "frame": _frame(rating.frame if rating else selectors.current_frame()),
        "step": rating.step if rating else "", "step_label": rating.get_step_display() if rating else "Chưa tự đánh giá",
        "editable": rating is None or rating.step == Step.SELF, "self_assessment": _self_step(rating),
        "result": {"level": rating.decided_level, "level_label": rating.get_decided_level_display(),
                   "org_id": rating.decided_by_org_id, "org_name": rating.decided_by_org.name,
                   "at": rating.decided_at} if decided else None,
        "cell_distribution": [{"code": code, "label": label, "count": cell_total[code]}
                              for code, label in selectors.LEVELS],
    }


@router.get("/me/rating", response=MyRatingOut, url_name="my_rating")
def my_rating(request, year: Year | None = None):
    """The caller's own evaluation of `year` (this year by default): their self-assessment, the
    result once decided, and their cell's distribution as counts only (404 for an account that
    is not a member's)."""
    return _my_rating(_own_member(request), _year(year))


@router.put("/me/rating", response=MyRatingOut, url_name="my_rating_save")
def save_my_rating(request, data: RatingSelfIn):
    """The caller's self-assessment of `year` (this year by default), until the cell's proposal;
    sent again, it replaces the first."""
    member = _own_member(request)
    services.self_assess(by=request.auth, year=data.year, member=member, general=data.general, tasks=data.tasks,
                         note=data.note)
    return _my_rating(member, data.year)
