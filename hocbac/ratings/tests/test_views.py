"""The classification form on a phone (every criterion met unless ticked off), the committee's
confirmation, the year-end pages with the quota, and the member's own page (counts only)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from conftest import make_member
from hocbac.ratings import services
from hocbac.ratings.models import Classification, CriteriaSet, Rating

LAST_MONTH = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
YEAR = timezone.localdate().year


def _set(name):
    return CriteriaSet.objects.unscoped().get(name=name, org=None)


def test_classify_form_defaults_to_met_and_records_the_exceptions(world, login):
    six = _set("Đảng viên 6 tốt")
    criteria = list(six.criteria.all())
    url = reverse("ratings:classify", args=[world.cell.pk, six.pk, LAST_MONTH.year, LAST_MONTH.month])
    client = login(world.secretary)
    page = client.get(url).content.decode()
    assert page.count('type="checkbox"') == 12
    # Met by default; where the system's data says otherwise (no commitment registered yet) the
    # suggestion is shown beside the item and the person classifying decides.
    assert page.count(" checked") == 12
    assert page.count("Gợi ý: chưa đạt — Chưa nộp đăng ký làm theo năm") == 2
    data = {f"m{m.pk}_c{c.pk}": "1" for m in (world.member, world.secretary_member) for c in criteria}
    del data[f"m{world.member.pk}_c{criteria[0].pk}"]
    del data[f"m{world.member.pk}_c{criteria[4].pk}"]
    response = client.post(url, data)
    assert response["Location"] == reverse("ratings:overview", args=[world.cell.pk])
    levels = dict(Classification.objects.in_orgs([world.cell.pk]).filter(criteria_set=six)
                  .values_list("member_id", "level"))
    assert levels == {world.member.pk: "Khá", world.secretary_member.pk: "Đảng viên 6 tốt"}
    overview = client.get(reverse("ratings:overview", args=[world.cell.pk])).content.decode()
    assert "Khá: 1; Đảng viên 6 tốt: 1" in overview


def test_committee_confirms_the_cells_own_classification(world, login):
    four = _set("Chi bộ bốn tốt")
    row = services.classify_cell(four, world.cell, by=world.secretary, year=LAST_MONTH.year, period=LAST_MONTH.month)
    client = login(world.ward_admin)
    page = client.get(reverse("ratings:overview", args=[world.ward.pk])).content.decode()
    assert "Chi bộ tự phân loại, chờ xác nhận (1)" in page
    client.post(reverse("ratings:confirm", args=[world.ward.pk, row.pk]), {"level": "Chi bộ bốn tốt", "note": ""})
    row.refresh_from_db()
    assert (row.confirmed_by, row.level) == (world.ward_admin, "Chi bộ bốn tốt")


def test_decision_above_quota_is_refused_then_accepted_with_reason(world, login):
    members = [world.member, world.secretary_member] + [
        make_member(world.cell, f"Đảng viên {i}", by=world.superuser, card=f"5000000{i}") for i in range(3)]
    ratings = []
    for member in members:
        rating = services.self_assess(by=world.secretary, year=YEAR, member=member, general=29, tasks=66)
        ratings.append(services.propose(rating, by=world.secretary, general=29, tasks=65))
    for rating in ratings[1:]:
        services.decide(rating, by=world.secretary, level=Rating.GOOD)
    client = login(world.secretary)
    url = reverse("ratings:rating", args=[world.cell.pk, YEAR, world.member.pk])
    refused = client.post(url, {"action": "decide", "decide-level": Rating.EXCELLENT, "decide-exception": ""}, follow=True)
    assert "Vượt tỷ lệ: Chi bộ Khu phố 1 sẽ có 1 đảng viên hoàn thành xuất sắc nhiệm vụ trên 4" in refused.content.decode()
    client.post(url, {"action": "decide", "decide-level": Rating.EXCELLENT,
                      "decide-exception": "Được Tỉnh ủy tặng bằng khen trong năm"})
    ratings[0].refresh_from_db()
    assert (ratings[0].decided_level, ratings[0].quota_exception) == (Rating.EXCELLENT, "Được Tỉnh ủy tặng bằng khen trong năm")
    year_end = client.get(reverse("ratings:year_end", args=[world.cell.pk, YEAR])).content.decode()
    assert "1 HTXSNV / 4 HTTNV (tối đa 0)" in year_end


def test_member_sees_own_result_and_the_cell_only_as_counts(world, login):
    rating = services.self_assess(by=world.secretary, year=YEAR, member=world.secretary_member, general=25, tasks=50)
    services.decide(services.propose(rating, by=world.secretary, general=25, tasks=50), by=world.secretary)
    client = login(world.member_user)
    client.post(reverse("ratings:my_rating"), {"self-general": "27", "self-tasks": "60", "self-note": ""})
    page = client.get(reverse("ratings:my_rating")).content.decode()
    assert "27,00 + 60,00 điểm → Hoàn thành tốt nhiệm vụ" in page
    assert "Nguyễn Thị Bí Thư" not in page  # the cell's result is counts, never names
    assert "<td>Hoàn thành tốt nhiệm vụ</td><td class=\"num\">1</td>" in page


def test_organisation_rates_itself_and_the_committee_above_proposes_and_decides(world, login):
    url = reverse("ratings:org_rating", args=[world.cell.pk, YEAR])
    client = login(world.secretary)
    page = client.get(url).content.decode()
    assert 'id="self-form"' in page and 'id="propose-form"' not in page
    client.post(url, {"action": "self", "self-general": "28", "self-tasks": "60", "self-note": "Chi bộ tự nhận"})
    # The cell cannot propose its own level: that is the committee above.
    assert client.post(url, {"action": "propose", "propose-general": "30", "propose-tasks": "70"}).status_code == 403
    page = client.get(url).content.decode()
    assert "28,00 + 60,00 điểm → <strong>Hoàn thành tốt nhiệm vụ</strong>" in page
    assert "(Nguyễn Thị Bí Thư," in page and 'id="propose-form"' not in page

    client = login(world.ward_admin)
    page = client.get(url).content.decode()
    assert 'id="propose-form"' in page and 'id="decide-form"' not in page
    client.post(url, {"action": "propose", "propose-general": "27", "propose-tasks": "60", "propose-note": ""})
    client.post(url, {"action": "decide", "decide-level": Rating.GOOD, "decide-exception": ""})
    page = client.get(url).content.decode()
    assert "Hoàn thành tốt nhiệm vụ</strong> — Đảng bộ phường Bến Thành" in page
    assert 'id="decide-form"' not in page and 'id="propose-form"' not in page
    year_end = client.get(reverse("ratings:year_end", args=[world.ward.pk, YEAR])).content.decode()
    assert reverse("ratings:org_rating", args=[world.cell.pk, YEAR]) in year_end
    assert "<td>Đã quyết định</td><td class=\"small\">HTTNV</td><td class=\"small\">HTTNV</td><td class=\"small\">Hoàn thành tốt nhiệm vụ</td>" in year_end

    # The inspection committee (view only) reads it and may not write.
    client = login(world.viewer)
    assert 'id="self-form"' not in client.get(url).content.decode()
    assert client.post(url, {"action": "self", "self-general": "1", "self-tasks": "1"}).status_code == 403
