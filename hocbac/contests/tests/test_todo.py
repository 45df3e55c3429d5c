import datetime

from django.core.management import call_command
from django.utils import timezone

from hocbac.contests import services
from hocbac.contests.models import Attempt, FinishReason
from hocbac.contests.tests.conftest import make_contest, make_questions
from hocbac.contests.todo import member_todos, org_todos


def _open_contest(world):
    now = timezone.now()
    return make_contest(world.ward, world.ward_admin, make_questions(world.ward, world.ward_admin, 5),
                        opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=2))


def test_open_contest_is_due_for_member_until_taken(world):
    contest = _open_contest(world)
    assert [t.title for t in member_todos(world.member)] == [f"Thi trắc nghiệm: {contest.title}"]
    assert member_todos(world.sibling_member) == []
    attempt, _ = services.start_attempt(contest, member=world.member, now=timezone.now())
    services.finish_attempt(attempt, now=timezone.now())
    assert member_todos(world.member) == []


def test_cell_sees_how_many_have_not_taken_the_open_contest(world):
    contest = _open_contest(world)
    attempt, _ = services.start_attempt(contest, member=world.member, now=timezone.now())
    services.finish_attempt(attempt, now=timezone.now())
    assert [t.title for t in org_todos(world.cell)] == [f"1/2 đảng viên chưa thi: {contest.title}"]
    assert org_todos(world.ward) == []  # the ward is not a cell


def test_close_attempts_command_finishes_abandoned_attempts_once(world):
    contest = _open_contest(world)
    started = timezone.now() - datetime.timedelta(hours=1)
    services.update_contest(contest, by=world.ward_admin, opens_at=started - datetime.timedelta(minutes=1))
    attempt, _ = services.start_attempt(contest, member=world.member, now=started)
    call_command("close_attempts", stdout=open("/dev/null", "w"))
    attempt.refresh_from_db()
    assert (attempt.finish_reason, attempt.score, attempt.correct_count) == (FinishReason.TIME_UP, 0, 0)
    finished_at = attempt.finished_at
    call_command("close_attempts", stdout=open("/dev/null", "w"))
    assert Attempt.objects.unscoped().get(pk=attempt.pk).finished_at == finished_at


def test_winners_are_the_first_places_with_ties(world):
    from hocbac.contests import selectors

    contest = _open_contest(world)
    now = timezone.now()
    for member, right in [(world.member, 5), (world.secretary_member, 3), (world.other_member, 5)]:
        attempt, _ = services.start_attempt(contest, member=member, now=now)
        for position in range(5):
            slot = services.current_slot(attempt, now=now)
            choice = slot.key if position < right else [pk for pk in slot.option_order if pk not in slot.key][:1]
            services.submit_answer(attempt, position=position, option_ids=choice, now=now)
    rows = selectors.winners(contest, places=1)
    assert sorted(r.name for r in rows) == sorted([world.member.full_name, world.other_member.full_name])
    assert [r.rank for r in rows] == [1, 1]
