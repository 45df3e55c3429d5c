"""What commitments put on the "việc cần làm" panels."""

from django.urls import reverse
from django.utils import timezone

from hocbac.core.todo import Todo

from . import selectors
from .models import Registration, State

SELF_ASSESSMENT_FROM_MONTH = 11  # the year-end review season


def member_todos(member):
    if not member.is_eligible:
        return []
    today = timezone.localdate()
    registration = selectors.registration_of(member, today.year)
    url = reverse("commitments:mine")
    if registration is None or registration.state == State.DRAFT:
        return [Todo(title=f"Đăng ký làm theo và cam kết nêu gương năm {today.year}", url=url,
                     detail="Bản nháp đã lưu, chưa nộp." if registration else "")]
    if registration.state in (State.DISCLOSED, State.CHECKED_IN) and today.month >= SELF_ASSESSMENT_FROM_MONTH:
        return [Todo(title=f"Tự đánh giá việc thực hiện cam kết năm {today.year}", url=url,
                     due=today.replace(month=12, day=31))]
    return []


def org_todos(org):
    if not org.holds_members:
        return []
    year = timezone.localdate().year
    items = []
    not_registered = len(selectors.register(org, year, show="chua_dang_ky"))
    if not_registered:
        items.append(Todo(title=f"{not_registered} đảng viên chưa đăng ký làm theo năm {year}",
                          url=reverse("commitments:register", args=[org.pk]) + "?xem=chua_dang_ky"))
    submitted = Registration.objects.in_orgs([org.pk]).filter(year=year, state=State.SUBMITTED).count()
    if submitted:
        items.append(Todo(title=f"{submitted} bản đăng ký chờ công khai trước chi bộ",
                          url=reverse("commitments:register", args=[org.pk])))
    return items
