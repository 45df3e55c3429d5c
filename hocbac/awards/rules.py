"""Who may act on commendations, reminders and inspection items. Organisation reach comes from
`orgs.scoping`; what is added here is which organisation of the record decides: the competent
body for a commendation's decision, the record's organisation for a reminder, the follow-up's
organisation for reporting it done."""

from hocbac.orgs import scoping

from .models import Stage


def member_of(user):
    """The member record of a signed-in user (None for an account that is not a member's)."""
    return getattr(user, "member", None) if user.is_authenticated else None


def may_decide(user, commendation):
    """Approve, decline or issue: those who manage the awarding body."""
    return scoping.can(user, "manage", commendation.awarding_org)


def may_withdraw(user, commendation):
    """A nomination not yet decided, by those who may nominate for its recipient."""
    return commendation.stage == Stage.NOMINATED and scoping.can(user, "manage", commendation.org)


def may_read_reminder(user, reminder):
    """Those who manage its organisation and, for a member, the member."""
    if scoping.can(user, "manage", reminder.org):
        return True
    member = member_of(user)
    return member is not None and reminder.member_id == member.pk


def may_plan(user, item):
    """Change or conclude an item: the committee that owns it."""
    return scoping.can(user, "administer", item.org)


def may_close_follow_up(user, follow_up):
    return follow_up.done_on is None and scoping.can(user, "manage", follow_up.org)
