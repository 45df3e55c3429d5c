"""Which documents a person sees, search, and read rates."""

from collections import Counter

from django.db.models import Count, Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hocbac.core.text import fold
from hocbac.orgs import scoping
from hocbac.orgs.selectors import eligible_by_path, roll_up

from .models import Bookmark, Document, DocumentRead, Topic


def documents_for(user):
    """Documents `user` may read: national ones, those published at or above their cell and
    the organisations they hold a role in, and everything inside the subtrees they reach."""
    if user.is_superuser:
        return Document.objects.unscoped()
    member = getattr(user, "member", None)
    reach = scoping.grant_paths(user, "view")
    home = [*reach, *([member.org.path] if member else [])]
    return Document.objects.visible_to_paths(home, reach)


def document_for(user, document_id):
    return get_object_or_404(documents_for(user).select_related("org"), pk=document_id)


def published_in(org):
    """Documents an organisation's committee manages: published inside its subtree."""
    return Document.objects.in_subtree(org)


def search(documents, *, query="", kind="", year=None, topic_id=None, user=None, bookmarked=False):
    for word in fold(query).split():
        documents = documents.filter(search_text__contains=word)
    if kind:
        documents = documents.filter(kind=kind)
    if year:
        documents = documents.filter(issued_on__year=year)
    if topic_id:
        documents = documents.filter(topics__id=topic_id)
    if user is not None:
        documents = documents.annotate(is_bookmarked=Exists(Bookmark.objects.filter(user=user, document=OuterRef("pk"))))
        if bookmarked:
            documents = documents.filter(is_bookmarked=True)
    return documents.select_related("org").defer("body", "search_text").distinct()


def topics_for(org=None):
    topics = Topic.objects.select_related("parent")
    if org is not None:
        topics = topics.filter(org__isnull=True) | topics.filter(org_id__in=org.ancestor_ids())
    return topics


def read_rates(document, org, today=None):
    """Members of `org`'s subtree who opened `document` / eligible members today, per child."""
    counters = eligible_by_path(org, today or timezone.localdate())
    rows = (
        DocumentRead.objects.in_subtree(org).filter(document=document)
        .values_list("org__path").order_by().annotate(n=Count("member_id", distinct=True))
    )
    for path, n in rows:
        counters.setdefault(path, Counter())["read"] += n
    by_child_id, total = roll_up(org, counters)
    children = [(child, by_child_id.get(child.pk, Counter())) for child in org.children.filter(dissolved_on__isnull=True)]
    return total, children
