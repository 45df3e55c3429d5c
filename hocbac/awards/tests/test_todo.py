"""A member sees their open reminders on "việc cần làm" until the outcome closes them."""

import datetime

from django.urls import reverse
from django.utils import timezone

from hocbac.awards import services
from hocbac.core.todo import todos_for


def test_open_reminder_is_on_the_members_todo_until_closed(world):
    today = timezone.localdate()
    reminder = services.record_reminder(by=world.secretary, org=world.cell, member=world.member, kind="nhac_nho",
                                        reason="Ba tháng liền không viết bài cảm nhận được phân công.",
                                        decided_by=world.cell, decided_on=today,
                                        follow_up_on=today + datetime.timedelta(days=30))
    mine = [(t.title, t.url, t.due) for t in todos_for(world.member) if t.url == reverse("awards:my_reminders")]
    assert mine == [("Nhắc nhở: khắc phục theo kết luận của Chi bộ Khu phố 1", reverse("awards:my_reminders"),
                     today + datetime.timedelta(days=30))]
    assert [t for t in todos_for(world.other_member) if t.url == reverse("awards:my_reminders")] == []
    services.record_outcome(reminder, by=world.secretary, outcome="Đã viết bài tháng này.", closed_on=today)
    assert [t for t in todos_for(world.member) if t.url == reverse("awards:my_reminders")] == []
