"""Members sign in with their phone number or their party card number, whichever their
account's username is not: a member whose username is their phone may type their card."""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from .models import Member


class MemberIdentifierBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        digits = "".join(ch for ch in username if ch.isdigit())
        match = Q(card_number=username.strip())
        if digits and len(digits) >= 9:
            match |= Q(phone=digits)
        members = list(Member.objects.unscoped().filter(match, user__isnull=False).select_related("user")[:2])
        if len(members) != 1:  # unknown, or ambiguous: never guess whose account it is
            return None
        user = members[0].user
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
