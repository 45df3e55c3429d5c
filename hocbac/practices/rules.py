"""Who may do what with a model. Reach comes from `orgs.scoping`; added here: a committee's
recognition and publication, and which originals an organisation may replicate."""

from hocbac.orgs import scoping


def may_manage(user, org):
    return scoping.can(user, "manage", org)


def may_recognise(user, practice):
    """Recording a recognition (tiêu biểu, xuất sắc) is a committee's act over the model's
    organisation: a cell committee cannot declare its own model typical."""
    return scoping.can(user, "administer", practice.org)


def may_publish(user, practice):
    return scoping.can(user, "administer", practice.org)


def visible_from(org, practice):
    """What `org`'s pages show: the models of its subtree, those the committees above it
    launched for their subtree, and the published ones."""
    return (practice.org.path.startswith(org.path) or practice.is_public
            or (practice.origin == "phat_dong" and org.path.startswith(practice.org.path)))


def may_see_original(user, org, original):
    """`org` may replicate what it sees, and anything its user reaches elsewhere."""
    return visible_from(org, original) or scoping.can(user, "view", original.org)
