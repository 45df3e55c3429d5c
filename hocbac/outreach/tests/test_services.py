import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hocbac.core.models import AuditEntry
from hocbac.outreach import selectors, services
from hocbac.outreach.models import Notice, NoticeRead, Proposal, Publication

PDF = b"%PDF-1.4 thong bao"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_send_notice_records_once_for_a_doubled_post(world):
    first = services.send_notice(by=world.ward_admin, org=world.ward, title="Lịch học", client_key="k1")
    again = services.send_notice(by=world.ward_admin, org=world.ward, title="Lịch học", client_key="k1")
    assert (again.pk, Notice.objects.in_subtree(world.ward).count()) == (first.pk, 1)
    assert AuditEntry.objects.unscoped().filter(action="notice.send").count() == 1


def test_send_notice_without_title_changes_nothing(world):
    with pytest.raises(ValidationError) as error:
        services.send_notice(by=world.ward_admin, org=world.ward, title="   ")
    assert (error.value.messages, Notice.objects.unscoped().count()) == (["Chưa nhập tiêu đề."], 0)


def test_send_notice_by_a_member_is_refused(world):
    with pytest.raises(PermissionDenied):
        services.send_notice(by=world.member_user, org=world.cell, title="Không được gửi")


def test_send_notice_reads_attachment_types_from_their_bytes(world):
    notice = services.send_notice(by=world.secretary, org=world.cell, title="Tài liệu họp", attachments=[
        SimpleUploadedFile("ke-hoach.pdf", PDF), SimpleUploadedFile("anh.pdf", PNG)])
    assert sorted(notice.attachments.values_list("name", "content_type")) == [
        ("anh.pdf", "image/png"), ("ke-hoach.pdf", "application/pdf")]


def test_send_notice_with_a_disguised_file_changes_nothing(world):
    with pytest.raises(ValidationError) as error:
        services.send_notice(by=world.secretary, org=world.cell, title="Tài liệu", attachments=[
            SimpleUploadedFile("ke-hoach.pdf", PDF), SimpleUploadedFile("tai-lieu.pdf", b"MZ\x90\x00 exe")])
    assert error.value.messages == ["Chỉ nhận tệp PDF, Word (.doc, .docx) hoặc ảnh JPEG, PNG, WebP."]
    assert Notice.objects.unscoped().count() == 0


def test_send_notice_with_a_file_too_large_is_refused(world, monkeypatch):
    monkeypatch.setattr(services, "MAX_ATTACHMENT_BYTES", 10)
    with pytest.raises(ValidationError) as error:
        services.send_notice(by=world.secretary, org=world.cell, title="Tài liệu",
                             attachments=[SimpleUploadedFile("a.pdf", PDF)])
    assert error.value.messages == ["Tệp quá lớn: tối đa 0 MB."]


def test_send_notice_emails_members_only_when_smtp_is_configured(world, settings, django_capture_on_commit_callbacks):
    world.member_user.email = "dang@example.org"
    world.member_user.save(update_fields=["email"])
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.HOCBAC_EMAIL_HOST = ""
    with django_capture_on_commit_callbacks(execute=True):
        services.send_notice(by=world.ward_admin, org=world.ward, title="Không gửi thư", email=True)
    assert len(mail.outbox) == 0
    settings.HOCBAC_EMAIL_HOST = "smtp.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.send_notice(by=world.ward_admin, org=world.ward, title="Gửi thư", email=True)
    assert [(m.to, m.subject) for m in mail.outbox] == [(["dang@example.org"], "[Đảng bộ phường Bến Thành] Gửi thư")]
    notice.refresh_from_db()
    assert notice.emailed == 1


def test_mark_notice_read_records_once(world):
    notice = services.send_notice(by=world.ward_admin, org=world.ward, title="Lịch học")
    services.mark_notice_read(notice, member=world.member)
    services.mark_notice_read(notice, member=world.member)
    assert NoticeRead.objects.in_subtree(world.ward).filter(notice=notice).count() == 1


def test_mark_notice_read_outside_the_senders_subtree_is_refused(world):
    notice = services.send_notice(by=world.secretary, org=world.cell, title="Họp chi bộ")
    with pytest.raises(PermissionDenied):
        services.mark_notice_read(notice, member=world.other_member)


def test_read_counts_per_child_organisation(world):
    notice = services.send_notice(by=world.ward_admin, org=world.ward, title="Lịch học")
    services.mark_notice_read(notice, member=world.member)
    total, children = selectors.read_counts(notice, world.ward)
    assert (total["read"], total["eligible"]) == (1, 3)
    assert [(c.name, n["read"], n["eligible"]) for c, n in children] == [
        ("Chi bộ Khu phố 1", 1, 2), ("Chi bộ Khu phố 2", 0, 1)]


def test_send_public_proposal_floods_are_throttled(world):
    now = timezone.now()
    for i in range(services.PROPOSALS_PER_ADDRESS_PER_HOUR):
        services.send_public_proposal(org=world.ward, name="Người Dân", contact="", title=f"Ý kiến {i}", body="Nội dung",
                                      ip="10.1.1.1", now=now)
    with pytest.raises(ValidationError) as error:
        services.send_public_proposal(org=world.ward, name="Người Dân", contact="", title="Thêm", body="Nội dung",
                                      ip="10.1.1.1", now=now)
    assert (error.value.code, Proposal.objects.in_orgs([world.ward.pk]).count()) == ("throttled", 5)
    later = services.send_public_proposal(org=world.ward, name="Người Dân", contact="", title="Một giờ sau",
                                          body="Nội dung", ip="10.1.1.1", now=now + datetime.timedelta(hours=1, minutes=1))
    assert later.title == "Một giờ sau"


@pytest.mark.parametrize("field", ["title", "body", "name"])
def test_send_public_proposal_with_markup_changes_nothing(world, field):
    values = {"name": "Người Dân", "title": "Ý kiến", "body": "Nội dung", field: "Xin <script>alert(1)</script>"}
    with pytest.raises(ValidationError) as error:
        services.send_public_proposal(org=world.ward, contact="", ip="10.1.1.2", **values)
    assert error.value.messages == ["Nội dung không được chứa mã HTML hay mã lệnh. Hãy viết bằng văn bản thường."]
    assert Proposal.objects.unscoped().count() == 0


def test_send_public_proposal_to_a_cell_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.send_public_proposal(org=world.cell, name="Người Dân", contact="", title="Ý kiến", body="Nội dung")
    assert error.value.messages == ["Tổ chức này không nhận đề xuất qua trang công khai."]


def test_send_proposal_of_a_member_records_once(world):
    first = services.send_proposal(by=world.member_user, org=world.ward, title="Sân chơi", body="Xin làm sân chơi",
                                   client_key="p1")
    again = services.send_proposal(by=world.member_user, org=world.ward, title="Sân chơi", body="Xin làm sân chơi",
                                   client_key="p1")
    assert (again.pk, first.member, first.sender_name) == (first.pk, world.member, "Trần Văn Đảng")


def test_send_proposal_to_another_ward_is_refused(world):
    with pytest.raises(ValidationError):
        services.send_proposal(by=world.member_user, org=world.sibling_ward, title="Sân chơi", body="Nội dung")
    assert Proposal.objects.unscoped().count() == 0


def test_answer_proposal_published_then_withdrawn(world):
    proposal = services.send_public_proposal(org=world.ward, name="Người Dân", contact="", title="Đèn hẻm",
                                             body="Lắp đèn", ip="10.1.1.3")
    services.answer_proposal(proposal, by=world.ward_admin, status="da_tra_loi", answer="Đã lắp 4 đèn.", publish=True)
    items = Publication.objects.in_orgs([world.ward.pk])
    assert list(items.filter(withdrawn_at__isnull=True).values_list("kind", "title", "body")) == [
        ("tra_loi", "Đèn hẻm", "Đã lắp 4 đèn.")]
    services.answer_proposal(proposal, by=world.ward_admin, status="da_tra_loi", answer="Đã lắp 4 đèn.", publish=False)
    assert items.filter(withdrawn_at__isnull=True).count() == 0


def test_answer_proposal_published_without_an_answer_changes_nothing(world):
    proposal = services.send_public_proposal(org=world.ward, name="Người Dân", contact="", title="Đèn hẻm",
                                             body="Lắp đèn", ip="10.1.1.3")
    with pytest.raises(ValidationError) as error:
        services.answer_proposal(proposal, by=world.ward_admin, status="dang_xu_ly", publish=True)
    proposal.refresh_from_db()
    assert (error.value.messages, proposal.status) == (["Chỉ công khai được ý kiến đã có câu trả lời."], "moi")


def test_answer_proposal_by_the_secretary_is_refused(world):
    proposal = services.send_public_proposal(org=world.ward, name="Người Dân", contact="", title="Đèn hẻm",
                                             body="Lắp đèn", ip="10.1.1.3")
    with pytest.raises(PermissionDenied):
        services.answer_proposal(proposal, by=world.secretary, status="dang_xu_ly")


def test_publish_article_twice_records_once(world):
    first = services.publish_article(by=world.ward_admin, org=world.ward, title="Kỳ 1", body="Nội dung")
    again = services.publish_article(by=world.ward_admin, org=world.ward, title="Kỳ 1", body="Nội dung")
    assert (again.pk, Publication.objects.in_orgs([world.ward.pk]).count()) == (first.pk, 1)


def test_publish_article_on_a_cell_is_refused(world):
    with pytest.raises(PermissionDenied):
        services.publish_article(by=world.ward_admin, org=world.cell, title="Kỳ 1", body="Nội dung")


def test_publish_contest_still_open_is_refused(world):
    from hocbac.contests.tests.conftest import make_contest, make_questions

    now = timezone.now()
    contest = make_contest(world.cell, world.secretary, make_questions(world.cell, world.secretary, 5),
                           opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        services.publish_contest(by=world.ward_admin, org=world.ward, contest=contest)
    assert error.value.messages == ["Cuộc thi chưa kết thúc: chỉ công bố kết quả sau khi đóng."]


def test_publish_practice_makes_its_page_public_once(world):
    from hocbac.practices.models import Field
    from hocbac.practices.services import create_practice

    practice = create_practice(by=world.secretary, org=world.cell, name="Dân vận khéo", field=Field.objects.first(),
                               started_on=datetime.date(2026, 1, 5), description="Mỗi đảng viên giúp một hộ.")
    first = services.publish_practice(by=world.ward_admin, org=world.ward, practice=practice)
    again = services.publish_practice(by=world.ward_admin, org=world.ward, practice=practice)
    practice.refresh_from_db()
    assert (again.pk, first.body, practice.is_public) == (first.pk, "Mỗi đảng viên giúp một hộ.", True)


def test_count_view_adds_one(world):
    item = services.publish_article(by=world.ward_admin, org=world.ward, title="Kỳ 1", body="Nội dung")
    services.count_view(item)
    services.count_view(item)
    item.refresh_from_db()
    assert item.views == 2
