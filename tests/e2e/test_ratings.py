"""On a phone, a cell secretary classifies last month for a cell of 30 members, ticking off two
exceptions; at the year's end the decision of an "excellent" beyond the quota is refused and then
taken with the reason recorded."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_member
from hocbac.ratings import services
from hocbac.ratings.models import Classification, CriteriaSet, Rating

LAST_MONTH = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
YEAR = timezone.localdate().year


def test_secretary_classifies_a_month_then_decides_beyond_the_quota(world, new_page, sign_in, live_server):
    members = [world.member, world.secretary_member] + [
        make_member(world.cell, f"Đảng viên Số {i:02d}", by=world.superuser, card=f"6{i:07d}") for i in range(28)]
    six = CriteriaSet.objects.unscoped().get(name="Đảng viên 6 tốt", org=None)
    criteria = list(six.criteria.all())

    page = sign_in(new_page(), "bithu")
    page.goto(f"{live_server.url}/o/{world.cell.pk}/phan-loai/")
    page.get_by_role("row", name=f"tháng {LAST_MONTH.month}/{LAST_MONTH.year} Đảng viên 6 tốt").get_by_role(
        "link", name="Phân loại").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Đảng viên 6 tốt — tháng {LAST_MONTH.month}/{LAST_MONTH.year}")
    # Every item is met by default: the secretary opens two members and ticks off one item each.
    for member, criterion in ((world.member, criteria[0]), (members[9], criteria[2])):
        row = page.locator("details.classify-row", has_text=member.full_name)
        if not row.evaluate("element => element.open"):
            row.locator("summary").tap()
        row.locator(f"input[name=m{member.pk}_c{criterion.pk}]").uncheck()
    page.get_by_role("button", name=f"Ghi phân loại tháng {LAST_MONTH.month}/{LAST_MONTH.year}").tap()
    expect(page.locator(".messages")).to_contain_text(f"Đã ghi phân loại tháng {LAST_MONTH.month}/{LAST_MONTH.year}.")
    levels = dict(Classification.objects.in_orgs([world.cell.pk]).filter(criteria_set=six)
                  .values_list("member_id", "level"))
    assert len(levels) == 30
    assert sorted(member_id for member_id, level in levels.items() if level != "Đảng viên 6 tốt") == sorted(
        [world.member.pk, members[9].pk])

    # Year end: four rated HTTNV already; a first HTXSNV is beyond 20 % of four.
    ratings = []
    for member in members[:5]:
        rating = services.self_assess(by=world.secretary, year=YEAR, member=member, general=29, tasks=66)
        ratings.append(services.propose(rating, by=world.secretary, general=29, tasks=65))
    for rating in ratings[1:]:
        services.decide(rating, by=world.secretary, level=Rating.GOOD)
    page.goto(f"{live_server.url}/o/{world.cell.pk}/danh-gia/{YEAR}/dang-vien/{world.member.pk}/")
    page.get_by_label("Xếp loại").select_option(Rating.EXCELLENT)
    page.get_by_role("button", name="Quyết định").tap()
    expect(page.locator(".messages")).to_contain_text(
        "Vượt tỷ lệ: Chi bộ Khu phố 1 sẽ có 1 đảng viên hoàn thành xuất sắc nhiệm vụ trên 4 hoàn thành tốt nhiệm vụ")
    page.get_by_label("Xếp loại").select_option(Rating.EXCELLENT)
    page.get_by_label("Lý do vượt tỷ lệ (nếu có)").fill("Được Tỉnh ủy tặng Bằng khen về học tập và làm theo Bác")
    page.get_by_role("button", name="Quyết định").tap()
    expect(page.locator("#steps")).to_contain_text("Vượt tỷ lệ, lý do: Được Tỉnh ủy tặng Bằng khen về học tập và làm theo Bác")
    ratings[0].refresh_from_db()
    assert (ratings[0].decided_level, ratings[0].quota_exception) == (
        Rating.EXCELLENT, "Được Tỉnh ủy tặng Bằng khen về học tập và làm theo Bác")
