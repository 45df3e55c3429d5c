"""Reads of the question bank, contests, rankings and statistics. Every query is scoped: an
organisation's subtree, the banks above an organisation, or one person's attempts."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import get_object_or_404

from hocbac.core.text import fold
from hocbac.orgs.models import Member, Organization
from hocbac.orgs.selectors import eligible_by_path, roll_up

from .models import Answer, Attempt, Contest, ContestQuestion, Option, Question, Slot

LEADERBOARD_SECONDS = 3  # the projector page polls; many polls cost one ranking per interval


# Question bank ---------------------------------------------------------------------------------

def bank_orgs(org):
    """The organisation and those above it: whose questions `org`'s contests may use."""
    return Organization.objects.filter(pk__in=org.ancestor_ids())


def questions_for(org, *, query="", document_id=None, topic_id=None, difficulty=None, tag="", active=True):
    """Questions of the banks `org` draws from (its own and those above), newest first, with
    how often each was asked and answered right."""
    questions = Question.objects.in_orgs(org.ancestor_ids()).select_related("org", "document", "topic")
    for word in fold(query).split():
        questions = questions.filter(search_text__contains=word)
    if document_id:
        questions = questions.filter(document_id=document_id)
    if topic_id:
        questions = questions.filter(topic_id=topic_id)
    if difficulty:
        questions = questions.filter(difficulty=difficulty)
    if tag:
        questions = questions.filter(search_text__contains=fold(tag))
    if active is not None:
        questions = questions.filter(is_active=active)
    return questions.prefetch_related("options").order_by("-id")


def question_in(org, question_id):
    """A question of a bank `org` draws from, or 404."""
    return get_object_or_404(Question.objects.in_orgs(org.ancestor_ids()).select_related("org"), pk=question_id)


def usage(question_ids):
    """{question id: (times asked, times right)} over every finished attempt (one query each)."""
    asked = dict(Slot.objects.filter(question_id__in=question_ids, attempt__finished_at__isnull=False)
                 .values_list("question_id").order_by().annotate(n=Count("id")))
    right = dict(Answer.objects.filter(question_id__in=question_ids, is_correct=True)
                 .values_list("question_id").order_by().annotate(n=Count("id")))
    return {qid: (asked.get(qid, 0), right.get(qid, 0)) for qid in question_ids}


# Contests ------------------------------------------------------------------------------------

def contests_in(org):
    """Contests organised anywhere in `org`'s subtree, with the number of people who took part."""
    return (Contest.objects.in_subtree(org).select_related("org")
            .annotate(pool_size=Count("entries", distinct=True),
                      takers=Count("attempts__member", distinct=True) + Count("attempts__guest", distinct=True)))


def contest_in(org, contest_id):
    return get_object_or_404(Contest.objects.in_subtree(org).select_related("org", "document"), pk=contest_id)


def contest_by_code(code):
    return get_object_or_404(Contest.objects.unscoped().select_related("org"), code=code.lower())


def contests_for_member(member):
    """Contests whose audience includes the member: organised by their cell or any organisation
    above it, members-only or public. Newest first."""
    return (Contest.objects.in_orgs(member.org.ancestor_ids()).select_related("org")
            .annotate(pool_size=Count("entries")).order_by("-opens_at", "-id"))


def entries(contest):
    return list(contest.entries.select_related("question").prefetch_related("question__options"))


def attempts_of(contest, *, member=None, guest=None):
    taker = {"member": member} if member is not None else {"guest": guest}
    return list(Attempt.objects.unscoped().filter(contest=contest, **taker).order_by("number"))


def attempt_by_id(attempt_id):
    """An attempt with its contest and, as `member_user_id`, its member's user (whose it is, the
    caller checks: take_views._own_attempt). One query; the member and the contest's organisation
    are loaded only if something asks for them (nothing on the pages of a signed-in member)."""
    return (Attempt.objects.unscoped().select_related("contest")
            .annotate(member_user_id=F("member__user_id")).filter(pk=attempt_id).first())


def attempts_used(member, contest_ids):
    """{contest id: attempts started, finished or not} (what counts against `attempts_allowed`)."""
    return dict(Attempt.objects.unscoped().filter(member=member, contest_id__in=contest_ids)
                .values_list("contest_id").order_by().annotate(n=Count("id")))


def best_attempts(member, contest_ids):
    """{contest id: the member's counted attempt (best score, then earliest)} among finished ones."""
    best = {}
    for attempt in (Attempt.objects.unscoped().filter(member=member, contest_id__in=contest_ids,
                                                      finished_at__isnull=False).order_by("-score", "finished_at")):
        best.setdefault(attempt.contest_id, attempt)
    return best


def slot_view(slot):
    """What the phone may see of a slot: the question and its options in the drawn order — never
    the key."""
    question = Question.objects.unscoped().get(pk=slot.question_id)
    options = Option.objects.in_bulk(slot.option_order)
    return question, [options[i] for i in slot.option_order if i in options]


def review(attempt):
    """[(slot, question, [(option, chosen, correct)], answer or None)] of a finished attempt."""
    slots = list(attempt.slots.all())
    answers = {a.position: a for a in attempt.answers.all()}
    questions = Question.objects.unscoped().in_bulk([s.question_id for s in slots])
    options = Option.objects.in_bulk([i for s in slots for i in s.option_order])
    rows = []
    for slot in slots:
        answer = answers.get(slot.position)
        chosen = set(answer.chosen) if answer else set()
        rows.append((slot, questions[slot.question_id],
                     [(options[i], i in chosen, i in slot.key) for i in slot.option_order if i in options], answer))
    return rows


# Ranking ---------------------------------------------------------------------------------------

@dataclass
class Placing:
    rank: int
    attempt: Attempt
    name: str
    unit: str
    score: object
    time_taken_ms: int
    finished_at: object
    prediction_gap: int | None
    reason: str = ""  # why this row stands below the one above it
    attempts: int = 1


@dataclass
class Ranking:
    rows: list = field(default_factory=list)
    all_correct: int = 0  # people whose counted attempt is all right (the prediction's answer)
    takers: int = 0


TIE_REASONS = ("điểm thấp hơn", "dự đoán xa hơn", "thời gian làm bài dài hơn", "nộp bài muộn hơn")


def ranking(contest):
    """The contest's ranking over finished attempts: for each person the best attempt counts
    (highest score, then earliest); then score ↓, closeness of the prediction ↑ (when the
    contest has one), time taken ↑, submission ↑. Each row says what put it below the row
    above; rows equal on every key share a rank."""
    attempts = (Attempt.objects.unscoped().filter(contest=contest, finished_at__isnull=False)
                .select_related("member", "member__org", "guest").order_by("-score", "finished_at", "id"))
    best, counts = {}, Counter()
    for attempt in attempts:
        taker = ("m", attempt.member_id) if attempt.member_id else ("g", attempt.guest_id)
        counts[taker] += 1
        best.setdefault(taker, attempt)
    all_correct = sum(1 for a in best.values() if a.score == 10)

    def sort_key(a):
        gap = abs(a.prediction - all_correct) if contest.has_prediction and a.prediction is not None else None
        gap_key = (gap if gap is not None else 10**12) if contest.has_prediction else 0
        return (-a.score, gap_key, a.time_taken_ms, a.finished_at)

    ordered = sorted(best.items(), key=lambda item: sort_key(item[1]))
    result = Ranking(all_correct=all_correct, takers=len(best))
    previous = None
    for index, (taker, attempt) in enumerate(ordered):
        key = sort_key(attempt)
        if previous is None:
            rank, reason = 1, ""
        elif key == previous[0]:
            rank, reason = previous[1], "bằng nhau ở mọi tiêu chí"
        else:
            rank = index + 1
            reason = next(TIE_REASONS[i] for i in range(4) if key[i] != previous[0][i])
        previous = (key, rank)
        if attempt.member_id:
            name, unit = attempt.member.full_name, attempt.member.org.name
        else:
            name, unit = attempt.guest.name, attempt.guest.unit
        result.rows.append(Placing(
            rank=rank, attempt=attempt, name=name, unit=unit, score=attempt.score, time_taken_ms=attempt.time_taken_ms,
            finished_at=attempt.finished_at, reason=reason, attempts=counts[taker],
            prediction_gap=key[1] if contest.has_prediction and attempt.prediction is not None else None))
    return result


def winners(contest, places=3):
    """The ranking's rows in the first `places` ranks (ties included): what a commendation of the
    contest's winners is given for (commendations consume this)."""
    return [row for row in ranking(contest).rows if row.rank <= places]


def leaderboard(contest, top=10):
    """What the projector shows, computed at most once every LEADERBOARD_SECONDS per contest
    (shared by every worker when the cache is Redis)."""
    key = f"contests:leaderboard:{contest.pk}"
    board = cache.get(key)
    if board is None:
        result = ranking(contest)
        started = Attempt.objects.unscoped().filter(contest=contest).values("member_id", "guest_id").distinct().count()
        board = {"rows": [{"rank": r.rank, "name": r.name, "unit": r.unit, "score": r.score,
                           "time_taken_ms": r.time_taken_ms} for r in result.rows[:top]],
                 "finished": result.takers, "started": started}
        cache.set(key, board, LEADERBOARD_SECONDS)
    return board


def rank_of(contest, attempt):
    """The rank of the person's counted attempt, from a ranking cached for LEADERBOARD_SECONDS
    ({attempt id: rank} only, so a result page per finisher does not rank the contest each time)."""
    key = f"contests:ranks:{contest.pk}"
    ranks = cache.get(key)
    if ranks is None or attempt.pk not in ranks:
        ranks = {row.attempt.pk: row.rank for row in ranking(contest).rows}
        cache.set(key, ranks, LEADERBOARD_SECONDS)
    return ranks.get(attempt.pk)


# Statistics ------------------------------------------------------------------------------------

def question_statistics(contest):
    """Per question of the contest: times asked, answered right, unanswered; the most missed first."""
    contest_entries = entries(contest)
    ids = [e.question_id for e in contest_entries]
    finished = Q(attempt__contest=contest, attempt__finished_at__isnull=False)
    asked = dict(Slot.objects.filter(finished, question_id__in=ids).values_list("question_id").order_by()
                 .annotate(n=Count("id")))
    answered = {qid: (n, right) for qid, n, right in
                Answer.objects.filter(finished, question_id__in=ids).values_list("question_id").order_by()
                .annotate(n=Count("id"), right=Count("id", filter=Q(is_correct=True)))}
    rows = []
    for entry in contest_entries:
        n_asked = asked.get(entry.question_id, 0)
        n_answered, n_right = answered.get(entry.question_id, (0, 0))
        rows.append({"question": entry.question, "asked": n_asked, "right": n_right,
                     "wrong": n_answered - n_right, "unanswered": n_asked - n_answered,
                     "rate": n_right / n_asked if n_asked else None})
    rows.sort(key=lambda r: (r["rate"] if r["rate"] is not None else 2, r["question"].pk))
    return rows


@dataclass
class Participation:
    org: Organization
    eligible: int = 0
    took: int = 0

    @property
    def rate(self):
        return self.took / self.eligible if self.eligible else None


def participation(contest, org, day):
    """(total, [per child]): members of `org`'s subtree who finished an attempt / members eligible
    on `day`, each counted once, in the cell where they first finished; the weakest children
    first. Three queries."""
    counters = {path: Counter(eligible=c["eligible"]) for path, c in eligible_by_path(org, day).items()}
    # A member who finished twice (a second attempt after a transfer) counts once, where they
    # first finished.
    first_path = {}
    for member_id, path in (Attempt.objects.in_subtree(org)
                            .filter(contest=contest, member__isnull=False, finished_at__isnull=False)
                            .order_by("finished_at", "id").values_list("member_id", "org__path")):
        first_path.setdefault(member_id, path)
    for path in first_path.values():
        counters.setdefault(path, Counter())["took"] += 1
    by_child, total = roll_up(org, counters)
    children = list(org.children.filter(dissolved_on__isnull=True))
    rows = [Participation(child, by_child.get(child.pk, Counter())["eligible"], by_child.get(child.pk, Counter())["took"])
            for child in children]
    rows.sort(key=lambda p: (p.rate if p.rate is not None else 2, p.org.sort_key))
    return Participation(org, total["eligible"], total["took"]), rows


def members_not_taken(contest, cell):
    """Eligible members of a cell with no finished attempt (for the secretary's reminder)."""
    took = Attempt.objects.unscoped().filter(contest=contest, finished_at__isnull=False).values("member_id")
    return list(Member.objects.in_subtree(cell).eligible().exclude(pk__in=took).order_by("sort_key", "id"))


def members_without_password(org):
    """Eligible members of `org`'s subtree who cannot sign in themselves (no account, or an
    account without a usable password): those who need a per-contest sign-in link."""
    members = Member.objects.in_subtree(org).eligible().select_related("org", "user").order_by("org__sort_key", "sort_key")
    return [m for m in members if m.user is None or not m.user.has_usable_password()]


def attempts_for_organiser(contest, org):
    """Every attempt in `org`'s subtree (guests too when `org` owns the contest), with tab switches."""
    attempts = Attempt.objects.in_subtree(org).filter(contest=contest)
    return list(attempts.select_related("member", "guest", "org").order_by("-finished_at", "-id"))


def pool_with_questions(contest):
    return list(ContestQuestion.objects.filter(contest=contest).select_related("question", "question__org")
                .prefetch_related(Prefetch("question__options")))
