"""What the people of PRODUCT.md do, in a real browser, mostly on a phone-sized screen."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_member
from hocbac.core.models import AuditEntry
from hocbac.orgs.models import Member
from hocbac.orgs.tests.workbooks import BAD_ROWS, member_rows, member_workbook, spoil
from hocbac.study import services as study_services
from hocbac.study.models import Attendance, SessionKind


def test_sign_in_in_vietnamese_wrong_password_then_the_ward_page(world, page, sign_in, live_server):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/"))
    expect(page.locator("h1")).to_have_text("Đăng nhập")
    expect(page.get_by_label("Số điện thoại hoặc số thẻ đảng viên")).to_be_visible()
    expect(page.get_by_label("Mật khẩu")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "vi"
    sign_in(page, "phuong", "sai-mat-khau")
    expect(page.locator("form")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    sign_in(page, "phuong")
    expect(page).to_have_url(re.compile(rf"/o/{world.ward.pk}/$"))
    expect(page.locator("h1")).to_have_text("Đảng bộ phường Bến Thành")
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.locator("h1")).to_have_text("Đăng nhập")


def test_member_search_without_diacritics_narrows_the_list_in_place(world, desktop_page, sign_in, live_server):
    names = ["Nguyễn Văn Em", "Nguyễn Văn Đạt", "Nguyễn Thị Yến", "Nguyễn Văn Dũng", "Nguyễn Văn Ánh"]
    for index, name in enumerate(names):
        make_member(world.cell, name, card=f"9100000{index}")
    page = sign_in(desktop_page, "phuong")
    page.goto(f"{live_server.url}/o/{world.ward.pk}/dang-vien/")
    expect(page.locator("#member-rows")).to_contain_text("8 đảng viên")
    page.evaluate("window.notReloaded = true")
    page.fill("#q", "nguyen van")
    expect(page.locator("#member-rows")).to_contain_text("4 đảng viên")
    names = page.locator("#member-rows tbody tr td:first-child a")
    # Vietnamese order, by given name: A < D < Đ < E (code-point order would give Dũng, Em, Ánh, Đạt).
    expect(names).to_have_text(["Nguyễn Văn Ánh", "Nguyễn Văn Dũng", "Nguyễn Văn Đạt", "Nguyễn Văn Em"])
    assert page.evaluate("window.notReloaded") is True  # htmx swapped the rows, no full reload
    assert "q=nguyen%20van" in page.url  # the search is in the address, so Back and sharing work


def test_one_time_password_then_forced_change_then_own_page(world, page, sign_in, live_server):
    newcomer = make_member(world.cell, "Vũ Thị Hồng", card="92000001", phone="0987654321")
    sign_in(page, "bithu")
    page.goto(f"{live_server.url}/o/{world.cell.pk}/dang-vien/{newcomer.pk}/")
    expect(page.locator("body")).to_contain_text("Chưa có tài khoản")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.locator("h1")).to_have_text("Mật khẩu tạm cho Vũ Thị Hồng")
    password = page.locator("#one-time-password").inner_text().strip()
    username = page.locator(".card strong").inner_text().strip()
    assert len(password) >= 8
    page.get_by_role("link", name="Xong").click()
    expect(page.locator("body")).to_contain_text(f"Tài khoản: {username}")
    assert password not in page.content()  # shown once, on the page that created it
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.locator("h1")).to_have_text("Đăng nhập")

    sign_in(page, username, password)
    expect(page).to_have_url(re.compile(r"/tai-khoan/doi-mat-khau/$"))
    expect(page.locator(".alert-warning")).to_contain_text("Đồng chí đang dùng mật khẩu tạm")
    page.goto(f"{live_server.url}/toi/")  # nothing else opens until the password is changed
    expect(page).to_have_url(re.compile(r"/tai-khoan/doi-mat-khau/$"))
    page.get_by_label("Mật khẩu hiện tại").fill(password)
    page.get_by_label(re.compile("^Mật khẩu mới")).fill("hoc-tap-lam-theo-2026")
    page.get_by_label("Nhập lại mật khẩu mới").fill("hoc-tap-lam-theo-2026")
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page).to_have_url(re.compile(r"/toi/$"))
    expect(page.locator("h1")).to_contain_text("Vũ Thị Hồng")
    expect(page.locator(".messages")).to_contain_text("Đã đổi mật khẩu.")


def test_another_cells_member_is_a_plain_404(world, new_page, sign_in, live_server):
    page = sign_in(new_page(expect_http_errors=True), "bithu")
    response = page.goto(f"{live_server.url}/o/{world.other_cell.pk}/dang-vien/{world.other_member.pk}/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Không tìm thấy trang")
    assert "Lê Thị Khác" not in page.content()
    assert "Chi bộ Khu phố 2" not in page.content()
    # The same page as for a member who does not exist at all: nothing tells the two apart.
    missing = page.goto(f"{live_server.url}/o/{world.other_cell.pk}/dang-vien/999999/")
    assert missing.status == 404
    expect(page.locator("h1")).to_have_text("Không tìm thấy trang")


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
    expect(page.locator("#attendance-counts")).to_contain_text("60 chưa điểm danh")
    assert page.get_by_role("button", name="Tất cả có mặt").bounding_box()["height"] >= 44
    page.get_by_role("button", name="Tất cả có mặt").tap()
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
    expect(page.get_by_role("alert")).to_contain_text("Tệp có 500 dòng, trong đó 3 dòng lỗi. Chưa nhập dòng nào.")
    errors = page.locator("#import-errors tbody tr")
    expect(errors).to_have_count(3)
    for row, (number, kind) in enumerate([(11, "bad_date"), (252, "duplicate_card"), (500, "unknown_status")]):
        expect(errors.nth(row).locator("td").first).to_have_text(f"Dòng {number}")  # the header is row 1
        for words in BAD_ROWS[kind]:
            expect(errors.nth(row)).to_contain_text(words)
    expect(errors.nth(0)).to_contain_text("31/02/1970")
    expect(page.get_by_role("button", name=re.compile("^Nhập \\d"))).to_have_count(0)
    assert Member.objects.in_subtree(world.cell).count() == before

    page.get_by_role("link", name="Tải tệp khác").click()
    page.set_input_files("input[name=file]", str(good))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.get_by_role("button", name="Nhập 500 đảng viên").click()
    expect(page).to_have_url(re.compile(rf"/o/{world.cell.pk}/dang-vien/$"))
    expect(page.locator(".messages")).to_contain_text("Đã nhập 500 đảng viên từ tệp dang-vien.xlsx.")
    expect(page.locator("#member-rows")).to_contain_text(f"{before + 500} đảng viên")
    assert Member.objects.in_subtree(world.cell).count() == before + 500
    assert AuditEntry.objects.in_subtree(world.cell).filter(action="import.dang_vien").count() == 1
    page.go_back()  # back on the checked file: it says it was imported, and offers no second import
    expect(page.locator("main")).to_contain_text("Tệp này đã được nhập lúc")
    expect(page.get_by_role("button", name=re.compile("^Nhập \\d"))).to_have_count(0)
    page.reload()
    assert Member.objects.in_subtree(world.cell).count() == before + 500
