"""Admission control for contest starts (a first version by the lead; the benchmark's owner
refines it). At a synchronised start hundreds of phones press "Bắt đầu" in the same second;
rather than let every request queue until it times out, a process admits a bounded number of
starts at once and answers the others 503 with Retry-After, which the page retries with jitter.
"""

import threading

from django.conf import settings


class Busy(Exception):
    def __init__(self, retry_after):
        super().__init__(f"busy, retry after {retry_after}s")
        self.retry_after = retry_after


_slots = threading.BoundedSemaphore(getattr(settings, "CONTEST_START_CONCURRENCY", 4))


class admit:
    """`with admit(): …` — raises Busy when this process is already starting enough attempts."""

    def __enter__(self):
        if not _slots.acquire(blocking=False):
            raise Busy(2)
        return self

    def __exit__(self, *exc):
        _slots.release()
        return False
