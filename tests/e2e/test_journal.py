"""The monthly reflection, on phones: the secretary names the writer, the member writes and
submits, the secretary records it was read at the meeting, another member of the cell comments."""

from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_member, make_user
from hocbac.journal.models import Comment, Reflection, State

HOSTILE = "<script>alert('x')</script> [bấm](javascript:alert(2))"


def test_reflection_from_the_rota_to_the_cells_comments(world, new_page, sign_in, live_server):
    today = timezone.localdate()
    commenter = make_member(world.cell, "Phạm Thị Góp Ý", card="10000009", user=make_user("0912000009", "Phạm Thị Góp Ý"))
    dialogs = []

    secretary = sign_in(new_page(), "bithu")
    secretary.goto(f"{live_server.url}/o/{world.cell.pk}/cam-nhan/")
    secretary.select_option("#assign-form select[name=member]", label="Trần Văn Đảng")
    expect(secretary.locator("#assign-form select[name=month]")).to_have_value(str(today.month))
    secretary.get_by_role("button", name="Phân công").tap()
    expect(secretary.get_by_role("alert").or_(secretary.locator(".alert-success"))).to_contain_text(
        f"Đã phân công Trần Văn Đảng viết bài tháng {today.month}/{today.year}")
    expect(secretary.locator("#rota tbody tr").nth(today.month - 1)).to_contain_text("Trần Văn Đảng — Được phân công")

    member = sign_in(new_page(), "0912000001")
    member.on("dialog", lambda dialog: dialogs.append(dialog.message) or dialog.dismiss())
    member.get_by_role("link", name=f"Viết bài cảm nhận tháng {today.month}/{today.year}").tap()
    member.fill("input[name=title]", "Nói phải đi đôi với làm")
    member.fill("textarea[name=body]", "Tháng này tôi học Quy định 144-QĐ/TW.\n\nTôi còn hứa với bà con mà chậm làm. "
                + HOSTILE)
    member.get_by_label("1.6. Nói không đi đôi với làm").check()
    member.get_by_text("Nhóm 2. Suy thoái về đạo đức, lối sống").tap()
    member.get_by_label("2.5. Quan liêu, xa dân, vô cảm trước khó khăn của nhân dân").check()
    member.fill("input[name=correction_0]", "Trả lời kiến nghị của bà con trong tuần")
    member.fill("input[name=correction_by_0]", f"{today.year}-12-31")
    member.get_by_role("button", name="Lưu nháp").tap()
    expect(member.locator(".alert-success")).to_contain_text("Đã lưu bản nháp.")
    expect(member.get_by_label("2.5. Quan liêu, xa dân, vô cảm trước khó khăn của nhân dân")).to_be_checked()
    member.get_by_role("button", name="Nộp bài").tap()
    expect(member.locator("#reflection-state")).to_have_text("Đã nộp")
    expect(member.locator("#reflection-body")).to_contain_text("<script>alert('x')</script>")
    expect(member.locator("#reflection-body a")).to_have_count(0)

    secretary.goto(f"{live_server.url}/o/{world.cell.pk}/cam-nhan/")
    secretary.locator("#rota").get_by_role("link", name="Trần Văn Đảng").tap()
    expect(secretary.locator("input[name=read_on]")).to_have_value(today.isoformat())
    secretary.get_by_role("button", name="Ghi nhận đã đọc").tap()
    expect(secretary.locator("#reflection-state")).to_have_text(f"Đã đọc tại sinh hoạt ngày {today:%d/%m/%Y}")

    other = sign_in(new_page(), "0912000009")
    other.on("dialog", lambda dialog: dialogs.append(dialog.message) or dialog.dismiss())
    other.goto(f"{live_server.url}/toi/cam-nhan/")
    other.get_by_role("link", name=f"Tháng {today.month}/{today.year} — Trần Văn Đảng: Nói phải đi đôi với làm").tap()
    other.fill("#comment-form textarea[name=body]", "Tôi đồng tình, đồng chí nên hẹn ngày cụ thể với từng hộ.")
    other.get_by_role("button", name="Gửi góp ý").tap()
    expect(other.locator(".comment").first).to_contain_text("Phạm Thị Góp Ý")
    expect(other.locator(".comment").first).to_contain_text("Tôi đồng tình, đồng chí nên hẹn ngày cụ thể với từng hộ.")

    reflection = Reflection.objects.unscoped().get()
    assert (reflection.state, reflection.read_on, [c.code for c in reflection.citations.all()]) == (
        State.READ, today, ["1.6", "2.5"])
    assert list(Comment.objects.values_list("author_name", flat=True)) == [commenter.full_name]
    assert dialogs == []
