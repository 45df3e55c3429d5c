"""Who may take, run and see a contest. The organisation part is `orgs.scoping`'s; here the
member's own place in the tree is added (a member takes the contests of their cell and of every
organisation above it)."""

from hocbac.orgs import scoping


def member_of(user):
    return getattr(user, "member", None) if user.is_authenticated else None


def may_take(member, contest):
    """An eligible member whose cell is at or under the contest's organisation; anyone for a
    public contest (guests join through a form)."""
    if member is None:
        return False
    if contest.is_public:
        return True
    return member.is_eligible and member.org.path.startswith(contest.org.path)


def may_manage(user, contest):
    """Change the contest, its questions, issue sign-in links, see every attempt."""
    return scoping.can(user, "manage", contest.org)


def may_see_results(user, contest):
    """The ranking and statistics: those who see the contest's organisation, and its takers."""
    return scoping.can(user, "view", contest.org)


def may_edit_bank(user, org):
    return scoping.can(user, "manage", org)
