"""Who may read and act on notebooks and reflections. Organisation reach comes from
`orgs.scoping`; what is added here is the member's own reach: their own notebook and the
reflections of the cell they belong to."""

from datetime import timedelta

from django.utils import timezone

from hocbac.orgs import scoping

from .models import COMMENT_EDIT_MINUTES


def member_of(user):
    """The member record of a signed-in user (None for an account that is not a member's)."""
    return getattr(user, "member", None) if user.is_authenticated else None


def in_cell(user, org):
    """The user is an eligible member of the cell `org` (they sit in its meetings)."""
    member = member_of(user)
    return member is not None and member.org_id == org.pk and member.is_eligible


def is_author(user, owned):
    """`owned` (an entry or a reflection) is the user's own."""
    return user.is_authenticated and owned.member.user_id == user.pk


def may_read_entry(user, entry):
    """A private entry: only its author. A shared one: its author and the cell's committee
    (those who manage the cell, up the tree)."""
    return is_author(user, entry) or (entry.is_shared and scoping.can(user, "manage", entry.org))


def may_read_reflection(user, reflection):
    """Its author at every step; once submitted, the members of its cell and everyone who
    sees the cell from above."""
    if is_author(user, reflection):
        return True
    return reflection.is_written and (in_cell(user, reflection.org) or scoping.can(user, "view", reflection.org))


def may_comment(user, reflection):
    return reflection.is_written and (in_cell(user, reflection.org) or scoping.can(user, "manage", reflection.org))


def may_manage(user, reflection):
    """Record the reading, write the conclusion, remove comments, print for the cell's file."""
    return scoping.can(user, "manage", reflection.org)


def may_edit_comment(user, comment, now=None):
    now = now or timezone.now()
    return (not comment.is_deleted and _wrote(user, comment)
            and now - comment.created_at <= timedelta(minutes=COMMENT_EDIT_MINUTES))


def may_delete_comment(user, comment):
    return not comment.is_deleted and (_wrote(user, comment) or may_manage(user, comment.reflection))


def _wrote(user, comment):
    """The user wrote the comment (never true for an anonymous user or a removed account)."""
    return user.is_authenticated and comment.author_id is not None and comment.author_id == user.pk
