"""What the people of PRODUCT.md do, in a real browser, mostly on a phone-sized screen."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_member
from hocbac.core.models import AuditEntry
from hocbac.orgs.models import Member
from hocbac.orgs.tests.workbooks import member_rows, member_workbook, spoil
from hocbac.study import services as study_services
from hocbac.study.models import Attendance, SessionKind


def test_sign_in_in_vietnamese_wrong_password_then_the_ward_page(world, new_page, sign_in, live_server):
    page = new_page()
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("Đăng nhập")
    assert page.locator("html").get_attribute("lang") == "vi"
    sign_in(page, "phuong", "sai-mat-khau")
    expect(page.locator("form")).to_contain_text("không đúng")
    sign_in(page, "phuong")
    expect(page).to_have_url(re.compile(rf"/o/{world.ward.pk}/$"))
    expect(page.locator("h1")).to_have_text("Đảng bộ phường Bến Thành")
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.locator("h1")).to_have_text("Đăng nhập")


def test_member_search_without_diacritics_narrows_the_list_in_place(world, new_page, sign_in, live_server):
    for name, card in [("Nguyễn Văn Bình", "91000001"), ("Nguyễn Văn An", "91000002"), ("Nguyễn Thị Yến", "91000003")]:
        make_member(world.cell, name, card=card)
    page = sign_in(new_page(phone=False), "phuong")
    page.goto(f"{live_server.url}/o/{world.ward.pk}/dang-vien/")
    page.evaluate("window.notReloaded = true")
    page.fill("#q", "nguyen van")
    rows = page.locator("#member-rows tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Nguyễn Văn An")  # Vietnamese order: given name first
    expect(rows.nth(1)).to_contain_text("Nguyễn Văn Bình")
    assert page.evaluate("window.notReloaded") is True  # htmx swapped the rows, no full reload
    assert "q=nguyen%20van" in page.url  # the search is in the address, so Back and sharing work


def test_one_time_password_then_forced_change_then_own_page(world, new_page, sign_in, live_server):
    newcomer = make_member(world.cell, "Vũ Thị Hồng", card="92000001", phone="0987654321")
    page = sign_in(new_page(), "bithu")
    page.goto(f"{live_server.url}/o/{world.cell.pk}/dang-vien/{newcomer.pk}/")
    page.get_by_role("button", name="Tạo tài khoản").click()
    password = page.locator("#one-time-password").inner_text().strip()
    username = page.locator("strong").first.inner_text().strip()
    assert len(password) >= 8
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in(page, username, password)
    expect(page).to_have_url(re.compile(r"/mat-khau/|doi-mat-khau"))
    page.fill("input[name=old_password]", password)
    page.fill("input[name=new_password]", "hoc-tap-lam-theo-2026")
    page.fill("input[name=new_password_again]", "hoc-tap-lam-theo-2026")
    page.get_by_role("button", name=re.compile("Đổi mật khẩu|Lưu")).click()
    expect(page).to_have_url(re.compile(r"/toi/$"))
    expect(page.locator("h1")).to_contain_text("Vũ Thị Hồng")


def test_another_cells_member_is_a_plain_404(world, new_page, sign_in, live_server):
    page = sign_in(new_page(expect_http_errors=True), "bithu")
    response = page.goto(f"{live_server.url}/o/{world.other_cell.pk}/dang-vien/{world.other_member.pk}/")
    assert response.status == 404
    assert "Lê Thị Khác" not in page.content()


def test_secretary_takes_attendance_of_60_on_a_phone_and_coverage_follows(world, new_page, sign_in, live_server):
    for index in range(58):  # with the secretary and Trần Văn Đảng: 60
        make_member(world.cell, f"Đảng Viên Thứ {index + 1:02d}", card=f"93{index:06d}")
    today = timezone.localdate()
    campaign = study_services.create_campaign(by=world.ward_admin, org=world.ward, title="Học tập chuyên đề năm",
                                              starts_on=today - datetime.timedelta(days=10), due_on=today + datetime.timedelta(days=30))
    start = timezone.now() - datetime.timedelta(hours=2)
    session = study_services.create_session(by=world.secretary, org=world.cell, kind=SessionKind.REGULAR,
                                            title="Sinh hoạt chi bộ tháng này", starts_at=start,
                                            ends_at=start + datetime.timedelta(hours=2), campaign=campaign)
    page = sign_in(new_page(), "bithu")
    page.get_by_role("link", name="Điểm danh: Sinh hoạt chi bộ tháng này").click()
    expect(page.locator("#checklist > li")).to_have_count(60)
    page.get_by_role("button", name="Tất cả có mặt").click()
    expect(page.locator("#attendance-counts")).to_contain_text("60 có mặt")
    absent = ["Đảng Viên Thứ 07", "Đảng Viên Thứ 31", "Trần Văn Đảng"]
    for name in absent:
        row = page.locator("#checklist > li", has_text=name)
        button = row.get_by_role("button", name="Vắng không lý do")
        assert button.bounding_box()["height"] >= 44  # a thumb's target
        button.tap()
        expect(row.get_by_role("button", name="Vắng không lý do")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#attendance-counts")).to_contain_text("57 có mặt")
    page.reload()
    expect(page.locator("#attendance-counts")).to_contain_text("57 có mặt · 0 vắng có lý do · 3 vắng không lý do")
    marks = Attendance.objects.in_subtree(world.cell).filter(session=session)
    assert (marks.count(), marks.filter(status="vang_khong_ly_do").count()) == (60, 3)

    page = sign_in(new_page(), "phuong")
    page.goto(f"{live_server.url}/o/{world.ward.pk}/hoc-tap/{campaign.pk}/")
    # Ward: 57 of the cell's 60 plus nobody of the other cell (1 member) → 57/61.
    expect(page.locator("#coverage-total")).to_have_text("57/61 đảng viên, đạt 93,4%")
    rows = page.locator("#coverage-rows tbody tr")
    expect(rows.nth(0)).to_contain_text("Chi bộ Khu phố 2")  # weakest first
    expect(rows.nth(1)).to_contain_text("95,0%")


def test_import_500_members_with_3_bad_rows_then_fixed(world, new_page, sign_in, live_server, tmp_path):
    rows = member_rows(500, [world.cell.code])
    bad = tmp_path / "dang-vien-co-loi.xlsx"
    bad.write_bytes(member_workbook(spoil([list(r) for r in rows], {9: "bad_date", 250: "duplicate_card", 498: "unknown_status"})).getvalue())
    good = tmp_path / "dang-vien.xlsx"
    good.write_bytes(member_workbook(rows).getvalue())
    before = Member.objects.in_subtree(world.cell).count()

    page = sign_in(new_page(), "bithu")
    page.goto(f"{live_server.url}/o/{world.cell.pk}/")
    page.get_by_role("link", name="Nhập từ Excel").click()
    page.set_input_files("input[name=file]", str(bad))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    errors = page.locator("#import-errors tbody tr")
    expect(errors).to_have_count(3)
    expect(errors.nth(0)).to_contain_text("Dòng 11")
    expect(errors.nth(0)).to_contain_text("31/02/1970")
    expect(errors.nth(1)).to_contain_text("Dòng 252")
    expect(errors.nth(2)).to_contain_text("Dòng 500")
    expect(page.get_by_role("button", name=re.compile("^Nhập \\d"))).to_have_count(0)
    assert Member.objects.in_subtree(world.cell).count() == before

    page.get_by_role("link", name="Tải tệp khác").click()
    page.set_input_files("input[name=file]", str(good))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.get_by_role("button", name="Nhập 500 đảng viên").click()
    expect(page.locator(".messages, [role=status], .alert").first).to_contain_text("Đã nhập 500 đảng viên")
    assert Member.objects.in_subtree(world.cell).count() == before + 500
    assert AuditEntry.objects.in_subtree(world.cell).filter(action="import.dang_vien").count() == 1
    page.go_back()  # a doubled submission: the browser re-posts nothing new
    page.reload()
    assert Member.objects.in_subtree(world.cell).count() == before + 500
