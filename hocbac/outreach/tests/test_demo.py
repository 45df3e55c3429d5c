"""The demo's notices, proposals and public site: one must-read notice `dangvien` has not read
(so their home shows it), a citizen's proposal answered and published, an article on the ward's
public site."""

import datetime
import io

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hocbac.core import todo
from hocbac.orgs.demo import build_ward
from hocbac.orgs.models import Member
from hocbac.outreach.demo import build_year
from hocbac.outreach.models import Notice, Proposal, Publication

NOW = timezone.make_aware(datetime.datetime(2026, 10, 21, 10, 30))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        ward = build_ward(seed=7, scale=0.1, today=timezone.localdate(NOW))
        out = io.StringIO()
        built = build_year(ward.ward, seed=7, stdout=out, now=NOW)
        yield ward, built, out.getvalue()
        transaction.set_rollback(True)


def test_demo_member_has_a_must_read_notice_to_read(demo, db):
    ward, _, _ = demo
    member = Member.objects.in_subtree(ward.ward).get(user__username="dangvien")
    titles = [t.title for t in todo.todos_for(member) if t.title.startswith("Đọc thông báo")]
    assert titles == ["Đọc thông báo (bắt buộc): Lịch học tập chuyên đề tháng 10/2026",
                      "Đọc thông báo: Sinh hoạt chi bộ thường kỳ tháng này"]


def test_demo_citizen_proposal_is_answered_and_published(demo, db, client):
    ward, _, _ = demo
    answered = Proposal.objects.in_orgs([ward.ward.pk]).get(title="Lắp đèn chiếu sáng hẻm 12")
    assert (answered.status, answered.is_published, answered.member_id) == ("da_tra_loi", True, None)
    page = client.get(reverse("outreach:public_site", args=[ward.ward.pk])).content.decode()
    assert ("Lắp đèn chiếu sáng hẻm 12" in page, "Kỳ 12: Lan tỏa phong trào" in page) == (True, True)


def test_demo_counts_and_summary(demo, db):
    ward, built, printed = demo
    notices = Notice.objects.in_subtree(ward.ward).count()
    kinds = sorted(Publication.objects.in_orgs([ward.ward.pk]).values_list("kind", flat=True))
    assert (built[0], notices, built[1]) == (notices, 4, 3)
    assert {"bai_viet", "tra_loi"} <= set(kinds)
    assert printed.startswith(f"Thông báo, ý kiến, trang công khai {ward.ward.name}: 4 thông báo")
