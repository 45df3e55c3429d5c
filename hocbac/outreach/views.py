"""Pages of notices, proposals and the public site. Members read their notices and send
proposals under /toi/; organisations handle theirs under /o/<id>/; the public site of a committee
(/trang/<id>/), its proposal form and the sender's private link are the only anonymous pages."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hocbac.accounts.services import client_ip
from hocbac.orgs import scoping
from hocbac.orgs.models import Organization

from . import rules, selectors, services
from .forms import AnswerForm, ArticleForm, NoticeForm, ProposalForm, PublicProposalForm
from .models import Notice, ProposalStatus, PublicationKind


def _member(request):
    member = getattr(request.user, "member", None)
    if member is None:
        raise Http404
    return member


def _errors(form, error):
    for message in error.messages:
        form.add_error(None, message)


# A member's notices and proposals -------------------------------------------------------------

@login_required
def my_notices(request):
    member = _member(request)
    return render(request, "outreach/my_notices.html", {
        "notices": selectors.notices_for_member(member).order_by("is_read", "-sent_at")[:100]})


@login_required
def my_notice(request, notice_id):
    """Opening a notice records that the member read it."""
    member = _member(request)
    notice = selectors.notice_for_member(member, notice_id)
    services.mark_notice_read(notice, member=member)
    return render(request, "outreach/my_notice.html", {"notice": notice})


@login_required
def notice_file(request, notice_id, attachment_id):
    """An attachment, to a member the notice reaches or to those who see the sender."""
    member = getattr(request.user, "member", None)
    notice = None
    if member is not None:
        notice = selectors.notices_for_member(member).filter(pk=notice_id).first()
    if notice is None:
        notice = get_object_or_404(Notice.objects.unscoped().select_related("org"), pk=notice_id)
        if not scoping.can(request.user, "view", notice.org):
            raise Http404
    attachment = get_object_or_404(notice.attachments, pk=attachment_id)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name,
                        content_type=attachment.content_type)


@login_required
def my_meeting(request, session_id):
    """A session the member is invited to (their cell's meeting, a study session above it): when,
    where, what to read first. The "việc cần làm" item of the next meeting links here."""
    from hocbac.study.selectors import session_for_member

    session = session_for_member(_member(request), session_id)
    return render(request, "outreach/my_meeting.html", {"session": session, "documents": session.documents.all()})


@login_required
def my_proposals(request):
    member = _member(request)
    orgs = [o for o in Organization.objects.filter(pk__in=member.org.ancestor_ids()).order_by("-depth")
            if rules.may_receive_proposals(o)]
    form = ProposalForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.send_proposal(by=request.user, org=next(o for o in orgs if o.pk == data["org"]), kind=data["kind"],
                                   title=data["title"], body=data["body"], client_key=data["client_key"])
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Đã gửi. Cấp ủy sẽ xem xét và trả lời đồng chí.")
            return redirect("outreach:my_proposals")
    return render(request, "outreach/my_proposals.html", {
        "form": form, "proposals": selectors.proposals_of(member)[:50]})


# Notices of an organisation ---------------------------------------------------------------------

@scoping.org_view("view")
def notice_list(request):
    org = request.org
    return render(request, "outreach/notice_list.html", {
        "org": org, "sent": selectors.notices_sent_by(org)[:100], "reaching": selectors.notices_reaching(org)
        .exclude(org=org)[:20], "may_send": rules.may_send_notice(request.user, org)})


@scoping.org_view("manage")
def notice_new(request):
    org = request.org
    form = NoticeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = services.send_notice(by=request.user, org=org, title=data["title"], body=data["body"],
                                          must_read=data["must_read"], due_on=data["due_on"],
                                          attachments=data["attachments"], client_key=data["client_key"],
                                          email=data["email"])
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, f"Đã gửi thông báo “{notice.title}”.")
            return redirect("outreach:notice_detail", org_id=org.pk, notice_id=notice.pk)
    return render(request, "outreach/notice_form.html", {
        "org": org, "form": form, "email_enabled": services.email_enabled()})


@scoping.org_view("view")
def notice_detail(request, notice_id):
    """A notice with its read counts: over the part of the sender's subtree this page is for."""
    org = request.org
    notice = selectors.notice_in(org, notice_id)
    scope = org if org.path.startswith(notice.org.path) else notice.org
    if not scoping.can(request.user, "view", scope):
        raise Http404
    total, children = selectors.read_counts(notice, scope)
    unread = selectors.unread_members(notice, scope) if scope.holds_members else None
    return render(request, "outreach/notice_detail.html", {
        "org": org, "notice": notice, "scope": scope, "total": total, "children": children, "unread": unread})


# Proposals sent to an organisation --------------------------------------------------------------

@scoping.org_view("manage")
def proposal_list(request):
    org = request.org
    status = request.GET.get("tinh_trang", "")
    if status not in ProposalStatus.values:
        status = ""
    return render(request, "outreach/proposal_list.html", {
        "org": org, "proposals": selectors.proposals_to(org, status=status)[:200], "status": status,
        "statuses": ProposalStatus.choices, "public": rules.may_receive_proposals(org)})


@scoping.org_view("manage")
def proposal_detail(request, proposal_id):
    org = request.org
    proposal = selectors.proposal_to(org, proposal_id)
    form = AnswerForm(request.POST or None, initial={"status": proposal.status, "answer": proposal.answer,
                                                     "publish": proposal.is_published})
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_proposal(proposal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Đã lưu.")
            return redirect("outreach:proposal_detail", org_id=org.pk, proposal_id=proposal.pk)
    return render(request, "outreach/proposal_detail.html", {"org": org, "proposal": proposal, "form": form})


# The committee's public site, seen from inside -------------------------------------------------

@scoping.org_view("administer")
def publication_list(request):
    org = request.org
    if org.holds_members:
        raise Http404  # a cell has no public site
    return render(request, "outreach/publication_list.html", {
        "org": org, "items": selectors.publications_of(org, live_only=False)[:200],
        "practices": selectors.publishable_practices(org)[:50], "contests": selectors.publishable_contests(org)[:20]})


@scoping.org_view("administer")
def article_new(request):
    org = request.org
    if org.holds_members:
        raise Http404
    form = ArticleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.publish_article(by=request.user, org=org, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Đã đăng bài lên trang công khai.")
            return redirect("outreach:public_item", org_id=org.pk, item_id=item.pk)
    return render(request, "outreach/article_form.html", {"org": org, "form": form})


@require_POST
@scoping.org_view("administer")
def publish(request):
    org = request.org
    if org.holds_members:
        raise Http404
    what, target = request.POST.get("what"), request.POST.get("target", "")
    try:
        if not target.isdigit():
            raise ValidationError("Chưa chọn mục để công khai.")
        if what == PublicationKind.PRACTICE:
            services.publish_practice(by=request.user, org=org,
                                      practice=get_object_or_404(selectors.publishable_practices(org), pk=int(target)))
        elif what == PublicationKind.CONTEST:
            services.publish_contest(by=request.user, org=org,
                                     contest=get_object_or_404(selectors.publishable_contests(org), pk=int(target)))
        else:
            raise ValidationError("Chưa chọn mục để công khai.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Đã công khai trên trang của cấp ủy.")
    return redirect("outreach:publication_list", org_id=org.pk)


@require_POST
@scoping.org_view("administer")
def withdraw(request, item_id):
    org = request.org
    item = get_object_or_404(selectors.publications_of(org), pk=item_id)
    services.withdraw(item, by=request.user)
    messages.success(request, f"Đã thôi công khai “{item.title}”.")
    return redirect("outreach:publication_list", org_id=org.pk)


# Public pages (anonymous) ---------------------------------------------------------------------

def _share_links(request, title):
    url = quote(request.build_absolute_uri(), safe="")
    return {"facebook": f"https://www.facebook.com/sharer/sharer.php?u={url}",
            "zalo": f"https://sp.zalo.me/share_inline?url={url}",
            "email": f"mailto:?subject={quote(title)}&body={url}"}


def public_site(request, org_id):
    org = selectors.public_site(org_id)
    return render(request, "outreach/public_site.html", {
        "org": org, "items": selectors.publications_of(org)[:50]})


def public_item(request, org_id, item_id):
    org = selectors.public_site(org_id)
    item = selectors.public_item(org, item_id)
    services.count_view(item)
    item.views += 1
    return render(request, "outreach/public_item.html", {
        "org": org, "item": item, "share": _share_links(request, item.title), **selectors.item_content(item)})


def public_proposal(request, org_id):
    """A citizen's proposal, without an account: rate-limited by address, markup refused."""
    org = selectors.public_site(org_id)
    form = PublicProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.send_public_proposal(
                org=org, kind=data["kind"], name=data["name"], contact=data["contact"], title=data["title"],
                body=data["body"], ip=client_ip(request), client_key=data["client_key"])
        except ValidationError as error:
            if error.code == "throttled":
                response = render(request, "outreach/public_proposal.html",
                                  {"org": org, "form": form, "error": " ".join(error.messages)}, status=429)
                response["Retry-After"] = "3600"
                return response
            _errors(form, error)
        else:
            return redirect("outreach:proposal_status", token=proposal.token)
    return render(request, "outreach/public_proposal.html", {"org": org, "form": form},
                  status=400 if form.errors else 200)


def proposal_status(request, token):
    """The sender's private link: the proposal's status and answer (not indexed, not listed)."""
    proposal = selectors.proposal_by_token(token)
    response = render(request, "outreach/proposal_status.html", {"proposal": proposal})
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
