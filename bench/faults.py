"""Faults under load (issue 11): the contest journey of bench/contest.py while the script breaks,
one after the other, what it started itself, then the ledger check and the leaderboard check.

    .venv/bin/python bench/faults.py        (make bench-faults; BENCH_ARGS="--help" lists the knobs)

It creates its OWN PostgreSQL (initdb in a temporary directory, its own port, run as the
`postgres` user, loopback only) and its OWN Redis (its own port, no persistence), migrates,
seeds a contest with `make_world`, starts gunicorn (`Server`, several workers) pointed at them and
lets N members take the contest as phones do: a request that got no answer or a 5xx is sent
again after a pause (the same answer to the same question: the ledger makes a resend harmless);
a phone sent to the sign-in page (its session lost with Redis) signs in again (a session written
directly, as `make_world` does). Meanwhile, in sequence with pauses:

1. SIGKILL of one gunicorn worker (a child of the master this script started), several times;
2. `pg_ctl restart -m fast` of its own PostgreSQL;
3. Redis FLUSHALL, then a restart of its own Redis (SIGTERM to the pid it started, start again).

Afterwards: `check_ledger` (nothing acknowledged lost or doubled, scores and the ranking
recomputed from the stored answers equal to the published ones), and the projector's leaderboard
as served (GET /t/<code>/bang-xep-hang/bang/, from the ranking the app caches in Redis) equal to
the ranking rebuilt from the database. Exit status 1 if a check fails. Bounded: every phase has a
deadline; the servers it started are stopped by their pids and the temporary directory removed.
"""

import argparse
import asyncio
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.contest import (  # noqa: E402
    HOST,
    NUMBER,
    OPTION,
    POSITION,
    SCORE,
    Ledger,
    Server,
    _proc_stat,
    admin_sql,
    check_ledger,
    free_port,
    log,
    make_world,
    random_choice,
    vn,
)
from bench.contest_load import Browser, Deadline, RequestFailed, Stats, csrf_token  # noqa: E402

PG_BIN = next((p for p in (Path("/usr/lib/postgresql/15/bin"), Path("/usr/local/bin")) if (p / "initdb").exists()), None)
BOARD_ROW = re.compile(r'<tr><td class="rank num">(\d+)</td><td>(.*?)<br><span class="small muted">.*?</span></td>'
                       r'<td class="num">([^<]+)</td>')
BOARD_FIGURES = re.compile(r"<strong>([\d.]+)</strong> người đã vào thi · <strong>([\d.]+)</strong> người đã nộp bài")


def as_postgres(command, **kwargs):
    return subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True, text=True,
                          **kwargs)


class OwnPostgres:
    """A PostgreSQL cluster of this script alone: initdb in `directory`, run as `postgres`."""

    def __init__(self, directory, port):
        self.data, self.port, self.log = Path(directory) / "pg", port, Path(directory) / "pg.log"
        self.data.mkdir()
        shutil.chown(self.data, "postgres", "postgres")
        self.log.touch()
        shutil.chown(self.log, "postgres", "postgres")
        as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                     "--no-locale"], timeout=120)
        self.options = (f"-p {port} -c listen_addresses={HOST} -c unix_socket_directories={self.data} "
                        "-c fsync=off -c max_connections=100")
        self.started = False

    def ctl(self, *words, timeout=60):
        return as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "40",
                            *words], timeout=timeout)

    def start(self):
        self.ctl("-o", self.options, "start")
        self.started = True

    def restart_command(self):
        return ["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                "-w", "-t", "40", "-m", "fast", "-o", self.options, "restart"]

    def pid(self):
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def stop(self):
        if not self.started:
            return
        try:
            self.ctl("-m", "fast", "stop")
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            pid = self.pid()  # its own postmaster, by the pid in its own data directory
            if pid:
                os.kill(pid, signal.SIGKILL)


class OwnRedis:
    def __init__(self, directory, port):
        self.directory, self.port, self.process = Path(directory), port, None

    def start(self):
        self.log = open(self.directory / "redis.log", "a")  # closed in stop()
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)], stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        import redis

        client = redis.Redis(host=HOST, port=self.port)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise SystemExit("redis-server did not start")

    def flushall(self):
        import redis

        redis.Redis(host=HOST, port=self.port).flushall()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None:
            self.log.close()


# Phones that retry -----------------------------------------------------------------------------------

class Phones:
    """What the phones share: the ledger, the figures, how to sign a member in again."""

    def __init__(self, port, code, rng, args, hashes):
        self.port, self.code, self.rng, self.args, self.hashes = port, code, rng, args, hashes
        self.stats, self.ledger = Stats(), Ledger()
        self.retries = Counter()  # step → requests sent again after no answer or a 5xx
        self.signins = 0
        self.completed = self.gave_up = 0
        self.examples = []
        self.last_ok = 0.0  # monotonic time of the last answered request with a status < 500
        self.failures = []  # (monotonic time, step, "no answer" or the status) of each error a phone saw
        self.marks = []  # (monotonic time, fault): when each fault was injected

    def sign_in(self, user_id):
        """The member signs in again: a new session in Redis (as make_world writes them)."""
        from importlib import import_module

        from django.conf import settings
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user_id), "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = self.hashes[user_id]
        session.save()
        return session.session_key

    async def send(self, browser, user_id, step, method, path, form=None):
        """One request, sent again until it gets an answer below 500 (bounded); a redirect to the
        sign-in page signs the member in again and sends it once more."""
        deadline = Deadline(self.args.request_patience)
        pause = 0.3
        while True:
            try:
                response = await browser.request(method, path, form)
            except RequestFailed as error:
                self.stats.fail(step, error)
                response = None
            else:
                self.stats.record(step, response)
            login = response is not None and response.status == 302 and (response.location or "").startswith("/dang-nhap/")
            if response is not None and response.status < 500 and not login:
                self.last_ok = time.monotonic()
                return response
            if not login:
                self.failures.append((time.monotonic(), step, "không trả lời" if response is None else response.status))
            if deadline.passed():
                return None
            if login:
                try:
                    browser.cookies["sessionid"] = await asyncio.to_thread(self.sign_in, user_id)
                    self.signins += 1
                except Exception as error:  # Redis still down: wait and try again
                    self.note(f"đăng nhập lại: {type(error).__name__}")
            else:
                self.retries[step] += 1
                if response is not None:
                    self.note(f"{step}: HTTP {response.status}")
            await asyncio.sleep(pause * self.rng.uniform(1, 2))
            pause = min(pause * 1.5, 3)

    def note(self, text):
        if len(self.examples) < 8 and text not in self.examples:
            self.examples.append(text)

    async def journey(self, member):
        """The contest's page, start, ten questions with think time (the last answer finishes),
        the result; every request as `send` sends it."""
        _, user_id, session = member
        browser = Browser(HOST, self.port, cookies={"sessionid": session}, timeout=20)
        try:
            page = await self.send(browser, user_id, "landing", "GET", f"/t/{self.code}/")
            token = page and csrf_token(page.body)
            if page is None or token is None:
                self.gave_up += 1
                return
            while True:
                response = await self.send(browser, user_id, "start", "POST", f"/t/{self.code}/bat-dau/",
                                           {"csrfmiddlewaretoken": token})
                if response is not None and response.status == 503 and response.header("retry-after"):
                    await asyncio.sleep(float(response.header("retry-after")) * self.rng.uniform(1, 2))
                    continue
                break
            if response is None or response.status != 302 or "/thi/" not in (response.location or ""):
                self.note(f"bắt đầu: {response and response.status} {response and response.location}")
                self.gave_up += 1
                return
            path = response.location
            attempt_id = int(path.strip("/").split("/")[1])
            self.ledger.attempts.add(attempt_id)
            for _ in range(40):  # ten questions, and a few more pages when an answer is refused
                page = await self.send(browser, user_id, "question", "GET", path)
                if page is None:
                    self.gave_up += 1
                    return
                if page.status == 302:
                    path = page.location
                    if path.endswith("/ket-qua/"):
                        break
                    continue
                html = page.body.decode()
                position, options, number = POSITION.search(html), OPTION.findall(html), NUMBER.search(html)
                if page.status != 200 or not (position and options and number):
                    self.note(f"câu hỏi: HTTP {page.status}")
                    self.gave_up += 1
                    return
                await asyncio.sleep(self.rng.uniform(self.args.think_min, self.args.think_max))
                chosen = random_choice(self.rng, [int(v) for _, v in options], options[0][0] == "checkbox")
                form = {"csrfmiddlewaretoken": csrf_token(page.body), "position": position.group(1), "option": chosen}
                step = "finish" if number.group(1) == number.group(2) else "answer"
                response = await self.send(browser, user_id, step, "POST", f"/thi/{attempt_id}/tra-loi/", form)
                if response is None:
                    self.gave_up += 1
                    return
                outcome = response.header("x-answer")
                if response.status == 302 and outcome in ("recorded", "replayed"):
                    self.ledger.acks.append((attempt_id, int(position.group(1)), chosen, outcome))
                elif response.status == 302:
                    self.ledger.refused["faults"] += 1
                path = response.location or path
            else:
                self.gave_up += 1
                return
            page = await self.send(browser, user_id, "result", "GET", path)
            if page is None or page.status != 200:
                self.gave_up += 1
                return
            score = SCORE.search(page.body.decode())
            if score:
                self.ledger.scores[attempt_id] = score.group(1)
            self.completed += 1
        finally:
            browser.close()


# Faults ---------------------------------------------------------------------------------------------

def workers_of(master):
    return sorted(int(entry.name) for entry in Path("/proc").iterdir()
                  if entry.name.isdigit() and (stat := _proc_stat(entry.name)) and stat[1] == master)


def running(pid):
    """Whether one of the worker's request threads (not its main thread, which accepts and
    polls) is on a CPU now (state R): the worker is serving a request."""
    try:
        tasks = [t for t in Path(f"/proc/{pid}/task").iterdir() if t.name != str(pid)]
    except OSError:
        return False
    for task in tasks:
        try:
            raw = (task / "stat").read_text()
        except OSError:
            continue
        if raw[raw.rindex(")") + 2:].split()[0] == "R":
            return True
    return False


async def busy_worker(master, rng, seconds=3):
    """A worker caught serving a request (polled every 5 ms for `seconds`), else any worker."""
    deadline = Deadline(seconds)
    while not deadline.passed():
        busy = [pid for pid in workers_of(master) if running(pid)]
        if busy:
            return rng.choice(busy), True
        await asyncio.sleep(0.005)
    workers = workers_of(master)
    return (rng.choice(workers) if workers else None), False


async def until_answered(phones, since, seconds=60):
    """Seconds from `since` until a phone's request is answered (status < 500) after it."""
    deadline = Deadline(seconds)
    while phones.last_ok <= since and not deadline.passed():
        await asyncio.sleep(0.05)
    return phones.last_ok - since if phones.last_ok > since else None


async def inject(server, postgres, own_redis, phones, args, events):
    """The faults, in sequence with pauses, each with what followed."""
    rng = random.Random(args.seed + 1)
    await asyncio.sleep(args.pause)
    for n in range(args.kills):
        workers = workers_of(server.process.pid)
        victim, caught = await busy_worker(server.process.pid, rng)
        if victim is None:
            events.append(("SIGKILL tiến trình gunicorn", "không thấy tiến trình con nào", False))
            break
        phones.marks.append((time.monotonic(), f"SIGKILL {n + 1}"))
        os.kill(victim, signal.SIGKILL)  # a child of the master this script started
        since = time.monotonic()
        back = None
        deadline = Deadline(30)
        while not deadline.passed():
            now = workers_of(server.process.pid)
            if len(now) == len(workers) and victim not in now:
                back = time.monotonic() - since
                break
            await asyncio.sleep(0.05)
        answered = await until_answered(phones, since)
        events.append((f"SIGKILL tiến trình gunicorn {n + 1}/{args.kills} (pid {victim}, {'đang chạy' if caught else 'không bắt được lúc đang chạy'})",
                       f"master thay tiến trình mới sau {vn(back, 2) if back is not None else '—'} s; "
                       f"yêu cầu kế tiếp được trả lời sau {vn(answered, 2) if answered is not None else '—'} s",
                       back is not None))
        await asyncio.sleep(args.pause)
    since = time.monotonic()
    phones.marks.append((since, "PostgreSQL"))
    process = await asyncio.create_subprocess_exec(*postgres.restart_command(), stdout=asyncio.subprocess.DEVNULL,
                                                   stderr=asyncio.subprocess.PIPE)
    _, error = await asyncio.wait_for(process.communicate(), 90)
    took = time.monotonic() - since
    answered = await until_answered(phones, time.monotonic())
    events.append(("pg_ctl restart -m fast (PostgreSQL riêng)",
                   f"{'xong' if process.returncode == 0 else 'LỖI ' + error.decode()[-200:]} sau {vn(took, 2)} s; "
                   f"yêu cầu đầu tiên được trả lời sau đó {vn(answered, 2) if answered is not None else '—'} s",
                   process.returncode == 0))
    await asyncio.sleep(args.pause)
    since = time.monotonic()
    phones.marks.append((since, "Redis"))
    await asyncio.to_thread(own_redis.flushall)
    await asyncio.to_thread(own_redis.stop)
    await asyncio.sleep(args.redis_down)
    await asyncio.to_thread(own_redis.start)
    took = time.monotonic() - since
    answered = await until_answered(phones, time.monotonic())
    events.append(("Redis FLUSHALL rồi khởi động lại (Redis riêng)",
                   f"ngừng {vn(took, 2)} s (mọi phiên đăng nhập mất); yêu cầu đầu tiên được trả lời sau đó "
                   f"{vn(answered, 2) if answered is not None else '—'} s", True))


async def run_load(server, postgres, own_redis, phones, members, args):
    events = []
    injector = asyncio.ensure_future(inject(server, postgres, own_redis, phones, args, events))
    tasks, interval, first = [], args.arrivals / max(len(members), 1), time.monotonic()
    started = time.perf_counter()
    for index, member in enumerate(members):
        delay = first + index * interval - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(phones.journey(member)))
    done, pending = await asyncio.wait(tasks, timeout=args.grace)
    for task in pending:
        task.cancel()
    await asyncio.wait_for(injector, 120)
    for task in done:
        if task.exception() is not None:
            raise task.exception()
    return events, len(pending), time.perf_counter() - started


async def served_board(port, code, session):
    """The projector's leaderboard as the server gives it (rows and figures), retried a little."""
    browser = Browser(HOST, port, cookies={"sessionid": session}, timeout=20)
    try:
        for _ in range(10):
            try:
                page = await browser.get(f"/t/{code}/bang-xep-hang/bang/")
                if page.status == 200:
                    html = page.body.decode()
                    figures = BOARD_FIGURES.search(html)
                    return [(int(r), name, score) for r, name, score in BOARD_ROW.findall(html)], figures
            except RequestFailed:
                pass
            await asyncio.sleep(1)
        return None, None
    finally:
        browser.close()


def check_board(world, rows, figures):
    """The served leaderboard against the ranking rebuilt from the database (selectors.ranking over
    the Attempt rows, which check_ledger has just compared with a recomputation from the answers)."""
    from django.utils.html import escape

    from hocbac.contests import selectors
    from hocbac.contests.models import Attempt

    ranking = selectors.ranking(world.contest)
    expected = [(row.rank, escape(row.name), vn(row.score, 2)) for row in ranking.rows[:10]]
    started = Attempt.objects.unscoped().filter(contest=world.contest).values("member_id").distinct().count()
    got_figures = (int(figures.group(1).replace(".", "")), int(figures.group(2).replace(".", ""))) if figures else None
    same = rows == expected and got_figures == (started, ranking.takers)
    log(f"   Bảng xếp hạng máy chiếu (GET /t/…/bang-xep-hang/bang/, từ bản lưu đệm trong Redis): {vn(len(rows or []))} dòng đầu, "
        f"{'?' if got_figures is None else vn(got_figures[0])} người đã vào thi, "
        f"{'?' if got_figures is None else vn(got_figures[1])} người đã nộp; dựng lại từ cơ sở dữ liệu: "
        f"{vn(len(expected))} dòng đầu, {vn(started)} đã vào thi, {vn(ranking.takers)} đã nộp "
        f"→ {'TRÙNG KHỚP' if same else 'KHÁC'}")
    if not same:
        log(f"     trang: {rows[:3] if rows else rows} … {got_figures}; dựng lại: {expected[:3]} … {(started, ranking.takers)}")
    return 0 if same else 1


# The run ---------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100, help="members taking the contest (each once)")
    parser.add_argument("--arrivals", type=float, default=45, help="seconds over which they arrive")
    parser.add_argument("--grace", type=float, default=150, help="bound on the whole load, in seconds")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (gthread)")
    parser.add_argument("--kills", type=int, default=3, help="gunicorn workers killed one after the other")
    parser.add_argument("--pause", type=float, default=6, help="seconds between faults")
    parser.add_argument("--redis-down", type=float, default=2, help="seconds Redis stays stopped")
    parser.add_argument("--think-min", type=float, default=0.5)
    parser.add_argument("--think-max", type=float, default=1.5)
    parser.add_argument("--request-patience", type=float, default=60, help="a phone gives a request up after this")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if PG_BIN is None or shutil.which("redis-server") is None:
        raise SystemExit("cần initdb/pg_ctl (PostgreSQL 15) và redis-server")
    if os.geteuid() == 0:
        pass  # PostgreSQL runs as `postgres` (runuser); the rest as this user
    workdir = tempfile.mkdtemp(prefix="hocbac-faults-")
    os.chmod(workdir, 0o711)  # the postgres user reaches its data directory inside
    pg_port, redis_port = free_port(), free_port()
    postgres = own_redis = server = None
    base = f"postgres://postgres@{HOST}:{pg_port}"
    db_url = f"{base}/hocbac_faults"
    os.environ.pop("HOCBAC_TESTING", None)
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "bench.contest_site", "HOCBAC_DEBUG": "0", "HOCBAC_HTTPS": "0",
        "HOCBAC_SECRET_KEY": secrets.token_urlsafe(50), "HOCBAC_ALLOWED_HOSTS": "127.0.0.1",
        # This process reads with plain connections (a pool here would keep connections the restart kills);
        # gunicorn gets the production URL (with its pool) below.
        "DATABASE_URL": f"{db_url}?pool=0", "REDIS_URL": f"redis://{HOST}:{redis_port}/0", "BENCH_CACHE_PREFIX": "faults",
        "HOCBAC_DATA_DIR": workdir, "HOCBAC_STATIC_ROOT": str(Path(workdir) / "static"), "HOCBAC_LOG_LEVEL": "WARNING",
    })
    try:
        started = time.perf_counter()
        postgres = OwnPostgres(workdir, pg_port)
        postgres.start()
        own_redis = OwnRedis(workdir, redis_port)
        own_redis.start()
        admin_sql(base, 'CREATE DATABASE "hocbac_faults"')
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from hocbac.accounts.models import User

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        world = make_world(args.members, random.Random(args.seed))
        User.objects.filter(pk=world.admin.pk).update(is_superuser=True)  # may see the projector's page
        hashes = {user.pk: user.get_session_auth_hash() for user in User.objects.all()}
        connections.close_all()
        log(f"Lỗi dưới tải ({time.strftime('%d/%m/%Y %H:%M')}): PostgreSQL riêng (initdb, cổng {pg_port}), Redis riêng "
            f"(cổng {redis_port}), {vn(args.members)} đảng viên, cuộc thi 10 câu × 30 s, chuẩn bị trong "
            f"{vn(time.perf_counter() - started, 1)} s")
        server = Server(args, "bench.contest_site", Path(workdir) / "gunicorn.log", "hocbac_faults",
                        {"DATABASE_URL": db_url})
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM calls below run between the load's phases
        rng = random.Random(args.seed)
        phones = Phones(server.port, world.contest.code, rng, args, hashes)

        async def run():
            await server.wait_ready("/bench/noop/")
            log(f"Máy chủ: gunicorn {args.workers} tiến trình × {args.threads} luồng tại {HOST}:{server.port}; "
                f"{vn(args.members)} người đến trong {vn(args.arrivals)} s, nghĩ {vn(args.think_min, 1)}–"
                f"{vn(args.think_max, 1)} s trước mỗi câu; lỗi chèn vào cách nhau {vn(args.pause)} s")
            result = await run_load(server, postgres, own_redis, phones, world.members, args)
            await asyncio.sleep(4)  # past LEADERBOARD_SECONDS: the cached board is one computed after the last finish
            admin_session = await asyncio.to_thread(phones.sign_in, world.admin.pk)
            return result, await served_board(server.port, world.contest.code, admin_session)

        (events, unfinished, elapsed), (rows, figures) = asyncio.run(run())
        stats = phones.stats
        log("\nLỗi đã chèn (theo thứ tự):")
        for what, outcome, _ in events:
            log(f"   {what}: {outcome}")
        statuses = ", ".join(f"{k}: {vn(v)}" for k, v in sorted(stats.statuses.items(), key=str))
        log(f"\nTrong {vn(elapsed, 1)} s: {vn(stats.requests)} yêu cầu ({statuses}); máy khách thấy lỗi "
            f"(không có trả lời hoặc 5xx) {vn(sum(stats.failures.values()))} lần; gửi lại "
            f"{vn(sum(phones.retries.values()))} lần ("
            + ", ".join(f"{k} {vn(v)}" for k, v in sorted(phones.retries.items())) + f"); đăng nhập lại {vn(phones.signins)} lần; "
            f"trình duyệt gửi lại trên kết nối bị đóng {vn(stats.resent)}")
        log(f"   {vn(len(world.members))} người: {vn(phones.completed)} làm xong, {vn(phones.gave_up)} bỏ cuộc, "
            f"{vn(unfinished)} chưa xong khi hết giờ; câu trả lời được xác nhận {vn(len(phones.ledger.acks))} lần, "
            f"bị từ chối (quá hạn) {vn(phones.ledger.refused['faults'])}")
        marks = [(float("-inf"), "trước lỗi đầu tiên"), *phones.marks]
        after = []
        for (at, label), (until, _) in zip(marks, [*marks[1:], (float("inf"), "")], strict=True):
            seen = Counter(str(what) for when, _, what in phones.failures if at <= when < until)
            after.append(f"{label} {vn(sum(seen.values()))}" + (f" ({', '.join(f'{k}: {vn(v)}' for k, v in sorted(seen.items()))})"
                                                                if seen else ""))
        log(f"   lỗi máy khách thấy, theo lỗi chèn gần nhất trước đó: {'; '.join(after)}")
        if phones.examples:
            log(f"   ví dụ lỗi: {'; '.join(phones.examples)}")
        errors = Counter(re.findall(r"^(?:\w+\.)*(\w+(?:Error|Exception))\b", Path(server.log_path).read_text(), re.M))
        log("   trong nhật ký gunicorn: " + (", ".join(f"{name} {vn(n)}" for name, n in errors.most_common(5))
                                            or "không có ngoại lệ"))
        log("")
        problems = check_ledger(world, phones.ledger, phones.ledger.attempts, "lỗi dưới tải")
        problems += check_board(world, rows, figures) if rows is not None else 1
        failed_faults = sum(1 for *_, ok in events if not ok)
        problems += failed_faults + phones.gave_up + unfinished
        log(f"\nTổng kết: {vn(len(events))} lỗi đã chèn ({vn(failed_faults)} không chèn được); "
            f"{'không có lỗi' if problems == 0 else f'{vn(problems)} lỗi'}")
        return 1 if problems else 0
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # Django may not be set up yet
            pass
        if server is not None:
            server.stop()
        if own_redis is not None:
            own_redis.stop()
        if postgres is not None:
            postgres.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
