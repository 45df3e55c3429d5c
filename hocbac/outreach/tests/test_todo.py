import datetime

from django.urls import reverse
from django.utils import timezone

from hocbac.library.services import create_document, record_read
from hocbac.outreach import services, todo


def _titles(items):
    return [item.title for item in items]


def test_member_todos_list_an_unread_notice_until_it_is_read(world):
    notice = services.send_notice(by=world.ward_admin, org=world.ward, title="Lịch học chuyên đề", must_read=True,
                                  due_on=timezone.localdate() + datetime.timedelta(days=3))
    items = todo.member_todos(world.member)
    assert [(i.title, i.url, i.due) for i in items] == [
        ("Đọc thông báo (bắt buộc): Lịch học chuyên đề", reverse("outreach:my_notice", args=[notice.pk]), notice.due_on)]
    services.mark_notice_read(notice, member=world.member)
    assert todo.member_todos(world.member) == []


def test_member_todos_leave_out_old_notices_unless_they_must_be_read(world):
    old = timezone.now() - datetime.timedelta(days=90)
    services.send_notice(by=world.ward_admin, org=world.ward, title="Cũ", now=old)
    services.send_notice(by=world.ward_admin, org=world.ward, title="Cũ nhưng bắt buộc", must_read=True, now=old)
    assert _titles(todo.member_todos(world.member)) == ["Đọc thông báo (bắt buộc): Cũ nhưng bắt buộc"]


def test_member_todos_leave_out_notices_of_another_cell(world):
    services.send_notice(by=world.secretary, org=world.cell, title="Họp chi bộ 1")
    assert (_titles(todo.member_todos(world.other_member)), len(todo.member_todos(world.member))) == ([], 1)


def test_document_todos_list_a_new_document_until_it_is_opened(world):
    document = create_document(by=world.ward_admin, org=world.ward, kind="ke_hoach", title="Kế hoạch học tập")
    assert [(i.title, i.url) for i in todo.document_todos(world.member)] == [
        ("Đọc tài liệu: Kế hoạch học tập", reverse("library:document_detail", args=[document.pk]))]
    record_read(document, member=world.member)
    assert todo.document_todos(world.member) == []


def test_document_todos_leave_out_documents_of_another_ward(world):
    create_document(by=world.sibling_admin, org=world.sibling_ward, kind="ke_hoach", title="Kế hoạch phường khác")
    assert todo.document_todos(world.member) == []


def test_org_todos_count_members_who_have_not_read_a_must_read_notice(world):
    notice = services.send_notice(by=world.ward_admin, org=world.ward, title="Lịch học", must_read=True)
    services.mark_notice_read(notice, member=world.member)
    services.send_public_proposal(org=world.ward, name="Người Dân", contact="", title="Đèn", body="Lắp đèn", ip="10.2.2.2")
    assert [(i.title, i.url) for i in todo.org_todos(world.ward)] == [
        ("2/3 đảng viên chưa đọc thông báo: Lịch học", reverse("outreach:notice_detail", args=[world.ward.pk, notice.pk])),
        ("1 đề xuất, ý kiến chờ trả lời", reverse("outreach:proposal_list", args=[world.ward.pk]))]


def test_my_home_shows_the_due_notice_and_drops_it_once_read(world, login):
    notice = services.send_notice(by=world.secretary, org=world.cell, title="Họp chi bộ tháng này", must_read=True)
    client = login(world.member_user)
    assert "Đọc thông báo (bắt buộc): Họp chi bộ tháng này" in client.get(reverse("orgs:my_home")).content.decode()
    client.get(reverse("outreach:my_notice", args=[notice.pk]))
    assert "Họp chi bộ tháng này" not in client.get(reverse("orgs:my_home")).content.decode()


def test_next_cell_meeting_links_to_its_page_and_drops_off_once_over(world, login):
    from hocbac.core.todo import todos_for
    from hocbac.study.services import create_session

    start = timezone.now() + datetime.timedelta(days=2)
    session = create_session(by=world.secretary, org=world.cell, kind="thuong_ky", title="Sinh hoạt chi bộ tháng",
                             starts_at=start, ends_at=start + datetime.timedelta(hours=2), place="Nhà văn hóa")
    url = reverse("outreach:my_meeting", args=[session.pk])
    assert [(i.title, i.url) for i in todos_for(world.member) if i.title.startswith("Dự ")] == [
        ("Dự Sinh hoạt chi bộ tháng", url)]
    page = login(world.member_user).get(url).content.decode()
    assert ("Sinh hoạt chi bộ tháng" in page, "Nhà văn hóa" in page) == (True, True)
    later = start + datetime.timedelta(hours=3)
    from hocbac.study.selectors import upcoming_sessions_for

    assert list(upcoming_sessions_for(world.member, now=later)) == []


def test_document_todos_leave_out_an_old_document_added_late(world):
    create_document(by=world.ward_admin, org=world.ward, kind="ke_hoach", title="Kế hoạch năm trước",
                    issued_on=timezone.localdate() - datetime.timedelta(days=400))
    assert todo.document_todos(world.member) == []
