"""Settings and URLconf of the naive comparison in bench/contest.py: the PyPI package django-mcq
(app `quiz`, installed by the `bench` extra: `pip install -e ".[bench]"`) in a project of its
own, as its README sets it up, with the same production knobs as hocbac: DEBUG off, PostgreSQL
through the same connection pool, sessions in the same Redis (own key prefix), the same gunicorn.

django-mcq is typical tutorial code: the question answered is "the first unanswered one" at the
time of the POST, the answer is saved with no clock and no constraint, and the score is counted
and written when the last answer arrives.

    DJANGO_SETTINGS_MODULE=bench.contest_mcq_site gunicorn hocbac.wsgi …   (the environment wins)
"""

import os

from hocbac.settings import database_from_url

SECRET_KEY = os.environ["HOCBAC_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "quiz",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "bench.contest_mcq_urls"
DATABASES = {"default": database_from_url(os.environ["BENCH_MCQ_DATABASE_URL"])}
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"],
                          "KEY_PREFIX": os.environ.get("BENCH_CACHE_PREFIX", "bench") + "-mcq"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
# The one template django-mcq asks its host project for (README: "Create a template quiz_base.html").
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "OPTIONS": {
        "context_processors": ["django.template.context_processors.request",
                               "django.contrib.auth.context_processors.auth",
                               "django.contrib.messages.context_processors.messages"],
        "loaders": [
            ("django.template.loaders.locmem.Loader", {"quiz_base.html": (
                "<!doctype html><html lang=\"en\"><head>{% block quiz_css %}{% endblock %}</head>"
                "<body>{% block quiz_body %}{% endblock %}{% block quiz_js %}{% endblock %}</body></html>")}),
            "django.template.loaders.app_directories.Loader",
        ],
    },
}]
STATIC_URL = "/static/"
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "root": {"handlers": ["console"], "level": "WARNING"}}
