"""Sign-in throttling, sessions and personal API tokens."""

import datetime
import math
import secrets

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from hocbac.core.audit import log_action

from .models import ApiToken, LoginAttempt, User


def retry_after_seconds(*, username, ip, now=None):
    """Seconds until this username or address may try again; 0 when allowed.

    Failures are counted over a sliding window, per account (a guessed password) and per
    address (spraying many accounts from one place). A success clears the account's count."""
    now = now or timezone.now()
    window = datetime.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    since = now - window
    username = username.strip().lower()
    waits = []
    last_success = (
        LoginAttempt.objects.filter(username=username, succeeded=True, at__gte=since).order_by("-at").values_list("at", flat=True).first()
    )
    user_failures = LoginAttempt.objects.filter(username=username, succeeded=False, at__gte=last_success or since)
    if user_failures.count() >= settings.LOGIN_FAILURE_LIMIT_PER_USER:
        oldest = user_failures.order_by("-at").values_list("at", flat=True)[settings.LOGIN_FAILURE_LIMIT_PER_USER - 1]
        waits.append(oldest + window - now)
    if ip:
        ip_failures = LoginAttempt.objects.filter(ip=ip, succeeded=False, at__gte=since)
        if ip_failures.count() >= settings.LOGIN_FAILURE_LIMIT_PER_IP:
            oldest = ip_failures.order_by("-at").values_list("at", flat=True)[settings.LOGIN_FAILURE_LIMIT_PER_IP - 1]
            waits.append(oldest + window - now)
    if not waits:
        return 0
    return max(1, math.ceil(max(waits).total_seconds()))


def record_login_attempt(*, username, ip, user=None):
    """Log a sign-in: a LoginAttempt row always, an audit entry for the account when known."""
    succeeded = user is not None
    LoginAttempt.objects.create(username=username.strip().lower(), ip=ip, succeeded=succeeded)
    if succeeded:
        log_action("account.login", by=user, obj=user, summary=f"Đăng nhập: {user.username}", ip=ip)


def end_sessions_of(user, *, keep_session_key=None):
    """End every database session of `user` (password reset, disabled account)."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        # Cache sessions cannot be listed; the auth hash check ends them when the password changes.
        return
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep_session_key:
            continue
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


@transaction.atomic
def issue_api_token(user, *, name="", by=None):
    """Create a personal API token and return its plain text (only shown once)."""
    token = "hb_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, digest=ApiToken.digest_of(token), prefix=token[:8])
    log_action("token.issue", by=by or user, obj=user, summary=f"Cấp mã API “{name}” cho {user.username}")
    return token


@transaction.atomic
def revoke_api_token(token, *, by):
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action("token.revoke", by=by, obj=token.user, summary=f"Thu hồi mã API {token.prefix}… của {token.user.username}")


def user_for_token(token):
    """The active user a bearer token belongs to, or None."""
    found = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if not found:
        return None
    now = timezone.now()
    if not found.last_used_at or now - found.last_used_at > datetime.timedelta(minutes=5):
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user


def client_ip(request):
    """The client's address; behind nginx, the last hop of X-Forwarded-For that nginx appended."""
    if settings.SECURE_PROXY_SSL_HEADER and request.META.get("HTTP_X_FORWARDED_FOR"):
        return request.META["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


def create_user(*, username, password, full_name="", is_superuser=False):
    return User.objects.create_user(username=username, password=password, full_name=full_name,
                                    is_superuser=is_superuser, is_staff=is_superuser)
