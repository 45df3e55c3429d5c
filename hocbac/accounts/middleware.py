from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from . import services

# Pages a user with a one-time password may still open.
_ALLOWED = ("accounts:password_change", "accounts:logout")


def require_password_change(get_response):
    """A user holding a one-time password (set by a secretary) must choose their own first."""

    def middleware(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in _ALLOWED}
            if request.path not in allowed and not request.path.startswith(("/static/", "/api/")):
                return redirect("accounts:password_change")
        return get_response(request)

    return middleware


def session_limits(get_response):
    """Ends a session that is idle too long, too old, or confirmed before the user's
    `sessions_valid_after`; the request then goes on as anonymous (a page redirects to the
    sign-in with the reason, the API answers 401)."""

    def middleware(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            reason = services.session_end_reason(request.session, user)
            if reason:
                logout(request)
                messages.warning(request, reason)
        return get_response(request)

    return middleware
