"""The journal's pages as a member, a secretary and an administrator use them: writing and
submitting, reading with comments, the rota, the files for the cell's records, and what is
shown inert when a member pastes markup."""

import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from conftest import make_member
from hocbac.core.models import AuditEntry
from hocbac.journal import services
from hocbac.journal.models import Comment, Manifestation, Reflection, State

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
HOSTILE = ('Tôi đã học <script>alert("x")</script> Chỉ thị 05.\n\n'
           '[bấm vào đây](javascript:alert(1)) và <a href="javascript:alert(2)">đây</a>, javascript:alert(3)\n'
           "- https://tulieuvankien.dangcongsan.vn/c-mac-angghen-lenin-ho-chi-minh")


def signed_in(user):
    """A client of its own for `user`, so two people can act in one test."""
    client = Client()
    client.force_login(user)
    return client


def item(group, number):
    return Manifestation.objects.get(group=group, number=number, sub=0)


def assigned(w, member=None, month=1):
    return services.assign(w.cell, member or w.member, TODAY.year, month, by=w.secretary)


def submitted(w, body="Tôi tự nhận thấy bản thân còn nể nang trong góp ý.", month=1):
    reflection = services.save_reflection(assigned(w, month=month), by=w.member_user, body=body,
                                          manifestation_ids=[item(1, 5).pk],
                                          corrections=[{"text": "Thẳng thắn góp ý tại sinh hoạt", "by": TODAY}])
    return services.submit_reflection(reflection, by=w.member_user)


def _write_post(reflection_ids, action, **extra):
    data = {"title": "Tự soi, tự sửa", "body": "Tháng này tôi học Quy định 144-QĐ/TW.\n\nTôi còn nói chưa đi đôi với làm.",
            "manifestation": [str(i) for i in reflection_ids], "correction_0": "Làm đúng việc đã hứa với dân",
            "correction_by_0": (TODAY + datetime.timedelta(days=30)).isoformat(), "action": action}
    data.update(extra)
    return data


def test_member_sees_the_assignment_writes_a_draft_then_submits(world):
    reflection = assigned(world)
    client = signed_in(world.member_user)
    home = client.get(reverse("orgs:my_home")).content.decode()
    assert f"Viết bài cảm nhận tháng 1/{TODAY.year}" in home
    assert f"hạn 31/01/{TODAY.year}" in home

    response = client.post(reverse("journal:write", args=[reflection.pk]), _write_post([item(1, 6).pk], "save"))
    assert response.status_code == 302
    reflection.refresh_from_db()
    assert (reflection.state, reflection.title) == (State.DRAFT, "Tự soi, tự sửa")
    form = client.get(reverse("journal:write", args=[reflection.pk])).content.decode()
    assert f'value="{item(1, 6).pk}" checked' in form

    response = client.post(reverse("journal:write", args=[reflection.pk]), _write_post([item(1, 6).pk, item(2, 4).pk], "submit"))
    assert response["Location"] == reverse("journal:reflection", args=[reflection.pk])
    reflection.refresh_from_db()
    assert reflection.state == State.SUBMITTED
    assert [c.code for c in reflection.citations.all()] == ["1.6", "2.4"]
    page = client.get(reverse("journal:reflection", args=[reflection.pk])).content.decode()
    assert "1.6. Nói không đi đôi với làm" in page
    assert f"thời hạn {TODAY + datetime.timedelta(days=30):%d/%m/%Y}" in page
    assert f"Viết bài cảm nhận tháng 1/{TODAY.year}" not in client.get(reverse("orgs:my_home")).content.decode()


def test_submitting_without_corrections_says_why_and_keeps_the_draft(world):
    reflection = assigned(world)
    client = signed_in(world.member_user)
    response = client.post(reverse("journal:write", args=[reflection.pk]),
                           _write_post([], "submit", correction_0="", correction_by_0=""), follow=True)
    assert "Hãy nêu ít nhất một hướng khắc phục cụ thể, có thời hạn." in response.content.decode()
    reflection.refresh_from_db()
    assert reflection.state == State.DRAFT


def test_markup_in_a_reflection_and_a_comment_is_shown_inert(world):
    reflection = submitted(world, body=HOSTILE)
    services.add_comment(reflection, by=world.secretary, body=HOSTILE, client_key="k")
    page = signed_in(world.member_user).get(reverse("journal:reflection", args=[reflection.pk])).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert [href for href in page.split('href="')[1:] if href.startswith("javascript")] == []
    assert "[bấm vào đây](javascript:alert(1))" in page
    assert page.count('<a href="https://tulieuvankien.dangcongsan.vn/c-mac-angghen-lenin-ho-chi-minh" '
                      'rel="nofollow noopener noreferrer">') == 2


def test_a_doubled_comment_post_records_once(world):
    reflection = submitted(world)
    client = signed_in(world.secretary)
    data = {"body": "Đồng chí nên nêu rõ việc sẽ làm ở khu phố.", "client_key": "abc123"}
    first = client.post(reverse("journal:comment", args=[reflection.pk]), data)
    second = client.post(reverse("journal:comment", args=[reflection.pk]), data)
    comment = Comment.objects.get()
    assert (first["Location"], second["Location"]) == (f"{reverse('journal:reflection', args=[reflection.pk])}#gop-y-{comment.pk}",) * 2
    assert AuditEntry.objects.unscoped().filter(action="comment.create").count() == 1


def test_a_reply_and_the_secretary_marks_read_and_concludes(world):
    reflection = submitted(world)
    first = services.add_comment(reflection, by=world.secretary, body="Bài viết thẳng thắn.", client_key="a")
    client = signed_in(world.member_user)
    client.post(reverse("journal:comment", args=[reflection.pk]), {"body": "Xin cảm ơn chi ủy.", "client_key": "b",
                                                                 "parent": first.pk})
    assert Comment.objects.get(client_key="b").parent_id == first.pk
    secretary = signed_in(world.secretary)
    secretary.post(reverse("journal:mark_read", args=[reflection.pk]), {"read_on": TODAY.isoformat()})
    secretary.post(reverse("journal:conclude", args=[reflection.pk]), {"text": "Chi bộ ghi nhận, đề nghị đồng chí sửa ngay."})
    reflection.refresh_from_db()
    assert (reflection.state, reflection.read_on, reflection.conclusion) == (
        State.READ, TODAY, "Chi bộ ghi nhận, đề nghị đồng chí sửa ngay.")
    page = secretary.get(reverse("journal:reflection", args=[reflection.pk])).content.decode()
    assert f"Đã đọc tại sinh hoạt ngày {TODAY:%d/%m/%Y}" in page


def test_a_read_date_in_the_future_is_refused_with_a_message(world):
    reflection = submitted(world)
    response = signed_in(world.secretary).post(reverse("journal:mark_read", args=[reflection.pk]),
                                           {"read_on": (TODAY + datetime.timedelta(days=2)).isoformat()})
    assert response.status_code == 400
    assert "Ngày đọc không được sau hôm nay." in response.content.decode()
    reflection.refresh_from_db()
    assert reflection.state == State.SUBMITTED


def test_assigning_a_hand_posted_member_of_another_cell_is_refused(world):
    client = signed_in(world.secretary)
    response = client.post(reverse("journal:assign", args=[world.cell.pk]) + f"?nam={TODAY.year}",
                           {"member": world.other_member.pk, "month": "3"}, follow=True)
    assert "Chọn đảng viên của chi bộ và tháng." in response.content.decode()
    assert Reflection.objects.unscoped().count() == 0


def test_the_rota_page_assigns_and_shows_figures(world):
    client = signed_in(world.secretary)
    client.post(reverse("journal:assign", args=[world.cell.pk]) + f"?nam={TODAY.year}", {"member": world.member.pk, "month": "2"})
    page = client.get(reverse("journal:rota", args=[world.cell.pk]) + f"?nam={TODAY.year}").content.decode()
    assert "0/1 bài đã nộp (0,0%), 0 bài đã đọc tại sinh hoạt" in page
    assert "2/2 đảng viên chưa viết bài nào" in page
    reflection = Reflection.objects.unscoped().get()
    assert (reflection.month, reflection.due_on) == (2, services.default_due_on(TODAY.year, 2))


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_list_pages_do_not_grow_queries_with_rows(world):
    extra = [make_member(world.cell, f"Đảng viên {n}", by=world.superuser) for n in range(2)]
    submitted(world)
    secretary = signed_in(world.secretary)
    rota_url = reverse("journal:rota", args=[world.cell.pk])
    one = _queries(secretary, rota_url), _queries(secretary, reverse("journal:register_export", args=[world.cell.pk]))
    for number, other in enumerate(extra, start=2):
        services.assign(world.cell, other, TODAY.year, number, by=world.secretary)
    three = _queries(secretary, rota_url), _queries(secretary, reverse("journal:register_export", args=[world.cell.pk]))
    assert one == three
    member = signed_in(world.member_user)
    mine_one = _queries(member, reverse("journal:mine"))
    for month in (5, 6):
        submitted(world, month=month)
    assert _queries(member, reverse("journal:mine")) == mine_one


def test_the_register_opens_in_excel_with_exact_cells(world):
    reflection = submitted(world)
    services.add_comment(reflection, by=world.secretary, body="Góp ý", client_key="k")
    services.mark_read(reflection, by=world.secretary, read_on=TODAY)
    response = signed_in(world.secretary).get(reverse("journal:register_export", args=[world.cell.pk]) + f"?nam={TODAY.year}")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("STT", "Tháng", "Họ và tên", "Chi bộ", "Hạn nộp", "Trạng thái", "Ngày nộp", "Ngày đọc tại sinh hoạt",
                       "Biểu hiện tự soi, tự sửa", "Hướng khắc phục", "Số góp ý", "Kết luận của chi bộ")
    assert rows[1] == (1, f"1/{TODAY.year}", "Trần Văn Đảng", "Chi bộ Khu phố 1", datetime.datetime(TODAY.year, 1, 31),
                       "Đã đọc tại sinh hoạt", datetime.datetime.combine(TODAY, datetime.time()),
                       datetime.datetime.combine(TODAY, datetime.time()),
                       "1.5. Né tránh tự phê bình và phê bình; nể nang, ngại va chạm",
                       f"Thẳng thắn góp ý tại sinh hoạt (trước {TODAY:%d/%m/%Y})", 1, None)
    assert AuditEntry.objects.unscoped().filter(action="reflection.register_export").count() == 1


def test_the_word_file_holds_the_text_comments_and_conclusion(world):
    reflection = submitted(world, body="Đoạn thứ nhất.\n\nĐoạn thứ hai.")
    services.add_comment(reflection, by=world.secretary, body="Đồng chí nên nêu rõ thời hạn.", client_key="k")
    deleted = services.add_comment(reflection, by=world.member_user, body="Ý sẽ xóa", client_key="d")
    services.delete_comment(deleted, by=world.member_user)
    reflection = services.mark_read(reflection, by=world.secretary, read_on=TODAY)
    services.conclude(reflection, by=world.secretary, text="Chi bộ thống nhất với hướng khắc phục.")
    response = signed_in(world.secretary).get(reverse("journal:reflection_document", args=[reflection.pk]))
    text = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert text[:2] == ["BÀI CẢM NHẬN", f"Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh — tháng 1/{TODAY.year}"]
    assert "Đoạn thứ hai." in text
    assert "- Suy thoái về tư tưởng chính trị: 1.5. Né tránh tự phê bình và phê bình; nể nang, ngại va chạm" in text
    assert "Đồng chí Nguyễn Thị Bí Thư: Đồng chí nên nêu rõ thời hạn." in text
    assert not any("Ý sẽ xóa" in line for line in text)
    assert text[-1] == "Chi bộ thống nhất với hướng khắc phục."


def test_new_wording_does_not_change_what_an_old_reflection_cited(world):
    reflection = submitted(world)
    client = signed_in(world.superuser)
    client.post(reverse("journal:manifestation_edit", args=[item(1, 5).pk]),
                {"action": "edit", "sua-label": "Né tránh, ngại va chạm", "sua-text": "Nguyên văn mới."})
    assert (item(1, 5).label, item(1, 5).version) == ("Né tránh, ngại va chạm", 2)
    page = client.get(reverse("journal:reflection", args=[reflection.pk])).content.decode()
    assert "1.5. Né tránh tự phê bình và phê bình; nể nang, ngại va chạm" in page
    client.post(reverse("journal:manifestation_edit", args=[item(1, 5).pk]),
                {"action": "add", "them-label": "Im lặng khi thấy sai", "them-text": ""})
    assert Manifestation.objects.get(group=1, number=5, sub=1).label == "Im lặng khi thấy sai"
    assert "1.5.1. Im lặng khi thấy sai" in client.get(reverse("journal:manifestations")).content.decode()


def test_the_notebook_keeps_private_entries_off_the_committees_page(world):
    client = signed_in(world.member_user)
    client.post(reverse("journal:notebook"), {"written_on": TODAY.isoformat(), "studied": "Đọc Sửa đổi lối làm việc"})
    client.post(reverse("journal:notebook"), {"written_on": TODAY.isoformat(), "did": "Giúp hộ cận nghèo sửa nhà",
                                              "shared": "on"})
    mine = client.get(reverse("journal:notebook")).content.decode()
    assert ("Đọc Sửa đổi lối làm việc" in mine, "Giúp hộ cận nghèo sửa nhà" in mine) == (True, True)
    secretary = signed_in(world.secretary)
    shared = secretary.get(reverse("journal:member_notebook", args=[world.cell.pk, world.member.pk])).content.decode()
    assert ("Đọc Sửa đổi lối làm việc" in shared, "Giúp hộ cận nghèo sửa nhà" in shared) == (False, True)
    secretary.post(reverse("journal:member_notebook", args=[world.cell.pk, world.member.pk]) + f"?nam={TODAY.year}",
                   {"period": f"{TODAY.year}-Q1", "text": "Ghi chép đều, cần nêu kết quả cụ thể hơn."})
    assert f"Quý 1/{TODAY.year}</strong>: Ghi chép đều" in signed_in(world.member_user).get(reverse("journal:notebook")).content.decode()
    listing = secretary.get(reverse("journal:notebooks", args=[world.cell.pk])).content.decode()
    assert "Trần Văn Đảng" in listing


def test_the_reflection_page_does_not_grow_queries_with_comments(world):
    reflection = submitted(world)
    services.add_comment(reflection, by=world.member_user, body="Ý thứ nhất", client_key="1")
    secretary = signed_in(world.secretary)
    url = reverse("journal:reflection", args=[reflection.pk])
    one = _queries(secretary, url)
    first = services.add_comment(reflection, by=world.secretary, body="Ý thứ hai", client_key="2")
    services.add_comment(reflection, by=world.member_user, body="Trả lời", client_key="3", parent=first)
    assert _queries(secretary, url) == one
    page = secretary.get(url).content.decode()
    assert page.count(">Xóa</button>") == 3  # the committee removes any comment
    assert signed_in(world.member_user).get(url).content.decode().count(">Xóa</button>") == 2  # the author, their own


def test_the_tally_page_counts_by_item_and_group_without_names(world):
    submitted(world)
    page = signed_in(world.ward_admin).get(reverse("journal:tally", args=[world.ward.pk]) + f"?nam={TODAY.year}").content.decode()
    assert "Tính trên 1 bài đã nộp." in page
    assert "Suy thoái về tư tưởng chính trị: <strong>1</strong> lượt" in page
    assert '<td>1.5. Né tránh tự phê bình và phê bình; nể nang, ngại va chạm</td><td class="num">1</td>' in page
    assert "Trần Văn Đảng" not in page


def test_the_author_changes_then_deletes_a_notebook_page(world):
    entry = services.save_entry(world.member, by=world.member_user, written_on=TODAY, studied="Đọc Di chúc")
    client = signed_in(world.member_user)
    url = reverse("journal:entry", args=[entry.pk])
    response = client.post(url, {"action": "save", "written_on": TODAY.isoformat(), "studied": "Đọc Di chúc của Bác",
                                 "shared": "on"})
    assert response["Location"] == reverse("journal:notebook")
    entry.refresh_from_db()
    assert (entry.studied, entry.is_shared) == ("Đọc Di chúc của Bác", True)
    client.post(url, {"action": "delete"})
    assert client.get(url).status_code == 404
    assert AuditEntry.objects.unscoped().filter(action="notebook.delete").count() == 1


def test_a_comment_is_corrected_within_the_window_and_refused_after(world, monkeypatch):
    reflection = submitted(world)
    written = services.add_comment(reflection, by=world.secretary, body="Ý ban đầu", client_key="k")
    client = signed_in(world.secretary)
    url = reverse("journal:comment_edit", args=[written.pk])
    client.post(url, {"body": "Ý đã sửa"})
    written.refresh_from_db()
    assert (written.body, written.edited_at is not None) == ("Ý đã sửa", True)
    later = written.created_at + datetime.timedelta(minutes=16)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    response = client.post(url, {"body": "Sửa muộn"})
    assert "Góp ý chỉ sửa được trong 15 phút sau khi viết." in response.content.decode()
    written.refresh_from_db()
    assert written.body == "Ý đã sửa"
