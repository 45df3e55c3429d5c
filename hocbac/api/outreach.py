"""Notices, proposals and the public site under /me/… and /orgs/{id}/…: a member's notices (and
marking one read), the notices an organisation sent or receives with read counts per child
organisation, sending a notice ("manage"), proposals sent to a committee and their answer
("manage"), a member's proposal, the public site's items and a new article ("administer").
Writes go through `outreach.services` (audit-logged; a repeated `client_key` records once).
Citizens have no API: they use the public form, which is rate-limited."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Router, Schema

from hocbac.orgs.models import Organization
from hocbac.outreach import selectors, services
from hocbac.outreach.models import ProposalKind, ProposalStatus

from .orgs import org_for
from .schemas import NOT_BLANK, In, one_of

router = Router(tags=["Thông báo, đề xuất, trang công khai"])


class NoticeOut(Schema):
    id: int
    org_id: int
    org_name: str = Field(alias="org.name")
    title: str
    body: str
    must_read: bool
    due_on: datetime.date | None
    sent_at: datetime.datetime


class MyNoticeOut(NoticeOut):
    is_read: bool


class SentNoticeOut(NoticeOut):
    read_count: int


class NoticeIn(In):
    title: str = Field(max_length=200, pattern=NOT_BLANK)
    body: str = Field("", max_length=20000)
    must_read: bool = False
    due_on: datetime.date | None = None
    email: bool = False
    client_key: str = Field("", max_length=40)


class ReadCount(Schema):
    org_id: int
    org_name: str
    read: int
    eligible: int


class NoticeReadsOut(Schema):
    notice_id: int
    org_id: int
    read: int
    eligible: int
    children: list[ReadCount]


class ReadOut(Schema):
    notice_id: int
    read_at: datetime.datetime


class ProposalOut(Schema):
    id: int
    org_id: int
    kind: str
    title: str
    body: str
    sender_name: str
    from_citizen: bool
    status: str
    status_label: str = Field(alias="get_status_display")
    answer: str
    is_published: bool
    created_at: datetime.datetime


class ProposalIn(In):
    org_id: int
    kind: one_of(ProposalKind) = ProposalKind.PROPOSAL
    title: str = Field(max_length=200, pattern=NOT_BLANK)
    body: str = Field(max_length=5000, pattern=NOT_BLANK)
    client_key: str = Field("", max_length=40)


class AnswerIn(In):
    status: one_of(ProposalStatus)
    answer: str = Field("", max_length=5000)
    publish: bool = False


class PublicationOut(Schema):
    id: int
    kind: str
    title: str
    lead: str
    published_at: datetime.datetime
    withdrawn_at: datetime.datetime | None
    views: int


class ArticleIn(In):
    title: str = Field(max_length=300, pattern=NOT_BLANK)
    lead: str = Field("", max_length=1000)
    body: str = Field(max_length=50000, pattern=NOT_BLANK)


def _member(request):
    member = getattr(request.auth, "member", None)
    if member is None:
        raise Http404
    return member


@router.get("/me/notices", response=list[MyNoticeOut], url_name="my_notices")
def my_notices(request):
    """Notices of the member's cell and the levels above it, the newest first (at most 100)."""
    return list(selectors.notices_for_member(_member(request)).order_by("-sent_at")[:100])


@router.post("/me/notices/{notice_id}/read", response=ReadOut, url_name="my_notice_read")
def my_notice_read(request, notice_id: int):
    """Record that the member read the notice (reading again changes nothing)."""
    member = _member(request)
    read = services.mark_notice_read(selectors.notice_for_member(member, notice_id), member=member)
    return {"notice_id": read.notice_id, "read_at": read.read_at}


@router.get("/orgs/{org_id}/notices", response=list[SentNoticeOut], url_name="notices")
def notices(request, org_id: int):
    """Notices the organisation sent, with how many members read each (at most 100)."""
    return list(selectors.notices_sent_by(org_for(request, org_id)).select_related("org")[:100])


@router.post("/orgs/{org_id}/notices", response={201: SentNoticeOut}, url_name="notice_create")
def notice_create(request, org_id: int, data: NoticeIn):
    """Send a notice to every member of the subtree (attachments: on the web). `email` sends it
    by e-mail too when the server has SMTP configured."""
    org = org_for(request, org_id, "manage")
    notice = services.send_notice(by=request.auth, org=org, title=data.title, body=data.body,
                                  must_read=data.must_read, due_on=data.due_on, client_key=data.client_key,
                                  email=data.email)
    return 201, selectors.notices_sent_by(org).select_related("org").get(pk=notice.pk)


@router.get("/orgs/{org_id}/notices/{notice_id}/reads", response=NoticeReadsOut, url_name="notice_reads")
def notice_reads(request, org_id: int, notice_id: int):
    """Who read a notice sent by, above or inside this organisation: eligible members of the
    organisation's subtree (or of the sender's, when the sender is inside it), in total and per child."""
    org = org_for(request, org_id)
    notice = selectors.notice_in(org, notice_id)
    scope = org if org.path.startswith(notice.org.path) else notice.org
    total, children = selectors.read_counts(notice, scope)
    return {"notice_id": notice.pk, "org_id": scope.pk, "read": total["read"], "eligible": total["eligible"],
            "children": [{"org_id": c.pk, "org_name": c.name, "read": n["read"], "eligible": n["eligible"]}
                         for c, n in children]}


@router.get("/orgs/{org_id}/proposals", response=list[ProposalOut], url_name="proposals")
def proposals(request, org_id: int, status: one_of(ProposalStatus, blank=True) = ""):
    """Proposals and good ideas sent to the organisation, the newest first (at most 200)."""
    return list(selectors.proposals_to(org_for(request, org_id, "manage"), status=status)[:200])


@router.post("/orgs/{org_id}/proposals/{proposal_id}/answer", response=ProposalOut, url_name="proposal_answer")
def proposal_answer(request, org_id: int, proposal_id: int, data: AnswerIn):
    """Triage and answer; `publish` puts the question and answer on the public site."""
    proposal = selectors.proposal_to(org_for(request, org_id, "manage"), proposal_id)
    return services.answer_proposal(proposal, by=request.auth, status=data.status, answer=data.answer,
                                    publish=data.publish)


@router.post("/me/proposals", response={201: ProposalOut}, url_name="my_proposal_create")
def my_proposal_create(request, data: ProposalIn):
    """A member sends a proposal to a committee at or above their cell."""
    member = _member(request)
    org = Organization.objects.filter(pk=data.org_id, pk__in=member.org.ancestor_ids()).first()
    if org is None:
        raise ValidationError("Chỉ gửi đề xuất đến cấp ủy của đồng chí.")
    return 201, services.send_proposal(by=request.auth, org=org, kind=data.kind, title=data.title, body=data.body,
                                       client_key=data.client_key)


@router.get("/orgs/{org_id}/publications", response=list[PublicationOut], url_name="publications")
def publications(request, org_id: int):
    """Items of the organisation's public site, withdrawn ones included, with their view counts."""
    return list(selectors.publications_of(org_for(request, org_id), live_only=False)[:200])


@router.post("/orgs/{org_id}/articles", response={201: PublicationOut}, url_name="article_create")
def article_create(request, org_id: int, data: ArticleIn):
    """Publish an article on the committee's public site (plain text; paragraphs by blank lines)."""
    org = org_for(request, org_id, "administer")
    if org.holds_members:
        raise Http404  # a cell has no public site
    return 201, services.publish_article(by=request.auth, org=org, title=data.title, lead=data.lead, body=data.body)
