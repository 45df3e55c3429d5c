"""Quiz contests: an organisation's question bank and contests (with their ranking, participation
and statistics) under /orgs/{id}, and taking part for the signed-in member under /me/contests,
/contests/{code}/attempts and /attempts/{id}. The server owns the clock: every step passes
`timezone.now()` to the services, and no schema has a field for a time sent by the client.

What a taker receives while an attempt is open never holds the key, `is_correct` or the
explanation; the review with the right answers is given only once the contest has closed."""

import datetime
import math

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router

from hocbac.contests import admission, rules, selectors, services
from hocbac.core.text import format_percent
from hocbac.library.selectors import document_for, topics_for
from hocbac.orgs.models import ELIGIBILITY_RULE

from .orgs import PAGE_SIZE, org_for
from .schemas import (
    AnswerIn,
    AnswerOut,
    AttemptOut,
    AttemptResultOut,
    ContestDetail,
    ContestIn,
    ContestOut,
    ContestPatch,
    ContestQuestionsIn,
    CurrentOut,
    FinishIn,
    MyContestOut,
    ParticipationOut,
    QuestionIn,
    QuestionOut,
    QuestionPage,
    QuestionStatisticOut,
    RankingOut,
)

router = Router(tags=["Thi trắc nghiệm"])
BUSY = "Đang có nhiều người cùng bắt đầu: xin thử lại sau vài giây."


def _linked(find, ident, message):
    """The object `find(ident)` returns, an id out of the caller's reach refused like a missing one."""
    if ident is None:
        return None
    try:
        return find(ident)
    except Http404:
        raise ValidationError(message) from None


def _document(request, document_id):
    return _linked(lambda pk: document_for(request.auth, pk), document_id,
                   "Không tìm thấy tài liệu đã chọn (hoặc ngoài phạm vi của đồng chí).")


# Contests of an organisation -----------------------------------------------------------------------

def _detail(org, contest_id):
    contest = selectors.contest_in(org, contest_id)
    pool = selectors.pool_with_questions(contest)
    contest.pool_size, contest.questions = len(pool), pool
    contest.not_ready = services.check_ready(contest, len(pool))
    return contest


@router.get("/orgs/{org_id}/contests", response=list[ContestOut], url_name="contests")
def contests(request, org_id: int):
    """Contests organised anywhere in the subtree, the latest opening first."""
    return list(selectors.contests_in(org_for(request, org_id)).order_by("-opens_at", "-id"))


def _contest_values(request, data, fields):
    values = {name: getattr(data, name) for name in fields if name != "document_id"}
    if "document_id" in fields:
        values["document"] = _document(request, data.document_id)
    return values


@router.post("/orgs/{org_id}/contests", response={201: ContestDetail}, url_name="contest_create")
def create_contest(request, org_id: int, data: ContestIn):
    """A new contest of the organisation; choose its questions next (PUT …/questions)."""
    org = org_for(request, org_id, "manage")
    contest = services.create_contest(org=org, by=request.auth, **_contest_values(request, data, ContestIn.model_fields))
    return 201, _detail(org, contest.pk)


@router.get("/orgs/{org_id}/contests/{contest_id}", response=ContestDetail, url_name="contest")
def contest(request, org_id: int, contest_id: int):
    """A contest with its questions (text and weight) and whether it is ready to be taken."""
    return _detail(org_for(request, org_id), contest_id)


@router.patch("/orgs/{org_id}/contests/{contest_id}", response=ContestDetail, url_name="contest_update")
def update_contest(request, org_id: int, contest_id: int, data: ContestPatch):
    """Change what is sent. Once someone has started, the title, description, document, audience
    and window may still change; the rest is fixed (400)."""
    org = org_for(request, org_id, "manage")
    found = selectors.contest_in(org, contest_id)
    services.update_contest(found, by=request.auth, **_contest_values(request, data, data.model_fields_set))
    return _detail(org, contest_id)


@router.put("/orgs/{org_id}/contests/{contest_id}/questions", response=ContestDetail, url_name="contest_questions")
def set_questions(request, org_id: int, contest_id: int, data: ContestQuestionsIn):
    """Make `question_ids` (in order) the pool drawn from at random, or the fixed list. Each must
    be a question of the banks the contest's organisation uses (its own and those above)."""
    org = org_for(request, org_id, "manage")
    found = selectors.contest_in(org, contest_id)
    usable = set(selectors.questions_for(found.org, active=None).prefetch_related(None)
                 .filter(pk__in=data.question_ids).values_list("pk", flat=True))
    for question_id in data.question_ids:
        if question_id not in usable:
            raise ValidationError(f"Câu hỏi {question_id} không thuộc ngân hàng câu hỏi mà đơn vị được dùng.")
    for question_id in data.weights:
        if question_id not in data.question_ids:
            raise ValidationError(f"Có hệ số cho câu hỏi {question_id} nhưng câu này không có trong danh sách đã chọn.")
    services.set_questions(found, by=request.auth, question_ids=data.question_ids, weights=data.weights)
    return _detail(org, contest_id)


@router.get("/orgs/{org_id}/contests/{contest_id}/ranking", response=RankingOut, url_name="contest_ranking")
def ranking(request, org_id: int, contest_id: int):
    """Finished attempts, the best of each person counting: score, then the prediction's
    closeness (when asked), time taken, submission. Each row says what put it below the one above."""
    found = selectors.contest_in(org_for(request, org_id), contest_id)
    result = selectors.ranking(found)
    return {"has_prediction": found.has_prediction, "all_correct": result.all_correct, "takers": result.takers,
            "rows": result.rows}


def _participation_row(row):
    return {"org_id": row.org.pk, "org_name": row.org.name, "eligible": row.eligible, "took": row.took,
            "percent": format_percent(row.took, row.eligible)}


@router.get("/orgs/{org_id}/contests/{contest_id}/participation", response=ParticipationOut,
            url_name="contest_participation")
def participation(request, org_id: int, contest_id: int, day: datetime.date | None = None):
    """Members of the subtree who finished an attempt / members eligible on `day` (today by
    default), per child organisation, the weakest first."""
    org = org_for(request, org_id)
    found = selectors.contest_in(org, contest_id)
    on = day or timezone.localdate()
    total, children = selectors.participation(found, org, on)
    return {"day": on, "rule": ELIGIBILITY_RULE, "total": _participation_row(total),
            "children": [_participation_row(row) for row in children]}


@router.get("/orgs/{org_id}/contests/{contest_id}/question-statistics", response=list[QuestionStatisticOut],
            url_name="contest_question_statistics")
def question_statistics(request, org_id: int, contest_id: int):
    """Per question of the contest, over finished attempts: asked, right, wrong, unanswered; the
    most missed first."""
    found = selectors.contest_in(org_for(request, org_id, "manage"), contest_id)
    return [{"question_id": row["question"].pk, "text": row["question"].text, "asked": row["asked"],
             "right": row["right"], "wrong": row["wrong"], "unanswered": row["unanswered"],
             "percent": format_percent(row["right"], row["asked"])}
            for row in selectors.question_statistics(found)]


# The question bank ---------------------------------------------------------------------------------

@router.get("/orgs/{org_id}/questions", response=QuestionPage, url_name="questions")
def questions(request, org_id: int, q: str = "", difficulty: int | None = None, tag: str = "", retired: bool = False,
              page: int = 1):
    """The questions the organisation's contests may use (its bank and those above), newest
    first, with their options and how often each was asked and answered right; `q` searches the
    text and tags without diacritics; `retired=true` lists the questions no longer used."""
    org = org_for(request, org_id, "manage")
    found = selectors.questions_for(org, query=q, difficulty=difficulty, tag=tag.strip(), active=not retired)
    count = found.count()
    pages = max(1, math.ceil(count / PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = list(found[(page - 1) * PAGE_SIZE:page * PAGE_SIZE])
    usage = selectors.usage([question.pk for question in rows])
    for question in rows:
        question.asked, question.right = usage[question.pk]
    return {"count": count, "page": page, "pages": pages, "results": rows}


@router.post("/orgs/{org_id}/questions", response={201: QuestionOut}, url_name="question_create")
def create_question(request, org_id: int, data: QuestionIn):
    """A new question of the organisation's bank."""
    org = org_for(request, org_id, "manage")
    topic = _linked(lambda pk: get_object_or_404(topics_for(org), pk=pk), data.topic_id,
                    "Không tìm thấy chuyên đề đã chọn (chỉ dùng chuyên đề của đơn vị và cấp trên).")
    question = services.save_question(
        org=org, by=request.auth, kind=data.kind, text=data.text, options=[(o.text, o.is_correct) for o in data.options],
        explanation=data.explanation, document=_document(request, data.document_id), topic=topic, tags=data.tags,
        difficulty=data.difficulty)
    return 201, selectors.question_in(org, question.pk)


# Taking part -----------------------------------------------------------------------------------------

def _member(request):
    member = rules.member_of(request.auth)
    if member is None:  # an account that is not a member's takes no contest through the API
        raise Http404
    return member


def _own_attempt(request, attempt_id):
    """One of the caller's own attempts; another person's does not exist for them (404)."""
    member = _member(request)
    attempt = selectors.attempt_by_id(attempt_id)
    if attempt is None or attempt.member_id != member.pk:
        raise Http404
    return attempt


@router.get("/me/contests", response=list[MyContestOut], url_name="my_contests")
def my_contests(request):
    """The contests of the caller's cell and the organisations above it, the latest first, with
    the attempts used and the best score so far."""
    member = _member(request)
    found = list(selectors.contests_for_member(member))
    ids = [c.pk for c in found]
    best = selectors.best_attempts(member, ids)
    used = selectors.attempts_used(member, ids)
    now = timezone.now()
    for contest in found:
        attempt = best.get(contest.pk)
        contest.is_open, contest.attempts_used = contest.is_open_at(now), used.get(contest.pk, 0)
        contest.best_score = attempt.score if attempt else None
        contest.best_attempt_id = attempt.pk if attempt else None
    return found


@router.post("/contests/{code}/attempts", response={200: AttemptOut, 201: AttemptOut, 503: dict},
             url_name="attempt_start")
def start_attempt(request, code: str, response: HttpResponse):
    """Start an attempt (201) or go back to the unfinished one (200). 404 for a members-only
    contest of another organisation; 400 when it is not open or no attempt is left; 503 with
    Retry-After when too many start at the same moment (try again after that many seconds)."""
    found = selectors.contest_by_code(code)
    member = _member(request)
    if not rules.may_take(member, found):
        raise Http404  # a members-only contest elsewhere does not exist for the caller
    try:
        with admission.admit():
            attempt, created = services.start_attempt(found, member=member, now=timezone.now())
    except admission.Busy as busy:
        response["Retry-After"] = str(busy.retry_after)
        return 503, {"detail": BUSY}
    return (201 if created else 200), attempt


@router.get("/attempts/{attempt_id}/current", response=CurrentOut, exclude_none=True, url_name="attempt_current")
def current(request, attempt_id: int):
    """The question to answer now; the first time it is asked for, its time starts. A question
    whose time ran out is passed over. When none is left: `finished`, or `awaiting_prediction`."""
    attempt = _own_attempt(request, attempt_id)
    now = timezone.now()
    slot = services.current_slot(attempt, now=now)
    if slot is None:
        return {"finished": True} if attempt.is_finished else {"awaiting_prediction": True}
    question, options = selectors.slot_view(slot)
    return {"position": slot.position, "number": slot.position + 1, "count": attempt.slots.count(),
            "text": question.text, "options": [{"id": o.pk, "text": o.text} for o in options],
            "multiple": slot.multiple, "seconds_left": max(0, int((slot.deadline - now).total_seconds()))}


@router.post("/attempts/{attempt_id}/answers", response={200: AnswerOut, 201: AnswerOut}, url_name="attempt_answer")
def answer(request, attempt_id: int, data: AnswerIn):
    """Answer the question at `position`: 201 when recorded; 200 with the answer recorded the
    first time when it is sent again; 400 with the reason when refused (too late, not yet asked,
    the attempt finished). The time is the server's."""
    attempt = _own_attempt(request, attempt_id)
    recorded, created = services.submit_answer(attempt, position=data.position, option_ids=data.option_ids,
                                               now=timezone.now())
    return (201 if created else 200), recorded


def _result(attempt, now):
    found = attempt.contest
    closed = now >= found.closes_at
    review = None
    if attempt.is_finished and closed:
        review = [{"position": slot.position, "text": question.text, "explanation": question.explanation,
                   "options": [{"id": o.pk, "text": o.text, "chosen": chosen, "correct": correct}
                               for o, chosen, correct in options],
                   "answered": recorded is not None, "is_correct": bool(recorded and recorded.is_correct)}
                  for slot, question, options, recorded in selectors.review(attempt)]
    return {"id": attempt.pk, "contest_id": found.pk, "contest_title": found.title, "code": found.code,
            "number": attempt.number, "started_at": attempt.started_at, "finished": attempt.is_finished,
            "finished_at": attempt.finished_at, "finish_reason": attempt.finish_reason,
            "finish_reason_label": attempt.get_finish_reason_display() if attempt.finish_reason else "",
            "score": attempt.score, "correct_count": attempt.correct_count, "question_count": attempt.slots.count(),
            "time_taken_ms": attempt.time_taken_ms, "prediction": attempt.prediction,
            "rank": selectors.rank_of(found, attempt) if attempt.is_finished else None,
            "closes_at": found.closes_at, "review": review}


@router.post("/attempts/{attempt_id}/finish", response=AttemptResultOut, url_name="attempt_finish")
def finish(request, attempt_id: int, data: FinishIn):
    """Give the prediction (how many will have every question right; null for none) and hand the
    attempt in, once every question is done. Only for a contest that asks for a prediction: the
    others end by themselves after the last question."""
    attempt = _own_attempt(request, attempt_id)
    if attempt.is_finished:
        raise ValidationError("Bài thi đã nộp.")
    if not attempt.contest.has_prediction:
        raise ValidationError("Cuộc thi này không có câu dự đoán: bài thi tự kết thúc sau câu hỏi cuối cùng.")
    now = timezone.now()
    if services.current_slot(attempt, now=now) is not None:
        raise ValidationError("Hãy trả lời hết các câu hỏi trước khi dự đoán.")
    services.finish_attempt(attempt, now=now, prediction=data.prediction)
    return _result(selectors.attempt_by_id(attempt.pk), now)


@router.get("/attempts/{attempt_id}", response=AttemptResultOut, url_name="attempt")
def result(request, attempt_id: int):
    """The attempt's result: score on 10, right answers, time taken, rank; once the contest has
    closed, the review with the right answers and their explanations (null before)."""
    return _result(_own_attempt(request, attempt_id), timezone.now())
