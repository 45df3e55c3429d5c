"""Pages of monthly classification (/o/<id>/phan-loai/…) and the year-end evaluation
(/o/<id>/danh-gia/<year>/…, the member's own at /toi/danh-gia/). Reading needs "view"; a cell
classifies with "manage"; the committee above confirms with "manage" on itself; criteria sets are
a committee's ("administer"). A member sees their own evaluation and their cell's distribution as
counts only."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hocbac.orgs import scoping
from hocbac.orgs.selectors import member_in

from . import selectors, services
from .forms import DecisionForm, PointsForm, ProposalForm, SetForm
from .models import LEVEL_LABELS, Judged, Rating, Step, Target


def _errors(error):
    return " ".join(error.messages)


def _year(request):
    value = request.GET.get("nam", "")
    return int(value) if value.isdigit() and 2000 < int(value) < 2100 else timezone.localdate().year


# Monthly classification ------------------------------------------------------------------------

@scoping.org_view("view")
def overview(request):
    """The sets the organisation uses and, for a cell, the periods of the year with what has been
    recorded; for a committee, the cells' classifications waiting for its confirmation."""
    org, year = request.org, _year(request)
    today = timezone.localdate()
    sets = list(selectors.sets_for(org))
    periods = []
    if org.holds_members:
        recorded = selectors.recorded_periods(org, year)
        for criteria_set in sets:
            for period in selectors.periods_of(criteria_set.cadence, year, today):
                periods.append((criteria_set, period, selectors.period_label(criteria_set.cadence, year, period),
                                recorded.get((criteria_set.pk, period))))
    return render(request, "ratings/overview.html", {
        "org": org, "year": str(year), "sets": sets, "periods": periods,
        "awaiting": selectors.awaiting_confirmation(org) if "manage" in request.abilities else [],
    })


def _period_or_404(criteria_set, year, period):
    try:
        start, end = selectors.period_bounds(criteria_set.cadence, year, period)
    except ValueError:
        raise Http404 from None
    if start > timezone.localdate():
        raise Http404
    return start, end


def _values_from_post(post, prefix, criteria):
    """{criterion id: value} from the form: a checkbox per yes/no criterion (absent: not met), a
    select per level criterion, a number per points criterion."""
    values = {}
    for criterion in criteria:
        name = f"{prefix}_c{criterion.pk}"
        if criterion.judged == Judged.YES_NO:
            values[criterion.pk] = post.get(name) == "1"
        elif criterion.judged == Judged.LEVEL:
            values[criterion.pk] = post.get(name, "tot")
        else:
            raw = post.get(name, "").replace(",", ".")
            try:
                values[criterion.pk] = float(raw) if raw else None
            except ValueError:
                raise ValidationError("Điểm phải là một số.") from None
    return values


def _rows(criteria, subjects, hints, existing):
    """For the form: per subject, each criterion's current value and the system's suggestion."""
    rows = []
    for key, subject in subjects:
        marks = {m.criterion_id: m for m in existing[key].marks.all()} if key in existing else {}
        items = []
        for criterion in criteria:
            hint = hints.get((key if key else None, criterion.pk))
            mark = marks.get(criterion.pk)
            if mark is not None:
                value = mark.met if criterion.judged == Judged.YES_NO else (mark.level or mark.points)
            elif criterion.judged == Judged.YES_NO:
                value = True  # met unless ticked off; a suggestion of "not met" is shown, not applied
            else:
                value = "tot" if criterion.judged == Judged.LEVEL else criterion.points
            items.append({"criterion": criterion, "value": value, "hint": hint})
        exceptions = sum(1 for i in items if i["criterion"].judged == Judged.YES_NO and not i["value"])
        flagged = sum(1 for i in items if i["hint"] is not None and i["hint"].met is False)
        rows.append({"key": key, "subject": subject, "items": items, "exceptions": exceptions, "flagged": flagged,
                     "classification": existing.get(key)})
    return rows


@scoping.org_view("manage")
def classify(request, set_id, year, period):
    """The phone form: every member (or the cell itself) with every criterion met unless ticked
    off; the system's suggestions and their evidence shown beside each criterion."""
    org = request.org
    criteria_set = selectors.set_for(org, set_id)
    if not org.holds_members:
        raise Http404
    start, end = _period_or_404(criteria_set, year, period)
    criteria = [c for c in criteria_set.criteria.all() if c.is_active]
    is_members = criteria_set.target == Target.MEMBER
    members = selectors.members_to_classify(org, end) if is_members else []
    existing = {(c.member_id or 0): c for c in selectors.classifications_of_cell(org, criteria_set, year, period)}
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            if is_members:
                exceptions = {}
                for member in members:
                    values = _values_from_post(request.POST, f"m{member.pk}", criteria)
                    changed = {k: v for k, v in values.items() if v not in (True, None, "tot")}
                    if changed:
                        exceptions[member.pk] = values
                services.classify_members(criteria_set, org, by=request.user, year=year, period=period,
                                          exceptions=exceptions, reason=reason)
            else:
                services.classify_cell(criteria_set, org, by=request.user, year=year, period=period,
                                       values=_values_from_post(request.POST, "c", criteria), reason=reason)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, f"Đã ghi phân loại {selectors.period_label(criteria_set.cadence, year, period)}.")
            return redirect("ratings:overview", org_id=org.pk)
    hints = selectors.suggestions(criteria_set, org, members, start, end)
    subjects = [(m.pk, m) for m in members] if is_members else [(0, org)]
    return render(request, "ratings/classify.html", {
        "org": org, "criteria_set": criteria_set, "criteria": criteria, "year": str(year), "period": period,
        "label": selectors.period_label(criteria_set.cadence, year, period), "is_members": is_members,
        "rows": _rows(criteria, subjects, hints, existing), "recorded": bool(existing),
        "level_labels": LEVEL_LABELS.items(),
    })


@require_POST
@scoping.org_view("manage")
def confirm(request, classification_id):
    classification = selectors.classification_in(request.org, classification_id)
    try:
        services.confirm(classification, by=request.user, level=request.POST.get("level") or None,
                         note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"Đã xác nhận phân loại của {classification.org.name}.")
    return redirect("ratings:overview", org_id=request.org.pk)


@scoping.org_view("view")
def year_view(request, set_id, year):
    criteria_set = selectors.set_for(request.org, set_id)
    if not request.org.holds_members:
        raise Http404
    periods = list(selectors.periods_of(criteria_set.cadence, year, datetime.date(year, 12, 31)))
    rows = selectors.year_view(request.org, criteria_set, year)
    return render(request, "ratings/year_view.html", {
        "org": request.org, "criteria_set": criteria_set, "year": str(year), "periods": periods,
        "rows": [(row.subject, [row.levels.get(p, "") for p in periods]) for row in rows],
    })


# Criteria sets ---------------------------------------------------------------------------------

@scoping.org_view("administer")
def sets(request):
    """The committee's own sets for its subtree, and a new one."""
    form = SetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_set(by=request.user, org=request.org, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, "Đã ban hành bộ tiêu chí.")
            return redirect("ratings:sets", org_id=request.org.pk)
    return render(request, "ratings/sets.html", {
        "org": request.org, "own": selectors.sets_owned(request.org), "in_use": selectors.sets_for(request.org),
        "form": form,
    })


# Year-end evaluation ---------------------------------------------------------------------------

@scoping.org_view("view")
def year_end(request, year):
    """The distribution over the four levels (with last year's), the quota of each grassroots
    organisation, and for those who manage, every member's step."""
    org = request.org
    frame = selectors.current_frame()
    total, children = selectors.distribution(org, year)
    last_total, _ = selectors.distribution(org, year - 1)
    return render(request, "ratings/year_end.html", {
        "org": org, "year": str(year), "last_year": str(year - 1), "frame": frame, "levels": selectors.LEVELS,
        "rows": [(label, total[code], last_total[code]) for code, label in selectors.LEVELS],
        "children": [(child, [counts[code] for code, _ in selectors.LEVELS]) for child, counts in children],
        "quotas": selectors.quotas_in(org, year, frame) if frame else [],
        "ratings": selectors.member_ratings_in(org, year) if "manage" in request.abilities else [],
        "members_without": selectors.members_without_rating(org, year) if "manage" in request.abilities else [],
        "own_rating": selectors.org_rating(org, year), "child_ratings": selectors.child_org_ratings(org, year),
    })


def _step_forms(request, frame, current, note_label="Nhận xét của chi bộ"):
    """(the step posted, {step: its form}) of a year-end page: only the posted form is bound."""
    action = request.POST.get("action", "")
    return action, {
        "self": PointsForm(request.POST if action == "self" else None, frame=frame, prefix="self"),
        "propose": ProposalForm(request.POST if action == "propose" else None, frame=frame, prefix="propose",
                                note_label=note_label),
        "decide": DecisionForm(request.POST if action == "decide" else None, prefix="decide",
                               initial={"level": current.proposed_level if current else ""}),
    }


def _take_step(request, action, form, current, year, **subject):
    """Apply the posted step (`subject`: member= or org= for a self-assessment); True when saved.
    The message says what happened either way."""
    data = form.cleaned_data
    try:
        if action == "self":
            services.self_assess(by=request.user, year=year, **subject, **data)
        elif current is None:
            raise ValidationError("Chưa có tự đánh giá.")
        elif action == "propose":
            services.propose(current, by=request.user, **data)
        else:
            services.decide(current, by=request.user, **data)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return False
    messages.success(request, "Đã lưu.")
    return True


@scoping.org_view("manage")
def rating(request, year, member_id):
    """One member's year-end page: the self-assessment (or the cell's on their behalf), the
    proposal, the decision with the quota; each step with who, when and the points."""
    member = member_in(request.org, member_id)
    current = selectors.own_rating(member, year)
    frame = current.frame if current else selectors.current_frame()
    action, forms = _step_forms(request, frame, current)
    if request.method == "POST" and action in forms and forms[action].is_valid():
        if _take_step(request, action, forms[action], current, year, member=member):
            return redirect("ratings:rating", org_id=request.org.pk, year=year, member_id=member.pk)
    return render(request, "ratings/rating.html", {
        "org": request.org, "member": member, "year": str(year), "rating": current, "frame": frame,
        "forms": forms, "steps": Step, "deciding_org": services.deciding_org(current) if current else None,
        "conditions": [(i, text, current and i in current.conditions) for i, text in enumerate(frame.conditions)]
        if frame else [],
    })


@scoping.org_view("view")
def org_rating(request, year):
    """The organisation's own year-end evaluation: its committee assesses itself, the committee
    one level up proposes and decides; each step with who, when and the points."""
    org = request.org
    current = selectors.org_rating(org, year)
    frame = current.frame if current else selectors.current_frame()
    may_assess = "manage" in request.abilities
    may_decide = org.parent is not None and scoping.can(request.user, "manage", org.parent)
    action, forms = _step_forms(request, frame, current, note_label="Nhận xét của cấp ủy cấp trên")
    allowed = {"self": may_assess, "propose": may_decide, "decide": may_decide}
    if request.method == "POST":
        if not allowed.get(action):
            raise PermissionDenied
        if forms[action].is_valid() and _take_step(request, action, forms[action], current, year, org=org):
            return redirect("ratings:org_rating", org_id=org.pk, year=year)
    step = current.step if current else Step.SELF
    return render(request, "ratings/org_rating.html", {
        "org": org, "year": str(year), "rating": current, "frame": frame, "forms": forms,
        "show_self": may_assess and not may_decide and step == Step.SELF,  # the organisation's own committee
        "show_propose": may_decide and current is not None and current.self_at is not None and step != Step.DECIDED,
        "show_decide": may_decide and step == Step.PROPOSED,
        "conditions": [frame.conditions[i] for i in current.conditions] if current and frame else [],
    })


@login_required
def my_rating(request):
    """The member's own evaluation of the year: their self-assessment, their result once decided,
    and the cell's distribution as counts only."""
    member = getattr(request.user, "member", None)
    if member is None:
        raise Http404
    year = _year(request)
    current = selectors.own_rating(member, year)
    frame = current.frame if current else selectors.current_frame()
    form = PointsForm(request.POST or None, frame=frame, prefix="self")
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assess(by=request.user, year=year, member=member, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, "Đã lưu bản tự đánh giá.")
            return redirect("ratings:my_rating")
    cell_total, _ = selectors.distribution(member.org, year)
    return render(request, "ratings/my_rating.html", {
        "member": member, "year": str(year), "rating": current, "frame": frame, "form": form,
        "editable": current is None or current.step == Step.SELF,
        "rows": [(label, cell_total[code], None) for code, label in selectors.LEVELS],
        "decided": current is not None and current.step == Step.DECIDED, "Rating": Rating,
    })
