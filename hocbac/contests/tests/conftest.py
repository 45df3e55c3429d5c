import datetime

import pytest

from hocbac.contests import services
from hocbac.contests.models import QuestionKind

OPENS = datetime.datetime(2026, 3, 10, 19, 0, tzinfo=datetime.UTC)


def make_questions(org, by, count, *, multiple_every=0):
    """`count` questions of `org`'s bank: option 0 right (and option 2 too on every
    `multiple_every`-th question, which is then multiple choice)."""
    questions = []
    for i in range(count):
        multiple = multiple_every and i % multiple_every == multiple_every - 1
        options = [(f"Phương án {chr(65 + k)} của câu {i + 1}", k == 0 or (multiple and k == 2)) for k in range(4)]
        questions.append(services.save_question(
            org=org, by=by, kind=QuestionKind.MULTIPLE if multiple else QuestionKind.SINGLE,
            text=f"Câu hỏi số {i + 1} về Chỉ thị 05-CT/TW?", options=options,
            explanation=f"Giải thích câu {i + 1}", tags="chỉ thị 05, tháng 3"))
    return questions


def make_contest(org, by, questions, **values):
    values = {"title": "Thi tìm hiểu Chỉ thị 05 tháng 3", "opens_at": OPENS,
              "closes_at": OPENS + datetime.timedelta(hours=2), "question_count": 5, **values}
    contest = services.create_contest(org=org, by=by, **values)
    services.set_questions(contest, by=by, question_ids=[q.pk for q in questions])
    contest.refresh_from_db()
    return contest


@pytest.fixture
def questions(world):
    return make_questions(world.ward, world.ward_admin, 8)


@pytest.fixture
def contest(world, questions):
    """A contest of the ward for its members: 5 of 8 questions, 30 s each, opening at OPENS."""
    return make_contest(world.ward, world.ward_admin, questions)
