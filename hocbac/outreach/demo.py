"""Notices, proposals and the public site of a demo ward (`hocbac demo`), built last.

Notices: the ward committee sent three to the whole ward over the last weeks (the year's study
plan, the review of Kết luận 01-KL/TW, and this month's must-read schedule of the thematic study,
which `dangvien` has not yet read), and the secretary's cell sent one to its members. Most
members have read the older ones (read receipts are bulk-created, by the member's cell).

Proposals: a citizen's proposal (lighting an alley) answered by the ward committee and published
on its public site; a member's good idea being considered; a new citizen's proposal waiting.

Public site: the ward committee published the monthly article of its propaganda board (after
seed 001, "Lan tỏa phong trào học tập và làm theo Bác"), the stories of the models it published
(practices demo) and the results of its last closed contest, each with some views.

Deterministic for a seed and a moment: every draw comes from one `random.Random`."""

import datetime
import random
import time

from django.utils import timezone

from hocbac.core.text import format_number
from hocbac.orgs.demo import ward_staff
from hocbac.orgs.models import Member, Organization

from . import services
from .models import Notice, NoticeRead, Publication

ARTICLE_TITLE = "Kỳ 12: Lan tỏa phong trào học tập và làm theo Bác trong {place}"
ARTICLE_LEAD = ("Việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh luôn được {body} xác định là một "
                "trong những nhiệm vụ trọng tâm, được triển khai xuyên suốt.")
ARTICLE_BODY = """Từ đầu năm, các chi bộ đã tổ chức học tập chuyên đề năm cho đảng viên và quần chúng; 100% đảng viên \
đăng ký nội dung học tập và làm theo Bác với những việc làm cụ thể, thiết thực.

Việc kết hợp chặt chẽ giữa “học tập” và “làm theo” được các chi bộ triển khai thực chất:
- mỗi đảng viên xây dựng kế hoạch với nội dung cam kết trách nhiệm nêu gương;
- các mô hình dân vận khéo được nhân rộng ở nhiều khu phố;
- kết quả làm theo được đưa vào tiêu chí đánh giá, phân loại đảng viên cuối năm.

“Học tập”, “làm theo” và “nêu gương” là ba nội dung cốt lõi; đề cao vai trò tiên phong, gương mẫu của cán bộ, \
đảng viên, nhất là người đứng đầu: “trên trước, dưới sau”, “trong trước, ngoài sau”, “đảng viên đi trước, làng \
nước theo sau”.

Ban Tuyên giáo"""


def build_year(ward, *, seed=7, stdout=None, now=None):
    """Add the notices, proposals and public site of `ward` (see the module docstring).
    Returns the number of notices, proposals and public items."""
    started = time.monotonic()
    now = now or timezone.now()
    rng = random.Random(f"hocbac-outreach-{seed}-{ward.code}")
    committee, secretaries = ward_staff(ward)
    if committee is None:
        return 0, 0, 0
    place = ward.name.removeprefix("Đảng bộ ")
    today = timezone.localdate(now)
    sent = [
        services.send_notice(by=committee, org=ward, title=f"Kế hoạch học tập chuyên đề năm {today.year}", now=now
                             - datetime.timedelta(days=40), body="Các chi bộ triển khai học tập chuyên đề năm cho "
                             "100% đảng viên; báo cáo kết quả về Đảng ủy trước ngày 30/6."),
        services.send_notice(by=committee, org=ward, title="Sơ kết thực hiện Kết luận 01-KL/TW", must_read=True,
                             now=now - datetime.timedelta(days=20),
                             body="Các chi bộ gửi báo cáo sơ kết, đề xuất tập thể, cá nhân tiêu biểu."),
    ]
    must_read = services.send_notice(
        by=committee, org=ward, title=f"Lịch học tập chuyên đề tháng {today.month}/{today.year}", must_read=True,
        due_on=today + datetime.timedelta(days=7), now=now - datetime.timedelta(days=2),
        body="Tối thứ Sáu tuần này, 19 giờ 30, tại Hội trường Đảng ủy. Đề nghị đồng chí đảng viên dự đầy đủ.")
    members = list(Member.objects.in_subtree(ward).active().values_list("pk", "org_id", "user__username"))
    reads = []
    for notice, share in ((sent[0], 0.9), (sent[1], 0.75), (must_read, 0.3)):
        for pk, org_id, username in members:
            if username == "dangvien" and notice is must_read:
                continue  # the demo member's home shows it to read
            if username == "dangvien" or rng.random() < share:  # the demo member read the older ones
                reads.append(NoticeRead(notice=notice, member_id=pk, org_id=org_id,
                                        read_at=notice.sent_at + datetime.timedelta(hours=rng.randint(1, 72))))
    # the secretary's cell (`bithu`, else the first cell with a secretary) tells its members of the meeting
    chosen = sorted(secretaries.items(), key=lambda item: (item[1].username != "bithu", item[0]))[:1]
    for cell_id, secretary in chosen:
        services.send_notice(by=secretary, org=Organization.objects.get(pk=cell_id),
                             title="Sinh hoạt chi bộ thường kỳ tháng này",
                             body="Nội dung: kiểm điểm việc thực hiện cam kết; phân công viết bài cảm nhận.",
                             now=now - datetime.timedelta(days=5))
    NoticeRead.objects.bulk_create(reads, batch_size=2000)

    answered = services.send_public_proposal(
        org=ward, name="Nguyễn Văn Tâm", contact="0903 123 456", title="Lắp đèn chiếu sáng hẻm 12",
        body="Hẻm 12 dài, buổi tối rất tối, người già và trẻ em đi lại khó khăn. Đề nghị lắp thêm đèn.",
        now=now - datetime.timedelta(days=25))
    services.answer_proposal(answered, by=committee, status="da_tra_loi", publish=True,
                             now=now - datetime.timedelta(days=10),
                             answer=f"Đảng ủy {place} đã chỉ đạo UBND phối hợp khu phố lắp 4 bóng đèn; hoàn thành trong "
                                    "tháng. Cảm ơn ông đã góp ý.")
    member_user = Member.objects.in_subtree(ward).filter(user__username="dangvien").select_related("user").first()
    if member_user is not None:
        idea = services.send_proposal(by=member_user.user, org=ward, kind="y_kien_hay",
                                      title="Tổ chức đọc sách về Bác tại nhà văn hóa",
                                      body="Mỗi tháng một buổi đọc sách, kể chuyện về Bác cho thiếu nhi khu phố.",
                                      now=now - datetime.timedelta(days=8))
        services.answer_proposal(idea, by=committee, status="dang_xu_ly", now=now - datetime.timedelta(days=6))
    services.send_public_proposal(org=ward, name="Trần Thị Hoa", contact="", title="Thu gom rác đúng giờ",
                                  body="Xe rác thường đến muộn, đề nghị thống nhất giờ thu gom.",
                                  now=now - datetime.timedelta(days=1))

    services.publish_article(by=committee, org=ward, title=ARTICLE_TITLE.format(place=place),
                             lead=ARTICLE_LEAD.format(body=f"Đảng ủy {place}"), body=ARTICLE_BODY,
                             now=now - datetime.timedelta(days=12))
    from hocbac.practices.models import Practice

    for practice in Practice.objects.in_subtree(ward).filter(is_public=True).order_by("pk")[:3]:
        services.publish_practice(by=committee, org=ward, practice=practice, now=now - datetime.timedelta(days=15))
    from hocbac.contests.models import Contest

    contest = Contest.objects.in_orgs([ward.pk]).filter(closes_at__lte=now).order_by("-closes_at").first()
    if contest is not None:
        services.publish_contest(by=committee, org=ward, contest=contest, now=min(now, contest.closes_at
                                                                                 + datetime.timedelta(days=2)))
    items = list(Publication.objects.in_orgs([ward.pk]))
    for item in items:
        item.views = rng.randint(40, 900)
    Publication.objects.in_orgs([ward.pk]).bulk_update(items, ["views"])
    notices = Notice.objects.in_subtree(ward).count()
    if stdout is not None:
        stdout.write(f"Thông báo, ý kiến, trang công khai {ward.name}: {format_number(notices)} thông báo "
                     f"({format_number(len(reads))} lượt đọc), 3 đề xuất, {format_number(len(items))} bài công khai "
                     f"({format_number(time.monotonic() - started, 1)} giây).\n")
    return notices, 3, len(items)
