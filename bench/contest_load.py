"""The load generator of bench/contest.py: plain asyncio, HTTP/1.1 with keep-alive over loopback,
a cookie jar per simulated phone, and the figures (percentiles, counts). No Django here and no
dependency beyond the standard library.

A `Browser` is one phone: its cookies, and up to two keep-alive connections (the second only for
a doubled tap, which a phone sends while the first request is still under way). With
`keep_alive=False` every request opens its own connection, as a proxy in front of gunicorn does
by default (nginx speaks HTTP/1.0 to its upstream): then each request goes to whichever worker
accepts it first, instead of staying with the worker that accepted the connection. A connection the
server closed while idle (gunicorn's keep-alive timeout) is opened again before use; a request
that meets a connection closed under it before any byte of the answer is sent once more, as
browsers do (the server's ledger makes a resent answer harmless, and the bench counts them).
"""

import asyncio
import math
import random
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class RequestFailed(Exception):
    """No HTTP answer at all (refused, reset, timed out)."""


@dataclass
class Response:
    status: int
    headers: dict  # lower-case name → last value
    cookies: list  # Set-Cookie values
    body: bytes
    elapsed: float  # seconds

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)

    @property
    def location(self):
        location = self.header("location")
        return urlsplit(location).path if location else None


class Connection:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None
        self.used = False

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.used = False

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    def stale(self):
        return self.writer is None or self.reader.at_eof() or self.writer.is_closing()

    async def exchange(self, data):
        self.writer.write(data)
        await self.writer.drain()
        line = await self.reader.readline()
        if not line:
            raise ConnectionResetError("closed before the answer")
        status = int(line.split()[1])
        headers, cookies = {}, []
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            headers[name] = value
            if name == "set-cookie":
                cookies.append(value)
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readline()
                    break
                chunks.append(await self.reader.readexactly(size))
                await self.reader.readline()
            body = b"".join(chunks)
        else:
            body = await self.reader.read()
            self.close()
        if headers.get("connection", "").lower() == "close":
            self.close()
        self.used = True
        return status, headers, cookies, body


class Browser:
    """One phone: cookies and keep-alive connections to the server."""

    def __init__(self, host, port, *, cookies=None, timeout=30.0, stats=None, keep_alive=True):
        self.host, self.port, self.timeout, self.keep_alive = host, port, timeout, keep_alive
        self.cookies = dict(cookies or {})
        self.connections = [Connection(host, port), Connection(host, port)]
        self.stats = stats

    def close(self):
        for connection in self.connections:
            connection.close()

    def _request_bytes(self, method, path, body):
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "User-Agent: hocbac-bench",
                 "Accept: text/html", f"Connection: {'keep-alive' if self.keep_alive else 'close'}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if body is not None:
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")

    async def request(self, method, path, form=None, *, second=False):
        body = urlencode(form, doseq=True).encode() if form is not None else None
        data = self._request_bytes(method, path, body)
        connection = self.connections[1 if second else 0]
        started = time.perf_counter()
        for attempt in range(2):
            reused = False
            try:
                if connection.stale():
                    connection.close()
                    await asyncio.wait_for(connection.open(), self.timeout)
                reused = connection.used
                status, headers, cookies, payload = await asyncio.wait_for(connection.exchange(data), self.timeout)
                break
            except TimeoutError as error:  # before OSError, of which it is a subclass
                connection.close()
                raise RequestFailed("timeout") from error
            except (ConnectionError, asyncio.IncompleteReadError, OSError) as error:
                connection.close()
                if attempt == 0 and reused:
                    if self.stats is not None:
                        self.stats.resent += 1
                    continue  # the server closed an idle connection as we wrote: send again
                raise RequestFailed(f"{type(error).__name__}: {error}") from error
        for cookie in cookies:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        return Response(status, headers, cookies, payload, time.perf_counter() - started)

    async def get(self, path, **kwargs):
        return await self.request("GET", path, **kwargs)

    async def post(self, path, form, **kwargs):
        return await self.request("POST", path, form, **kwargs)


def csrf_token(body):
    found = CSRF_FIELD.search(body)
    return found.group(1).decode() if found else None


# Figures -------------------------------------------------------------------------------------------

def percentile(values, fraction):
    """Nearest-rank percentile of `values` (seconds), or None."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, math.ceil(fraction * len(ordered)))) - 1]


@dataclass
class Stats:
    """Latencies per step, HTTP statuses, failures, for one phase."""

    latencies: dict = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)  # step → requests with no answer or a 5xx
    busy: Counter = field(default_factory=Counter)  # step → 503 with Retry-After
    errors: list = field(default_factory=list)  # a few examples
    resent: int = 0
    requests: int = 0

    def record(self, step, response):
        """A 503 with Retry-After is the server saying "not now" on purpose (admission control):
        counted in `statuses` and `busy`, not as a failure."""
        self.requests += 1
        self.latencies[step].append(response.elapsed)
        self.statuses[response.status] += 1
        if response.status == 503 and response.header("retry-after"):
            self.busy[step] += 1
        elif response.status >= 500:
            self.failures[step] += 1
            if len(self.errors) < 5:
                self.errors.append(f"{step}: HTTP {response.status}")

    def fail(self, step, error):
        self.requests += 1
        self.failures[step] += 1
        self.statuses["no answer"] += 1
        if len(self.errors) < 5:
            self.errors.append(f"{step}: {error}")

    def merge(self, other):
        for step, values in other.latencies.items():
            self.latencies[step] += values
        self.statuses.update(other.statuses)
        self.failures.update(other.failures)
        self.busy.update(other.busy)
        self.errors += other.errors[: max(0, 5 - len(self.errors))]
        self.resent += other.resent
        self.requests += other.requests

    def summary(self, step):
        values = self.latencies.get(step, [])
        return len(values), percentile(values, 0.5), percentile(values, 0.95), percentile(values, 0.99)

    def merged(self, steps):
        return [v for step in steps for v in self.latencies.get(step, [])]


class Deadline:
    """The hard bound on a phase's seconds."""

    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def left(self):
        return self.end - time.monotonic()

    def passed(self):
        return self.left() <= 0


async def closed_loop(workers, seconds, job):
    """Run `job(worker_index, deadline)` in `workers` tasks that each loop until the deadline."""
    deadline = Deadline(seconds)

    async def worker(index):
        while not deadline.passed():
            if await job(index, deadline) is False:
                return

    started = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(workers)))
    return time.perf_counter() - started


async def open_loop(rate, seconds, make_task, *, limit, grace):
    """Start `make_task()` every 1/rate seconds for `seconds` (a fixed arrival rate, at most
    `limit` arrivals), then wait at most `grace` seconds for those under way (cancelled after)."""
    tasks, started = [], time.perf_counter()
    interval, first = 1 / rate, time.monotonic()
    while len(tasks) < limit and len(tasks) * interval < seconds:
        delay = first + len(tasks) * interval - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(make_task()))
    done, pending = await asyncio.wait(tasks, timeout=grace) if tasks else (set(), set())
    for task in pending:
        task.cancel()
    for task in done:
        if task.exception() is not None and not isinstance(task.exception(), asyncio.CancelledError):
            raise task.exception()
    return len(tasks), len(pending), time.perf_counter() - started


def jitter(seconds, rng=random):
    """Retry-After with jitter, as the busy page does it (static/js/contest.js): at least the
    wait the server asked for, at most twice it."""
    return seconds * rng.uniform(1, 2)
