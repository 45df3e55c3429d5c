"""The evidence pack of a member's year for the review meeting: the cell's page and Word form
under /o/<org_id>/danh-gia/<year>/dang-vien/<member_id>/ (ability "manage"; the member is looked
up inside the organisation's subtree, so a member of another cell is 404), and the member's own
page at /toi/danh-gia/<year>/ho-so/."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from hocbac.core.audit import log_action
from hocbac.journal.rules import member_of
from hocbac.orgs import scoping
from hocbac.orgs.selectors import member_in

from . import documents
from .evidence import evidence_pack

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _check_year(year):
    if not 2000 < year < 2100:
        raise Http404


@scoping.org_view("manage")
def pack(request, year, member_id):
    _check_year(year)
    member = member_in(request.org, member_id)
    return render(request, "ratings/evidence_pack.html", {"org": request.org, "pack": evidence_pack(member, year),
                                                          "year": str(year), "own": False})


@scoping.org_view("manage")
def pack_document(request, year, member_id):
    """The pack as the review form (Word) for the cell's records; the download is audit-logged."""
    _check_year(year)
    member = member_in(request.org, member_id)
    content = documents.evidence_docx(evidence_pack(member, year))
    log_action("export.evidence", by=request.user, org=member.org, obj=member,
               summary=f"Tải hồ sơ đánh giá, xếp loại năm {year} của {member.full_name} (Word)")
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="ho-so-danh-gia-{year}-{member.pk}.docx"'
    return response


@login_required
def my_pack(request, year):
    """The signed-in member's own pack; 404 for an account that is not a member's."""
    _check_year(year)
    member = member_of(request.user)
    if member is None:
        raise Http404
    return render(request, "ratings/evidence_pack.html", {"org": None, "pack": evidence_pack(member, year),
                                                          "year": str(year), "own": True})
