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


def _end_database_sessions(user, *, keep_session_key=None):
    """Delete the user's rows from the session table (DB sessions only; housekeeping, since
    `sessions_valid_after` already ends them on their next request)."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep_session_key:
            continue
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


def end_sessions_of(user, *, keep_session_key=None):
    """End every session of `user` but the one kept (password change, disabled account).

    Backend-agnostic: stamps `user.sessions_valid_after`; the middleware ends any session
    confirmed before it on its next request (Redis sessions cannot be listed)."""
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(sessions_valid_after=now)
    user.sessions_valid_after = now
    _end_database_sessions(user, keep_session_key=keep_session_key)
    return now


def keep_current_session(session, user):
    """The session that made a password change stays signed in."""
    session[SESSION_CONFIRMED] = user.sessions_valid_after.timestamp()


@transaction.atomic
def end_user_sessions(user, *, by, ip=None):
    """An administrator signs `user` out everywhere. Side effects: stamps
    `sessions_valid_after`, deletes DB sessions, one audit entry."""
    end_sessions_of(user)
    log_action("account.end_sessions", by=by, obj=user, summary=f"Kết thúc mọi phiên đăng nhập của {user.username}",
               ip=ip)


# Session keys written at sign-in (or at the first request of a session made another way).
SESSION_STARTED = "hocbac_started"      # sign-in time, for the absolute limit
SESSION_CONFIRMED = "hocbac_confirmed"  # last moment the session was known valid (vs sessions_valid_after)
SESSION_SEEN = "hocbac_seen"            # last request, for the idle limit (only sessions that have one)
SESSION_LIMITS = "hocbac_limits"        # [idle seconds or None, absolute seconds]
SEEN_RESOLUTION = 60  # write the session at most once a minute just to move "seen"

ENDED_IDLE = "Phiên đăng nhập đã hết hạn vì lâu không thao tác. Vui lòng đăng nhập lại."
ENDED_MAX = "Phiên đăng nhập đã quá thời hạn cho phép. Vui lòng đăng nhập lại."
ENDED_REVOKED = ("Phiên đăng nhập đã kết thúc (mật khẩu đã đổi hoặc quản trị viên đã đăng xuất tài khoản "
                 "khỏi mọi thiết bị). Vui lòng đăng nhập lại.")


def is_privileged(user):
    """Superusers and holders of the roles in HOCBAC_SESSION_PRIVILEGED_ROLES reach many
    members' data: they get no long "ghi nhớ" session."""
    if user.is_superuser or user.is_staff:
        return True
    roles = settings.HOCBAC_SESSION_PRIVILEGED_ROLES
    return bool(roles) and user.role_grants.filter(role__in=roles).exists()


def session_limits(user, *, remember):
    """[idle seconds or None, absolute seconds] for a new session of `user`."""
    if is_privileged(user):
        return [settings.HOCBAC_SESSION_IDLE_MINUTES * 60, settings.HOCBAC_SESSION_PRIVILEGED_MAX_HOURS * 3600]
    if remember:
        return [None, settings.REMEMBER_ME_DAYS * 24 * 3600]
    return [settings.HOCBAC_SESSION_IDLE_MINUTES * 60, settings.HOCBAC_SESSION_MAX_HOURS * 3600]


def start_session(session, user, *, remember, now=None):
    """Stamp a freshly signed-in session with its limits; returns whether "ghi nhớ" applies."""
    now = (now or timezone.now()).timestamp()
    limits = session_limits(user, remember=remember)
    session[SESSION_STARTED] = session[SESSION_CONFIRMED] = session[SESSION_SEEN] = now
    session[SESSION_LIMITS] = limits
    # The cookie: weeks for a remembered member, until the browser closes otherwise.
    session.set_expiry(settings.SESSION_COOKIE_AGE if limits[0] is None else 0)
    return limits[0] is None


def stamp_signed_in_session(sender, request, user, **kwargs):
    """user_logged_in receiver: the one hook every sign-in path goes through (the form, sign-in
    links, force_login in tests). Stamps the session at once, so its first request does not have
    to write it; the sign-in form stamps it again with the "ghi nhớ" choice."""
    if request is not None and hasattr(request, "session"):
        start_session(request.session, user, remember=not request.session.get_expire_at_browser_close())


def session_end_reason(session, user, *, now=None):
    """None while the session may go on (and moves its "seen" mark); otherwise the Vietnamese
    message saying why it ended. A session without stamps (signed in before this check existed)
    is stamped now, unless the user's sessions were ended since: its start is unknown."""
    now = (now or timezone.now()).timestamp()
    if SESSION_STARTED not in session:
        if user.sessions_valid_after is not None:
            return ENDED_REVOKED
        start_session(session, user, remember=not session.get_expire_at_browser_close())
        return None
    if user.sessions_valid_after is not None and session.get(SESSION_CONFIRMED, 0) < user.sessions_valid_after.timestamp():
        return ENDED_REVOKED
    idle, absolute = session[SESSION_LIMITS]
    if now - session[SESSION_STARTED] > absolute:
        return ENDED_MAX
    if idle is not None:
        seen = session.get(SESSION_SEEN, session[SESSION_STARTED])
        if now - seen > idle:
            return ENDED_IDLE
        if now - seen >= SEEN_RESOLUTION:
            session[SESSION_SEEN] = now
    return None


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
