"""A ward committee member opens the ward's dashboard, goes down to the weakest cell, then drafts
and downloads the six-monthly report, and opens it."""

import io

from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from hocbac.reports.tests.test_dashboard import _world_with_facts

TODAY = timezone.localdate()
HALF_LABEL = f"6 tháng {'đầu' if TODAY.month <= 6 else 'cuối'} năm {TODAY.year}"


def test_ward_opens_the_dashboard_drills_down_and_downloads_the_six_monthly_report(
        world, desktop_page, sign_in, live_server):
    _world_with_facts(world)
    page = sign_in(desktop_page, "phuong")
    page.goto(f"{live_server.url}/o/{world.ward.pk}/")
    page.get_by_role("link", name="Số liệu tổng hợp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Số liệu học tập và làm theo — năm {TODAY.year}")
    expect(page.locator("#figure-hoc_tap")).to_contain_text("2/3 đảng viên, đạt 66,7%")
    expect(page.locator("#trend-chart")).to_be_visible()
    # Weakest first: the first row is the cell with the lowest participation.
    first = page.locator("#children tbody tr").first
    expect(first).to_contain_text("Chi bộ Khu phố 1")
    expect(first).to_contain_text("50,0%")
    first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=2, name="Đảng viên của chi bộ")).to_be_visible()
    expect(page.locator("#members")).to_contain_text("Trần Văn Đảng")

    page.goto(f"{live_server.url}/o/{world.ward.pk}/so-lieu/")
    page.get_by_role("link", name="Báo cáo sơ kết, tổng kết").click()
    page.get_by_label("Loại báo cáo").select_option(label="Báo cáo sơ kết 6 tháng")
    page.get_by_label("Kỳ (quý, 6 tháng, năm)").select_option(label=HALF_LABEL)
    page.get_by_label("Địa danh").fill("Bến Thành")
    page.get_by_role("button", name="Tạo dự thảo").click()
    expect(page.locator("#statistics")).to_contain_text("2/3 đảng viên, đạt 66,7% tham gia ít nhất một buổi")
    page.get_by_label("III. Hạn chế, nguyên nhân").fill("Một số chi bộ sinh hoạt chưa đều.")
    page.get_by_role("textbox", name="Người ký:", exact=True).fill("Nguyễn Văn Bí Thư")
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.get_by_role("button", name="Ban hành báo cáo").click()
    expect(page.locator(".messages")).to_contain_text("Đã ban hành báo cáo số 01-BC/ĐU.")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải báo cáo (Word)").click()
    document = Document(io.BytesIO(open(download.value.path(), "rb").read()))
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts and "Một số chi bộ sinh hoạt chưa đều." in texts
    assert "Số 01-BC/ĐU" in [p.text for cell in document.tables[0]._cells for p in cell.paragraphs]
