"""What awards put on the "việc cần làm" panels: for a member, their open reminders (to correct
by the follow-up date); for an organisation (shown to those who manage it), nominations waiting
for its decision, reminders whose follow-up date has come, and follow-ups of an inspection
conclusion due within a week."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from hocbac.core.todo import Todo

from . import selectors
from .models import Commendation, Stage

FOLLOW_UP_NOTICE_DAYS = 7


def member_todos(member):
    return [Todo(title=f"{r.get_kind_display()}: khắc phục theo kết luận của {r.decided_by.name}",
                 url=reverse("awards:my_reminders"), due=r.follow_up_on, detail=r.reason[:200])
            for r in selectors.my_reminders(member) if r.closed_on is None]


def org_todos(org):
    today = timezone.localdate()
    items = []
    waiting = (Commendation.objects.in_subtree(org).filter(awarding_org=org)
               .aggregate(nominated=Count("id", filter=Q(stage=Stage.NOMINATED)),
                          approved=Count("id", filter=Q(stage=Stage.APPROVED))))
    if waiting["nominated"]:
        items.append(Todo(title=f"{waiting['nominated']} đề nghị khen thưởng chờ duyệt",
                          url=reverse("awards:commendation_list", args=[org.pk])))
    if waiting["approved"]:
        items.append(Todo(title=f"{waiting['approved']} khen thưởng đã duyệt, chờ ban hành quyết định",
                          url=reverse("awards:commendation_issue", args=[org.pk])))
    due = selectors.due_follow_ups(org, today).count()
    if due:
        items.append(Todo(title=f"{due} trường hợp nhắc nhở, kiểm điểm đến hạn xem lại",
                          url=reverse("awards:reminder_list", args=[org.pk]) + "?dang_theo_doi=1"))
    for follow_up in selectors.open_follow_ups(org, today + datetime.timedelta(days=FOLLOW_UP_NOTICE_DAYS))[:5]:
        items.append(Todo(title=f"Thực hiện kết luận {follow_up.item.get_kind_display().lower()}: {follow_up.org.name}",
                          url=reverse("awards:inspection_detail", args=[org.pk, follow_up.item_id]),
                          due=follow_up.due_on, detail=follow_up.text[:200]))
    return items
