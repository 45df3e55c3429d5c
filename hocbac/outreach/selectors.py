"""Reads: which notices a member receives and has read, read counts per organisation, the
proposals a committee handles, and what a public site shows."""

import datetime
from collections import Counter

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hocbac.orgs.models import Organization
from hocbac.orgs.selectors import eligible_by_path, roll_up

from .models import Notice, NoticeRead, Proposal, ProposalStatus, Publication, PublicationKind

NOTICE_DAYS = 60  # notices older than this drop off a member's home unless they must be read


def notices_for_member(member):
    """Notices of the member's cell and every organisation above it, newest first, each with
    `is_read` for this member."""
    return (Notice.objects.in_orgs(member.org.ancestor_ids()).select_related("org")
            .annotate(is_read=Exists(NoticeRead.objects.unscoped().filter(notice=OuterRef("pk"), member=member))))


def notice_for_member(member, notice_id):
    return get_object_or_404(notices_for_member(member).prefetch_related("attachments"), pk=notice_id)


def unread_notices(member, now=None):
    """What the member's home lists: unread notices of the last NOTICE_DAYS days, and every
    unread must-read notice whatever its age."""
    since = (now or timezone.now()) - datetime.timedelta(days=NOTICE_DAYS)
    return (notices_for_member(member).filter(is_read=False)
            .filter(Q(sent_at__gte=since) | Q(must_read=True)).order_by("due_on", "-sent_at"))


def notices_sent_by(org):
    """Notices `org` sent, with how many members read each."""
    return (Notice.objects.in_orgs([org.pk]).select_related("sent_by")
            .annotate(read_count=Count("reads", distinct=True)))


def notices_reaching(org):
    """Notices a member of `org` receives: sent by `org` or an organisation above it."""
    return Notice.objects.in_orgs(org.ancestor_ids()).select_related("org")


def notice_in(org, notice_id):
    """A notice seen from `org`: sent by it, above it (it reaches org's members) or inside it."""
    found = (Notice.objects.unscoped().filter(pk=notice_id)
             .filter(Q(org_id__in=org.ancestor_ids()) | Q(org__path__startswith=org.path))
             .select_related("org", "sent_by").prefetch_related("attachments").first())
    if found is None:
        raise Http404
    return found


def read_counts(notice, org, today=None):
    """(total, [(child, counter)]): active members of `org`'s subtree who received `notice` and
    how many of them read it, overall and per child organisation."""
    counters = eligible_by_path(org, today or timezone.localdate())
    reads = (NoticeRead.objects.in_subtree(org).filter(notice=notice)
             .values_list("org__path").order_by().annotate(n=Count("member_id", distinct=True)))
    for path, n in reads:
        counters.setdefault(path, Counter())["read"] += n
    by_child_id, total = roll_up(org, counters)
    children = [(child, by_child_id.get(child.pk, Counter()))
                for child in org.children.filter(dissolved_on__isnull=True).order_by("sort_key")]
    return total, children


def proposals_to(org, *, status=""):
    """Proposals sent to `org` (its committee handles them)."""
    proposals = Proposal.objects.in_orgs([org.pk]).select_related("member", "answered_by")
    return proposals.filter(status=status) if status else proposals


def proposal_to(org, proposal_id):
    return get_object_or_404(proposals_to(org), pk=proposal_id)


def proposals_of(member):
    return Proposal.objects.unscoped().filter(member=member).select_related("org")


def proposal_by_token(token):
    return get_object_or_404(Proposal.objects.unscoped().select_related("org"), token=token)


def open_proposal_count(org):
    return Proposal.objects.in_orgs([org.pk]).filter(
        status__in=[ProposalStatus.RECEIVED, ProposalStatus.IN_PROGRESS]).count()


def publications_of(org, *, live_only=True):
    items = Publication.objects.in_orgs([org.pk])
    return items.filter(withdrawn_at__isnull=True) if live_only else items


def public_site(org_id):
    """The committee whose public site is asked for; 404 for a cell or a dissolved organisation
    (a cell has no public site: its members are reached through notices)."""
    org = get_object_or_404(Organization, pk=org_id)
    if org.holds_members or org.dissolved_on is not None:
        raise Http404
    return org


def public_item(org, item_id):
    return get_object_or_404(publications_of(org).select_related("practice", "contest", "proposal"), pk=item_id)


def item_content(item):
    """What a public page shows beside the text: a model's recognitions, a contest's winners."""
    if item.kind == PublicationKind.PRACTICE and item.practice_id:
        from hocbac.practices.selectors import recognitions

        return {"recognitions": recognitions(item.practice)}
    if item.kind == PublicationKind.CONTEST and item.contest_id:
        from hocbac.contests.selectors import winners

        return {"winners": winners(item.contest, places=10)}
    return {}


def publishable_practices(org):
    from hocbac.practices.models import Practice

    return Practice.objects.in_subtree(org).select_related("org").order_by("-status_since", "name")


def publishable_contests(org, now=None):
    from hocbac.contests.models import Contest

    return Contest.objects.in_subtree(org).filter(closes_at__lte=now or timezone.now()).order_by("-closes_at")


def eligible_count(org, today=None):
    """Members of `org`'s subtree who receive its notices (eligible today)."""
    return sum(c["eligible"] for c in eligible_by_path(org, today or timezone.localdate()).values())


def unread_members(notice, cell):
    """Eligible members of a cell who have not read `notice` (for the secretary to remind), in
    Vietnamese order."""
    from hocbac.core.text import person_sort_key

    members = cell.members.eligible().exclude(
        Exists(NoticeRead.objects.unscoped().filter(notice=notice, member=OuterRef("pk"))))
    return sorted(members, key=lambda m: person_sort_key(m.full_name))
