"""Settings of the contest benchmark's server (bench/contest.py): the production settings of
hocbac.settings, unchanged, except the URLconf (bench/contest_urls.py: hocbac's URLs plus one
bench-only route, `/bench/noop/`, an empty 200 through the same middleware), so that production
URLs stay clean. The cache (and so the sessions) gets a key prefix of its own per run, so the
benchmark can remove exactly its keys from a shared Redis.

    DJANGO_SETTINGS_MODULE=bench.contest_site gunicorn hocbac.wsgi …
"""

import os

from hocbac.settings import *  # noqa: F403
from hocbac.settings import CACHES

ROOT_URLCONF = "bench.contest_urls"
CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_CACHE_PREFIX", "bench")
