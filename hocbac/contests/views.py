"""Organisers' pages: the question bank under /o/<org_id>/cau-hoi/, contests under
/o/<org_id>/thi/, and the projector's live leaderboard at /t/<code>/bang-xep-hang/. Pages need
"view" to read and "manage" to change (orgs.scoping); objects are looked up inside the
organisation's subtree (contests) or the banks it draws from (questions)."""

import segno
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hocbac.core.exports import xlsx_response
from hocbac.library.selectors import documents_for, topics_for
from hocbac.orgs import scoping
from hocbac.orgs.models import Member

from . import exports, rules, selectors, services
from .forms import ContestForm, ExtraTimeForm, QuestionForm
from .models import Difficulty, ExtraTime

# Question bank ---------------------------------------------------------------------------------

def _question_form(request, data=None, initial=None):
    return QuestionForm(data, initial=initial, documents=documents_for(request.user).order_by("-issued_on"),
                        topics=topics_for(request.org))


@scoping.org_view("manage")
def bank(request):
    """The questions this organisation's contests may use (its own bank and those above), with
    how often each was asked and answered right."""
    query, tag = request.GET.get("q", "").strip(), request.GET.get("the", "").strip()
    difficulty = request.GET.get("do_kho", "")
    show_retired = request.GET.get("ngung") == "1"
    questions = selectors.questions_for(request.org, query=query, tag=tag,
                                        difficulty=int(difficulty) if difficulty.isdigit() else None,
                                        active=not show_retired)
    page = Paginator(questions, 50).get_page(request.GET.get("trang"))
    stats = selectors.usage([q.pk for q in page])
    for question in page:
        question.asked, question.right = stats[question.pk]
    return render(request, "contests/bank.html", {
        "org": request.org, "page": page, "query": query, "tag": tag, "difficulty": difficulty,
        "difficulties": Difficulty.choices, "show_retired": show_retired,
    })


@scoping.org_view("manage")
def question_new(request):
    form = _question_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.save_question(org=request.org, by=request.user, options=form.options(),
                                              **_question_fields(form))
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, "Đã thêm câu hỏi vào ngân hàng.")
            if "them_nua" in request.POST:
                return redirect("contests:question_new", org_id=request.org.pk)
            return redirect("contests:question_edit", org_id=request.org.pk, question_id=question.pk)
    return render(request, "contests/question_form.html", {"org": request.org, "form": form})


def _question_fields(form):
    data = form.cleaned_data
    return {k: data[k] for k in ("kind", "text", "explanation", "tags", "difficulty", "document", "topic")}


@scoping.org_view("manage")
def question_edit(request, question_id):
    """Change a question of this organisation's bank that was never asked; otherwise read it and
    offer a copy."""
    question = selectors.question_in(request.org, question_id)
    editable = rules.may_edit_bank(request.user, question.org) and not services.is_used(question)
    options = list(question.options.all())
    initial = {"kind": question.kind, "text": question.text, "explanation": question.explanation, "tags": question.tags,
               "difficulty": question.difficulty, "document": question.document_id, "topic": question.topic_id}
    for i, option in enumerate(options):
        initial[f"option_{i}"], initial[f"correct_{i}"] = option.text, option.is_correct
    form = _question_form(request, request.POST or None, initial=initial)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.save_question(org=question.org, by=request.user, question=question, options=form.options(),
                                       **_question_fields(form))
            except ValidationError as error:
                form.add_error(None, " ".join(error.messages))
            else:
                messages.success(request, "Đã lưu câu hỏi.")
                return redirect("contests:question_edit", org_id=request.org.pk, question_id=question.pk)
    asked, right = selectors.usage([question.pk])[question.pk]
    return render(request, "contests/question_form.html", {
        "org": request.org, "form": form, "question": question, "editable": editable, "options": options,
        "asked": asked, "right": right, "own_bank": rules.may_edit_bank(request.user, question.org),
    })


@require_POST
@scoping.org_view("manage")
def question_copy(request, question_id):
    question = selectors.question_in(request.org, question_id)
    copy = services.copy_question(question, by=request.user) if rules.may_edit_bank(request.user, question.org) else None
    if copy is None:  # a question of a bank above: the copy goes into this organisation's bank
        options = [(o.text, o.is_correct) for o in question.options.all()]
        copy = services.save_question(org=request.org, by=request.user, kind=question.kind, text=question.text,
                                      options=options, explanation=question.explanation, document=question.document,
                                      topic=question.topic, tags=question.tags, difficulty=question.difficulty)
    messages.success(request, "Đã tạo bản sao để sửa.")
    return redirect("contests:question_edit", org_id=request.org.pk, question_id=copy.pk)


@require_POST
@scoping.org_view("manage")
def question_retire(request, question_id):
    question = selectors.question_in(request.org, question_id)
    if not rules.may_edit_bank(request.user, question.org):
        raise PermissionDenied
    services.set_question_active(question, by=request.user, active=not question.is_active)
    messages.success(request, "Đã dùng lại câu hỏi." if question.is_active else "Đã ngừng dùng câu hỏi.")
    return redirect("contests:question_edit", org_id=request.org.pk, question_id=question.pk)


# Contests --------------------------------------------------------------------------------------

@scoping.org_view("view")
def contest_list(request):
    contests = selectors.contests_in(request.org).order_by("-opens_at", "-id")
    page = Paginator(contests, 30).get_page(request.GET.get("trang"))
    return render(request, "contests/contest_list.html", {
        "org": request.org, "page": page, "now": timezone.now(), "may_manage": "manage" in request.abilities,
    })


def _contest_form(request, data=None, instance=None):
    return ContestForm(data, instance=instance, documents=documents_for(request.user).order_by("-issued_on"))


@scoping.org_view("manage")
def contest_new(request):
    form = _contest_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contest = services.create_contest(org=request.org, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, "Đã tạo cuộc thi. Bước tiếp theo: chọn câu hỏi.")
            return redirect("contests:contest_questions", org_id=request.org.pk, contest_id=contest.pk)
    return render(request, "contests/contest_form.html", {"org": request.org, "form": form})


@scoping.org_view("manage")
def contest_edit(request, contest_id):
    contest = selectors.contest_in(request.org, contest_id)
    form = _contest_form(request, request.POST or None, instance=contest)
    if contest.started_at:
        for name in services.LOCKED_FIELDS:
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.update_contest(selectors.contest_in(request.org, contest_id), by=request.user, **changed)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, "Đã lưu cuộc thi.")
            return redirect("contests:detail", org_id=request.org.pk, contest_id=contest.pk)
    return render(request, "contests/contest_form.html", {"org": request.org, "form": form, "contest": contest})


@scoping.org_view("manage")
def contest_questions(request, contest_id):
    """Choose the pool (drawn at random) or the fixed list, with weights."""
    contest = selectors.contest_in(request.org, contest_id)
    chosen = {entry.question_id: entry.weight for entry in selectors.pool_with_questions(contest)}
    available = {q.pk: q for q in selectors.questions_for(contest.org, active=True)}
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("question") if i.isdigit()]
        unknown = [i for i in ids if i not in available]
        weights = {}
        for qid in ids:
            value = request.POST.get(f"weight_{qid}", "1")
            weights[qid] = int(value) if value.isdigit() else 0
        try:
            if unknown:
                raise ValidationError("Có câu hỏi không thuộc ngân hàng mà đơn vị được dùng.")
            services.set_questions(contest, by=request.user, question_ids=ids, weights=weights)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Đã chọn {len(ids)} câu hỏi.")
            return redirect("contests:detail", org_id=request.org.pk, contest_id=contest.pk)
    questions = sorted(available.values(), key=lambda q: (q.pk not in chosen, -q.pk))
    for question in questions:
        question.weight = chosen.get(question.pk, 1)
        question.chosen = question.pk in chosen
    return render(request, "contests/contest_questions.html", {
        "org": request.org, "contest": contest, "questions": questions, "locked": bool(contest.started_at),
    })


@scoping.org_view("view")
def contest_detail(request, contest_id):
    """The contest: its link and QR code, readiness, participation per organisation, and for
    organisers the questions most missed and every attempt with its tab switches."""
    contest = selectors.contest_in(request.org, contest_id)
    now = timezone.now()
    pool = selectors.pool_with_questions(contest)
    total, rows = selectors.participation(contest, request.org, timezone.localdate())
    manage = "manage" in request.abilities
    return render(request, "contests/contest_detail.html", {
        "org": request.org, "contest": contest, "pool": pool, "not_ready": services.check_ready(contest, len(pool)),
        "link": _landing_link(request, contest),
        "is_open": contest.is_open_at(now), "now": now, "total": total, "rows": rows, "may_manage": manage,
        "statistics": selectors.question_statistics(contest) if manage else None,
        "attempts": selectors.attempts_for_organiser(contest, request.org) if manage else None,
    })


@scoping.org_view("view")
def contest_ranking(request, contest_id):
    contest = selectors.contest_in(request.org, contest_id)
    return render(request, "contests/ranking.html", {
        "org": request.org, "contest": contest, "ranking": selectors.ranking(contest),
    })


@scoping.org_view("view")
def contest_export(request, contest_id):
    contest = selectors.contest_in(request.org, contest_id)
    sheets = exports.contest_sheets(contest, request.org, timezone.localdate(),
                                    with_statistics="manage" in request.abilities)
    return xlsx_response(request, f"ket-qua-thi-{contest.code}.xlsx", sheets, action="export.contest", org=request.org)


@scoping.org_view("manage")
def contest_passes(request, contest_id):
    """Single-use sign-in links for members of this organisation without a password: shown once
    as a printable sheet (name, link, QR code); issuing again voids the unused ones."""
    contest = selectors.contest_in(request.org, contest_id)
    members = selectors.members_without_password(request.org)
    passes = []
    if request.method == "POST":
        if timezone.now() >= contest.closes_at:
            messages.error(request, "Cuộc thi đã kết thúc.")
            return redirect("contests:detail", org_id=request.org.pk, contest_id=contest.pk)
        tokens = services.issue_passes(contest, members=members, by=request.user)
        for member, token in tokens.items():
            url = request.build_absolute_uri(reverse("contests:redeem", args=[contest.code, token]))
            passes.append((member, url, segno.make(url, error="l").svg_inline(scale=3, border=1)))
    return render(request, "contests/passes.html", {
        "org": request.org, "contest": contest, "members": members, "passes": passes,
    })


@scoping.org_view("manage")
def extra_time(request):
    """Members of the subtree who get more time per question (a multiplier of 1,0 removes it)."""
    members = Member.objects.in_subtree(request.org).eligible().order_by("sort_key", "id")
    form = ExtraTimeForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_extra_time(form.cleaned_data["member"], by=request.user,
                                    multiplier=form.cleaned_data["multiplier"], reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, "Đã lưu.")
            return redirect("contests:extra_time", org_id=request.org.pk)
    granted = ExtraTime.objects.in_subtree(request.org).select_related("member", "org").order_by("member__sort_key")
    return render(request, "contests/extra_time.html", {"org": request.org, "form": form, "granted": granted})


# The projector ---------------------------------------------------------------------------------

def _results_only(view):
    """Pages of the projector: those who see the contest's organisation (404 for others)."""
    def wrapper(request, code):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        contest = selectors.contest_by_code(code)
        if not rules.may_see_results(request.user, contest):
            raise Http404
        return view(request, contest)

    wrapper.__name__, wrapper.__doc__ = view.__name__, view.__doc__
    return wrapper


def _landing_link(request, contest):
    return request.build_absolute_uri(reverse("contests:landing", args=[contest.code]))


@_results_only
def leaderboard(request, contest):
    """Full screen for the meeting: QR code to join, how many started and finished, top ranks
    refreshed every few seconds from the cached selector."""
    link = _landing_link(request, contest)
    return render(request, "contests/leaderboard.html", {
        "contest": contest, "board": selectors.leaderboard(contest), "link": link,
        "qr": segno.make(link, error="m").svg_inline(scale=6, border=2),
    })


@_results_only
def leaderboard_rows(request, contest):
    return render(request, "contests/_board.html", {"contest": contest, "board": selectors.leaderboard(contest)})


@_results_only
def qr(request, contest):
    svg = segno.make(_landing_link(request, contest), error="m").svg_inline(scale=8, border=2)
    return HttpResponse(svg, content_type="image/svg+xml")
