"""One settings module, driven by environment variables (see .env.example and the README)."""

import os
import secrets
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("HOCBAC_DATA_DIR", PROJECT_DIR / "var"))
DEBUG = env_flag("HOCBAC_DEBUG")
TESTING = env_flag("HOCBAC_TESTING") or "pytest" in sys.modules
# HTTPS is assumed in production; `make run` on a laptop sets HOCBAC_HTTPS=0.
HTTPS = env_flag("HOCBAC_HTTPS", default=not (DEBUG or TESTING))


def _secret_key():
    if os.environ.get("HOCBAC_SECRET_KEY"):
        return os.environ["HOCBAC_SECRET_KEY"]
    # Embedded mode: keep a generated key beside the SQLite database so sessions survive restarts.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("HOCBAC_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("HOCBAC_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]


def database_from_url(url):
    """DATABASE_URL → Django DATABASES entry. sqlite:///path or postgres://user:pass@host:port/name."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:///relative.db or sqlite:////absolute/path.db
        return sqlite_database(unquote(parsed.path[1:]) or DATA_DIR / "hocbac.sqlite3")
    if parsed.scheme in {"postgres", "postgresql"}:
        query = parse_qs(parsed.query)
        pool = query.get("pool", ["1"])[0] not in {"0", "false"}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "OPTIONS": {"pool": {"min_size": 2, "max_size": 20, "timeout": 10}} if pool else {},
            "CONN_MAX_AGE": 0 if pool else 60,
        }
    raise ValueError(f"DATABASE_URL không hỗ trợ: {parsed.scheme}")


def sqlite_database(path):
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at
            # BEGIN so two writers queue instead of failing with "database is locked" mid-way.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }


if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": sqlite_database(DATA_DIR / "hocbac.sqlite3")}

REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "hocbac.core",
    "hocbac.accounts",
    "hocbac.orgs",
    "hocbac.library",
    "hocbac.study",
    "hocbac.commitments",
    "hocbac.journal",
    "hocbac.contests",
    "hocbac.practices",
    "hocbac.awards",
    "hocbac.ratings",
    "hocbac.reports",
    "hocbac.outreach",
    "hocbac.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hocbac.core.overload.overload_middleware",  # 503 + Retry-After when the database has no connection to give
    "hocbac.core.middleware.security_headers",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hocbac.accounts.middleware.session_limits",  # idle and absolute timeouts, ended sessions
    "hocbac.accounts.middleware.require_password_change",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "hocbac.urls"
WSGI_APPLICATION = "hocbac.wsgi.application"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "hocbac.orgs.auth.MemberIdentifierBackend",  # phone number or party card number
]
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]
FORM_RENDERER = "hocbac.core.forms.SiteFormRenderer"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["hocbac.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]  # vendored htmx and the stylesheet
STATIC_ROOT = Path(os.environ.get("HOCBAC_STATIC_ROOT", DATA_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns at start-up when it is missing
if TESTING:
    # Django's default hasher costs ~0.3 s a hash here; tests create many users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = DATA_DIR / "media"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Sessions: "ghi nhớ đăng nhập" keeps a phone signed in for REMEMBER_ME_DAYS; otherwise the
# session ends with the browser.
REMEMBER_ME_DAYS = int(os.environ.get("HOCBAC_REMEMBER_ME_DAYS", "45"))
SESSION_COOKIE_AGE = REMEMBER_ME_DAYS * 24 * 3600
# Server-side limits (accounts.middleware.session_limits). A member's "ghi nhớ" session has no
# idle limit and lasts REMEMBER_ME_DAYS from sign-in; any other session ends after IDLE_MINUTES
# without a request or MAX_HOURS after sign-in. Superusers and holders of PRIVILEGED_ROLES reach
# many members' data: "ghi nhớ" is ignored for them and PRIVILEGED_MAX_HOURS applies.
HOCBAC_SESSION_IDLE_MINUTES = int(os.environ.get("HOCBAC_SESSION_IDLE_MINUTES", "30"))
HOCBAC_SESSION_MAX_HOURS = int(os.environ.get("HOCBAC_SESSION_MAX_HOURS", "12"))
HOCBAC_SESSION_PRIVILEGED_MAX_HOURS = int(os.environ.get("HOCBAC_SESSION_PRIVILEGED_MAX_HOURS", "4"))
HOCBAC_SESSION_PRIVILEGED_ROLES = [
    r.strip() for r in os.environ.get("HOCBAC_SESSION_PRIVILEGED_ROLES", "cap_uy").split(",") if r.strip()
]
SESSION_COOKIE_HTTPONLY = True
# The page reads the CSRF token from the template (base.html, hx-headers), never from the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_flag("HOCBAC_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Login throttling (accounts.services.check_login_allowed).
LOGIN_FAILURE_LIMIT_PER_USER = int(os.environ.get("HOCBAC_LOGIN_FAILURES_PER_USER", "5"))
LOGIN_FAILURE_LIMIT_PER_IP = int(os.environ.get("HOCBAC_LOGIN_FAILURES_PER_IP", "30"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("HOCBAC_LOGIN_WINDOW_SECONDS", "900"))

# Reports are numbered from 01 within a committee's five-year term; the first term's first year.
HOCBAC_TERM_FIRST_YEAR = int(os.environ.get("HOCBAC_TERM_FIRST_YEAR", "2025"))

# Notices by e-mail (outreach): optional, only when an SMTP server is given; never required.
HOCBAC_EMAIL_HOST = os.environ.get("HOCBAC_EMAIL_HOST", "")
if HOCBAC_EMAIL_HOST:
    EMAIL_HOST = HOCBAC_EMAIL_HOST
    EMAIL_PORT = int(os.environ.get("HOCBAC_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("HOCBAC_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("HOCBAC_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_flag("HOCBAC_EMAIL_TLS", default=True)
    DEFAULT_FROM_EMAIL = os.environ.get("HOCBAC_EMAIL_FROM", "hocbac@localhost")
# The address links in e-mails point to.
HOCBAC_SITE_URL = os.environ.get("HOCBAC_SITE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HOCBAC_LOG_LEVEL", "WARNING")},
}
