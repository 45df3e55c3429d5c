"""The main flows end to end through the services: a month's classification of a cell's members
with exceptions, the cell's own classification confirmed above, and a year-end rating refused
above the quota and accepted with a recorded exception."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import make_member
from hocbac.core.models import AuditEntry
from hocbac.ratings import selectors, services
from hocbac.ratings.models import Classification, CriteriaSet, Rating, Step

LAST_MONTH = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1))


def _set(name):
    return CriteriaSet.objects.unscoped().get(name=name, org=None)


def test_members_all_met_but_the_exceptions(world):
    six = _set("Đảng viên 6 tốt")
    first, second = list(six.criteria.all())[:2]
    rows = services.classify_members(six, world.cell, by=world.secretary, year=LAST_MONTH.year, period=LAST_MONTH.month,
                                     exceptions={world.member.pk: {first.pk: False, second.pk: False}})
    levels = {c.member_id: (c.level, c.score) for c in rows}
    assert levels == {world.secretary_member.pk: ("Đảng viên 6 tốt", 6), world.member.pk: ("Khá", 4)}
    member_row = next(c for c in rows if c.member_id == world.member.pk)
    assert [(m.criterion_id, m.met) for m in member_row.marks.order_by("criterion__position")][:3] == [
        (first.pk, False), (second.pk, False), (list(six.criteria.all())[2].pk, True)]
    with pytest.raises(ValidationError) as refused:
        services.classify_members(six, world.cell, by=world.secretary, year=LAST_MONTH.year, period=LAST_MONTH.month)
    assert refused.value.messages == [f"Chi bộ đã phân loại tháng {LAST_MONTH.month}/{LAST_MONTH.year}: sửa lại cần ghi lý do."]
    services.classify_members(six, world.cell, by=world.secretary, year=LAST_MONTH.year, period=LAST_MONTH.month,
                              reason="Chi bộ họp lại, đồng chí Đảng đã khắc phục")
    member_row = Classification.objects.in_orgs([world.cell.pk]).get(member=world.member, criteria_set=six)
    assert member_row.level == "Đảng viên 6 tốt"
    assert AuditEntry.objects.in_subtree(world.cell).filter(action="classification.members_change").count() == 1


def test_cell_classification_is_confirmed_by_the_committee_above(world):
    four = _set("Chi bộ bốn tốt")
    row = services.classify_cell(four, world.cell, by=world.secretary, year=LAST_MONTH.year, period=LAST_MONTH.month)
    assert (row.level, row.is_confirmed) == ("Chi bộ bốn tốt", False)
    with pytest.raises(ValidationError):
        services.confirm(row, by=world.secretary)
    row = services.confirm(row, by=world.ward_admin)
    assert row.is_confirmed
    assert selectors.awaiting_confirmation(world.ward) == []


def test_year_end_quota_refuses_then_records_an_exception(world):
    year = timezone.localdate().year
    members = [world.member, world.secretary_member] + [
        make_member(world.cell, f"Đảng viên {i}", by=world.superuser, card=f"4000000{i}") for i in range(3)]
    ratings = []
    for member in members:
        rating = services.self_assess(by=world.secretary, year=year, member=member, general=28, tasks=65)
        ratings.append(services.propose(rating, by=world.secretary, general=28, tasks=64))
    for rating in ratings[:4]:
        assert services.decide(rating, by=world.secretary, level=Rating.GOOD).decided_level == Rating.GOOD
    with pytest.raises(ValidationError) as refused:
        services.decide(ratings[4], by=world.secretary)
    assert refused.value.messages == [
        "Vượt tỷ lệ: Chi bộ Khu phố 1 sẽ có 1 đảng viên hoàn thành xuất sắc nhiệm vụ trên 4 hoàn thành tốt nhiệm vụ "
        "(tối đa 20% = 0). Muốn vượt tỷ lệ, ghi lý do được cấp có thẩm quyền cho phép."]
    decided = services.decide(ratings[4], by=world.secretary, exception="Đồng chí được Tỉnh ủy tặng bằng khen")
    assert (decided.step, decided.decided_level, decided.quota_exception) == (
        Step.DECIDED, Rating.EXCELLENT, "Đồng chí được Tỉnh ủy tặng bằng khen")
    total, _ = selectors.distribution(world.ward, year)
    assert (total[Rating.EXCELLENT], total[Rating.GOOD]) == (1, 4)


def test_a_disqualifying_condition_caps_the_level(world):
    year = timezone.localdate().year
    rating = services.self_assess(by=world.member_user, year=year, member=world.member, general=30, tasks=70)
    assert rating.self_level == Rating.EXCELLENT
    rating = services.propose(rating, by=world.secretary, general=30, tasks=70, conditions=[2])
    assert rating.proposed_level == Rating.NOT_DONE


def test_bad_values_get_a_message_not_an_error(world):
    six = _set("Đảng viên 6 tốt")
    first = six.criteria.first()
    for exceptions, message in (
        ({world.member.pk: {999999: False}}, "Có tiêu chí không thuộc bộ tiêu chí đang dùng; hãy tải lại trang."),
        ({world.member.pk: {first.pk: "x"}}, f"Tiêu chí “{first.text[:60]}”: chọn đạt hoặc chưa đạt."),
    ):
        with pytest.raises(ValidationError) as refused:
            services.classify_members(six, world.cell, by=world.secretary, year=LAST_MONTH.year,
                                      period=LAST_MONTH.month, exceptions=exceptions)
        assert refused.value.messages == [message]
    with pytest.raises(ValidationError) as refused:
        services.classify_members(six, world.ward, by=world.ward_admin, year=LAST_MONTH.year, period=LAST_MONTH.month)
    assert refused.value.messages == ["Chỉ chi bộ mới phân loại đảng viên của mình."]
    assert Classification.objects.in_subtree(world.ward).count() == 0
