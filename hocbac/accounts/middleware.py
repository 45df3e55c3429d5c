from django.shortcuts import redirect
from django.urls import reverse

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
