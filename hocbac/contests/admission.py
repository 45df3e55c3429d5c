"""Admission control for contest starts.

At a synchronised start hundreds of phones press "Bắt đầu" in the same second. A start is the
most expensive request of a contest (it draws the questions and writes the attempt and its ten
slots in one transaction); left alone, a thousand of them would hold every thread of the server
while the members already answering wait behind them. So a process lets a bounded number of
starts run at once and refuses the others at once with `Busy(retry_after)`; the view answers
503 with `Retry-After` and the page retries with jitter.

    try:
        with admission.admit():
            attempt, created = services.start_attempt(...)
    except admission.Busy as busy:
        ...  # 503, Retry-After: busy.retry_after

Why an in-process, non-blocking semaphore is the right tool under gunicorn's gthread workers:
a gthread worker is one process whose requests run on a pool of threads (`--threads`), so a
counter under a `threading.Lock` is seen by every request of that process and bounds the
starts in progress there. Each worker process has its own counter: the server admits at most
workers × CONTEST_START_CONCURRENCY starts at a time, which is what matters, since a process's
threads share its CPU time (one GIL) and its pool of database connections. The limit must stay
below `--threads`, or the counter never refuses anybody: the threads left over serve the answers
and question pages of those already in. It does not block: a thread waiting for a slot is a
thread not serving answers, whereas a refusal costs a few milliseconds. (With sync workers, one
request per process, it never refuses; it needs no Redis or database lock because it protects
this process's threads, not a global count.) What it cannot do: let an answer overtake the starts
already waiting in gunicorn's first-come-first-served queue; on a CPU-bound server that needs a
limit in front of gunicorn (docs/benchmarks.md, "Thi trắc nghiệm").

When to come back: `Retry-After` is CONTEST_START_RETRY_AFTER seconds and the page waits between
one and two times that (static/js/contest.js), so the people turned away in the same second come
back spread over the next few seconds. (bench/contest.py tried appointments spaced by the
measured cost of a start instead: on the 2-core machine they halved the number of refusals but
did not shorten the whole start, so the simple rule stays; docs/benchmarks.md has the figures.)

Settings (a Django setting, else the environment variable HOCBAC_<name>, else the default; read on
every call, so a change takes effect at once):
- CONTEST_START_CONCURRENCY: starts running at once per process (DEFAULT_CONCURRENCY);
- CONTEST_START_RETRY_AFTER: seconds to wait before pressing again (DEFAULT_RETRY_AFTER).
"""

import os
import threading

from django.conf import settings

# Half the threads of the production layout (2 workers × 8 threads on 2 cores): with 2, a
# synchronised start of 1.000 refused each person ~3 times and took longer (docs/benchmarks.md).
DEFAULT_CONCURRENCY = 4
DEFAULT_RETRY_AFTER = 2  # seconds


class Busy(Exception):
    """Too many starts in progress in this process; try again after `retry_after` seconds."""

    def __init__(self, retry_after):
        super().__init__(f"busy, retry after {retry_after}s")
        self.retry_after = retry_after


def _setting(name, default):
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(f"HOCBAC_{name}", default)
    return max(1, int(value))


def concurrency():
    """How many starts may run at once in this process."""
    return _setting("CONTEST_START_CONCURRENCY", DEFAULT_CONCURRENCY)


def retry_after():
    return _setting("CONTEST_START_RETRY_AFTER", DEFAULT_RETRY_AFTER)


_lock = threading.Lock()
_in_progress = 0


def in_progress():
    """Starts running now in this process."""
    return _in_progress


class admit:
    """`with admit(): …` — raises Busy when this process is already running enough starts; the
    slot is given back when the block ends, whether it succeeded or raised."""

    def __enter__(self):
        global _in_progress
        with _lock:
            if _in_progress >= concurrency():
                raise Busy(retry_after())
            _in_progress += 1
        return self

    def __exit__(self, *exc):
        global _in_progress
        with _lock:
            _in_progress -= 1
        return False
