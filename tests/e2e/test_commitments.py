"""A member registers on a phone, the secretary discloses, the member self-assesses, the
secretary evaluates; the cell's figures follow each step."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from hocbac.commitments.models import Registration


def test_register_disclose_self_assess_evaluate_on_a_phone(world, new_page, sign_in, live_server):
    year = timezone.localdate().year
    register_url = f"{live_server.url}/o/{world.cell.pk}/lam-theo/?nam={year}"

    member = sign_in(new_page(), "0912000001")
    member.goto(f"{live_server.url}/toi/")
    member.get_by_role("link", name=f"Đăng ký làm theo và cam kết nêu gương năm {year}").click()
    member.fill("textarea[name=study_plan]", "Học tập chuyên đề năm; đọc tác phẩm “Sửa đổi lối làm việc”.")
    member.fill("input[name=deed_0]", "Vận động các hộ trong tổ phân loại rác tại nguồn")
    member.fill("input[name=measure_0]", "30/42 hộ tham gia")
    member.fill("textarea[name=exemplary]", "Gương mẫu chấp hành quy ước khu phố.")
    member.fill("textarea[name=anti_degradation]", "Không nói không đi đôi với làm.")
    member.get_by_role("button", name="Nộp bản đăng ký").click()
    expect(member.locator("body")).to_contain_text("Đã nộp bản đăng ký")
    expect(member.locator("body")).to_contain_text("Trạng thái: Đã nộp")

    secretary = sign_in(new_page(), "bithu")
    secretary.goto(register_url)
    expect(secretary.locator("#commitment-figures")).to_contain_text("1/2 đảng viên đã đăng ký (50,0%)")
    secretary.get_by_role("button", name="Ghi công khai các bản đã chọn").click()
    expect(secretary.locator("body")).to_contain_text("Đã ghi công khai 1 bản đăng ký")

    member.reload()
    member.fill("textarea[name=text]", "Đã vận động được 35 hộ phân loại rác; tham gia đủ các buổi sinh hoạt.")
    member.get_by_role("button", name="Ghi tự đánh giá").click()
    expect(member.locator("body")).to_contain_text("Đã ghi tự đánh giá cuối năm")

    secretary.goto(register_url)
    secretary.get_by_role("link", name="Trần Văn Đảng").click()
    expect(secretary.locator("#registration")).to_contain_text("Đã vận động được 35 hộ")
    secretary.get_by_label("Thực hiện tốt").check()
    secretary.fill("textarea[name=comment]", "Gương mẫu, vận động tốt.")
    secretary.get_by_role("button", name="Ghi đánh giá và khóa").click()
    expect(secretary.locator("body")).to_contain_text("Đã ghi đánh giá của chi bộ")
    secretary.goto(register_url)
    expect(secretary.locator("#commitment-figures")).to_have_text(re.compile(r"1/2 .*; 100% thực hiện tốt"))
    registration = Registration.objects.in_subtree(world.cell).get(member=world.member, year=year)
    assert (registration.state, registration.result, registration.on_behalf) == ("da_danh_gia", "tot", False)
