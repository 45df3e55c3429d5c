"""Commitments (đăng ký làm theo, cam kết nêu gương): the caller's own registration under /me,
the cell's register, figures, steps and near-copies under /orgs/{id}. Writes go through
`commitments.services` (which check who acts and from which step); a member reads only their
own registration, the contents of anyone else's need "manage" over their organisation."""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router

from hocbac.commitments import selectors, services
from hocbac.commitments.models import Registration
from hocbac.orgs.models import ELIGIBILITY_RULE

from .orgs import org_for
from .schemas import (
    REGISTER_FILTERS,
    CheckInIn,
    CopiesOut,
    DiscloseIn,
    DiscloseOut,
    EvaluationIn,
    FiguresOut,
    OrgPlanIn,
    OrgPlanOut,
    RegisterOut,
    RegistrationIn,
    RegistrationOut,
    ReopenIn,
    SelfAssessmentIn,
    Year,
    one_of,
)

router = Router(tags=["Đăng ký làm theo"])
FIGURES_RULE = (f"Mẫu số: {ELIGIBILITY_RULE}, hiện nay. Đã đăng ký: bản đăng ký đã nộp trở đi (bản nháp không tính).")


def _year(year):
    return year or selectors.this_year()


def _own_member(request):
    member = getattr(request.auth, "member", None)
    if member is None:  # an account that is not a member's has no registration
        raise Http404
    return member


def _own(request, year):
    """The caller's own registration of `year`, or 404: never anyone else's."""
    registration = selectors.registration_of(_own_member(request), _year(year))
    if registration is None:
        raise Http404
    return registration


def _of_member(org, member_id, year):
    """A registration of a member of `org`'s subtree (404 outside it, or when not started)."""
    _, registration = selectors.registration_in(org, member_id, _year(year))
    if registration is None:
        raise Http404
    return registration


@router.get("/me/registration", response=RegistrationOut, url_name="my_registration")
def my_registration(request, year: Year | None = None):
    """The caller's own registration of `year` (this year by default); 404 if not started."""
    return _own(request, year)


@router.put("/me/registration", response=RegistrationOut, url_name="my_registration_save")
def save_my_registration(request, data: RegistrationIn):
    """Create or replace the draft of `year` (only while it is a draft)."""
    fields = data.dict()
    year = fields.pop("year")
    return services.save_draft(_own_member(request), year, by=request.auth, **fields)


@router.post("/me/registration/submit", response=RegistrationOut, url_name="my_registration_submit")
def submit_my_registration(request, year: Year | None = None):
    """Submit the draft to the cell committee (needs deeds and the anti-degradation commitment)."""
    return services.submit(_own(request, year), by=request.auth)


@router.post("/me/registration/check-in", response=RegistrationOut, url_name="my_registration_check_in")
def check_in_my_registration(request, data: CheckInIn, year: Year | None = None):
    """Mid-year check-in: `progress` per deed, in the deeds' order (fewer leave the rest as they are)."""
    registration = _own(request, year)
    if len(data.progress) > len(registration.deeds):
        raise ValidationError(f"Bản đăng ký có {len(registration.deeds)} việc làm theo, "
                              f"không thể ghi {len(data.progress)} dòng tiến độ.")
    return services.check_in(registration, by=request.auth, progress=data.progress, note=data.note)


@router.post("/me/registration/self-assessment", response=RegistrationOut, url_name="my_registration_self_assessment")
def self_assess_my_registration(request, data: SelfAssessmentIn, year: Year | None = None):
    """Year-end self-assessment (may be rewritten until the cell evaluates)."""
    return services.self_assess(_own(request, year), by=request.auth, text=data.text)


def _register_row(row):
    registration = row.registration
    return {"member_id": row.member.pk, "full_name": row.member.full_name, "cell_name": row.member.org.name,
            "is_key_leader": row.member.is_key_leader, "state_label": row.state_label,
            "registration_id": registration.pk if registration else None,
            "state": registration.state if registration else None,
            "result": registration.result if registration else "",
            "result_label": registration.get_result_display() if registration else "",
            "on_behalf": registration.on_behalf if registration else False,
            "disclosed_on": registration.disclosed_on if registration else None}


@router.get("/orgs/{org_id}/registrations", response=RegisterOut, url_name="registrations")
def registrations(request, org_id: int, year: Year | None = None, show: one_of(REGISTER_FILTERS, blank=True) = ""):
    """Eligible members of the subtree with how far their registration is, Vietnamese order;
    `show`: chua_dang_ky (none or a draft), chua_tu_danh_gia (disclosed, not self-assessed)."""
    org, year = org_for(request, org_id), _year(year)
    return {"year": year, "show": show, "rows": [_register_row(r) for r in selectors.register(org, year, show=show)]}


def _figures_row(figures):
    return {"org_id": figures.org.pk, "org_name": figures.org.name, "registered_percent": figures.registered_percent,
            "good_percent": figures.good_percent, "text": figures.text,
            **{name: getattr(figures, name) for name in ("eligible", "registered", "key_leaders", "evaluated", "good",
                                                         "plans", "planning_orgs")}}


@router.get("/orgs/{org_id}/registrations/figures", response=FiguresOut, url_name="registration_figures")
def figures(request, org_id: int, year: Year | None = None):
    """Registered / eligible members, key leaders, evaluations and plans, per child (weakest first)."""
    org, year = org_for(request, org_id), _year(year)
    total, children = selectors.figures(org, year)
    return {"year": year, "rule": FIGURES_RULE, "total": _figures_row(total),
            "children": [_figures_row(f) for f in children]}


@router.post("/orgs/{org_id}/registrations/disclose", response=DiscloseOut, url_name="registrations_disclose")
def disclose(request, org_id: int, data: DiscloseIn):
    """Record that submitted registrations were read out before the cell at its meeting of `on`.
    All or nothing: an id outside the subtree is 404, one not at "submitted" is 400."""
    org = org_for(request, org_id, "manage")
    ids = set(data.ids)
    chosen = list(Registration.objects.in_subtree(org).filter(pk__in=ids).select_related("member", "org").order_by("id"))
    if len(chosen) != len(ids):
        raise Http404
    return {"disclosed": services.disclose(chosen, on=data.on, by=request.auth), "on": data.on}


@router.get("/orgs/{org_id}/members/{member_id}/registration", response=RegistrationOut, url_name="member_registration")
def member_registration(request, org_id: int, member_id: int, year: Year | None = None):
    """A member's whole registration, self-assessment included: for the cell committee ("manage")."""
    return _of_member(org_for(request, org_id, "manage"), member_id, year)


@router.post("/orgs/{org_id}/members/{member_id}/registration/evaluate", response=RegistrationOut,
             url_name="registration_evaluate")
def evaluate(request, org_id: int, member_id: int, data: EvaluationIn, year: Year | None = None):
    """The cell's evaluation of a self-assessed registration; it is then locked."""
    registration = _of_member(org_for(request, org_id, "manage"), member_id, year)
    return services.evaluate(registration, by=request.auth, result=data.result, comment=data.comment)


@router.post("/orgs/{org_id}/members/{member_id}/registration/reopen", response=RegistrationOut,
             url_name="registration_reopen")
def reopen(request, org_id: int, member_id: int, data: ReopenIn, year: Year | None = None):
    """Unlock an evaluation, with a reason: a committee only ("administer")."""
    registration = _of_member(org_for(request, org_id, "administer"), member_id, year)
    return services.reopen(registration, by=request.auth, reason=data.reason)


@router.put("/orgs/{org_id}/plan", response=OrgPlanOut, url_name="org_plan")
def org_plan(request, org_id: int, data: OrgPlanIn, year: Year | None = None):
    """The organisation's own plan for the year (created or replaced)."""
    org = org_for(request, org_id, "manage")
    return services.save_org_plan(org, _year(year), by=request.auth, content=data.content,
                                  in_resolution=data.in_resolution)


def _copy_side(registration):
    return {"registration_id": registration.pk, "year": registration.year, "member_id": registration.member_id,
            "full_name": registration.member.full_name, "cell_name": registration.org.name}


@router.get("/orgs/{org_id}/registrations/copies", response=CopiesOut, url_name="registration_copies")
def copies(request, org_id: int, year: Year | None = None):
    """Registrations nearly identical to another member's of the same year, or to the member's
    own of last year, most alike first (names and scores; the texts through the member's registration)."""
    org, year = org_for(request, org_id, "manage"), _year(year)
    pairs = selectors.near_copies(org, year)
    return {"year": year, "count": len(pairs),
            "pairs": [{"first": _copy_side(p.first), "second": _copy_side(p.second), "score": round(p.score, 3),
                       "percent": p.percent, "own_last_year": p.own_last_year} for p in pairs]}
