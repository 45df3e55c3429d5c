from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hocbac.outreach import services
from hocbac.outreach.models import Notice, Proposal, Publication

HOSTILE = "<script>alert('x')</script>"


def _queries(client, url):
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _proposal_data(**extra):
    return {"kind": "de_xuat", "name": "Nguyễn Văn Dân", "contact": "0903000111", "title": "Đèn hẻm 12",
            "body": "Hẻm 12 tối, xin lắp đèn.", "client_key": "", **extra}


def test_public_proposal_form_sends_to_the_private_link(world, client):
    response = client.post(reverse("outreach:public_proposal", args=[world.ward.pk]), _proposal_data())
    proposal = Proposal.objects.in_orgs([world.ward.pk]).get()
    assert response["Location"] == reverse("outreach:proposal_status", args=[proposal.token])
    page = client.get(response["Location"]).content.decode()
    assert ("Đèn hẻm 12" in page, "Mới nhận" in page, "0903000111" in page) == (True, True, False)


def test_public_proposal_form_rejects_a_flood(world, client):
    url = reverse("outreach:public_proposal", args=[world.ward.pk])
    codes = [client.post(url, _proposal_data(title=f"Ý kiến {i}"), REMOTE_ADDR="10.9.9.9").status_code
             for i in range(7)]
    assert codes == [302] * 5 + [429, 429]
    assert Proposal.objects.in_orgs([world.ward.pk]).count() == 5


def test_public_proposal_form_rejects_script_injection(world, client):
    response = client.post(reverse("outreach:public_proposal", args=[world.ward.pk]),
                           _proposal_data(body=f"Xin lắp đèn {HOSTILE}"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nội dung không được chứa mã HTML hay mã lệnh." in page
    assert HOSTILE not in page
    assert Proposal.objects.unscoped().count() == 0


def test_public_proposal_form_posted_twice_records_once(world, client):
    url = reverse("outreach:public_proposal", args=[world.ward.pk])
    client.post(url, _proposal_data(client_key="cung-mot-lan"))
    client.post(url, _proposal_data(client_key="cung-mot-lan"))
    assert Proposal.objects.in_orgs([world.ward.pk]).count() == 1


def test_public_site_of_a_cell_is_404(world, client):
    assert client.get(reverse("outreach:public_site", args=[world.cell.pk])).status_code == 404


def test_public_item_escapes_markup_counts_views_and_shares_plain_links(world, client):
    item = services.publish_article(by=world.ward_admin, org=world.ward, title="Kỳ 1: Bác Hồ với nhân dân",
                                    body=f"Đoạn một.\n\n{HOSTILE}")
    url = reverse("outreach:public_item", args=[world.ward.pk, item.pk])
    client.get(url)
    page = client.get(url).content.decode()
    item.refresh_from_db()
    assert (HOSTILE in page, "&lt;script&gt;" in page, item.views) == (False, True, 2)
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2Ftrang%2F" in page
    assert "<script" not in page  # no script at all on a public page, ours or a third party's


def test_withdrawn_item_is_404(world, client):
    item = services.publish_article(by=world.ward_admin, org=world.ward, title="Kỳ 1", body="Nội dung")
    services.withdraw(item, by=world.ward_admin)
    assert client.get(reverse("outreach:public_item", args=[world.ward.pk, item.pk])).status_code == 404


def test_notice_new_sends_with_an_attachment_once(world, login):
    client = login(world.secretary)
    data = {"title": "Họp chi bộ", "body": "Tối thứ Sáu", "client_key": "k-1",
            "attachments": SimpleUploadedFile("lich.pdf", b"%PDF-1.4 lich")}
    response = client.post(reverse("outreach:notice_new", args=[world.cell.pk]), data)
    notice = Notice.objects.in_orgs([world.cell.pk]).get()
    assert response["Location"] == reverse("outreach:notice_detail", args=[world.cell.pk, notice.pk])
    data["attachments"] = SimpleUploadedFile("lich.pdf", b"%PDF-1.4 lich")
    client.post(reverse("outreach:notice_new", args=[world.cell.pk]), data)
    assert (Notice.objects.in_orgs([world.cell.pk]).count(), notice.attachments.count()) == (1, 1)


def test_notice_new_with_a_disguised_file_shows_the_reason(world, login):
    client = login(world.secretary)
    response = client.post(reverse("outreach:notice_new", args=[world.cell.pk]), {
        "title": "Họp", "attachments": SimpleUploadedFile("lich.pdf", b"<html>not a pdf</html>")})
    assert "Chỉ nhận tệp PDF, Word (.doc, .docx) hoặc ảnh JPEG, PNG, WebP." in response.content.decode()
    assert Notice.objects.unscoped().count() == 0


def test_notice_detail_shows_read_counts_per_cell(world, login):
    notice = services.send_notice(by=world.ward_admin, org=world.ward, title="Lịch học")
    services.mark_notice_read(notice, member=world.member)
    page = login(world.ward_admin).get(reverse("outreach:notice_detail", args=[world.ward.pk, notice.pk])).content.decode()
    assert "<strong>1</strong>/3 đảng viên đã đọc (33,3%)" in page


def test_notice_detail_of_a_cell_names_who_has_not_read(world, login):
    notice = services.send_notice(by=world.secretary, org=world.cell, title="Họp chi bộ", must_read=True)
    services.mark_notice_read(notice, member=world.secretary_member)
    page = login(world.secretary).get(reverse("outreach:notice_detail", args=[world.cell.pk, notice.pk])).content.decode()
    assert '<ul id="unread"><li>Trần Văn Đảng</li></ul>' in page


def test_my_notice_of_another_cell_is_404(world, login):
    notice = services.send_notice(by=world.secretary, org=world.cell, title="Họp chi bộ")
    assert login(world.other_member_user).get(reverse("outreach:my_notice", args=[notice.pk])).status_code == 404


def test_proposal_detail_answers_and_publishes(world, login):
    proposal = services.send_public_proposal(org=world.ward, name="Người Dân", contact="", title="Đèn hẻm",
                                             body="Lắp đèn", ip="10.3.3.3")
    client = login(world.ward_admin)
    client.post(reverse("outreach:proposal_detail", args=[world.ward.pk, proposal.pk]),
                {"status": "da_tra_loi", "answer": "Đã lắp 4 đèn.", "publish": "on"})
    item = Publication.objects.in_orgs([world.ward.pk]).get()
    page = client.get(reverse("outreach:public_site", args=[world.ward.pk])).content.decode()
    assert (item.kind, "Đèn hẻm" in page) == ("tra_loi", True)


def test_my_proposals_refuses_a_hand_posted_committee_of_another_ward(world, login):
    response = login(world.member_user).post(reverse("outreach:my_proposals"), {
        "kind": "de_xuat", "org": world.sibling_ward.pk, "title": "Sân chơi", "body": "Nội dung", "client_key": "x"})
    assert (response.status_code, Proposal.objects.unscoped().count()) == (200, 0)


def _add_rows(world, start, stop):
    for i in range(start, stop):
        notice = services.send_notice(by=world.ward_admin, org=world.ward, title=f"Thông báo {i}", attachments=[
            SimpleUploadedFile("a.pdf", b"%PDF-1.4")])
        services.mark_notice_read(notice, member=world.member)
        services.send_public_proposal(org=world.ward, name="Người Dân", contact="", title=f"Ý kiến {i}", body="Nội dung",
                                      ip=f"10.4.4.{i}")
        services.publish_article(by=world.ward_admin, org=world.ward, title=f"Kỳ {i}", body="Nội dung")
        services.send_proposal(by=world.member_user, org=world.ward, title=f"Đề xuất {i}", body="Nội dung")


def _list_queries(world, client):
    ward = world.ward.pk
    client.force_login(world.ward_admin)
    counts = {name: _queries(client, reverse(f"outreach:{name}", args=[ward]))
              for name in ("notice_list", "proposal_list", "publication_list")}
    client.force_login(world.member_user)
    counts |= {name: _queries(client, reverse(f"outreach:{name}")) for name in ("my_notices", "my_proposals")}
    client.logout()
    counts["public_site"] = _queries(client, reverse("outreach:public_site", args=[ward]))
    return counts


def test_list_pages_query_count_is_the_same_for_1_and_3_rows(world, client):
    _add_rows(world, 0, 1)
    one = _list_queries(world, client)
    _add_rows(world, 1, 3)
    assert _list_queries(world, client) == one
