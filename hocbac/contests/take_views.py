"""Taking a contest on a phone: the short link /t/<code>/, one question at a time at
/thi/<attempt_id>/, the result. Who is taking: the signed-in member, a member who opened a
per-member sign-in link (the pass is kept in this browser's session), or a guest of a public
contest (also in the session). Another person's attempt does not exist for you (404).

The question page is deliberately small (no htmx, one short script) for cheap phones on 3G, and
a GET never starts anything: a chat app's link preview must not start someone's attempt."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hocbac.orgs.models import Member

from . import admission, rules, selectors, services
from .forms import GuestForm
from .models import Guest

PASS_KEY = "contest_pass:{}"  # session key: contest id → member id (a redeemed sign-in link)
GUEST_KEY = "contest_guest:{}"  # session key: contest id → guest id


def _taker(request, contest):
    """(member, guest) taking `contest` in this browser; (None, None) if nobody."""
    member_id = request.session.get(PASS_KEY.format(contest.pk))
    if member_id:
        return Member.objects.unscoped().select_related("org").filter(pk=member_id).first(), None
    guest_id = request.session.get(GUEST_KEY.format(contest.pk))
    if guest_id:
        return None, Guest.objects.filter(pk=guest_id, contest=contest).first()
    member = rules.member_of(request.user)
    if member is not None and rules.may_take(member, contest):
        return member, None
    return None, None


def _own_attempt(request, attempt_id):
    """The attempt if it belongs to whoever is taking in this browser, else 404 (or sign-in)."""
    attempt = selectors.attempt_by_id(attempt_id)
    if attempt is None:
        raise Http404
    if _signed_in_members(request, attempt):
        return attempt
    member, guest = _taker(request, attempt.contest)
    if (member is not None and attempt.member_id == member.pk) or (guest is not None and attempt.guest_id == guest.pk):
        return attempt
    if not request.user.is_authenticated and member is None and guest is None:
        raise _SignIn
    raise Http404


def _signed_in_members(request, attempt):
    """The usual case: the signed-in member's own attempt (`member_user_id` read with it). No more
    queries: whether they may take the contest was decided at the start."""
    return bool(attempt.member_id) and request.user.is_authenticated and attempt.member_user_id == request.user.pk


class _SignIn(Exception):
    pass


def _signed_in(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignIn:
            return redirect_to_login(request.get_full_path())

    wrapper.__name__, wrapper.__doc__ = view.__name__, view.__doc__
    return wrapper


def landing(request, code):
    """The short link: what the contest is, and a button to start or go on."""
    contest = selectors.contest_by_code(code)
    member, guest = _taker(request, contest)
    organiser = rules.may_see_results(request.user, contest)
    if member is None and guest is None and not organiser:
        if contest.is_public and not request.user.is_authenticated:
            return redirect("contests:join", code=contest.code)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not contest.is_public:
            raise Http404  # a members-only contest elsewhere does not exist for you
    now = timezone.now()
    attempts = selectors.attempts_of(contest, member=member, guest=guest) if member or guest else []
    unfinished = next((a for a in attempts if not a.is_finished), None)
    return render(request, "contests/landing.html", {
        "contest": contest, "member": member, "guest": guest, "organiser": organiser,
        "attempts": attempts, "unfinished": unfinished, "now": now,
        "is_open": contest.is_open_at(now), "not_yet": now < contest.opens_at,
        "attempts_left": contest.attempts_allowed - len(attempts),
        "can_join_as_guest": contest.is_public and member is None and guest is None,
    })


@require_POST
def start(request, code):
    """Start (or resume) an attempt; 503 with Retry-After when too many start at once."""
    contest = selectors.contest_by_code(code)
    member, guest = _taker(request, contest)
    if member is None and guest is None:
        if not request.user.is_authenticated:
            return redirect_to_login(reverse("contests:landing", args=[contest.code]))
        raise Http404
    try:
        with admission.admit():
            attempt, _ = services.start_attempt(contest, member=member, guest=guest, now=timezone.now())
    except admission.Busy as busy:
        response = render(request, "contests/busy.html", {"contest": contest, "retry_after": busy.retry_after},
                          status=503)
        response["Retry-After"] = str(busy.retry_after)
        return response
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("contests:landing", code=contest.code)
    return redirect("contests:question", attempt_id=attempt.pk)


@_signed_in
def question(request, attempt_id):
    """The current question with the seconds left by the server's clock; after the last one,
    the prediction (when the contest has one) or the result."""
    attempt = _own_attempt(request, attempt_id)
    now = timezone.now()
    slot = services.current_slot(attempt, now=now)
    if slot is None:
        if attempt.is_finished:
            return redirect("contests:result", attempt_id=attempt.pk)
        return render(request, "contests/prediction.html", {"attempt": attempt, "contest": attempt.contest})
    question, options = selectors.slot_view(slot)
    seconds_left = max(0, int((slot.deadline - now).total_seconds()))
    return render(request, "contests/question.html", {
        "attempt": attempt, "contest": attempt.contest, "slot": slot, "question": question, "options": options,
        "multiple": slot.multiple, "seconds_left": seconds_left, "number": slot.position + 1,
        "count": attempt.contest.question_count,
    })


@require_POST
@_signed_in
def answer(request, attempt_id):
    """Record an answer. Accepted, replayed or refused, the phone goes on to the current question;
    `X-Answer` says which (for the load benchmark and the API-minded).

    One transaction: the attempt is read and locked in one query (with what marks an answer and
    whose it is), checked to be this browser's, then the answer is recorded under that lock."""
    position = request.POST.get("position", "")
    option_ids = [int(v) for v in request.POST.getlist("option") if v.isdigit()]
    outcome, problem = "rejected", None
    try:
        with transaction.atomic():
            attempt = services.lock_attempt(attempt_id)
            if attempt is None:
                raise Http404
            if not _signed_in_members(request, attempt):
                _own_attempt(request, attempt_id)  # a guest, a sign-in pass; else 404 or sign in
            if position.isdigit():
                _, created = services.record_answer(attempt, position=int(position), option_ids=option_ids,
                                                    now=timezone.now())
                outcome = "recorded" if created else "replayed"
    except services.AnswerRejected as error:
        problem = error
    if not position.isdigit():
        messages.error(request, "Câu trả lời không hợp lệ.")
    elif problem is not None:
        if option_ids or "hết giờ" in problem.messages[0]:
            messages.warning(request, " ".join(problem.messages))
        else:  # nothing chosen: stay on the question
            messages.error(request, " ".join(problem.messages))
    response = redirect("contests:question", attempt_id=attempt_id)
    response["X-Answer"] = outcome
    return response


@require_POST
@_signed_in
def predict(request, attempt_id):
    """The prediction ("how many will answer every question right?") that finishes the attempt."""
    attempt = _own_attempt(request, attempt_id)
    value = request.POST.get("prediction", "").replace(".", "").strip()
    if not value.isdigit():
        messages.error(request, "Hãy nhập một số (số người dự đoán trả lời đúng tất cả).")
        return redirect("contests:question", attempt_id=attempt.pk)
    if services.current_slot(attempt, now=timezone.now()) is None:
        try:
            services.finish_attempt(attempt, now=timezone.now(), prediction=int(value))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("contests:question", attempt_id=attempt.pk)


@require_POST
@_signed_in
def tab_switch(request, attempt_id):
    """The page went to the background during the attempt (sent by the page's script)."""
    services.record_tab_switch(_own_attempt(request, attempt_id))
    return HttpResponse(status=204)


@_signed_in
def result(request, attempt_id):
    """Score, rank and, once the contest has closed, the answers with their explanations."""
    attempt = _own_attempt(request, attempt_id)
    if not attempt.is_finished:
        return redirect("contests:question", attempt_id=attempt.pk)
    contest, now = attempt.contest, timezone.now()
    closed = now >= contest.closes_at
    return render(request, "contests/result.html", {
        "attempt": attempt, "contest": contest, "rank": selectors.rank_of(contest, attempt),
        "closed": closed, "review": selectors.review(attempt) if closed else None,
        "count": attempt.slots.count(),
    })


def join(request, code):
    """A non-member joins a public contest with a name, phone number and unit."""
    contest = selectors.contest_by_code(code)
    if not contest.is_public:
        raise Http404
    form = GuestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            guest = services.join_as_guest(contest, **form.cleaned_data, ip=request.META.get("REMOTE_ADDR"),
                                           now=timezone.now())
        except ValidationError as error:
            if error.code == "throttled":
                response = render(request, "contests/join.html", {"contest": contest, "form": form,
                                                                  "error": " ".join(error.messages)}, status=429)
                response["Retry-After"] = "3600"
                return response
            form.add_error(None, " ".join(error.messages))
        else:
            request.session[GUEST_KEY.format(contest.pk)] = guest.pk
            return redirect("contests:landing", code=contest.code)
    return render(request, "contests/join.html", {"contest": contest, "form": form})


def redeem(request, code, token):
    """A per-member sign-in link: the first browser to open it takes the contest as that member."""
    contest = selectors.contest_by_code(code)
    if request.method != "POST":  # a link preview must not use it up
        return render(request, "contests/redeem.html", {"contest": contest})
    try:
        contest_pass = services.redeem_pass(token, now=timezone.now())
    except ValidationError as error:
        return render(request, "contests/redeem.html", {"contest": contest, "error": " ".join(error.messages)},
                      status=400)
    if contest_pass.contest_id != contest.pk:
        raise Http404
    request.session[PASS_KEY.format(contest.pk)] = contest_pass.member_id
    return redirect("contests:landing", code=contest.code)


def mine(request):
    """A member's contests: open ones first, then past ones with their results."""
    member = rules.member_of(request.user)
    if member is None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    now = timezone.now()
    contests = list(selectors.contests_for_member(member))
    best = selectors.best_attempts(member, [c.pk for c in contests])
    for contest in contests:
        contest.best = best.get(contest.pk)
        contest.is_open = contest.is_open_at(now)
    return render(request, "contests/mine.html", {
        "member": member, "open_contests": [c for c in contests if c.is_open],
        "past_contests": [c for c in contests if c.closes_at <= now],
        "coming_contests": [c for c in contests if c.opens_at > now],
    })
