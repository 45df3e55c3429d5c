"""Who may do what with notices, proposals and the public site."""

from hocbac.orgs import scoping


def may_send_notice(user, org):
    """A cell committee to its cell, a committee to its subtree: "manage" over the sender."""
    return scoping.can(user, "manage", org)


def member_receives(member, notice):
    """A notice reaches every member whose cell is inside the sender's subtree."""
    return member is not None and member.org.path.startswith(notice.org.path)


def may_receive_proposals(org):
    """Proposals go to a committee (an organisation above cells), not to a cell."""
    return not org.holds_members and org.dissolved_on is None


def may_handle_proposals(user, org):
    return scoping.can(user, "manage", org)


def may_publish(user, org):
    """A committee ("administer") chooses what its public site shows."""
    return scoping.can(user, "administer", org) and not org.holds_members
