"""In-process profile of the contest's answer save against the empty view (bench/contest.py's
phase 1 without gunicorn and the network): the same settings (bench.contest_site: PostgreSQL
with the connection pool, sessions in Redis, DEBUG off), the WSGI application called directly
with the requests gunicorn would hand it (a signed-in member's session cookie, a CSRF token).

    .venv/bin/python bench/contest_profile.py                 # CPU per request, statements
    .venv/bin/python bench/contest_profile.py --profile 30    # and cProfile's top 30 of the answers

Prints the CPU time per request of each (the same ratio as phase 1's "by CPU time", without the
load generator), the SQL statements of one answer, and with --profile the functions where an
answer's time goes. Creates and drops its own database and removes its Redis keys.
"""

import argparse
import cProfile
import io
import os
import pstats
import random
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.contest import (  # noqa: E402
    admin_sql,
    csrf_secret,
    database_url,
    make_world,
    random_choice,
    start_attempts,
)


def environ(method, path, session, token, data=None):
    """What gunicorn hands the WSGI application for one request of a signed-in phone."""
    body = urlencode(data or {}, doseq=True).encode()
    return {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1", "HTTP_COOKIE": f"sessionid={session}; csrftoken={token}",
        "HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 10)", "HTTP_ACCEPT": "text/html",
        "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0), "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False,
    }


def call(app, env):
    """One request through the WSGI application, closed as gunicorn closes it (request_finished
    gives the pooled connection back)."""
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(headers)

    result = app(env, start_response)
    try:
        b"".join(result)
    finally:
        result.close()
    return seen["status"], seen["headers"]


def requests_of(world, args, rng):
    """[(environ factory, kind)] alternating nothing: the empty views, then the answers (every
    slot of `args.attempts` attempts, so one answer in ten finishes its attempt)."""
    plans = start_attempts(world, world.take(args.attempts), serve=True)
    answers = []
    for attempt_id, session, slots in plans:
        token = csrf_secret()
        for slot in slots:
            data = {"csrfmiddlewaretoken": token, "position": slot.position,
                    "option": random_choice(rng, slot.option_order, slot.multiple)}
            answers.append(lambda a=attempt_id, s=session, t=token, d=data:
                           environ("POST", f"/thi/{a}/tra-loi/", s, t, d))
    sessions = [session for _, _, session in world.members[: 16]]
    noops = []
    for n in range(len(answers)):
        session, token = sessions[n % len(sessions)], csrf_secret()
        noops.append(lambda s=session, t=token: environ("POST", "/bench/noop/", s, t, {"csrfmiddlewaretoken": t}))
    return noops, answers


def measure(app, factories, expect):
    """CPU seconds per request of this process (the server's side only: no network, no client)."""
    statuses = {}
    started = time.process_time()
    for factory in factories:
        status, headers = call(app, factory())
        key = (status, headers.get("X-Answer"))
        statuses[key] = statuses.get(key, 0) + 1
    per_request = (time.process_time() - started) / len(factories)
    unexpected = {k: v for k, v in statuses.items() if k[0] not in expect}
    if unexpected:
        raise SystemExit(f"unexpected answers: {unexpected}")
    return per_request, statuses


def statements(app, factory):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        status, headers = call(app, factory())
    return status, headers, [q["sql"] for q in captured.captured_queries]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--settings", default="bench.contest_site")
    parser.add_argument("--members", type=int, default=800, help="members generated (one attempt each)")
    parser.add_argument("--attempts", type=int, default=150, help="attempts answered per measure (10 answers each)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating measures; the best of each is kept")
    parser.add_argument("--profile", type=int, default=0, help="print cProfile's top N functions of the answers")
    parser.add_argument("--sort", default="cumulative", help="cProfile's sort key (cumulative, tottime)")
    args = parser.parse_args()

    suffix = f"{os.getpid()}_{secrets.token_hex(3)}"
    name, prefix = f"hocbac_prof_contest_{suffix}", f"bench-prof-{suffix}"
    workdir = tempfile.mkdtemp(prefix="hocbac-prof-")
    os.environ.pop("HOCBAC_TESTING", None)
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": args.settings, "HOCBAC_DEBUG": "0", "HOCBAC_HTTPS": "0",
        "HOCBAC_SECRET_KEY": secrets.token_urlsafe(50), "HOCBAC_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(args.postgres, name), "BENCH_CACHE_PREFIX": prefix,
        "HOCBAC_DATA_DIR": workdir, "HOCBAC_STATIC_ROOT": str(Path(workdir) / "static"), "HOCBAC_LOG_LEVEL": "WARNING",
    })
    if args.redis:
        os.environ["REDIS_URL"] = args.redis
    admin_sql(args.postgres, f'CREATE DATABASE "{name}"')
    try:
        import django

        django.setup()
        from django.core.handlers.wsgi import WSGIHandler
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        rng = random.Random(2026)
        world = make_world(args.members, rng)
        connection.close()
        app = WSGIHandler()
        warm_noop, warm_answer = requests_of(world, argparse.Namespace(attempts=5), rng)
        measure(app, warm_noop + warm_answer, {"200 OK", "302 Found"})

        best = {"noop": None, "answer": None}
        for _ in range(args.rounds):
            noops, answers = requests_of(world, args, rng)
            cost, _ = measure(app, noops, {"200 OK"})
            best["noop"] = min(filter(None, [best["noop"], cost]))
            cost, statuses = measure(app, answers, {"302 Found"})
            best["answer"] = min(filter(None, [best["answer"], cost]))
            if any(outcome != "recorded" for _, outcome in statuses):
                raise SystemExit(f"answers not recorded: {statuses}")
        print(f"CPU per request, in-process (best of {args.rounds}, {len(answers)} each): "
              f"empty view {best['noop'] * 1000:.2f} ms, answer {best['answer'] * 1000:.2f} ms "
              f"→ answer / empty view {100 * best['noop'] / best['answer']:.1f} %")

        noops, answers = requests_of(world, argparse.Namespace(attempts=1), rng)
        for title, factory in (("empty view", noops[0]), ("answer (question 1)", answers[0]),
                               ("replay of it", answers[0]), ("answer (last question)", answers[-1])):
            if title.startswith("answer (last"):
                for middle in answers[1:-1]:
                    call(app, middle())
            status, headers, sqls = statements(app, factory)
            print(f"\n{title}: {status}, X-Answer {headers.get('X-Answer')}, {len(sqls)} statements")
            for sql in sqls:
                print(f"   {' '.join(sql.split())[:220]}")

        if args.profile:
            _, answers = requests_of(world, args, rng)
            profiler = cProfile.Profile(time.process_time)  # CPU, not waiting on PostgreSQL
            profiler.enable()
            measure(app, answers, {"302 Found"})
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats(args.sort).print_stats(args.profile)
            print(f"\ncProfile of {len(answers)} answers (sorted by {args.sort}):")
            print(out.getvalue())
        connection.close()
        from django.db import connections

        for alias in connections:
            pool = getattr(connections[alias], "pool", None)
            if pool is not None:
                connections[alias].close_pool()
    finally:
        if args.redis:
            import redis

            client = redis.Redis.from_url(args.redis)
            for key in client.scan_iter(match=f"{prefix}*", count=1000):
                client.delete(key)
        admin_sql(args.postgres, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
