"""A model's life across the tree: the ward committee launches a model for its subtree, a cell's
secretary replicates it from a phone, the committee records the province's recognition of the
original as typical and nominates its owner for the province's commendation, which the province
approves and decides; the figures of models and commendations move at each step."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from hocbac.awards.models import Commendation, Stage
from hocbac.practices.models import Practice, Status


def _figures(page, url):
    page.goto(url)
    return page.locator("#figures").inner_text()


def test_committee_launches_cell_replicates_committee_recognises_and_commends(world, new_page, sign_in, live_server):
    today = timezone.localdate()
    ward_registry = f"{live_server.url}/o/{world.ward.pk}/mo-hinh/"

    # The ward committee launches the model for its whole subtree.
    ward = sign_in(new_page(phone=False), "phuong")
    assert "0 mô hình do cấp ủy phát động" in _figures(ward, ward_registry).replace("\n", " ")
    ward.get_by_role("link", name="Đăng ký mô hình").click()
    ward.get_by_label("Tên mô hình").fill("Dân vận khéo trong khu dân cư")
    ward.get_by_label("Nguồn").select_option(label="Do cấp ủy phát động trong toàn đảng bộ")
    ward.get_by_label("Lĩnh vực").select_option(label="Dân vận khéo")
    ward.get_by_label("Ngày bắt đầu").fill((today - datetime.timedelta(days=60)).isoformat())
    ward.get_by_label("Mục tiêu").fill("Mỗi đảng viên nắm và giúp ít nhất một hộ khó khăn.")
    ward.get_by_role("button", name="Lưu").click()
    expect(ward.get_by_role("heading", level=1)).to_have_text("Dân vận khéo trong khu dân cư")
    original = Practice.objects.in_orgs([world.ward.pk]).get()

    # The cell's secretary, on a phone, sees it under "launched above" and replicates it.
    secretary = sign_in(new_page(), "bithu")
    secretary.goto(f"{live_server.url}/o/{world.cell.pk}/mo-hinh/")
    secretary.locator("#launched-above").get_by_role("link", name="Nhân rộng tại Chi bộ Khu phố 1").tap()
    secretary.get_by_label("Tên mô hình tại tổ chức").fill("Dân vận khéo ở Khu phố 1")
    secretary.get_by_label("Ngày bắt đầu thực hiện").fill((today - datetime.timedelta(days=20)).isoformat())
    secretary.get_by_role("button", name="Nhân rộng").tap()
    expect(secretary.get_by_role("heading", level=1)).to_have_text("Dân vận khéo ở Khu phố 1")
    expect(secretary.locator("#facts")).to_contain_text("Nhân rộng từ mô hình Dân vận khéo trong khu dân cư")
    secretary.goto(f"{live_server.url}/o/{world.cell.pk}/mo-hinh/")
    expect(secretary.locator("#launched-above")).to_contain_text("đã thực hiện tại đây")

    figures = _figures(ward, ward_registry).replace("\n", " ")
    assert "1 mô hình do cấp ủy phát động" in figures
    assert "1 nơi nhân rộng mô hình" in figures
    assert "duy trì 0 mô hình tiêu biểu" in figures

    # The committee records the province's recognition of the original as typical.
    ward.goto(f"{ward_registry}{original.pk}/")
    expect(ward.locator("#family")).to_contain_text("Chi bộ Khu phố 1")
    ward.locator("#status-change summary").click()
    ward.get_by_label("Tình trạng mới").select_option(label="Tiêu biểu")
    ward.get_by_label("Cơ quan công nhận").fill("Tỉnh ủy Thử Nghiệm")
    ward.get_by_label("Số quyết định").fill("215-QĐ/TU")
    ward.get_by_label("Ngày quyết định").fill(today.isoformat())
    ward.get_by_role("button", name="Ghi nhận").click()
    expect(ward.locator("#facts")).to_contain_text(
        f"Tỉnh ủy Thử Nghiệm công nhận mô hình tiêu biểu (Quyết định số 215-QĐ/TU, ngày {today:%d/%m/%Y})")
    assert "duy trì 1 mô hình tiêu biểu" in _figures(ward, ward_registry).replace("\n", " ")

    # … and nominates the model's owner, the ward itself, for the province's commendation.
    ward.goto(f"{live_server.url}/o/{world.ward.pk}/khen-thuong/de-nghi/")
    ward.get_by_label("Tập thể", exact=True).check()
    ward.get_by_label("Tập thể được đề nghị").select_option(label="Đảng bộ phường Bến Thành")
    ward.get_by_label("Hình thức khen thưởng").select_option(label="Bằng khen")
    ward.get_by_label("Cấp khen thưởng (gửi đề nghị tới)").select_option(label="Đảng bộ tỉnh Thử Nghiệm")
    ward.get_by_label("Khen về").select_option(label="Mô hình học tập và làm theo Bác")
    ward.locator("select[name=practice]").select_option(label="Dân vận khéo trong khu dân cư — Đảng bộ phường Bến Thành")
    ward.get_by_label("Thành tích, lý do").fill("Xây dựng và nhân rộng mô hình “Dân vận khéo trong khu dân cư”.")
    ward.get_by_role("button", name="Gửi đề nghị").click()
    commendation = Commendation.objects.in_subtree(world.ward).get()
    assert (commendation.stage, commendation.practice_id, commendation.awarding_org_id) == (
        Stage.NOMINATED, original.pk, world.province.pk)

    # The province approves and decides; its figures count one collective.
    province = sign_in(new_page(phone=False), "tinh")
    province_awards = f"{live_server.url}/o/{world.province.pk}/khen-thuong/"
    province.goto(province_awards)
    expect(province.locator("#award-figures")).to_contain_text("Khen thưởng 0 tập thể, 0 cá nhân")
    province.locator("#waiting").get_by_role("link", name="Đảng bộ phường Bến Thành").click()
    province.get_by_role("button", name="Duyệt", exact=True).click()
    province.get_by_label("Số quyết định").fill("1024-QĐ/TU")
    province.get_by_label("Ngày quyết định").fill(today.isoformat())
    province.get_by_role("button", name="Ban hành").click()
    commendation.refresh_from_db()
    assert (commendation.stage, commendation.decision_number) == (Stage.ISSUED, "1024-QĐ/TU")
    province.goto(province_awards)
    expect(province.locator("#award-figures")).to_contain_text("Khen thưởng 1 tập thể, 0 cá nhân")
    original.refresh_from_db()
    assert original.status == Status.TYPICAL
