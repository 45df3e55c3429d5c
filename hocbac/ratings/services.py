"""Writes for classification and rating. Each checks who acts (orgs.scoping), runs in one
transaction and writes one audit entry; a refused rule is a ValidationError with a Vietnamese
message.

Monthly: a cell records its members' classification for a period in one go (every criterion met
unless marked otherwise), and its own classification, which the committee above confirms. A
member's classification is the cell's decision and is confirmed when recorded. A confirmed
classification changes only with a reason.

Year-end: self-assessment (the member, or the organisation's committee) → proposal (the cell for
a member, the committee above for an organisation) → decision (the grassroots organisation for a
member, the committee above for an organisation), the quota checked at the decision."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from hocbac.core.audit import log_action
from hocbac.orgs import scoping
from hocbac.orgs.models import Organization
from hocbac.reports import stale

from . import selectors
from .models import (
    LEVEL_FRACTIONS,
    RATING_ORDER,
    AutoSource,
    Cadence,
    Classification,
    CriteriaSet,
    Criterion,
    Judged,
    Mark,
    Rating,
    Step,
    Target,
    YearRating,
)


def _refuse(message):
    raise ValidationError(message)


def _require(user, ability, org, message="Đồng chí không có quyền làm việc này."):
    if not scoping.can(user, ability, org):
        _refuse(message)


# Criteria sets -----------------------------------------------------------------------------

def _check_levels(levels):
    try:
        cleaned = [[str(label).strip(), int(minimum)] for label, minimum in levels]
    except (TypeError, ValueError):
        _refuse("Mức phân loại không hợp lệ.")
    if not cleaned or any(not label or not 0 <= minimum <= 100 for label, minimum in cleaned):
        _refuse("Mỗi mức phân loại cần tên và tỷ lệ điểm tối thiểu từ 0 đến 100%.")
    if any(len(label) > 120 for label, _ in cleaned):
        _refuse("Tên mức phân loại tối đa 120 ký tự.")
    if [m for _, m in cleaned] != sorted((m for _, m in cleaned), reverse=True) or cleaned[-1][1] != 0:
        _refuse("Các mức xếp từ cao xuống thấp; mức cuối cùng từ 0%.")
    return cleaned


def _check_criteria(criteria):
    if not criteria:
        _refuse("Bộ tiêu chí cần ít nhất một tiêu chí.")
    for item in criteria:
        if not item.get("text", "").strip():
            _refuse("Tiêu chí không được để trống.")
        if item.get("judged", Judged.YES_NO) not in Judged.values or not 1 <= int(item.get("points", 1)) <= 100:
            _refuse("Cách đánh giá hoặc điểm của tiêu chí không hợp lệ.")
        if item.get("auto_source", "") not in AutoSource.values:
            _refuse("Nguồn gợi ý của tiêu chí không hợp lệ.")


@transaction.atomic
def create_set(*, by, org, name, target, cadence, levels, criteria, basis=""):
    """A committee's set for its subtree (org None: a shipped set, system administrators only).
    `criteria`: [{"text", "points", "judged", "auto_source"}]."""
    if org is None:
        if not by.is_superuser:
            _refuse("Chỉ quản trị hệ thống sửa bộ tiêu chí dùng chung.")
    else:
        _require(by, "administer", org, "Chỉ cấp ủy mới ban hành bộ tiêu chí cho cấp dưới.")
    if not name.strip() or target not in Target.values or cadence not in Cadence.values:
        _refuse("Tên, đối tượng hoặc kỳ phân loại không hợp lệ.")
    levels = _check_levels(levels)
    _check_criteria(criteria)
    criteria_set = CriteriaSet.objects.create(org=org, name=name.strip(), target=target, cadence=cadence,
                                              levels=levels, basis=basis.strip(), created_by=by)
    Criterion.objects.bulk_create(
        Criterion(criteria_set=criteria_set, position=i, text=item["text"].strip(), points=int(item.get("points", 1)),
                  judged=item.get("judged", Judged.YES_NO), auto_source=item.get("auto_source", ""))
        for i, item in enumerate(criteria, start=1))
    log_action("criteria_set.create", by=by, org=org, obj=criteria_set, summary=f"Ban hành bộ tiêu chí: {criteria_set.name}",
               after={"target": target, "cadence": cadence, "levels": levels, "criteria": [c["text"] for c in criteria]})
    return criteria_set


def _items(criteria_set):
    """The items as the audit shows them, read afresh: the set may come with its criteria
    prefetched by a selector."""
    return [(c.text, c.points, c.judged, c.auto_source, c.is_active)
            for c in Criterion.objects.filter(criteria_set=criteria_set).order_by("position")]


@transaction.atomic
def update_set(criteria_set, *, by, name=None, levels=None, basis=None, is_active=None, criteria=None):
    """Rename, change the levels, retire, or edit the items: `criteria` lists every item in order
    ({"id" for an existing one, "text", "points", "judged", "auto_source", "is_active"}); items
    already used keep their row (marks refer to them), so removing one means retiring it."""
    if criteria_set.org_id is None:
        if not by.is_superuser:
            _refuse("Chỉ quản trị hệ thống sửa bộ tiêu chí dùng chung.")
    else:
        _require(by, "administer", criteria_set.org, "Chỉ cấp ủy ban hành mới sửa bộ tiêu chí.")
    before = {"name": criteria_set.name, "levels": criteria_set.levels, "is_active": criteria_set.is_active,
              "criteria": _items(criteria_set)}
    if name is not None:
        if not name.strip():
            _refuse("Chưa nhập tên bộ tiêu chí.")
        criteria_set.name = name.strip()
    if levels is not None:
        criteria_set.levels = _check_levels(levels)
    if basis is not None:
        criteria_set.basis = basis.strip()
    if is_active is not None:
        criteria_set.is_active = is_active
    criteria_set.save()
    if criteria is not None:
        _check_criteria(criteria)
        existing = {c.pk: c for c in Criterion.objects.filter(criteria_set=criteria_set)}
        # Positions are unique per set: move every item out of the way before renumbering.
        Criterion.objects.filter(criteria_set=criteria_set).update(position=F("position") + 1000)
        for position, item in enumerate(criteria, start=1):
            criterion = existing.pop(int(item["id"]), None) if item.get("id") else None
            criterion = criterion or Criterion(criteria_set=criteria_set)
            criterion.position, criterion.text = position, item["text"].strip()
            criterion.points, criterion.judged = int(item.get("points", 1)), item.get("judged", Judged.YES_NO)
            criterion.auto_source, criterion.is_active = item.get("auto_source", ""), item.get("is_active", True)
            criterion.save()
        for position, criterion in enumerate(existing.values(), start=len(criteria) + 1):  # left out: retired
            criterion.position, criterion.is_active = position, False
            criterion.save(update_fields=["position", "is_active"])
    log_action("criteria_set.update", by=by, org=criteria_set.org, obj=criteria_set,
               summary=f"Sửa bộ tiêu chí: {criteria_set.name}", before=before,
               after={"name": criteria_set.name, "levels": criteria_set.levels, "is_active": criteria_set.is_active,
                      "criteria": _items(criteria_set)})
    return criteria_set


# Monthly classification ---------------------------------------------------------------------

def _period(criteria_set, year, period):
    try:
        start, end = selectors.period_bounds(criteria_set.cadence, year, period)
    except ValueError:
        _refuse("Kỳ phân loại không hợp lệ.")
    if start > timezone.localdate():
        _refuse("Chưa đến kỳ phân loại này.")
    return start, end


def _score(criteria_set, values):
    """(marks as unsaved Mark rows, score, maximum, level) from {criterion id: value}: True/False
    for yes/no, "tot"/"kha"/"trung_binh"/"kem" for a level, a number for points. A criterion
    with no value is met (the form's default)."""
    marks, score, maximum = [], Decimal(0), Decimal(0)
    active = [c for c in criteria_set.criteria.all() if c.is_active]
    if set(values) - {c.pk for c in active}:
        _refuse("Có tiêu chí không thuộc bộ tiêu chí đang dùng; hãy tải lại trang.")
    for criterion in active:
        value = values.get(criterion.pk, True if criterion.judged == Judged.YES_NO else None)
        mark = Mark(criterion=criterion)
        if criterion.judged == Judged.YES_NO:
            if not isinstance(value, bool):
                _refuse(f"Tiêu chí “{criterion.text[:60]}”: chọn đạt hoặc chưa đạt.")
            mark.met, mark.points = value, Decimal(criterion.points if value else 0)
        elif criterion.judged == Judged.LEVEL:
            value = "tot" if value is None else value
            if not isinstance(value, str) or value not in LEVEL_FRACTIONS:
                _refuse(f"Tiêu chí “{criterion.text[:60]}”: mức không hợp lệ.")
            mark.level, mark.points = value, Decimal(str(criterion.points * LEVEL_FRACTIONS[value]))
        else:
            try:
                points = Decimal(str(criterion.points if value is None else value))
            except InvalidOperation:
                points = None
            if isinstance(value, bool) or points is None or not points.is_finite():
                _refuse(f"Tiêu chí “{criterion.text[:60]}”: điểm phải là một số.")
            if not 0 <= points <= criterion.points:
                _refuse(f"Tiêu chí “{criterion.text[:60]}”: điểm từ 0 đến {criterion.points}.")
            mark.points = points
        marks.append(mark)
        score += mark.points
        maximum += criterion.points
    share = score * 100 / maximum if maximum else Decimal(0)
    level = next((label for label, minimum in criteria_set.levels if share >= minimum), criteria_set.levels[-1][0])
    return marks, score, maximum, level


def _save(classification, marks, suggestions, subject_key):
    classification.save()
    Mark.objects.filter(classification=classification).delete()
    for mark in marks:
        suggestion = suggestions.get((subject_key, mark.criterion_id))
        mark.classification = classification
        if suggestion is not None:
            mark.suggested, mark.evidence = suggestion.met, suggestion.evidence[:300]
    Mark.objects.bulk_create(marks)


@transaction.atomic
def classify_members(criteria_set, cell, *, by, year, period, exceptions=None, reason=""):
    """Record the period's classification of every eligible member of `cell`: each criterion met
    unless `exceptions` says otherwise ({member id: {criterion id: value}}). Already recorded
    members are changed only with a `reason`. Returns the classifications."""
    _require(by, "manage", cell, "Chỉ chi ủy mới phân loại đảng viên của chi bộ.")
    if not cell.holds_members:
        _refuse("Chỉ chi bộ mới phân loại đảng viên của mình.")
    if criteria_set.target != Target.MEMBER or not selectors.sets_for(cell).filter(pk=criteria_set.pk).exists():
        _refuse("Bộ tiêu chí này không dùng để phân loại đảng viên của chi bộ.")
    start, end = _period(criteria_set, year, period)
    members = selectors.members_to_classify(cell, end)
    exceptions = exceptions or {}
    if set(exceptions) - {m.pk for m in members}:
        _refuse("Có đảng viên không thuộc chi bộ trong kỳ này.")
    existing = {c.member_id: c for c in Classification.objects.in_orgs([cell.pk]).select_for_update()
                .filter(criteria_set=criteria_set, year=year, period=period, member__isnull=False)}
    if existing and not reason.strip():
        _refuse(f"Chi bộ đã phân loại {selectors.period_label(criteria_set.cadence, year, period)}: "
                "sửa lại cần ghi lý do.")
    hints = selectors.suggestions(criteria_set, cell, members, start, end)
    now, result, changed = timezone.now(), [], []
    for member in members:
        marks, score, maximum, level = _score(criteria_set, exceptions.get(member.pk, {}))
        classification = existing.get(member.pk) or Classification(criteria_set=criteria_set, org=cell, member=member,
                                                                    year=year, period=period)
        if classification.pk and classification.level != level:
            changed.append((member.full_name, classification.level, level))
        classification.score, classification.max_score, classification.level = score, maximum, level
        classification.classified_by, classification.classified_at = by, now
        classification.confirmed_by, classification.confirmed_at = by, now
        _save(classification, marks, hints, member.pk)
        result.append(classification)
    # Counted in the dashboards' periods that hold the classification's last day.
    stale.touch([cell], end, facts=stale.Facts.CLASSIFICATION)
    levels = dict(sorted(_count(c.level for c in result).items()))
    label = selectors.period_label(criteria_set.cadence, year, period)
    log_action("classification.members" if not existing else "classification.members_change", by=by, org=cell,
               obj=criteria_set, summary=f"{cell.name} phân loại đảng viên {label} ({criteria_set.name})"
               + (f"; sửa: {reason.strip()}" if existing else ""),
               after={"year": year, "period": period, "levels": levels, "reason": reason.strip(),
                      "exceptions": {str(k): {str(c): v for c, v in vals.items()} for k, vals in exceptions.items()},
                      "changed": changed})
    return result


def _count(values):
    counts = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


@transaction.atomic
def classify_cell(criteria_set, cell, *, by, year, period, values=None, reason=""):
    """The cell's own classification for the period, waiting for the committee above to confirm.
    A confirmed one changes only with a reason (and goes back to waiting)."""
    _require(by, "manage", cell, "Chỉ chi ủy mới tự phân loại chi bộ.")
    if criteria_set.target != Target.CELL or not selectors.sets_for(cell).filter(pk=criteria_set.pk).exists():
        _refuse("Bộ tiêu chí này không dùng để phân loại chi bộ.")
    if not cell.holds_members:
        _refuse("Chỉ chi bộ mới tự phân loại theo bộ tiêu chí này.")
    start, end = _period(criteria_set, year, period)
    classification = (Classification.objects.in_orgs([cell.pk]).select_for_update()
                      .filter(criteria_set=criteria_set, year=year, period=period, member__isnull=True).first())
    if classification and classification.is_confirmed and not reason.strip():
        _refuse("Cấp trên đã xác nhận phân loại kỳ này: sửa lại cần ghi lý do.")
    before = {"level": classification.level, "confirmed": classification.is_confirmed} if classification else None
    marks, score, maximum, level = _score(criteria_set, values or {})
    classification = classification or Classification(criteria_set=criteria_set, org=cell, year=year, period=period)
    classification.score, classification.max_score, classification.level = score, maximum, level
    classification.classified_by, classification.classified_at = by, timezone.now()
    classification.confirmed_by = classification.confirmed_at = None
    _save(classification, marks, selectors.suggestions(criteria_set, cell, selectors.members_to_classify(cell, end),
                                                       start, end), None)
    stale.touch([cell], end, facts=stale.Facts.CLASSIFICATION)
    label = selectors.period_label(criteria_set.cadence, year, period)
    log_action("classification.cell", by=by, org=cell, obj=classification,
               summary=f"{cell.name} tự phân loại {label}: {level}"
               + (f"; sửa: {reason.strip()}" if before and reason.strip() else ""),
               before=before, after={"level": level, "score": score, "reason": reason.strip()})
    return classification


@transaction.atomic
def confirm(classification, *, by, level=None, note=""):
    """The committee above confirms a cell's classification (possibly at another level, with a note)."""
    classification = Classification.objects.unscoped().select_for_update(of=("self",)).select_related("org", "criteria_set").get(
        pk=classification.pk)
    parent = classification.org.parent
    if classification.member_id or parent is None:
        _refuse("Chỉ phân loại của chi bộ mới cần cấp trên xác nhận.")
    _require(by, "manage", parent, "Chỉ cấp ủy cấp trên mới xác nhận phân loại chi bộ.")
    if classification.is_confirmed:
        _refuse("Phân loại này đã được xác nhận.")
    if classification.classified_by_id == by.pk:  # the committee may record for the cell, not vouch for itself
        _refuse("Đồng chí đã ghi phân loại này thay chi bộ: cần một cán bộ khác của cấp trên xác nhận.")
    labels = [label for label, _ in classification.criteria_set.levels]
    if level and level not in labels:
        _refuse("Mức phân loại không hợp lệ.")
    if level and level != classification.level and not note.strip():
        _refuse("Xác nhận ở mức khác với chi bộ tự phân loại cần ghi lý do.")
    before = {"level": classification.level}
    classification.level = level or classification.level
    classification.confirmed_by, classification.confirmed_at = by, timezone.now()
    classification.save(update_fields=["level", "confirmed_by", "confirmed_at"])
    stale.touch([classification.org_id],
                selectors.period_bounds(classification.criteria_set.cadence, classification.year, classification.period)[1],
                facts=stale.Facts.CLASSIFICATION)
    log_action("classification.confirm", by=by, org=classification.org, obj=classification,
               summary=f"Xác nhận phân loại {classification.org.name}: {classification.level}", before=before,
               after={"level": classification.level, "note": note.strip()})
    return classification


# Year-end evaluation --------------------------------------------------------------------------

def _points(frame, general, tasks):
    general, tasks = Decimal(str(general)), Decimal(str(tasks))
    if not 0 <= general <= frame.general_points or not 0 <= tasks <= frame.task_points:
        _refuse(f"Điểm tiêu chí chung từ 0 đến {frame.general_points}, điểm kết quả nhiệm vụ từ 0 đến {frame.task_points}.")
    return general, tasks


def _rating_for(*, year, member=None, org=None):
    frame = selectors.current_frame()
    if frame is None:
        _refuse("Chưa có khung đánh giá, xếp loại đang áp dụng.")
    if year > timezone.localdate().year:
        _refuse("Chưa đến năm đánh giá này.")
    rows = YearRating.objects.unscoped().select_for_update()
    rating = rows.filter(year=year, member=member).first() if member else rows.filter(year=year, org=org, member=None).first()
    if rating is None:
        try:
            with transaction.atomic():
                rating = YearRating.objects.create(frame=frame, year=year, member=member, org=member.org if member else org)
        except IntegrityError:  # a doubled first request
            rating = rows.get(year=year, member=member) if member else rows.get(year=year, org=org, member=None)
    return rating


def _proposer_org(rating):
    return rating.org if rating.member_id else rating.org.parent


def deciding_org(rating):
    """Who decides: the grassroots organisation for a member, the committee above for an organisation."""
    return selectors.grassroots_of(rating.org) if rating.member_id else rating.org.parent


@transaction.atomic
def self_assess(*, by, year, general, tasks, note="", member=None, org=None):
    """The member's own assessment (or the cell on the member's behalf), or an organisation's
    (its committee). Possible until the proposal."""
    rating = _rating_for(year=year, member=member, org=org)
    own = member is not None and member.user_id == by.pk
    if not own:
        _require(by, "manage", rating.org, "Chỉ đảng viên hoặc chi ủy mới tự đánh giá.")
    if rating.step != Step.SELF:
        _refuse("Đã có đề xuất xếp loại: không sửa tự đánh giá được nữa.")
    general, tasks = _points(rating.frame, general, tasks)
    rating.self_general, rating.self_tasks, rating.self_note = general, tasks, note.strip()
    rating.self_level = rating.frame.level_for(general + tasks)
    rating.self_by, rating.self_at = by, timezone.now()
    rating.save()
    log_action("rating.self", by=by, org=rating.org, obj=rating,
               summary=f"Tự đánh giá năm {year}: {general + tasks} điểm, {rating.get_self_level_display()}",
               after={"general": general, "tasks": tasks, "level": rating.self_level,
                      "on_behalf": member is not None and not own})
    return rating


@transaction.atomic
def propose(rating, *, by, general, tasks, conditions=(), note=""):
    """The proposal: the cell for a member, the committee above for an organisation. A ticked
    disqualifying condition caps the level at KHTNV whatever the points."""
    rating = YearRating.objects.unscoped().select_for_update(of=("self",)).select_related("org", "frame", "member").get(pk=rating.pk)
    proposer = _proposer_org(rating)
    if proposer is None:
        _refuse("Tổ chức này không có cấp trên để đề xuất xếp loại.")
    _require(by, "manage", proposer, "Chỉ chi ủy (với đảng viên) hoặc cấp ủy cấp trên (với tổ chức) mới đề xuất xếp loại.")
    if rating.step == Step.DECIDED:
        _refuse("Đã có quyết định xếp loại.")
    if rating.self_at is None:
        _refuse("Chưa có tự đánh giá.")
    conditions = sorted({int(i) for i in conditions})
    if any(not 0 <= i < len(rating.frame.conditions) for i in conditions):
        _refuse("Trường hợp không hoàn thành nhiệm vụ không hợp lệ.")
    general, tasks = _points(rating.frame, general, tasks)
    rating.proposed_general, rating.proposed_tasks, rating.proposed_note = general, tasks, note.strip()
    rating.conditions = conditions
    rating.proposed_level = rating.frame.level_for(general + tasks, capped=bool(conditions))
    rating.proposed_by, rating.proposed_at, rating.step = by, timezone.now(), Step.PROPOSED
    rating.save()
    log_action("rating.propose", by=by, org=rating.org, obj=rating,
               summary=f"Đề xuất xếp loại năm {rating.year}: {rating.get_proposed_level_display()}",
               after={"general": general, "tasks": tasks, "conditions": conditions, "level": rating.proposed_level})
    return rating


@transaction.atomic
def decide(rating, *, by, level=None, exception=""):
    """The competent body's decision, at the proposed level or lower. For a member, HTXSNV is
    checked against the quota of the grassroots organisation; past it the decision needs the
    frame to allow exceptions and a reason, which is recorded."""
    rating = YearRating.objects.unscoped().select_for_update(of=("self",)).select_related("org", "frame", "member").get(pk=rating.pk)
    body = deciding_org(rating)
    if body is None:
        _refuse("Tổ chức này không có cấp trên để quyết định xếp loại.")
    _require(by, "manage", body, f"Chỉ {body.name} mới quyết định xếp loại này.")
    if rating.step != Step.PROPOSED:
        _refuse("Chỉ quyết định khi đã có đề xuất xếp loại." if rating.step == Step.SELF else "Đã có quyết định xếp loại.")
    level = level or rating.proposed_level
    if level not in Rating.values or RATING_ORDER.index(level) < RATING_ORDER.index(rating.proposed_level):
        _refuse("Chỉ quyết định bằng hoặc thấp hơn mức đã đề xuất.")
    exception = exception.strip()
    if rating.member_id and level == Rating.EXCELLENT:
        # One HTXSNV decision at a time per grassroots organisation: the next one sees this one.
        Organization.objects.select_for_update().filter(pk=body.pk).first()
        check = selectors.quota_check(body, rating.year, rating.frame, adding=level, replacing=rating)
        if check.exceeded:
            message = (f"Vượt tỷ lệ: {body.name} sẽ có {check.excellent} đảng viên hoàn thành xuất sắc nhiệm vụ trên "
                       f"{check.good} hoàn thành tốt nhiệm vụ (tối đa {check.percent}% = {check.allowed}).")
            if not rating.frame.quota_exception_allowed:
                _refuse(message)
            if not exception:
                _refuse(message + " Muốn vượt tỷ lệ, ghi lý do được cấp có thẩm quyền cho phép.")
        else:
            exception = ""
    else:
        exception = ""
    rating.decided_level, rating.decided_by_org, rating.quota_exception = level, body, exception
    rating.decided_by, rating.decided_at, rating.step = by, timezone.now(), Step.DECIDED
    rating.save()
    if rating.member_id:  # the summaries count members' ratings only
        stale.touch([rating.org_id], datetime.date(rating.year, 12, 31), facts=stale.Facts.RATINGS)
    log_action("rating.decide", by=by, org=rating.org, obj=rating,
               summary=f"Quyết định xếp loại năm {rating.year}: {rating.get_decided_level_display()}"
               + (f" (vượt tỷ lệ: {exception})" if exception else ""),
               after={"level": level, "by_org": body.pk, "quota_exception": exception})
    return rating
