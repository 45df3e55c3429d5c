"""The journal: the 27 manifestations, the caller's own notebook and reflections under /me, a
cell's rota and the figures under /orgs/{id}, and a reflection with its comments under
/reflections/{id}. Writes go through `journal.services` (which check who acts and from which
step); reads through `journal.selectors`, which decide who reads a reflection: a draft is its
author's only, a submitted one is read by the members of its cell and those who see the cell."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Router

from hocbac.commitments.models import Registration
from hocbac.journal import selectors, services
from hocbac.journal.rules import is_author
from hocbac.library.selectors import document_for
from hocbac.orgs.models import ELIGIBILITY_RULE
from hocbac.orgs.selectors import member_in
from hocbac.study.selectors import session_in

from .orgs import org_for
from .schemas import (
    AssignIn,
    CommentIn,
    CommentOut,
    CommentPatch,
    ConclusionIn,
    ManifestationGroupOut,
    ManifestationTallyOut,
    NotebookEntryIn,
    NotebookEntryOut,
    ReadIn,
    ReflectionDetail,
    ReflectionFiguresOut,
    ReflectionIn,
    ReflectionOut,
    RotaRowOut,
    Year,
    one_of,
)

router = Router(tags=["Sổ tay và bài cảm nhận"])
Period = one_of([code for code, _ in selectors.PERIODS])  # "" (the year), "Q1".."Q4", "1".."12"
FIGURES_RULE = ("Được phân công: số lượt phân công viết bài trong kỳ; đã viết: bài đã nộp hoặc đã đọc tại sinh hoạt; "
                f"đã đọc: bài đã ghi nhận đọc tại sinh hoạt; chưa viết bài nào: {ELIGIBILITY_RULE}, hiện nay, "
                "chưa nộp bài nào trong năm.")


def _year(year):
    return year or timezone.localdate().year


def _own_member(request):
    member = getattr(request.auth, "member", None)
    if member is None:  # an account that is not a member's has no notebook and no reflection
        raise Http404
    return member


@router.get("/manifestations", response=list[ManifestationGroupOut], url_name="manifestations")
def manifestations(request):
    """The three groups of the 27 manifestations (Nghị quyết 04-NQ/TW), with the locality's sub-items."""
    return selectors.manifestation_groups()


# Notebook ---------------------------------------------------------------------------------

def _own_entry(request, entry_id):
    """One of the caller's own entries; 404 for anyone else's, shared or not."""
    entry = selectors.entry_for(request.auth, entry_id)
    if not is_author(request.auth, entry):
        raise Http404
    return entry


def _linked(request, member, data):
    """The document, session and registration an entry links to, each within the caller's reach;
    an id out of reach is refused like one that does not exist."""

    def find(ident, lookup, message):
        if ident is None:
            return None
        try:
            return lookup(ident)
        except Http404:
            raise ValidationError(message) from None

    def own_registration(pk):
        # The caller's own, whichever cell they were in when they registered.
        registration = Registration.objects.unscoped().filter(member=member, pk=pk).first()
        if registration is None:
            raise Http404
        return registration

    return {
        "document": find(data.document_id, lambda pk: document_for(request.auth, pk),
                         "Không tìm thấy tài liệu đã chọn (hoặc ngoài phạm vi của đồng chí)."),
        "session": find(data.session_id, lambda pk: session_in(member.org, pk),
                        "Không tìm thấy buổi học tập, sinh hoạt đã chọn trong chi bộ của đồng chí."),
        "registration": find(data.registration_id, own_registration, "Chỉ liên kết với bản đăng ký của chính đồng chí."),
    }


def _save_entry(request, data, entry=None):
    member = _own_member(request)
    return services.save_entry(member, by=request.auth, entry=entry, written_on=data.written_on, studied=data.studied,
                               did=data.did, will_correct=data.will_correct, shared=data.shared,
                               **_linked(request, member, data))


@router.get("/me/notebook", response=list[NotebookEntryOut], url_name="my_notebook")
def my_notebook(request, year: Year | None = None):
    """The caller's own entries of `year` (this year by default), newest first."""
    return selectors.entries_of(_own_member(request), _year(year))


@router.post("/me/notebook", response={201: NotebookEntryOut}, url_name="my_notebook_create")
def create_entry(request, data: NotebookEntryIn):
    """A new entry; `shared`: the cell's committee may read it."""
    return 201, _save_entry(request, data)


@router.put("/me/notebook/{entry_id}", response=NotebookEntryOut, url_name="my_notebook_entry")
def update_entry(request, entry_id: int, data: NotebookEntryIn):
    """Replace one of the caller's own entries."""
    return _save_entry(request, data, _own_entry(request, entry_id))


# The caller's reflections -------------------------------------------------------------------

@router.get("/me/reflections", response=list[ReflectionOut], url_name="my_reflections")
def my_reflections(request, year: Year | None = None):
    """The caller's assignments and reflections of `year` (this year by default), by month."""
    return selectors.my_reflections(_own_member(request), _year(year))


@router.put("/me/reflections/{reflection_id}", response=ReflectionOut, url_name="my_reflection_save")
def save_reflection(request, reflection_id: int, data: ReflectionIn):
    """Save the draft: title, text, the manifestations self-identified against, the corrections
    with their deadlines. Only before it is submitted."""
    reflection = selectors.own_reflection(request.auth, reflection_id)
    services.save_reflection(reflection, by=request.auth, title=data.title, body=data.body,
                             manifestation_ids=data.manifestation_ids,
                             corrections=[c.dict() for c in data.corrections])
    return selectors.own_reflection(request.auth, reflection_id)


@router.post("/me/reflections/{reflection_id}/submit", response=ReflectionOut, url_name="my_reflection_submit")
def submit_reflection(request, reflection_id: int):
    """Hand the reflection in for the cell's meeting (needs the text and a correction); twice records once."""
    services.submit_reflection(selectors.own_reflection(request.auth, reflection_id), by=request.auth)
    return selectors.own_reflection(request.auth, reflection_id)


# An organisation's reflections --------------------------------------------------------------

def _figures_row(figures):
    return {"org_id": figures.org.pk, "org_name": figures.org.name, "written_percent": figures.written_percent,
            "read_percent": figures.read_percent, **{name: getattr(figures, name) for name in selectors.FIGURE_NAMES}}


@router.get("/orgs/{org_id}/reflections", response=ReflectionFiguresOut, url_name="org_reflections")
def org_reflections(request, org_id: int, year: Year | None = None, period: Period = ""):
    """Figures over the subtree for the months of `period` of `year`, per child (fewest written
    first); for a cell, also its rota of those months (names and steps, no texts)."""
    org, year = org_for(request, org_id), _year(year)
    months = selectors.period_months(period)
    total, children = selectors.figures(org, year, months)
    rota = None
    if org.holds_members:
        rota = [{"month": month, "reflections": rows} for month, rows in selectors.rota(org, year) if month in months]
    return {"year": year, "period": period, "months": months, "rule": FIGURES_RULE, "total": _figures_row(total),
            "children": [_figures_row(f) for f in children], "rota": rota}


@router.post("/orgs/{org_id}/reflections", response={201: RotaRowOut}, url_name="reflection_assign")
def assign(request, org_id: int, data: AssignIn):
    """Name a member of the cell to write the reflection of a month (one or two a month)."""
    org = org_for(request, org_id, "manage")
    member = member_in(org, data.member_id)  # 404 outside the subtree; the service refuses another cell's
    return 201, services.assign(org, member, data.year, data.month, by=request.auth, due_on=data.due_on)


@router.get("/orgs/{org_id}/reflections/manifestations", response=ManifestationTallyOut,
            url_name="reflection_manifestations")
def manifestation_tally(request, org_id: int, year: Year | None = None, period: Period = ""):
    """How often each of the 27 was self-identified in the reflections handed in over the subtree:
    counts only, never who chose what."""
    org, year = org_for(request, org_id), _year(year)
    tally = selectors.manifestation_tally(org, year, selectors.period_months(period))
    return {"year": year, "period": period, "reflections": tally.reflections, "items": tally.items,
            "groups": [{"label": label, "count": count} for label, count in tally.groups]}


# A reflection and its comments ----------------------------------------------------------------

@router.get("/reflections/{reflection_id}", response=ReflectionDetail, url_name="reflection")
def reflection(request, reflection_id: int):
    """A reflection with its citations, corrections, conclusion and comments. 404 when the caller
    may not read it: a draft is its author's only."""
    found = selectors.reflection_for(request.auth, reflection_id)
    found.thread = selectors.thread(found)
    return found


def _written(request, reflection_id, service, **fields):
    service(selectors.reflection_for(request.auth, reflection_id), by=request.auth, **fields)
    found = selectors.reflection_for(request.auth, reflection_id)
    found.thread = selectors.thread(found)
    return found


@router.post("/reflections/{reflection_id}/read", response=ReflectionDetail, url_name="reflection_read")
def mark_read(request, reflection_id: int, data: ReadIn):
    """Record the day it was read at the cell's meeting (the cell's committee)."""
    return _written(request, reflection_id, services.mark_read, read_on=data.read_on)


@router.post("/reflections/{reflection_id}/conclusion", response=ReflectionDetail, url_name="reflection_conclusion")
def conclude(request, reflection_id: int, data: ConclusionIn):
    """The cell's conclusion, once it was read (the cell's committee)."""
    return _written(request, reflection_id, services.conclude, text=data.text)


@router.post("/reflections/{reflection_id}/comments", response={201: CommentOut}, url_name="reflection_comment")
def comment(request, reflection_id: int, data: CommentIn):
    """Comment on a submitted reflection, or reply to a comment (members of the cell and its
    committee). The same `client_key` posted again records nothing and answers the comment
    recorded the first time, as a retried request expects."""
    found = selectors.reflection_for(request.auth, reflection_id)
    parent = None
    if data.parent_id is not None:
        try:
            parent = selectors.comment_for(request.auth, data.parent_id)
        except Http404:
            raise ValidationError("Không tìm thấy góp ý được trả lời.") from None
    return 201, services.add_comment(found, by=request.auth, body=data.body, client_key=data.client_key, parent=parent)


@router.patch("/comments/{comment_id}", response=CommentOut, url_name="comment_update")
def edit_comment(request, comment_id: int, data: CommentPatch):
    """Its author corrects a comment, within the first minutes."""
    return services.edit_comment(selectors.comment_for(request.auth, comment_id), by=request.auth, body=data.body)


@router.delete("/comments/{comment_id}", response=CommentOut, url_name="comment_delete")
def delete_comment(request, comment_id: int):
    """Its author or the cell's committee removes a comment: the text goes, its place in the
    thread stays (the answer is the emptied comment)."""
    found = selectors.comment_for(request.auth, comment_id)
    if found.is_deleted:  # a repeated DELETE: say so rather than "no permission"
        raise ValidationError("Góp ý này đã được xóa.")
    return services.delete_comment(found, by=request.auth)
