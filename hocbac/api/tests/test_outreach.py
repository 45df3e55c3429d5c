from hocbac.outreach import services
from hocbac.outreach.models import Notice

from .helpers import bearer, call


def test_member_reads_a_notice_and_it_shows_read(world, client):
    notice = services.send_notice(by=world.ward_admin, org=world.ward, title="Lịch học", must_read=True)
    auth = bearer(world.member_user)
    status, body = call(client, "post", f"/me/notices/{notice.pk}/read", auth)
    assert (status, body["notice_id"]) == (200, notice.pk)
    status, body = call(client, "get", "/me/notices", auth)
    assert [(n["title"], n["is_read"]) for n in body] == [("Lịch học", True)]


def test_notice_create_twice_with_one_key_records_once(world, client):
    auth = bearer(world.secretary)
    first = call(client, "post", f"/orgs/{world.cell.pk}/notices", auth, {"title": "Họp chi bộ", "client_key": "a1"})
    again = call(client, "post", f"/orgs/{world.cell.pk}/notices", auth, {"title": "Họp chi bộ", "client_key": "a1"})
    assert (first[0], again[1]["id"], Notice.objects.in_orgs([world.cell.pk]).count()) == (201, first[1]["id"], 1)


def test_notice_reads_per_cell(world, client):
    notice = services.send_notice(by=world.ward_admin, org=world.ward, title="Lịch học")
    services.mark_notice_read(notice, member=world.member)
    status, body = call(client, "get", f"/orgs/{world.ward.pk}/notices/{notice.pk}/reads", bearer(world.ward_admin))
    assert (status, body["read"], body["eligible"]) == (200, 1, 3)
    assert [(c["org_name"], c["read"], c["eligible"]) for c in body["children"]] == [
        ("Chi bộ Khu phố 1", 1, 2), ("Chi bộ Khu phố 2", 0, 1)]


def test_proposal_answer_without_text_is_refused_in_vietnamese(world, client):
    proposal = services.send_public_proposal(org=world.ward, name="Người Dân", contact="", title="Đèn", body="Lắp đèn",
                                             ip="10.5.5.5")
    status, body = call(client, "post", f"/orgs/{world.ward.pk}/proposals/{proposal.pk}/answer",
                        bearer(world.ward_admin), {"status": "da_tra_loi"})
    assert (status, body["detail"]) == (400, "Chưa nhập câu trả lời.")


def test_my_proposal_to_another_ward_is_refused(world, client):
    status, body = call(client, "post", "/me/proposals", bearer(world.member_user),
                        {"org_id": world.sibling_ward.pk, "title": "Sân chơi", "body": "Nội dung"})
    assert (status, body["detail"]) == (400, "Chỉ gửi đề xuất đến cấp ủy của đồng chí.")
