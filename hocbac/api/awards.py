"""Commendations, reminders and inspection plans under /orgs/{id}/…, the caller's own reminders
under /me/reminders. The pages' rules: commendations and plans are read with "view";
nominating needs "manage"; approving, declining and issuing "manage" on the commendation's
awarding body (`awards.rules.may_decide`); reminders are "manage" only (and the member's own);
a plan's items are a committee's ("administer" over the organisation that owns them); a
follow-up is reported done by those who manage its organisation. Writes go through
`awards.services` (audit-logged; PermissionDenied → 403, ValidationError → 400)."""

import math

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Router

from hocbac.awards import rules, selectors, services
from hocbac.awards.models import Recipient, Stage
from hocbac.orgs import scoping

from .orgs import org_for
from .schemas import (
    AwardFiguresOut,
    AwardFormOut,
    CommendationDetail,
    CommendationIn,
    CommendationOut,
    CommendationPage,
    DeclineIn,
    FollowUpDoneIn,
    FollowUpOut,
    InspectionConclusionIn,
    InspectionItemDetail,
    InspectionItemIn,
    InspectionItemOut,
    InspectionItemPatch,
    IssueIn,
    IssueOut,
    OutcomeIn,
    ReminderIn,
    ReminderOut,
    ReminderPage,
    Year,
    one_of,
)

router = Router(tags=["Khen thưởng, nhắc nhở, kiểm tra giám sát"])
PAGE_SIZE = 50
FIGURES_RULE = ("Một khen thưởng được tính khi đã ban hành quyết định, vào năm của ngày quyết định, tại nơi của đối "
                "tượng được khen: tập thể được khen, hoặc chi bộ của đảng viên lúc đề nghị.")


def _year(year):
    return year or timezone.localdate().year


def _page(found, page):
    count = found.count()
    pages = max(1, math.ceil(count / PAGE_SIZE))
    page = min(max(page, 1), pages)
    return {"count": count, "page": page, "pages": pages, "results": list(found[(page - 1) * PAGE_SIZE:page * PAGE_SIZE])}


def _one(rows, ident, message):
    """The row `ident` of `rows` (what the organisation may choose from), or 400: an id out of
    reach is refused like one that does not exist."""
    if ident is None:
        return None
    found = rows.filter(pk=ident).first()
    if found is None:
        raise ValidationError(message)
    return found


def _many(rows, idents, message):
    idents = list(dict.fromkeys(idents))
    found = {row.pk: row for row in rows.filter(pk__in=idents)}
    missing = [str(ident) for ident in idents if ident not in found]
    if missing:
        raise ValidationError(f"{message}: {', '.join(missing)}.")
    return [found[ident] for ident in idents]


@router.get("/award-forms", response=list[AwardFormOut], url_name="award_forms")
def award_forms(request):
    """The forms of commendation (giấy khen, bằng khen, …) a nomination may use; system
    administrators keep the list on the web."""
    return list(selectors.active_forms())


# Commendations ------------------------------------------------------------------------------

def _detail(request, org, commendation_id):
    found = selectors.commendation_in(org, commendation_id)
    found.ability_names = [name for name, allowed in (("decide", rules.may_decide(request.auth, found)),
                                                      ("withdraw", rules.may_withdraw(request.auth, found))) if allowed]
    return found


@router.get("/orgs/{org_id}/commendations", response=CommendationPage, url_name="commendations")
def commendations(request, org_id: int, year: Year | None = None, stage: one_of(Stage, blank=True) = "",
                  recipient: one_of(Recipient, blank=True) = "", page: int = 1):
    """Commendations of collectives and members of the subtree for `year` (this year by
    default), at every stage, the newest first."""
    found = selectors.commendations_in(org_for(request, org_id), year=_year(year), stage=stage, recipient=recipient)
    return _page(found, page)


@router.post("/orgs/{org_id}/commendations", response={201: CommendationDetail}, url_name="commendation_nominate")
def nominate(request, org_id: int, data: CommendationIn):
    """Nominate a collective ("tap_the": `recipient_org_id`) or a member ("ca_nhan":
    `member_id`) of the subtree, to be decided by `awarding_org_id` (this organisation or one
    above it). The same `client_key` sent again records nothing and answers the first nomination."""
    org = org_for(request, org_id, "manage")
    if data.recipient == Recipient.COLLECTIVE and data.member_id is not None:
        raise ValidationError("Đề nghị khen tập thể: gửi recipient_org_id, không gửi member_id.")
    if data.recipient == Recipient.INDIVIDUAL and data.recipient_org_id is not None:
        raise ValidationError("Đề nghị khen cá nhân: gửi member_id, không gửi recipient_org_id.")
    c = services.nominate(
        by=request.auth, recipient=data.recipient, year=data.year, reason=data.reason, basis=data.basis,
        client_key=data.client_key,
        member=_one(selectors.nominees(org), data.member_id,
                    "Không tìm thấy đảng viên đã chọn (đang sinh hoạt trong tổ chức)."),
        recipient_org=_one(selectors.recipient_orgs(org), data.recipient_org_id,
                           "Không tìm thấy tập thể đã chọn trong tổ chức (hoặc đã giải thể)."),
        awarding_org=_one(selectors.awarding_orgs(org), data.awarding_org_id,
                          "Cấp khen thưởng phải là tổ chức này hoặc một cấp ủy cấp trên."),
        form=_one(selectors.active_forms(), data.form_id, "Không tìm thấy hình thức khen thưởng đã chọn (hoặc không còn dùng)."),
        practice=_one(selectors.linkable_practices(org), data.practice_id,
                      "Không tìm thấy mô hình đã chọn (của tổ chức này, cấp dưới hoặc cấp trên)."),
        contest=_one(selectors.linkable_contests(org), data.contest_id,
                     "Không tìm thấy cuộc thi đã chọn (của tổ chức này, cấp dưới hoặc cấp trên)."))
    return 201, _detail(request, org, c.pk)


@router.get("/orgs/{org_id}/commendations/figures", response=AwardFiguresOut, url_name="commendation_figures")
def figures(request, org_id: int, year: Year | None = None):
    """Commendations issued with a decision dated in `year` (this year by default) over the
    subtree: collectives and individuals in total, by form and per child organisation."""
    org, year = org_for(request, org_id), _year(year)
    start, end = selectors.year_bounds(year)
    result = selectors.figures(org, start, end)
    return {"year": year, "start": start, "end": end, "rule": FIGURES_RULE, "total": result.total,
            "by_form": result.by_form, "children": result.children}


@router.post("/orgs/{org_id}/commendations/issue", response=IssueOut, url_name="commendations_issue")
def issue(request, org_id: int, data: IssueIn):
    """One decision (number, date, signer) for approved commendations this organisation decides
    on: all of them are issued, or none (400 with the reason)."""
    org = org_for(request, org_id, "manage")
    chosen = _many(selectors.to_issue(org), data.ids,
                   f"Chỉ ban hành khen thưởng đã duyệt do {org.name} quyết định; không thuộc danh sách đó")
    rows = services.issue(chosen, by=request.auth, decision_number=data.decision_number, decided_on=data.decided_on,
                          signer=data.signer)
    issued = list(selectors.commendations_in(org).filter(pk__in=[c.pk for c in rows]).order_by("id"))
    collectives = sum(1 for c in issued if c.recipient == Recipient.COLLECTIVE)
    first = issued[0]
    return {"decision_number": first.decision_number, "decided_on": first.decided_on, "signer": first.signer,
            "collectives": collectives, "individuals": len(issued) - collectives, "commendations": issued}


@router.get("/orgs/{org_id}/commendations/{commendation_id}", response=CommendationDetail, url_name="commendation")
def commendation(request, org_id: int, commendation_id: int):
    """A commendation of a collective or member of the subtree, with who nominated and decided."""
    return _detail(request, org_for(request, org_id), commendation_id)


def _decided(request, org_id, commendation_id, act):
    org = org_for(request, org_id)
    found = selectors.commendation_in(org, commendation_id)
    if not rules.may_decide(request.auth, found):
        raise PermissionDenied
    act(found)
    return _detail(request, org, commendation_id)


@router.post("/orgs/{org_id}/commendations/{commendation_id}/approve", response=CommendationDetail,
             url_name="commendation_approve")
def approve(request, org_id: int, commendation_id: int):
    """Approve a nomination (those who manage its awarding body); the decision is issued next."""
    return _decided(request, org_id, commendation_id, lambda c: services.approve(c, by=request.auth))


@router.post("/orgs/{org_id}/commendations/{commendation_id}/decline", response=CommendationDetail,
             url_name="commendation_decline")
def decline(request, org_id: int, commendation_id: int, data: DeclineIn):
    """Decline a nomination, saying why (those who manage its awarding body)."""
    return _decided(request, org_id, commendation_id, lambda c: services.decline(c, by=request.auth, reason=data.reason))


@router.delete("/orgs/{org_id}/commendations/{commendation_id}", response=CommendationOut,
               url_name="commendation_withdraw")
def withdraw(request, org_id: int, commendation_id: int):
    """Withdraw a nomination not yet decided (those who may nominate for its recipient): it is
    deleted; the answer is the nomination as it was."""
    found = selectors.commendation_in(org_for(request, org_id), commendation_id)
    services.withdraw(found, by=request.auth)  # deletes its own locked copy: `found` keeps the values
    return found


# Reminders and reviews --------------------------------------------------------------------

@router.get("/orgs/{org_id}/reminders", response=ReminderPage, url_name="reminders")
def reminders(request, org_id: int, open: bool = False, page: int = 1):
    """Reminders and reviews of members and organisations of the subtree, the newest first;
    `open=true`: only those still followed up."""
    return _page(selectors.reminders_in(org_for(request, org_id, "manage"), open_only=open), page)


@router.post("/orgs/{org_id}/reminders", response={201: ReminderOut}, url_name="reminder_create")
def create_reminder(request, org_id: int, data: ReminderIn):
    """Record a reminder ("nhac_nho") or review ("kiem_diem") of a member (`member_id`) or of an
    organisation of the subtree (`concerned_org_id`, this one by default), decided by
    `decided_by_id` (the organisation concerned or one above it; this one by default)."""
    org = org_for(request, org_id, "manage")
    concerned = _one(selectors.recipient_orgs(org), data.concerned_org_id or org.pk,
                     "Không tìm thấy tổ chức đã chọn trong tổ chức này (hoặc đã giải thể).")
    decided_by_id = data.decided_by_id or org.pk  # this organisation, one above it or one of its subtree
    decided_by = (selectors.awarding_orgs(org).filter(pk=decided_by_id).first()
                  or _one(selectors.recipient_orgs(org), decided_by_id, "Không tìm thấy cấp quyết định đã chọn."))
    member = _one(selectors.nominees(org), data.member_id, "Không tìm thấy đảng viên đã chọn (đang sinh hoạt trong tổ chức).")
    reminder = services.record_reminder(by=request.auth, org=concerned, member=member, kind=data.kind, reason=data.reason,
                                        decided_by=decided_by, decided_on=data.decided_on, follow_up_on=data.follow_up_on)
    return 201, selectors.reminder_in(org, reminder.pk)


@router.get("/orgs/{org_id}/reminders/{reminder_id}", response=ReminderOut, url_name="reminder")
def reminder(request, org_id: int, reminder_id: int):
    """A reminder or review of a member or organisation of the subtree ("manage")."""
    return selectors.reminder_in(org_for(request, org_id, "manage"), reminder_id)


@router.post("/orgs/{org_id}/reminders/{reminder_id}/outcome", response=ReminderOut, url_name="reminder_outcome")
def record_outcome(request, org_id: int, reminder_id: int, data: OutcomeIn):
    """What was done about it; with `closed_on` the follow-up ends and the record is final (400 after)."""
    org = org_for(request, org_id, "manage")
    services.record_outcome(selectors.reminder_in(org, reminder_id), by=request.auth, outcome=data.outcome,
                            closed_on=data.closed_on)
    return selectors.reminder_in(org, reminder_id)


@router.get("/me/reminders", response=list[ReminderOut], url_name="my_reminders")
def my_reminders(request):
    """The caller's own reminders and reviews, wherever they were recorded (404 for an account
    that is not a member's)."""
    member = rules.member_of(request.auth)
    if member is None:
        raise Http404
    return selectors.my_reminders(member)


# Inspection and supervision plans ---------------------------------------------------------

def _seen_from(org, items):
    items = list(items)
    for item in items:
        item.own = item.org.path.startswith(org.path)
        item.visible_follow_ups = selectors.follow_ups_seen_from(item, org)
    return items


def _item(request, org, item_id):
    item = _seen_from(org, [selectors.item_in(org, item_id)])[0]
    item.abilities = ["plan"] if rules.may_plan(request.auth, item) else []
    return item


def _planned(request, org, item_id):
    """An item the caller's committee owns (403 for one planned above, seen because it targets here)."""
    item = selectors.item_in(org, item_id)
    if not rules.may_plan(request.auth, item):
        raise PermissionDenied
    return item


@router.get("/orgs/{org_id}/inspections", response=list[InspectionItemOut], url_name="inspections")
def inspection_plan(request, org_id: int, year: Year | None = None):
    """The inspection and supervision plans of `year` (this year by default) of the committees
    of the subtree (this one's and those below), by date."""
    org = org_for(request, org_id)
    return _seen_from(org, selectors.plan(org, _year(year)))


@router.get("/orgs/{org_id}/inspections/concerning", response=list[InspectionItemOut],
            url_name="inspections_concerning")
def inspections_concerning(request, org_id: int, year: Year | None = None):
    """The items of `year` planned in the subtree or targeting an organisation of it: what a
    cell is inspected for from above (`own: false`) and what the conclusions ask of it (an item
    from above shows only the follow-ups of the subtree)."""
    org = org_for(request, org_id)
    return _seen_from(org, selectors.items_concerning(org, _year(year)))


@router.post("/orgs/{org_id}/inspections", response={201: InspectionItemDetail}, url_name="inspection_create")
def create_inspection(request, org_id: int, data: InspectionItemIn):
    """Add an item to the committee's plan: whom (organisations of the subtree), when (within
    `year`), what, who inspects."""
    org = org_for(request, org_id, "administer")
    values = data.dict()
    values["targets"] = _many(selectors.recipient_orgs(org), values.pop("target_ids"),
                              "Không tìm thấy tổ chức được kiểm tra, giám sát trong tổ chức này")
    item = services.create_item(by=request.auth, org=org, **values)
    return 201, _item(request, org, item.pk)


@router.get("/orgs/{org_id}/inspections/{item_id}", response=InspectionItemDetail, url_name="inspection")
def inspection(request, org_id: int, item_id: int):
    """An item planned in the subtree or targeting it, with its conclusion and the follow-ups seen from here."""
    return _item(request, org_for(request, org_id), item_id)


@router.patch("/orgs/{org_id}/inspections/{item_id}", response=InspectionItemDetail, url_name="inspection_update")
def update_inspection(request, org_id: int, item_id: int, data: InspectionItemPatch):
    """Change what is sent, until the item is concluded (its committee only)."""
    org = org_for(request, org_id, "administer")
    item = _planned(request, org, item_id)
    values = data.dict(exclude_unset=True)
    if "target_ids" in values:
        values["targets"] = _many(selectors.recipient_orgs(item.org), values.pop("target_ids"),
                                  f"Không tìm thấy tổ chức được kiểm tra, giám sát trong {item.org.name}")
    services.update_item(item, by=request.auth, **values)
    return _item(request, org, item_id)


@router.post("/orgs/{org_id}/inspections/{item_id}/conclusion", response=InspectionItemDetail,
             url_name="inspection_conclude")
def conclude(request, org_id: int, item_id: int, data: InspectionConclusionIn):
    """The conclusion (once) and the follow-ups it sets, each for an organisation inside one of
    the targets, with its due date."""
    org = org_for(request, org_id, "administer")
    item = _planned(request, org, item_id)
    orgs = _many(selectors.recipient_orgs(item.org), [f.org_id for f in data.follow_ups],
                 "Không tìm thấy tổ chức thực hiện") if data.follow_ups else []
    by_id = {o.pk: o for o in orgs}
    services.conclude(item, by=request.auth, conclusion=data.conclusion, concluded_on=data.concluded_on,
                      follow_ups=[{"org": by_id[f.org_id], "text": f.text, "due_on": f.due_on} for f in data.follow_ups])
    return _item(request, org, item_id)


@router.post("/orgs/{org_id}/follow-ups/{follow_up_id}/done", response=FollowUpOut, url_name="follow_up_done")
def follow_up_done(request, org_id: int, follow_up_id: int, data: FollowUpDoneIn):
    """Report a follow-up of an organisation of the subtree done, with what was done (those who
    manage that organisation)."""
    org = org_for(request, org_id)
    found = selectors.follow_up_in(org, follow_up_id)
    if not scoping.can(request.auth, "manage", found.org):
        raise PermissionDenied
    services.mark_follow_up_done(found, by=request.auth, done_on=data.done_on, note=data.note)
    return selectors.follow_up_in(org, follow_up_id)
