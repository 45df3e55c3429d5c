"""Pages of commendations (/o/<id>/khen-thuong/…), reminders (/o/<id>/nhac-nho/…, a member's
own at /toi/nhac-nho/) and inspection plans (/o/<id>/kiem-tra/…), and the catalogue of award
forms (/hinh-thuc-khen-thuong/, system administrators). Organisation pages resolve their
organisation with `orgs.scoping.org_view`; the record's own rule (`rules`) decides the rest."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hocbac.core.exports import xlsx_response
from hocbac.orgs import scoping
from hocbac.practices.models import Holder

from . import exports, rules, selectors, services
from .forms import (
    FOLLOW_UP_ROWS,
    AwardFormName,
    ConclusionForm,
    DecisionFields,
    DeclineForm,
    FollowUpDoneForm,
    InspectionItemForm,
    IssueForm,
    NominationForm,
    OutcomeForm,
    ReminderForm,
)
from .models import AwardForm, Basis, Recipient, Stage

PAGE_SIZE = 50
INVALID = "Nội dung chưa hợp lệ, xem các ô được đánh dấu."


def _year(request):
    year = request.GET.get("nam", "")
    return int(year) if year.isdigit() and 2000 < int(year) < 2100 else timezone.localdate().year


def _errors(error):
    return " ".join(error.messages)


def _int(value):
    return int(value) if value and value.isdigit() else None


# Commendations ----------------------------------------------------------------------------

@scoping.org_view("view")
def commendation_list(request):
    """The year's figures (decisions issued), the list with its stages, and what waits for
    this organisation's decision."""
    org, year = request.org, _year(request)
    stage = request.GET.get("buoc", "")
    stage = stage if stage in Stage.values else ""
    recipient = request.GET.get("doi_tuong", "")
    recipient = recipient if recipient in Recipient.values else ""
    start, end = selectors.year_bounds(year)
    page = Paginator(selectors.commendations_in(org, year=year, stage=stage, recipient=recipient), PAGE_SIZE).get_page(
        request.GET.get("trang"))
    may_manage = "manage" in request.abilities
    return render(request, "awards/commendation_list.html", {
        "org": org, "year": str(year), "stage": stage, "recipient": recipient, "stages": Stage.choices,
        "recipients": Recipient.choices, "figures": selectors.figures(org, start, end), "page": page,
        "may_manage": may_manage, "waiting": list(selectors.to_decide(org)) if may_manage else [],
    })


def _prefill(request, org):
    """Initial values from the links of a member's page, a contest's ranking or a model's page."""
    # A cell sends its nominations up to its committee; a committee commends its own subtree.
    awarding_org = org.parent_id if org.holds_members and org.parent_id else org.pk
    initial = {"year": timezone.localdate().year, "recipient": Recipient.INDIVIDUAL, "basis": Basis.PROGRAMME,
               "awarding_org": awarding_org}
    member_id, contest_id, practice_id = (_int(request.GET.get(k)) for k in ("dang_vien", "cuoc_thi", "mo_hinh"))
    contest = practice = None
    if contest_id:
        contest = selectors.linkable_contests(org).filter(pk=contest_id).first()
        if contest:
            initial.update(basis=Basis.CONTEST, contest=contest.pk)
    if practice_id:
        practice = selectors.linkable_practices(org).select_related("member").filter(pk=practice_id).first()
        if practice:
            initial.update(basis=Basis.PRACTICE, practice=practice.pk)
            if practice.holder == Holder.INDIVIDUAL:
                initial.update(recipient=Recipient.INDIVIDUAL, member=practice.member_id)
            elif practice.org.path.startswith(org.path):
                initial.update(recipient=Recipient.COLLECTIVE, recipient_org=practice.org_id)
            initial["reason"] = f"Có thành tích xây dựng và thực hiện mô hình “{practice.name}”."
    if member_id:
        initial.update(recipient=Recipient.INDIVIDUAL, member=member_id)
    return initial, contest, practice


def _nomination_fields(data):
    return {k: data[k] for k in ("recipient", "recipient_org", "member", "awarding_org", "form", "year", "reason",
                                 "basis", "practice", "contest", "client_key")}


@scoping.org_view("manage")
def commendation_new(request):
    """Nominate a collective or a member of this organisation's subtree."""
    org = request.org
    initial, contest, _ = _prefill(request, org)
    form = NominationForm(request.POST or None, org=org, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                c = services.nominate(by=request.user, **_nomination_fields(form.cleaned_data))
            except ValidationError as error:
                form.add_error(None, _errors(error))
            else:
                messages.success(request, f"Đã gửi đề nghị khen thưởng {c.recipient_name} tới {c.awarding_org.name}.")
                return redirect("awards:commendation_detail", org_id=org.pk, commendation_id=c.pk)
        else:
            messages.error(request, INVALID)
    return render(request, "awards/commendation_new.html", {
        "org": org, "form": form, "contest": contest,
        "winners": selectors.contest_winners(contest, org) if contest and request.method == "GET" else [],
    })


@scoping.org_view("view")
def commendation_detail(request, commendation_id):
    c = selectors.commendation_in(request.org, commendation_id)
    may_decide = rules.may_decide(request.user, c)
    return render(request, "awards/commendation_detail.html", {
        "org": request.org, "c": c, "may_decide": may_decide, "may_withdraw": rules.may_withdraw(request.user, c),
        "decline_form": DeclineForm() if may_decide and c.stage == Stage.NOMINATED else None,
        "decision_form": DecisionFields(initial={"decided_on": timezone.localdate()})
        if may_decide and c.stage == Stage.APPROVED else None,
    })


def _to_detail(org, c):
    return redirect("awards:commendation_detail", org_id=org.pk, commendation_id=c.pk)


def _decision_step(request, commendation_id, act):
    """A POST of the competent body on a commendation: the rule, then `act(c)` → message."""
    c = selectors.commendation_in(request.org, commendation_id)
    if not rules.may_decide(request.user, c):
        raise PermissionDenied
    try:
        messages.success(request, act(c))
    except ValidationError as error:
        messages.error(request, _errors(error))
    return _to_detail(request.org, c)


@require_POST
@scoping.org_view("view")
def commendation_approve(request, commendation_id):
    def act(c):
        services.approve(c, by=request.user)
        return f"Đã duyệt khen thưởng {c.recipient_name}."

    return _decision_step(request, commendation_id, act)


@require_POST
@scoping.org_view("view")
def commendation_decline(request, commendation_id):
    def act(c):
        form = DeclineForm(request.POST)
        if not form.is_valid():
            raise ValidationError("Hãy ghi lý do không duyệt.")
        services.decline(c, by=request.user, reason=form.cleaned_data["reason"])
        return f"Đã ghi không duyệt khen thưởng {c.recipient_name}."

    return _decision_step(request, commendation_id, act)


@require_POST
@scoping.org_view("view")
def commendation_withdraw(request, commendation_id):
    c = selectors.commendation_in(request.org, commendation_id)
    if not rules.may_withdraw(request.user, c):
        raise PermissionDenied
    services.withdraw(c, by=request.user)
    messages.success(request, f"Đã rút đề nghị khen thưởng {c.recipient_name}.")
    return redirect("awards:commendation_list", org_id=request.org.pk)


@scoping.org_view("manage")
def commendation_issue(request):
    """One decision for the approved commendations this organisation decides on."""
    org = request.org
    form = IssueForm(request.POST or None, org=org, initial={"decided_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                rows = services.issue(data["commendations"], by=request.user, decision_number=data["decision_number"],
                                      decided_on=data["decided_on"], signer=data["signer"])
            except ValidationError as error:
                form.add_error(None, _errors(error))
            else:
                collectives = sum(1 for c in rows if c.recipient == Recipient.COLLECTIVE)
                messages.success(request, f"Đã ban hành Quyết định số {data['decision_number']}: khen thưởng "
                                          f"{collectives} tập thể, {len(rows) - collectives} cá nhân.")
                if len(rows) == 1:
                    return _to_detail(org, rows[0])
                return redirect("awards:commendation_list", org_id=org.pk)
        else:
            messages.error(request, INVALID)
    return render(request, "awards/commendation_issue.html", {"org": org, "form": form})


@scoping.org_view("view")
def certificate(request, commendation_id):
    """The printable certificate (A4 landscape) of an issued commendation."""
    c = selectors.commendation_in(request.org, commendation_id)
    if c.stage != Stage.ISSUED:
        raise Http404
    return render(request, "awards/certificate.html", {"org": request.org, "c": c,
                                                       "decided_on_text": _long_date(c.decided_on)})


def _long_date(day):
    """"ngày 03 tháng 02 năm 2026": days below 10 and months below 3 take a leading zero, as in
    party documents."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


@scoping.org_view("view")
def commendation_export(request):
    org, year = request.org, _year(request)
    """Two sheets: the commendations for `year` at every stage, and those issued by decisions
    dated in `year` (the list for the review report)."""
    rows = selectors.commendations_in(org, year=year).select_related("org__parent").order_by(
        "stage", "decided_on", "form__position", "-recipient", "org__sort_key", "member__sort_key", "id")
    start, end = selectors.year_bounds(year)
    report = selectors.report_list(org, start, end, with_parents=True)
    return xlsx_response(request, f"khen-thuong-{org.code}-{year}.xlsx",
                         [exports.commendation_sheet(rows, year), exports.report_sheet(report, year)],
                         action="commendation.export", org=org)


@login_required
def award_forms(request):
    """The catalogue of award forms: add, rename, stop or resume offering one."""
    if not request.user.is_superuser:
        raise PermissionDenied
    add_form = AwardFormName(request.POST if request.POST.get("action") == "add" else None, prefix="them")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add":
                if add_form.is_valid():
                    added = services.add_award_form(by=request.user, name=add_form.cleaned_data["name"])
                    messages.success(request, f"Đã thêm hình thức {added.name}.")
                    return redirect("awards:award_forms")
                messages.error(request, "Hãy nhập tên hình thức.")
            else:
                found = get_object_or_404(AwardForm, pk=_int(request.POST.get("id")))
                if action == "rename":
                    services.rename_award_form(found, by=request.user, name=request.POST.get("name", ""))
                    messages.success(request, f"Đã lưu tên {found.name}.")
                elif action in ("deactivate", "activate"):
                    services.set_award_form_active(found, by=request.user, active=action == "activate")
                    messages.success(request, f"Đã {'dùng lại' if found.is_active else 'ngừng dùng'} hình thức {found.name}.")
                return redirect("awards:award_forms")
        except ValidationError as error:
            messages.error(request, _errors(error))
    return render(request, "awards/award_forms.html", {"forms": AwardForm.objects.all(), "add_form": add_form})


# Reminders and reviews --------------------------------------------------------------------

@scoping.org_view("manage")
def reminder_list(request):
    org = request.org
    open_only = request.GET.get("dang_theo_doi") == "1"
    page = Paginator(selectors.reminders_in(org, open_only=open_only), PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "awards/reminder_list.html", {
        "org": org, "page": page, "open_only": open_only, "today": timezone.localdate(),
        "due": list(selectors.due_follow_ups(org, timezone.localdate())),
    })


@scoping.org_view("manage")
def reminder_new(request):
    org = request.org
    initial = {"concerned_org": org.pk, "decided_by": org.pk, "decided_on": timezone.localdate(), "kind": "nhac_nho"}
    member_id = _int(request.GET.get("dang_vien"))
    if member_id:
        initial["member"] = member_id
    form = ReminderForm(request.POST or None, org=org, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                reminder = services.record_reminder(
                    by=request.user, org=data["concerned_org"], member=data["member"], kind=data["kind"],
                    reason=data["reason"], decided_by=data["decided_by"], decided_on=data["decided_on"],
                    follow_up_on=data["follow_up_on"])
            except ValidationError as error:
                form.add_error(None, _errors(error))
            else:
                messages.success(request, f"Đã ghi {reminder.get_kind_display().lower()}.")
                return redirect("awards:reminder_detail", org_id=org.pk, reminder_id=reminder.pk)
        else:
            messages.error(request, INVALID)
    return render(request, "awards/reminder_new.html", {"org": org, "form": form})


@scoping.org_view("manage")
def reminder_detail(request, reminder_id):
    org = request.org
    reminder = selectors.reminder_in(org, reminder_id)
    form = OutcomeForm(request.POST or None, initial={"outcome": reminder.outcome})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_outcome(reminder, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, _errors(error))
            else:
                messages.success(request, "Đã ghi kết quả khắc phục.")
                return redirect("awards:reminder_detail", org_id=org.pk, reminder_id=reminder.pk)
        else:
            messages.error(request, INVALID)
    return render(request, "awards/reminder_detail.html", {
        "org": org, "reminder": reminder, "form": form if reminder.closed_on is None else None})


@login_required
def my_reminders(request):
    """A member's own reminders and reviews (read-only)."""
    member = rules.member_of(request.user)
    if member is None:
        raise Http404
    return render(request, "awards/my_reminders.html", {"member": member, "reminders": selectors.my_reminders(member)})


# Inspection and supervision plans ---------------------------------------------------------

@scoping.org_view("view")
def inspection_plan(request):
    org, year = request.org, _year(request)
    items = list(selectors.items_concerning(org, year))
    for item in items:
        item.own = item.org.path.startswith(org.path)
        item.visible_follow_ups = selectors.follow_ups_seen_from(item, org)
    return render(request, "awards/inspection_plan.html", {
        "org": org, "year": str(year), "items": items, "may_plan": "administer" in request.abilities,
        "today": timezone.localdate(),
    })


def _item_values(form):
    return {k: form.cleaned_data[k] for k in services.ITEM_FIELDS}


@scoping.org_view("administer")
def inspection_new(request):
    org, year = request.org, _year(request)
    form = InspectionItemForm(request.POST or None, org=org, initial={"year": year, "kind": "kiem_tra"})
    if request.method == "POST":
        if form.is_valid():
            try:
                item = services.create_item(by=request.user, org=org, **_item_values(form))
            except ValidationError as error:
                form.add_error(None, _errors(error))
            else:
                messages.success(request, "Đã thêm vào kế hoạch kiểm tra, giám sát.")
                return redirect("awards:inspection_detail", org_id=org.pk, item_id=item.pk)
        else:
            messages.error(request, INVALID)
    return render(request, "awards/inspection_form.html", {"org": org, "form": form, "item": None})


@scoping.org_view("view")
def inspection_detail(request, item_id):
    org = request.org
    item = selectors.item_in(org, item_id)
    follow_ups = selectors.follow_ups_seen_from(item, org)
    for f in follow_ups:
        f.closable = rules.may_close_follow_up(request.user, f)
    return render(request, "awards/inspection_detail.html", {
        "org": org, "item": item, "follow_ups": follow_ups, "may_plan": rules.may_plan(request.user, item),
        "done_form": FollowUpDoneForm(initial={"done_on": timezone.localdate()}),
    })


def _planned_item(request, item_id):
    item = selectors.item_in(request.org, item_id)
    if not rules.may_plan(request.user, item):
        raise PermissionDenied
    return item


@scoping.org_view("administer")
def inspection_edit(request, item_id):
    org = request.org
    item = _planned_item(request, item_id)
    initial = {k: getattr(item, k) for k in services.ITEM_FIELDS if k != "targets"}
    initial["targets"] = [t.pk for t in item.targets.all()]
    form = InspectionItemForm(request.POST or None, org=item.org, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_item(item, by=request.user, **_item_values(form))
            except ValidationError as error:
                form.add_error(None, _errors(error))
            else:
                messages.success(request, "Đã lưu.")
                return redirect("awards:inspection_detail", org_id=org.pk, item_id=item.pk)
        else:
            messages.error(request, INVALID)
    return render(request, "awards/inspection_form.html", {"org": org, "form": form, "item": item})


@scoping.org_view("administer")
def inspection_conclude(request, item_id):
    org = request.org
    item = _planned_item(request, item_id)
    if item.concluded_on is not None:
        messages.error(request, "Nội dung này đã có kết luận.")
        return redirect("awards:inspection_detail", org_id=org.pk, item_id=item.pk)
    form = ConclusionForm(request.POST or None, item=item, initial={"concluded_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.conclude(item, by=request.user, conclusion=form.cleaned_data["conclusion"],
                                  concluded_on=form.cleaned_data["concluded_on"], follow_ups=form.follow_ups())
            except ValidationError as error:
                form.add_error(None, _errors(error))
            else:
                messages.success(request, "Đã ghi kết luận.")
                return redirect("awards:inspection_detail", org_id=org.pk, item_id=item.pk)
        else:
            messages.error(request, INVALID)
    return render(request, "awards/inspection_conclude.html", {"org": org, "item": item, "form": form,
                                                                "rows": FOLLOW_UP_ROWS})


@require_POST
@scoping.org_view("view")
def follow_up_done(request, follow_up_id):
    """Those who manage the follow-up's organisation report it done."""
    org = request.org
    follow_up = selectors.follow_up_in(org, follow_up_id)
    if not scoping.can(request.user, "manage", follow_up.org):
        raise PermissionDenied
    form = FollowUpDoneForm(request.POST)
    if form.is_valid():
        try:
            services.mark_follow_up_done(follow_up, by=request.user, **form.cleaned_data)
            messages.success(request, "Đã báo hoàn thành.")
        except ValidationError as error:
            messages.error(request, _errors(error))
    else:
        messages.error(request, "Hãy nhập ngày hoàn thành và kết quả thực hiện.")
    return redirect(reverse("awards:inspection_detail", kwargs={"org_id": org.pk, "item_id": follow_up.item_id}))


@scoping.org_view("view")
def inspection_export(request):
    org, year = request.org, _year(request)
    return xlsx_response(request, f"ke-hoach-kiem-tra-giam-sat-{org.code}-{year}.xlsx",
                         [exports.plan_sheet(selectors.items_concerning(org, year), year)],
                         action="inspection.export", org=org)
