"""The member's home on a phone: each due item links straight to what to do, and drops off the
list once done (register the commitment, write the reflection assigned this month, read the
must-read notice, open the new document) until the list is empty. Then a citizen sends a
proposal on the ward's public site and follows it with the private link."""

from urllib.parse import quote

from django.utils import timezone
from playwright.sync_api import expect

from hocbac.journal import services as journal
from hocbac.library.services import create_document
from hocbac.outreach import services as outreach
from hocbac.outreach.models import Proposal, Publication


def test_member_follows_each_due_item_until_the_list_is_empty(world, page, sign_in, live_server):
    today = timezone.localdate()
    journal.assign(world.cell, world.member, today.year, today.month, by=world.secretary)
    outreach.send_notice(by=world.ward_admin, org=world.ward, title="Lịch học tập chuyên đề năm", must_read=True,
                         body="Tối thứ Sáu, 19 giờ, tại Nhà văn hóa khu phố.")
    create_document(by=world.ward_admin, org=world.ward, kind="ke_hoach", title="Kế hoạch học tập chuyên đề năm")
    todo = page.locator("#todo-list li")

    sign_in(page, "0912000001")
    page.goto(f"{live_server.url}/toi/")
    expect(todo).to_have_count(4)

    page.get_by_role("link", name=f"Đăng ký làm theo và cam kết nêu gương năm {today.year}").tap()
    page.fill("textarea[name=study_plan]", "Học tập chuyên đề năm.")
    page.fill("input[name=deed_0]", "Vận động các hộ phân loại rác tại nguồn")
    page.fill("input[name=measure_0]", "30 hộ")
    page.fill("textarea[name=exemplary]", "Gương mẫu chấp hành quy ước khu phố.")
    page.fill("textarea[name=anti_degradation]", "Không nói không đi đôi với làm.")
    page.get_by_role("button", name="Nộp bản đăng ký").tap()
    expect(page.locator("body")).to_contain_text("Trạng thái: Đã nộp")
    page.goto(f"{live_server.url}/toi/")
    expect(todo).to_have_count(3)

    page.get_by_role("link", name=f"Viết bài cảm nhận tháng {today.month}/{today.year}").tap()
    page.fill("input[name=title]", "Nói phải đi đôi với làm")
    page.fill("textarea[name=body]", "Tháng này tôi học Quy định 144-QĐ/TW.")
    page.fill("input[name=correction_0]", "Trả lời kiến nghị của bà con trong tuần")
    page.fill("input[name=correction_by_0]", f"{today.year}-12-31")
    page.get_by_role("button", name="Lưu nháp").tap()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu bản nháp.")
    page.get_by_role("button", name="Nộp bài").tap()
    expect(page.locator("#reflection-state")).to_have_text("Đã nộp")
    page.goto(f"{live_server.url}/toi/")
    expect(todo).to_have_count(2)

    page.get_by_role("link", name="Đọc thông báo (bắt buộc): Lịch học tập chuyên đề năm").tap()
    expect(page.locator("#notice")).to_contain_text("Tối thứ Sáu, 19 giờ, tại Nhà văn hóa khu phố.")
    page.get_by_role("link", name="Về trang của tôi").tap()
    expect(todo).to_have_count(1)

    page.get_by_role("link", name="Đọc tài liệu: Kế hoạch học tập chuyên đề năm").tap()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kế hoạch học tập chuyên đề năm")
    page.goto(f"{live_server.url}/toi/")
    expect(todo).to_have_count(1)
    expect(todo).to_have_text("Hiện chưa có việc nào cần làm.")


def test_citizen_sends_a_proposal_and_follows_its_answer(world, page, live_server):
    page.goto(f"{live_server.url}/trang/{world.ward.pk}/")
    page.get_by_role("link", name="Gửi đề xuất, ý kiến hay").tap()
    page.fill("input[name=name]", "Nguyễn Văn Dân")
    page.fill("input[name=contact]", "0903000111")
    page.fill("input[name=title]", "Lắp đèn hẻm 12")
    page.fill("textarea[name=body]", "Hẻm 12 tối, xin lắp thêm đèn.")
    page.get_by_role("button", name="Gửi ý kiến").tap()
    expect(page.locator("#proposal-status")).to_contain_text("Tình trạng: Mới nhận")
    status_url = page.url
    proposal = Proposal.objects.unscoped().get()
    outreach.answer_proposal(proposal, by=world.ward_admin, status="da_tra_loi", answer="Đã lắp 4 đèn.", publish=True)
    page.goto(status_url)
    expect(page.locator("#proposal-status")).to_contain_text("Đã lắp 4 đèn.")
    page.goto(f"{live_server.url}/trang/{world.ward.pk}/")
    page.get_by_role("link", name="Lắp đèn hẻm 12").tap()
    expect(page.locator("#public-item")).to_contain_text("Đã lắp 4 đèn.")
    item = Publication.objects.unscoped().get()
    shared = quote(f"{live_server.url}/trang/{world.ward.pk}/bai/{item.pk}/", safe="")
    expect(page.get_by_role("link", name="Facebook")).to_have_attribute(
        "href", f"https://www.facebook.com/sharer/sharer.php?u={shared}")
