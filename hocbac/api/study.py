"""Study: campaigns and their coverage, sessions and attendance, the document library."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Router

from hocbac.library import selectors as library
from hocbac.library.services import record_read
from hocbac.orgs.models import ELIGIBILITY_RULE
from hocbac.orgs.selectors import member_in
from hocbac.study import selectors, services

from .orgs import org_for
from .schemas import (
    ActivityOut,
    CampaignOut,
    CoverageOut,
    DocumentDetail,
    DocumentOut,
    MarkIn,
    MarkOut,
    SessionDetail,
    SessionOut,
)

router = Router(tags=["Học tập"])


def _coverage_row(row):
    return {"org_id": row.org.pk, "org_name": row.org.name, "studied": row.studied, "eligible": row.eligible,
            "percent": row.percent, "non_members": row.non_members, "sessions": row.sessions, "text": row.text}


@router.get("/orgs/{org_id}/campaigns", response=list[CampaignOut], url_name="campaigns")
def campaigns(request, org_id: int):
    return list(selectors.campaigns_visible_at(org_for(request, org_id)).select_related("org").order_by("-due_on"))


@router.get("/orgs/{org_id}/campaigns/{campaign_id}/coverage", response=CoverageOut, url_name="campaign_coverage")
def campaign_coverage(request, org_id: int, campaign_id: int):
    """Members who studied / eligible members, per child organisation, weakest first."""
    org = org_for(request, org_id)
    campaign = selectors.campaign_in(org, campaign_id)
    total, rows = selectors.campaign_coverage(campaign, org)
    return {"rule": ELIGIBILITY_RULE, "reference_day": selectors.campaign_reference_day(campaign),
            "total": _coverage_row(total), "rows": [_coverage_row(r) for r in rows]}


@router.get("/orgs/{org_id}/documents/{document_id}/coverage", response=CoverageOut, url_name="document_coverage")
def document_coverage(request, org_id: int, document_id: int):
    """Members who studied one document at any session covering it / eligible members, today."""
    org = org_for(request, org_id)
    total, rows = selectors.document_coverage(library.document_for(request.auth, document_id), org)
    return {"rule": ELIGIBILITY_RULE, "reference_day": timezone.localdate(),
            "total": _coverage_row(total), "rows": [_coverage_row(r) for r in rows]}


@router.get("/orgs/{org_id}/activity", response=ActivityOut, url_name="activity")
def activity(request, org_id: int, start: datetime.date | None = None, end: datetime.date | None = None):
    """Sessions held and participations over a period (this year by default), and each member's
    attendance rate; `flagged`: three or more unexcused absences from regular cell meetings."""
    org = org_for(request, org_id)
    end = end or timezone.localdate()
    start = start or end.replace(month=1, day=1)
    if start > end:
        raise ValidationError("Ngày bắt đầu phải trước ngày kết thúc.")
    summary = selectors.activity(org, start, end)
    members = [{"member_id": r.member.pk, "full_name": r.member.full_name, "cell_name": r.member.org.name,
                "invited": r.invited, "present": r.present, "excused": r.excused, "absent": r.absent,
                "rate": r.rate, "regular_absent": r.regular_absent, "flagged": r.flagged}
               for r in selectors.attendance_rates(org, start, end)]
    return {**{k: summary[k] for k in ("sessions", "members_present", "non_members", "participations", "text")},
            "start": start, "end": end, "members": members}


@router.get("/orgs/{org_id}/sessions", response=list[SessionOut], url_name="sessions")
def sessions(request, org_id: int, limit: int = 100):
    found = selectors.sessions_visible_at(org_for(request, org_id)).order_by("-starts_at")
    return list(found[:min(max(limit, 1), 500)])


def _marks(session, org):
    marks = selectors.marks_for(session, org)
    return [{"member_id": m.pk, "full_name": m.full_name, "cell_name": m.cell_name, "status": marks.get(m.pk)}
            for m in selectors.invited_members(session, within=[org])]


@router.get("/orgs/{org_id}/sessions/{session_id}", response=SessionDetail, url_name="session")
def session(request, org_id: int, session_id: int):
    """A session with the attendance of the organisation's invited members (null: not marked)."""
    org = org_for(request, org_id)
    found = selectors.session_in(org, session_id)
    found.marks = _marks(found, org)
    return found


@router.put("/orgs/{org_id}/sessions/{session_id}/attendance/{member_id}", response=MarkOut, url_name="attendance")
def mark(request, org_id: int, session_id: int, member_id: int, data: MarkIn):
    """Set one member's mark; the same PUT twice records once."""
    org = org_for(request, org_id, "manage")
    found = selectors.session_in(org, session_id)
    member = member_in(org, member_id)
    attendance = services.record_attendance(found, member, data.status, by=request.auth)
    return {"member_id": member.pk, "full_name": member.full_name, "cell_name": attendance.org.name,
            "status": attendance.status}


@router.get("/documents", response=list[DocumentOut], url_name="documents")
def documents(request, q: str = "", kind: str = "", limit: int = 100):
    """Documents the caller may read; `q` searches title, symbol and body without diacritics."""
    found = library.search(library.documents_for(request.auth), query=q, kind=kind, user=request.auth)
    return list(found[:min(max(limit, 1), 500)])


@router.get("/documents/{document_id}", response=DocumentDetail, url_name="document")
def document(request, document_id: int):
    found = library.document_for(request.auth, document_id)
    record_read(found, member=getattr(request.auth, "member", None))
    return found
