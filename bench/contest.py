"""Contest load benchmark: the app with production settings (gunicorn, PostgreSQL, sessions in
Redis) on this machine, driven over loopback by the load generator in bench/contest_load.py,
bounded in users, requests and seconds. One command does it all:

    .venv/bin/python bench/contest.py        (make bench-contest)

It creates a fresh PostgreSQL database, migrates, generates a ward (3.500 members with users
and no password, signed in beforehand by writing their sessions directly), a 10-question
contest drawn from a 20-question pool (30 s per question, open now), starts gunicorn on a free
loopback port and prints:

1. answer-save saturation (answers/s) beside an empty view through the same server and a raw
   `pgbench` INSERT into the same answers table, with both ratios and the CPU time per answer;
2. a contest journey (start, 10 × answer with think time, finish, result) at a fixed arrival
   rate of 70% of the journey capacity measured just before: p50/p95/p99 per step, errors;
3. a synchronised start of 1.000 members while 40 others are answering: 503 + Retry-After for
   those not admitted, retried with jitter; no other 5xx; one attempt per member (with
   --sync-compare, again with admission control out of the way, for comparison);
4. a ledger check after each run: every acknowledged answer stored exactly once, no answer
   after a finish, every answer within its deadline by the server's clock, scores and the
   ranking recomputed from the stored answers equal to the published ones;
5. the same journey at the same rate against django-mcq (the `bench` extra), a naive quiz from
   PyPI, in its own settings on the same box.

Then it stops the servers, drops the databases and removes its keys from Redis. The machine is
shared and noisy: read the ratios measured in the same run, not the seconds.
"""

import argparse
import asyncio
import json
import os
import random
import re
import resource
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.contest_load import (  # noqa: E402
    Browser,
    Deadline,
    RequestFailed,
    Stats,
    closed_loop,
    csrf_token,
    jitter,
    open_loop,
    percentile,
)

HOST = "127.0.0.1"
POSITION = re.compile(r'name="position" value="(\d+)"')
OPTION = re.compile(r'<input type="(radio|checkbox)" name="option" value="(\d+)"')
NUMBER = re.compile(r"Câu (\d+)/(\d+)")
SCORE = re.compile(r'<p class="score"><strong>([^<]+)</strong>')
MCQ_CHOICE = re.compile(r'name="answer" value="(\d+)"')
MCQ_NUMBER = re.compile(r'badge-secondary">(\d+)/(\d+)<')
STEPS = [("landing", "vào trang cuộc thi"), ("start", "bắt đầu"), ("question", "xem câu hỏi"),
         ("answer", "trả lời (câu 1–9)"), ("finish", "trả lời câu cuối + nộp bài"), ("result", "xem kết quả")]


def vn(value, decimals=0):
    from hocbac.core.text import format_number

    return format_number(value, decimals)


def ms(seconds):
    return "—" if seconds is None else f"{vn(seconds * 1000)} ms"


def log(text):
    if text:  # an empty line from a helper means "nothing to say"
        print(text, flush=True)


# Processes and CPU ---------------------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def _proc_stat(pid):
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    comm = raw[raw.index("(") + 1:raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2:].split()
    return comm, int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK  # comm, ppid, cpu seconds


class CpuMeter:
    """CPU seconds used by the server's processes (a gunicorn master and its workers, also each
    worker apart), by the PostgreSQL backends connected to the benchmark's database (the box is
    shared: other databases' work is left out, and so is the work PostgreSQL's own background
    processes do for everyone) and by this load generator."""

    def __init__(self, master_pid, database):
        self.master, self.database = master_pid, database

    def snapshot(self):
        app = db = 0.0
        workers = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            stat = _proc_stat(entry.name)
            if stat is None:
                continue
            comm, ppid, cpu = stat
            if int(entry.name) == self.master or ppid == self.master:
                app += cpu
                if ppid == self.master:
                    workers[entry.name] = cpu
            elif comm == "postgres":
                try:
                    title = Path(f"/proc/{entry.name}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                except OSError:
                    continue
                if f" {self.database} " in title:
                    db += cpu
        return {"app": app, "db": db, "client": time.process_time(), "workers": workers}

    @staticmethod
    def delta(before, after):
        result = {key: after[key] - before[key] for key in ("app", "db", "client")}
        result["workers"] = sorted((after["workers"][pid] - before["workers"].get(pid, 0) for pid in after["workers"]),
                                   reverse=True)
        return result


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with gthread workers, in its own process group, stopped by that group's id."""

    def __init__(self, args, settings_module, log_path, database, extra_env=None):
        self.port = free_port()
        self.log_path = log_path
        path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, "PYTHONPATH": path, **(extra_env or {})}
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [str(gunicorn), "hocbac.wsgi", "--bind", f"{HOST}:{self.port}", "--chdir", str(ROOT),
                   "--worker-class", "gthread", "--workers", str(args.workers), "--threads", str(args.threads),
                   "--keep-alive", "10", "--timeout", "60", "--graceful-timeout", "5", "--backlog", "2048",
                   "--log-level", "warning"]
        self.log_file = open(log_path, "w")  # closed in stop()
        self.process = subprocess.Popen(command, env=env, stdout=self.log_file, stderr=subprocess.STDOUT,
                                        start_new_session=True, cwd=ROOT)
        self.cpu = CpuMeter(self.process.pid, database)

    async def wait_ready(self, path, seconds=40):
        deadline = Deadline(seconds)
        while not deadline.passed():
            if self.process.poll() is not None:
                break
            browser = Browser(HOST, self.port, timeout=5)
            try:
                await browser.get(path)
                return
            except RequestFailed:
                await asyncio.sleep(0.3)
            finally:
                browser.close()
        raise SystemExit(f"gunicorn did not start; its log:\n{Path(self.log_path).read_text()[-3000:]}")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log_file.close()


# PostgreSQL ------------------------------------------------------------------------------------------

def admin_sql(base_url, statement):
    import psycopg

    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def database_url(base_url, name):
    return f"{base_url}/{name}"


# The hocbac side (Django set up with bench.contest_site) ---------------------------------------------

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Thu", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Long", "Mai", "Nam", "Nga",
         "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Việt", "Yến"]


@dataclass
class World:
    contest: object
    members: list  # [(member_id, user_id, session_key)]
    admin: object
    taken: int = 0

    def take(self, count):
        chunk = self.members[self.taken:self.taken + count]
        self.taken += len(chunk)
        return chunk


def make_world(members_count, rng):
    """A province ⊃ ward ⊃ 30 cells with `members_count` members (users with no usable password,
    signed in by writing their sessions), a 20-question bank, a contest of 10 drawn questions."""
    import datetime
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from hocbac.accounts.models import User
    from hocbac.contests import services as contest_services
    from hocbac.contests.models import QuestionKind
    from hocbac.orgs import services as org_services
    from hocbac.orgs.models import Member, MemberPeriod, MemberStatus, OrgKind, Sector

    admin = User.objects.create_user(username="bench-admin", password=None, full_name="Ban Tuyên giáo")
    province = org_services.create_organization(by=admin, parent=None, code="BT", name="Đảng bộ tỉnh Đo Tải",
                                                kind=OrgKind.PROVINCE)
    ward = org_services.create_organization(by=admin, parent=province, code="BT-P1", name="Đảng bộ phường Đo Tải",
                                            kind=OrgKind.COMMUNE, sector=Sector.COMMUNE)
    cells = [org_services.create_organization(by=admin, parent=ward, code=f"BT-P1-{c:02d}", name=f"Chi bộ Khu phố {c}",
                                              kind=OrgKind.GRASSROOTS_CELL, sector=Sector.COMMUNE) for c in range(1, 31)]
    users = User.objects.bulk_create([
        User(username=f"09{n:08d}", full_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
             password=make_password(None)) for n in range(members_count)], batch_size=1000)
    members = []
    for n, user in enumerate(users):
        members.append(org_services.build_member(
            org=cells[n % len(cells)], full_name=user.full_name, gender="nam" if n % 2 else "nu",
            birth_date=datetime.date(1950 + n % 50, 1 + n % 12, 1 + n % 28), admitted_on=datetime.date(1990 + n % 30, 5, 19),
            full_member_on=datetime.date(1991 + n % 30, 5, 19), status=MemberStatus.FULL, card_number=f"{80_000_000 + n}",
            phone=user.username, user=user))
    Member.objects.bulk_create(members, batch_size=1000)
    MemberPeriod.objects.bulk_create([MemberPeriod(member=m, org=m.org, status=m.status, start=m.admitted_on, reason="Đo tải")
                                      for m in members], batch_size=1000)

    questions = []
    for i in range(20):
        multiple = i % 5 == 4
        options = [(f"Phương án {'ABCD'[k]} của câu {i + 1}", k == i % 4 or (multiple and k == (i + 2) % 4))
                   for k in range(4)]
        questions.append(contest_services.save_question(
            org=ward, by=admin, kind=QuestionKind.MULTIPLE if multiple else QuestionKind.SINGLE,
            text=f"Câu hỏi {i + 1}: theo Chỉ thị 05-CT/TW, việc học tập và làm theo Bác được tiến hành thế nào?",
            options=options, explanation=f"Giải thích câu {i + 1}."))
    now = timezone.now()
    contest = contest_services.create_contest(
        org=ward, by=admin, title="Thi đo tải: tìm hiểu Chỉ thị 05", opens_at=now - datetime.timedelta(minutes=1),
        closes_at=now + datetime.timedelta(hours=3), question_count=10, seconds_per_question=30, attempts_allowed=1)
    contest_services.set_questions(contest, by=admin, question_ids=[q.pk for q in questions])
    contest.refresh_from_db()

    store = import_module(settings.SESSION_ENGINE).SessionStore
    signed_in = []
    for member, user in zip(members, users, strict=True):
        session = store()
        session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        signed_in.append((member.pk, user.pk, session.session_key))
    return World(contest=contest, members=signed_in, admin=admin)


def start_attempts(world, chunk, *, serve):
    """Attempts started through the service; with `serve`, every slot served now with a deadline an
    hour away (the saturation run posts answers back to back without loading the questions)."""
    import datetime

    from django.utils import timezone

    from hocbac.contests import services
    from hocbac.contests.models import Slot
    from hocbac.orgs.models import Member

    now = timezone.now()
    members = Member.objects.unscoped().in_bulk([member_id for member_id, _, _ in chunk])
    attempts = [services.start_attempt(world.contest, member=members[member_id], now=now)[0] for member_id, _, _ in chunk]
    if serve:
        Slot.objects.filter(attempt__in=attempts).update(served_at=now, deadline=now + datetime.timedelta(hours=1))
    slots = defaultdict(list)
    for slot in Slot.objects.filter(attempt__in=attempts).order_by("position"):
        slots[slot.attempt_id].append(slot)
    return [(attempt.pk, session, slots[attempt.pk]) for attempt, (_, _, session) in zip(attempts, chunk, strict=True)]


def random_choice(rng, options, multiple):
    if multiple:
        return sorted(rng.sample(options, rng.choice([1, 2])))
    return [rng.choice(options)]


@dataclass
class Ledger:
    """What the clients were told: acknowledged answers and the scores on result pages."""

    acks: list = field(default_factory=list)  # (attempt id, position, [option ids], "recorded"|"replayed")
    refused: Counter = field(default_factory=Counter)  # X-Answer: rejected, by phase
    attempts: set = field(default_factory=set)
    scores: dict = field(default_factory=dict)  # attempt id → score text shown on the result page


def check_ledger(world, ledger, attempt_ids, title):
    """The ledger check: prints its lines and returns the number of problems."""
    from hocbac.contests import selectors, services
    from hocbac.contests.models import GRACE_SECONDS, Answer, Attempt, FinishReason, Slot

    grace = __import__("datetime").timedelta(seconds=GRACE_SECONDS)
    stored = defaultdict(list)
    for answer in Answer.objects.filter(attempt_id__in=attempt_ids):
        stored[(answer.attempt_id, answer.position)].append(answer)
    duplicated = sum(len(rows) - 1 for rows in stored.values())
    acked = {}
    for attempt_id, position, options, outcome in ledger.acks:
        if attempt_id in attempt_ids:
            acked.setdefault((attempt_id, position), []).append((options, outcome))
    lost = [key for key in acked if key not in stored]
    # A replay returns the stored answer: what counts is that the first acknowledgement's choice is the one kept.
    different = [key for key, acks in acked.items() if key in stored and stored[key][0].chosen != acks[0][0]]
    unacknowledged = [key for key in stored if key not in acked]
    slots = {(s.attempt_id, s.position): s for s in Slot.objects.filter(attempt_id__in=attempt_ids)}
    late = [key for key, rows in stored.items() for a in rows
            if slots[key].served_at is None or not slots[key].served_at <= a.answered_at <= slots[key].deadline + grace]
    attempts = list(Attempt.objects.unscoped().filter(pk__in=attempt_ids).select_related("contest"))
    answers_of = defaultdict(list)
    for (attempt_id, _), rows in stored.items():
        answers_of[attempt_id] += rows
    after_finish, wrong_finish, wrong_score, wrong_page = 0, 0, 0, 0
    slots_of = defaultdict(list)
    for key, slot in slots.items():
        slots_of[key[0]].append(slot)
    for attempt in attempts:
        answers = answers_of[attempt.pk]
        if attempt.finished_at is None:
            continue
        after_finish += sum(1 for a in answers if a.answered_at > attempt.finished_at)
        if attempt.finish_reason == FinishReason.SUBMITTED and answers and \
                attempt.finished_at != max(a.answered_at for a in answers):
            wrong_finish += 1
        score, correct, used_ms = services.score_of(attempt, slots_of[attempt.pk], answers)
        if (score, correct, used_ms) != (attempt.score, attempt.correct_count, attempt.time_taken_ms):
            wrong_score += 1
        shown = ledger.scores.get(attempt.pk)
        if shown is not None and shown != vn(attempt.score, 2):
            wrong_page += 1
    per_member = Counter(Attempt.objects.unscoped().filter(contest=world.contest).values_list("member_id", flat=True))
    doubled_attempts = sum(1 for n in per_member.values() if n > 1)
    finished = sum(1 for a in attempts if a.finished_at)

    # The ranking, recomputed from the stored answers alone, against selectors.ranking.
    everyone = list(Attempt.objects.unscoped().filter(contest=world.contest, finished_at__isnull=False)
                    .select_related("contest"))
    all_slots, all_answers = defaultdict(list), defaultdict(list)
    for slot in Slot.objects.filter(attempt__in=everyone):
        all_slots[slot.attempt_id].append(slot)
    for answer in Answer.objects.filter(attempt__in=everyone):
        all_answers[answer.attempt_id].append(answer)
    keys = []
    for attempt in everyone:
        score, _, used_ms = services.score_of(attempt, all_slots[attempt.pk], all_answers[attempt.pk])
        keys.append(((-score, used_ms, attempt.finished_at), attempt.pk))
    keys.sort()
    recomputed, previous = [], None
    for index, (key, attempt_id) in enumerate(keys):
        rank = previous[1] if previous and previous[0] == key else index + 1
        recomputed.append((attempt_id, rank))
        previous = (key, rank)
    published = [(row.attempt.pk, row.rank) for row in selectors.ranking(world.contest).rows]
    ranking_ok = sorted(recomputed) == sorted(published) and len(published) == len(everyone)
    problems = len(lost) + duplicated + len(different) + len(late) + after_finish + wrong_finish + wrong_score \
        + wrong_page + doubled_attempts + (0 if ranking_ok else 1)
    acknowledged = sum(len(v) for v in acked.values())
    log(f"   Sổ cái ({title}): {vn(len(acked))} câu trả lời được xác nhận ({vn(acknowledged)} lần xác nhận, "
        f"kể cả gửi lặp), {vn(sum(len(r) for r in stored.values()))} dòng trong cơ sở dữ liệu")
    log(f"     mất {vn(len(lost))} · trùng {vn(duplicated)} · khác lựa chọn {vn(len(different))} · "
        f"quá hạn theo giờ máy chủ {vn(len(late))} · ghi sau khi nộp {vn(after_finish)}")
    log(f"     {vn(finished)} lượt đã nộp: nộp lệch câu cuối {vn(wrong_finish)} · điểm tính lại khác {vn(wrong_score)} · "
        f"điểm trên trang kết quả khác {vn(wrong_page)}/{vn(len([a for a in attempts if a.pk in ledger.scores]))} · "
        f"đảng viên có hai lượt {vn(doubled_attempts)}")
    log(f"     xếp hạng tính lại từ câu trả lời ({vn(len(recomputed))} người) "
        f"{'trùng khớp' if ranking_ok else 'KHÁC'} với bảng xếp hạng công bố"
        + (f"; lưu mà không được xác nhận (yêu cầu mất giữa đường) {vn(len(unacknowledged))}" if unacknowledged else ""))
    log(f"     → {'ĐẠT' if problems == 0 else f'KHÔNG ĐẠT ({problems} lỗi)'}")
    return problems


# Phase 1: answer-save saturation, the empty view, pgbench ---------------------------------------------

def csrf_secret():
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


async def saturate_answers(server, queue, args, ledger, rng):
    """Closed loop: `args.concurrency` connections post answers back to back, each to the slots of
    attempts started and served beforehand (one member's session per attempt)."""
    stats = Stats()
    browsers = [Browser(HOST, server.port, stats=stats, keep_alive=False) for _ in range(args.concurrency)]

    async def job(index, deadline):
        plan = next(queue, None)
        if plan is None:
            return False
        attempt_id, session, slots = plan
        browser = browsers[index]
        token = csrf_secret()
        browser.cookies = {"sessionid": session, "csrftoken": token}
        ledger.attempts.add(attempt_id)
        for slot in slots:
            options = random_choice(rng, slot.option_order, slot.multiple)
            try:
                response = await browser.post(f"/thi/{attempt_id}/tra-loi/", {
                    "csrfmiddlewaretoken": token, "position": slot.position, "option": options})
            except RequestFailed as error:
                stats.fail("answer", error)
                continue
            stats.record("answer", response)
            outcome = response.header("x-answer")
            if response.status == 302 and outcome in ("recorded", "replayed"):
                ledger.acks.append((attempt_id, slot.position, options, outcome))
            elif response.status < 500:
                ledger.refused["saturation"] += 1
        return None

    before = server.cpu.snapshot()
    elapsed = await closed_loop(args.concurrency, args.saturation_seconds, job)
    cpu = CpuMeter.delta(before, server.cpu.snapshot())
    for browser in browsers:
        browser.close()
    return stats, elapsed, cpu


async def saturate_noop(server, sessions, args):
    stats = Stats()
    browsers = []
    for index in range(args.concurrency):
        token = csrf_secret()
        browsers.append((Browser(HOST, server.port, cookies={"sessionid": sessions[index % len(sessions)],
                                                              "csrftoken": token}, stats=stats, keep_alive=False), token))

    async def job(index, deadline):
        browser, token = browsers[index]
        try:
            response = await browser.post("/bench/noop/", {"csrfmiddlewaretoken": token})
        except RequestFailed as error:
            stats.fail("noop", error)
            return None
        stats.record("noop", response)
        if response.status != 200:
            stats.failures["noop"] += 1
        return None

    before = server.cpu.snapshot()
    elapsed = await closed_loop(args.concurrency, args.saturation_seconds, job)
    cpu = CpuMeter.delta(before, server.cpu.snapshot())
    for browser, _ in browsers:
        browser.close()
    return stats, elapsed, cpu


PGBENCH_SCRIPT = """\
INSERT INTO contests_answer (attempt_id, position, question_id, chosen, answered_at, is_correct, points)
SELECT a.attempt_id, s.n % 30000, :question_id, '[1]', now(), true, 1
FROM (SELECT nextval('bench_pg_seq') AS n) s JOIN bench_pg_attempts a ON a.k = s.n / 30000;
"""


def run_pgbench(world, chunk, args, db_name, workdir):
    """Raw single-statement INSERTs into contests_answer (its unique (attempt, position), its
    index and foreign keys) by `args.concurrency` clients; attempts created beforehand, positions
    numbered by a sequence. Rows and helpers are removed afterwards."""
    from django.db import connection

    from hocbac.contests.models import Answer

    pgbench = shutil.which("pgbench") or next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/pgbench"))), None)
    if pgbench is None:
        return None, "pgbench không có (gói postgresql-contrib)"
    attempts = start_attempts(world, chunk, serve=False)
    question_id = attempts[0][2][0].question_id
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_pg_attempts (k integer PRIMARY KEY, attempt_id bigint NOT NULL)")
        cursor.executemany("INSERT INTO bench_pg_attempts VALUES (%s, %s)", [(k, a[0]) for k, a in enumerate(attempts)])
        cursor.execute("CREATE SEQUENCE bench_pg_seq MINVALUE 0 START 0")
    script = Path(workdir) / "answer_insert.sql"
    script.write_text(PGBENCH_SCRIPT)
    base = urlparse_base(args.postgres)
    command = [str(pgbench), "-n", "-h", base["host"], "-p", base["port"], "-U", base["user"], "-c", str(args.concurrency),
               "-j", "2", "-T", str(args.saturation_seconds), "-f", str(script), "-D", f"question_id={question_id}", db_name]
    usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, capture_output=True, text=True, timeout=args.saturation_seconds + 60, check=False)
    usage_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    found = re.search(r"tps = ([\d.]+) \(without initial connection time\)", result.stdout)
    inserted = Answer.objects.filter(attempt_id__in=[a[0] for a in attempts]).count()
    Answer.objects.filter(attempt_id__in=[a[0] for a in attempts]).delete()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_pg_attempts")
        cursor.execute("DROP SEQUENCE bench_pg_seq")
    if result.returncode != 0 or not found:
        return None, f"pgbench thất bại: {result.stderr.strip()[-500:]}"
    client_cpu = (usage_after.ru_utime + usage_after.ru_stime) - (usage_before.ru_utime + usage_before.ru_stime)
    return {"tps": float(found.group(1)), "rows": inserted, "client_cpu": client_cpu}, None


def urlparse_base(url):
    from urllib.parse import urlparse

    parsed = urlparse(url)
    return {"host": parsed.hostname or HOST, "port": str(parsed.port or 5432), "user": parsed.username or "postgres"}


# Phase 2: the journey ----------------------------------------------------------------------------------

@dataclass
class JourneyContext:
    port: int
    code: str
    stats: Stats
    ledger: Ledger
    rng: random.Random
    think: tuple  # (min, max) seconds before each answer
    double_tap: float  # share of answers sent twice at once
    completed: int = 0
    failed: int = 0
    start_retries: int = 0
    window_end: float = float("inf")  # monotonic time: requests answered before it count in `in_window`
    in_window: int = 0
    per_journey: list = field(default_factory=list)  # requests made by each completed journey

    def fail(self, where, response=None):
        self.failed += 1
        if len(self.stats.errors) < 5:
            self.stats.errors.append(f"{where}: " + ("không có trả lời" if response is None else f"HTTP {response.status}"))


async def _step(ctx, step, coroutine, trip=None):
    if trip is not None:
        trip[0] += 1
    try:
        response = await coroutine
    except RequestFailed as error:
        ctx.stats.fail(step, error)
        return None
    ctx.stats.record(step, response)
    if time.monotonic() <= ctx.window_end:
        ctx.in_window += 1
    return response


async def hocbac_journey(ctx, session):
    """A member signed in beforehand: the contest's page, start, ten questions with think time,
    the last answer finishes, the result."""
    trip = [0]
    browser = Browser(HOST, ctx.port, cookies={"sessionid": session}, stats=ctx.stats)
    try:
        page = await _step(ctx, "landing", browser.get(f"/t/{ctx.code}/"), trip)
        token = page and csrf_token(page.body)
        if page is None or page.status != 200 or token is None:
            ctx.fail("trang cuộc thi", page)
            return
        while True:
            response = await _step(ctx, "start", browser.post(f"/t/{ctx.code}/bat-dau/", {"csrfmiddlewaretoken": token}),
                                   trip)
            if response is not None and response.status == 503 and response.header("retry-after"):
                ctx.start_retries += 1
                await asyncio.sleep(jitter(float(response.header("retry-after")), ctx.rng))
                continue
            break
        if response is None or response.status != 302 or "/thi/" not in (response.location or ""):
            ctx.fail("bắt đầu", response)
            return
        path = response.location
        attempt_id = int(path.strip("/").split("/")[1])
        ctx.ledger.attempts.add(attempt_id)
        while True:
            page = await _step(ctx, "question", browser.get(path), trip)
            if page is None:
                ctx.fail("câu hỏi")
                return
            if page.status == 302:
                path = page.location
                if path.endswith("/ket-qua/"):
                    break
                continue
            html = page.body.decode()
            position, options, number = POSITION.search(html), OPTION.findall(html), NUMBER.search(html)
            if page.status != 200 or not (position and options and number):
                ctx.fail("câu hỏi", page)
                return
            await asyncio.sleep(ctx.rng.uniform(*ctx.think))
            kind = options[0][0]
            chosen = random_choice(ctx.rng, [int(v) for _, v in options], kind == "checkbox")
            form = {"csrfmiddlewaretoken": csrf_token(page.body), "position": position.group(1), "option": chosen}
            step = "finish" if number.group(1) == number.group(2) else "answer"
            sends = [_step(ctx, step, browser.post(f"/thi/{attempt_id}/tra-loi/", form), trip)]
            if ctx.rng.random() < ctx.double_tap:
                sends.append(_step(ctx, "doubled", browser.post(f"/thi/{attempt_id}/tra-loi/", form, second=True), trip))
            responses = await asyncio.gather(*sends)
            for response in responses:
                outcome = response.header("x-answer") if response is not None else None
                if response is not None and response.status == 302 and outcome in ("recorded", "replayed"):
                    ctx.ledger.acks.append((attempt_id, int(position.group(1)), chosen, outcome))
                elif response is not None and response.status == 302:
                    ctx.ledger.refused["journey"] += 1
            shown = responses[-1]  # after a doubled tap the phone shows the answer to the second one
            if shown is None or shown.status != 302:
                ctx.fail("trả lời", shown)
                return
            path = shown.location
        page = await _step(ctx, "result", browser.get(path), trip)
        if page is None or page.status != 200:
            ctx.fail("kết quả", page)
            return
        score = SCORE.search(page.body.decode())
        if score:
            ctx.ledger.scores[attempt_id] = score.group(1)
        ctx.completed += 1
        ctx.per_journey.append(trip[0])
    finally:
        browser.close()


async def mcq_journey(ctx, session, quiz_id):
    """The same journey on django-mcq: the quiz list, the first question (its 'start'), ten
    answers with the same think time and doubled taps, the result page."""
    trip = [0]
    browser = Browser(HOST, ctx.port, cookies={"sessionid": session}, stats=ctx.stats)
    take = f"/quiz/q/{quiz_id}/"
    try:
        page = await _step(ctx, "landing", browser.get("/quiz/q/"), trip)
        if page is None or page.status != 200:
            ctx.fail("danh sách bài thi", page)
            return
        page = await _step(ctx, "start", browser.get(take), trip)
        while True:
            if page is None or page.status != 200:
                ctx.fail("câu hỏi", page)
                return
            html = page.body.decode()
            choices, number = MCQ_CHOICE.findall(html), MCQ_NUMBER.search(html)
            if not choices or not number:
                ctx.fail("câu hỏi (không đọc được trang)", page)
                return
            await asyncio.sleep(ctx.rng.uniform(*ctx.think))
            choice = ctx.rng.choice(choices)
            form = {"csrfmiddlewaretoken": csrf_token(page.body), "answer": choice}
            step = "finish" if number.group(1) == number.group(2) else "answer"
            sends = [_step(ctx, step, browser.post(take, form), trip)]
            if ctx.rng.random() < ctx.double_tap:
                sends.append(_step(ctx, "doubled", browser.post(take, form, second=True), trip))
            responses = await asyncio.gather(*sends)
            for response in responses:
                if response is not None and response.status == 302:
                    ctx.ledger.acks.append((session, int(choice), None, "recorded"))
                elif response is not None and response.status < 500:
                    ctx.ledger.refused["mcq"] += 1
            shown = responses[-1]  # after a doubled tap the phone shows the answer to the second one
            if shown is not None and shown.status == 200:
                page = shown  # the form again (the answer was not taken): answer what it shows
                continue
            if shown is None or shown.status != 302:
                ctx.fail("trả lời", shown)
                return
            if "studentresults" in shown.location:
                break
            page = await _step(ctx, "question", browser.get(shown.location), trip)
        page = await _step(ctx, "result", browser.get(f"{take}studentresults/"), trip)
        if page is None or page.status != 200:
            ctx.fail("kết quả", page)
            return
        ctx.completed += 1
        ctx.per_journey.append(trip[0])
    finally:
        browser.close()


async def journey_capacity(server, world, args, ledger, rng):
    """Closed loop, no think time: `concurrency` members take the contest back to back. Returns
    journeys/s (the capacity the fixed-rate run takes 70% of)."""
    ctx = JourneyContext(server.port, world.contest.code, Stats(), ledger, rng, (0, 0), 0)
    pool = iter(world.take(args.capacity_members))

    async def job(index, deadline):
        member = next(pool, None)
        if member is None:
            return False
        await hocbac_journey(ctx, member[2])
        return None

    before = server.cpu.snapshot()
    ctx.window_end = time.monotonic() + args.capacity_seconds
    elapsed = await closed_loop(args.concurrency, args.capacity_seconds, job)
    cpu = CpuMeter.delta(before, server.cpu.snapshot())
    return ctx, elapsed, cpu


async def journey_at_rate(server, sessions, rate, args, ledger, rng, runner, code=""):
    ctx = JourneyContext(server.port, code, Stats(), ledger, rng, (args.think_min, args.think_max), args.double_tap)
    pool = iter(sessions)

    async def arrive():
        session = next(pool, None)
        if session is not None:
            await runner(ctx, session)

    before = server.cpu.snapshot()
    arrived, unfinished, elapsed = await open_loop(rate, args.journey_seconds, arrive, limit=len(sessions),
                                                   grace=args.think_max * 10 + 90)
    cpu = CpuMeter.delta(before, server.cpu.snapshot())
    return ctx, arrived, unfinished, elapsed, cpu


def print_steps(stats, steps=STEPS):
    log(f"   {'bước':<36}{'số yêu cầu':>11}{'p50':>10}{'p95':>10}{'p99':>10}{'503':>6}{'lỗi':>6}")
    for step, label in [*steps, ("doubled", "(bấm hai lần: yêu cầu thứ hai)")]:
        count, p50, p95, p99 = stats.summary(step)
        if count or stats.failures.get(step):
            log(f"   {label:<36}{vn(count):>11}{ms(p50):>10}{ms(p95):>10}{ms(p99):>10}{vn(stats.busy.get(step, 0)):>6}"
                f"{vn(stats.failures.get(step, 0)):>6}")


# Phase 3: the synchronised start -------------------------------------------------------------------------

async def synchronised_start(server, world, members, background, args, rng):
    """`members` open the contest's page beforehand, then press "Bắt đầu" in the same instant;
    refused ones wait Retry-After with jitter and press again; admitted ones load their first
    question. Meanwhile the `background` members, who started a few seconds earlier, go on
    answering with think time: what the start costs those already in the contest."""
    code = world.contest.code
    stats = Stats()
    browsers = [Browser(HOST, server.port, cookies={"sessionid": session}, stats=stats, timeout=args.sync_timeout)
                for _, _, session in members]
    tokens = [None] * len(browsers)
    gate = asyncio.Semaphore(args.concurrency)

    async def open_page(index):
        async with gate:
            try:
                page = await browsers[index].get(f"/t/{code}/")
                tokens[index] = csrf_token(page.body)
            except RequestFailed:
                pass
            browsers[index].close()

    await asyncio.gather(*(open_page(i) for i in range(len(browsers))))
    ready = [i for i, token in enumerate(tokens) if token]
    go = asyncio.Event()
    deadline = Deadline(args.sync_seconds + 5)
    outcome = {"admitted": [], "first_question": [], "retries": [], "no_retry_after": 0, "gave_up": 0,
               "attempts": {}, "refused": 0}

    async def press(index):
        await go.wait()
        browser, started, retries = browsers[index], time.perf_counter(), 0
        while not deadline.passed():
            try:
                response = await browser.post(f"/t/{code}/bat-dau/", {"csrfmiddlewaretoken": tokens[index]})
            except RequestFailed as error:
                stats.fail("start", error)
                retries += 1
                await asyncio.sleep(jitter(2, rng))
                continue
            stats.record("start", response)
            if response.status == 503:
                outcome["refused"] += 1
                retry_after = response.header("retry-after")
                if retry_after is None:
                    outcome["no_retry_after"] += 1
                retries += 1
                await asyncio.sleep(jitter(float(retry_after or 2), rng))
                continue
            if response.status == 302 and "/thi/" in (response.location or ""):
                outcome["admitted"].append(time.perf_counter() - started)
                outcome["retries"].append(retries)
                outcome["attempts"][index] = int(response.location.strip("/").split("/")[1])
                page = await _step_plain(stats, "question", browser.get(response.location))
                if page is not None and page.status == 200:
                    outcome["first_question"].append(time.perf_counter() - started)
                return
            stats.failures["start"] += 1
            return
        outcome["gave_up"] += 1

    ledger = Ledger()
    others = JourneyContext(server.port, code, Stats(), ledger, rng, (args.think_min, args.think_max), 0)
    busy = []
    for _, _, session in background:  # they start over a second or two, then answer
        busy.append(asyncio.ensure_future(hocbac_journey(others, session)))
        await asyncio.sleep(0.05)
    await asyncio.sleep(args.think_max + 1)
    before = server.cpu.snapshot()
    tasks = [asyncio.ensure_future(press(i)) for i in ready]
    await asyncio.sleep(0.2)  # every task is waiting at the gate
    started = time.perf_counter()
    go.set()
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    cpu = CpuMeter.delta(before, server.cpu.snapshot())
    if busy:
        await asyncio.wait(busy, timeout=args.think_max * 10 + 2 * args.sync_timeout)
    for browser in browsers:
        browser.close()
    return stats, outcome, len(ready), elapsed, cpu, others


def report_sync(world, members, background, result):
    """Prints the synchronised start's figures and checks; returns the number of problems."""
    sync_stats, outcome, ready, elapsed, cpu, others = result
    admitted, first = outcome["admitted"], outcome["first_question"]
    log(f"   {vn(ready)} người sẵn sàng; {vn(len(admitted))} được nhận sau {vn(elapsed, 1)} s; "
        f"{vn(outcome['refused'])} lần trả 503 + Retry-After; thử lại nhiều nhất {vn(max(outcome['retries'] or [0]))} lần, "
        f"trung bình {vn(sum(outcome['retries']) / max(len(admitted), 1), 1)}")
    log(f"   từ lúc bấm đến khi được nhận: p50 {ms(percentile(admitted, 0.5))}, p95 {ms(percentile(admitted, 0.95))}, "
        f"p99 {ms(percentile(admitted, 0.99))}, chậm nhất {ms(max(admitted or [0]))}")
    log(f"   đến khi thấy câu hỏi đầu tiên: p50 {ms(percentile(first, 0.5))}, p95 {ms(percentile(first, 0.95))}, "
        f"p99 {ms(percentile(first, 0.99))}")
    _, s50, s95, s99 = sync_stats.summary("start")
    log(f"   mỗi yêu cầu bắt đầu (kể cả 503): p50 {ms(s50)}, p95 {ms(s95)}, p99 {ms(s99)}; trạng thái HTTP "
        + ", ".join(f"{k}: {vn(v)}" for k, v in sorted(sync_stats.statuses.items(), key=str)))
    log(cpu_line(cpu, len(admitted), "người được nhận"))
    saves = others.stats.merged(["answer", "finish"])
    log(f"   {vn(len(background))} người đang làm bài trong lúc đó: ghi câu trả lời p50 {ms(percentile(saves, 0.5))}, "
        f"p95 {ms(percentile(saves, 0.95))}, p99 {ms(percentile(saves, 0.99))}, chậm nhất {ms(max(saves or [0]))}; "
        f"bị từ chối (quá hạn) {vn(others.ledger.refused['journey'])}; hoàn thành {vn(others.completed)}, "
        f"hỏng {vn(others.failed)}")
    log(errors_line(others.stats))
    problems = check_sync(world, members, outcome, sync_stats)
    problems += check_ledger(world, others.ledger, others.ledger.attempts, "người đang làm bài")
    return problems + others.failed


async def _step_plain(stats, step, coroutine):
    try:
        response = await coroutine
    except RequestFailed as error:
        stats.fail(step, error)
        return None
    stats.record(step, response)
    return response


def check_sync(world, members, outcome, stats):
    from hocbac.contests.models import Attempt

    member_ids = [member_id for member_id, _, _ in members]
    per_member = Counter(Attempt.objects.unscoped().filter(contest=world.contest, member_id__in=member_ids)
                         .values_list("member_id", flat=True))
    doubled = sum(1 for n in per_member.values() if n > 1)
    other_5xx = sum(n for status, n in stats.statuses.items() if isinstance(status, int) and status >= 500 and status != 503)
    no_answer = stats.statuses.get("no answer", 0)
    mismatched = sum(1 for index, attempt_id in outcome["attempts"].items()
                     if Attempt.objects.unscoped().filter(pk=attempt_id, member_id=members[index][0]).count() != 1)
    problems = doubled + other_5xx + no_answer + outcome["no_retry_after"] + outcome["gave_up"] + mismatched \
        + (len(outcome["attempts"]) != sum(per_member.values()))
    log(f"   Kiểm tra: {vn(sum(per_member.values()))} lượt thi cho {vn(len(outcome['attempts']))} người được nhận · "
        f"đảng viên có hai lượt {vn(doubled)} · 5xx khác 503 {vn(other_5xx)} · không có trả lời {vn(no_answer)} · "
        f"503 thiếu Retry-After {vn(outcome['no_retry_after'])} · bỏ cuộc {vn(outcome['gave_up'])}")
    log(f"     → {'ĐẠT' if problems == 0 else f'KHÔNG ĐẠT ({problems} lỗi)'}")
    return problems


# Phase 5: django-mcq -------------------------------------------------------------------------------------

def mcq_prepare(count, out):
    """Run in a subprocess with DJANGO_SETTINGS_MODULE=bench.contest_mcq_site: migrate django-mcq's
    own database, a 10-question quiz (4 answers, one right), `count` users signed in."""
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from quiz.models import Answer, Question, Quiz, Subject

    call_command("migrate", verbosity=0)
    subject = Subject.objects.create(name="Chỉ thị 05")
    quiz = Quiz.objects.create(name="Thi đo tải: tìm hiểu Chỉ thị 05", subject=subject)
    for i in range(10):
        question = Question.objects.create(quiz=quiz, text=f"Câu hỏi {i + 1:02d}: theo Chỉ thị 05-CT/TW …?")
        Answer.objects.bulk_create(Answer(question=question, text=f"Phương án {'ABCD'[k]} của câu {i + 1}",
                                          is_correct=k == i % 4) for k in range(4))
    users = User.objects.bulk_create([User(username=f"09{n:08d}", password=make_password(None)) for n in range(count)])
    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = []
    for user in users:
        session = store()
        session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        sessions.append([user.pk, session.session_key])
    Path(out).write_text(json.dumps({"quiz": quiz.pk, "sessions": sessions}))


def check_mcq_ledger(url, ledger, sessions):
    """django-mcq's ledger, in SQL on its own database."""
    import psycopg

    user_of = {session: user_id for user_id, session in sessions}
    acked = Counter((user_of[session], answer_id) for session, answer_id, _, _ in ledger.acks)
    with psycopg.connect(url) as connection:
        stored = Counter(connection.execute("SELECT student_id, answer_id FROM quiz_studentanswer").fetchall())
        duplicated = connection.execute(
            "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM quiz_studentanswer sa "
            "JOIN quiz_answer a ON a.id = sa.answer_id GROUP BY sa.student_id, a.question_id HAVING count(*) > 1) d"
        ).fetchone()[0]
        two_finishes = connection.execute(
            "SELECT count(*) FROM (SELECT 1 FROM quiz_takenquiz GROUP BY student_id, quiz_id HAVING count(*) > 1) d"
        ).fetchone()[0]
        finished = connection.execute("SELECT count(*) FROM quiz_takenquiz").fetchone()[0]
        # The score recomputed from stored answers, one per question (the first one stored).
        wrong_score = connection.execute("""
            SELECT count(*) FROM quiz_takenquiz t JOIN (
              SELECT student_id, sum(CASE WHEN is_correct THEN 1 ELSE 0 END) AS right_answers FROM (
                SELECT DISTINCT ON (sa.student_id, a.question_id) sa.student_id, a.is_correct
                FROM quiz_studentanswer sa JOIN quiz_answer a ON a.id = sa.answer_id ORDER BY sa.student_id, a.question_id, sa.id
              ) firsts GROUP BY student_id
            ) r ON r.student_id = t.student_id WHERE r.right_answers <> t.score""").fetchone()[0]
    lost = sum(1 for key in acked if key not in stored)
    rows = sum(stored.values())
    problems = lost + int(duplicated) + two_finishes + wrong_score
    log(f"   Sổ cái (django-mcq): {vn(len(acked))} câu trả lời được xác nhận, {vn(rows)} dòng trong cơ sở dữ liệu")
    log(f"     mất {vn(lost)} · trùng {vn(int(duplicated))} · quá hạn: không kiểm được (không có đồng hồ máy chủ, "
        f"không có hạn nộp) · {vn(finished)} lần nộp bài, người nộp hai lần {vn(two_finishes)} · "
        f"điểm công bố khác điểm tính lại {vn(wrong_score)}")
    log(f"     → {'ĐẠT' if problems == 0 else f'KHÔNG ĐẠT ({problems} lỗi)'}")
    return problems


# The run ---------------------------------------------------------------------------------------------------

def cpu_line(cpu, count, what):
    if not count:
        return ""
    total = sum(cpu["workers"]) or 1
    split = "/".join(f"{round(100 * w / total)}" for w in cpu["workers"])
    return (f"   CPU mỗi {what}: ứng dụng {vn(cpu['app'] * 1000 / count, 1)} ms (chia giữa các tiến trình {split} %), "
            f"PostgreSQL {vn(cpu['db'] * 1000 / count, 1)} ms, bộ tạo tải {vn(cpu['client'] * 1000 / count, 1)} ms")


def add_cpu(total, cpu):
    if total is None:
        return cpu
    return {"app": total["app"] + cpu["app"], "db": total["db"] + cpu["db"], "client": total["client"] + cpu["client"],
            "workers": [a + b for a, b in zip(total["workers"], cpu["workers"], strict=False)]}


def errors_line(stats):
    return f"   ví dụ lỗi: {'; '.join(stats.errors)}" if stats.errors else ""


def rate_of(stats, step, elapsed):
    return len(stats.latencies.get(step, [])) / elapsed if elapsed else 0


@dataclass
class Run:
    """What the phases share: arguments, data, the server, the figures for the summary."""

    args: object
    world: World
    workdir: str
    names: dict
    rng: random.Random
    server: object = None
    problems: int = 0
    summary: dict = field(default_factory=dict)


async def phase_saturation(run):
    args, world, server, rng, db_name, workdir = run.args, run.world, run.server, run.rng, run.names["app"], run.workdir
    problems, summary = 0, {}
    # 1 --------------------------------------------------------------------------------------------
    log(f"\n1. Ghi câu trả lời ở mức bão hòa ({args.concurrency} yêu cầu đồng thời, mỗi yêu cầu một kết nối như sau "
        f"nginx; {args.rounds} vòng xen kẽ, mỗi phép đo {args.saturation_seconds} s; lấy vòng tốt nhất)")
    ledger1 = Ledger()
    queue = iter(start_attempts(world, world.take(args.saturation_attempts), serve=True))
    sessions = [session for _, _, session in world.members[: args.concurrency]]
    best = {"noop": 0.0, "answer": 0.0, "pgbench": 0.0}
    noop_all, answer_all, pg_rows, pg_error = Stats(), Stats(), 0, None
    cpu_noop = cpu_answer = None
    for _ in range(args.rounds):
        noop_stats, elapsed, cpu = await saturate_noop(server, sessions, args)
        best["noop"] = max(best["noop"], rate_of(noop_stats, "noop", elapsed))
        noop_all.merge(noop_stats)
        cpu_noop = add_cpu(cpu_noop, cpu)
        acked = len(ledger1.acks)
        answer_stats, elapsed, cpu = await saturate_answers(server, queue, args, ledger1, rng)
        best["answer"] = max(best["answer"], (len(ledger1.acks) - acked) / elapsed)
        answer_all.merge(answer_stats)
        cpu_answer = add_cpu(cpu_answer, cpu)
        pg, pg_error = run_pgbench(world, world.take(10), args, db_name, workdir)
        if pg:
            best["pgbench"] = max(best["pgbench"], pg["tps"])
            pg_rows += pg["rows"]
    answers = len(ledger1.acks)
    noops = len(noop_all.latencies["noop"])
    _, a50, a95, a99 = answer_all.summary("answer")
    _, n50, n95, _ = noop_all.summary("noop")
    log(f"   trang rỗng /bench/noop/ (cùng middleware)  {vn(best['noop']):>8} yêu cầu/s   p50 {ms(n50)}, p95 {ms(n95)}")
    log(f"   ghi câu trả lời POST /thi/…/tra-loi/       {vn(best['answer']):>8} câu/s       p50 {ms(a50)}, p95 {ms(a95)}, p99 {ms(a99)}")
    if best["pgbench"]:
        log(f"   pgbench INSERT vào contests_answer        {vn(best['pgbench']):>8} dòng/s      "
            f"({vn(pg_rows)} dòng, {args.concurrency} kết nối)")
    if pg_error:
        log(f"   pgbench: {pg_error}")
    log(f"   tỷ lệ ghi câu trả lời / trang rỗng: {vn(100 * best['answer'] / best['noop'], 1)} % (mục tiêu ≥ 25 %)"
        + (f"; / pgbench: {vn(100 * best['answer'] / best['pgbench'], 1)} %" if best["pgbench"] else ""))
    log(cpu_line(cpu_noop, noops, "trang rỗng"))
    log(cpu_line(cpu_answer, answers, "câu trả lời"))
    cost_noop = (cpu_noop["app"] + cpu_noop["db"] + cpu_noop["client"]) / max(noops, 1)
    cost_answer = (cpu_answer["app"] + cpu_answer["db"] + cpu_answer["client"]) / max(answers, 1)
    log(f"   theo thời gian CPU (ít nhiễu hơn): một câu trả lời tốn bằng {vn(cost_answer / cost_noop, 1)} trang rỗng "
        f"→ tỷ lệ {vn(100 * cost_noop / cost_answer, 1)} %")
    log(f"   lỗi: ghi {vn(sum(answer_all.failures.values()))}, trang rỗng {vn(sum(noop_all.failures.values()))}, "
        f"bị từ chối {vn(ledger1.refused['saturation'])}")
    problems += sum(answer_all.failures.values()) + sum(noop_all.failures.values())
    problems += check_ledger(world, ledger1, ledger1.attempts, "bão hòa")
    summary.update(answer_rate=best["answer"], noop_rate=best["noop"], pg=best["pgbench"],
                   answer_cpu_app=cpu_answer["app"] / max(answers, 1), answer_cpu_db=cpu_answer["db"] / max(answers, 1))

    run.summary.update(summary)
    run.problems += problems


async def phase_journey(run):
    args, world, server, rng = run.args, run.world, run.server, run.rng
    problems, summary = 0, {}
    # 2 --------------------------------------------------------------------------------------------
    log(f"\n2. Hành trình thi: công suất (vòng kín, {args.concurrency} người, không nghĩ, {args.capacity_seconds} s)")
    ledger2 = Ledger()
    capacity_ctx, _, capacity_cpu = await journey_capacity(server, world, args, ledger2, rng)
    # Requests answered inside the window, in journeys: the ones still under way at its end count too.
    requests_per_journey = sum(capacity_ctx.per_journey) / max(len(capacity_ctx.per_journey), 1)
    capacity = capacity_ctx.in_window / args.capacity_seconds / requests_per_journey
    log(f"   {vn(capacity_ctx.in_window)} yêu cầu được trả lời trong {args.capacity_seconds} s "
        f"({vn(capacity_ctx.in_window / args.capacity_seconds)} yêu cầu/s), {vn(requests_per_journey, 1)} yêu cầu mỗi hành trình "
        f"→ công suất {vn(capacity, 2)} hành trình/s; {vn(capacity_ctx.completed)} hành trình trọn vẹn; "
        f"lỗi {vn(sum(capacity_ctx.stats.failures.values()))}; 503 khi bắt đầu {vn(capacity_ctx.stats.busy['start'])}")
    log(cpu_line(capacity_cpu, capacity_ctx.stats.requests, "yêu cầu của hành trình"))
    log(errors_line(capacity_ctx.stats))
    print_steps(capacity_ctx.stats)
    rate = args.load_share * capacity
    journeys = min(int(rate * args.journey_seconds) + 1, args.journey_members)
    log(f"\n   Ở {vn(100 * args.load_share)} % công suất: {vn(rate, 2)} người bắt đầu mỗi giây trong "
        f"{args.journey_seconds} s (tối đa {vn(journeys)} người), nghĩ {vn(args.think_min, 1)}–{vn(args.think_max, 1)} s "
        f"trước mỗi câu, {vn(100 * args.double_tap)} % câu trả lời bấm hai lần")
    ctx, arrived, unfinished, elapsed, cpu = await journey_at_rate(
        server, [s for _, _, s in world.take(journeys)], rate, args, ledger2, rng, hocbac_journey,
        code=world.contest.code)
    answer_saves = ctx.stats.merged(["answer", "finish"])
    log(f"   {vn(arrived)} người đến, {vn(ctx.completed)} hoàn thành, {vn(ctx.failed)} hỏng, {vn(unfinished)} chưa xong khi hết giờ; "
        f"{vn(ctx.stats.requests / elapsed)} yêu cầu/s; bắt đầu phải thử lại {vn(ctx.start_retries)} lần; "
        f"gửi lại sau khi máy chủ đóng kết nối {vn(ctx.stats.resent)}")
    print_steps(ctx.stats)
    p95 = percentile(answer_saves, 0.95)
    log(f"   ghi câu trả lời (mọi câu): p50 {ms(percentile(answer_saves, 0.5))}, p95 {ms(p95)}, "
        f"p99 {ms(percentile(answer_saves, 0.99))} (mục tiêu p95 ≤ 300 ms) → {'ĐẠT' if p95 is not None and p95 <= 0.3 else 'KHÔNG ĐẠT'}")
    log(f"   lỗi (không trả lời hoặc 5xx): {vn(sum(ctx.stats.failures.values()))}; câu trả lời bị từ chối: "
        f"{vn(ledger2.refused['journey'])}")
    log(errors_line(ctx.stats))
    log(cpu_line(cpu, ctx.stats.requests, "yêu cầu"))
    problems += ctx.failed + sum(ctx.stats.failures.values()) + capacity_ctx.failed
    problems += check_ledger(world, ledger2, ledger2.attempts, "hành trình")
    summary.update(capacity=capacity, rate=rate, journey_p95=p95, journey_stats=ctx.stats)

    run.summary.update(summary)
    run.problems += problems


async def phase_sync(run):
    args, world, server, rng, db_name, workdir = run.args, run.world, run.server, run.rng, run.names["app"], run.workdir
    problems = 0
    # 3 --------------------------------------------------------------------------------------------
    sync_members, background = world.take(args.sync), world.take(args.sync_background)
    log(f"\n3. {vn(len(sync_members))} đảng viên cùng bấm “Bắt đầu thi” một lúc (trang cuộc thi đã mở sẵn), "
        f"trong khi {vn(len(background))} người khác đang làm bài")
    problems += report_sync(world, sync_members, background,
                            await synchronised_start(server, world, sync_members, background, args, rng))
    if args.sync_compare:
        server.stop()
        server = run.server = Server(args, args.settings, Path(workdir) / "gunicorn-open.log", db_name,
                                     {"HOCBAC_CONTEST_START_CONCURRENCY": str(args.threads)})
        await server.wait_ready("/bench/noop/")
        sync_members, background = world.take(args.sync), world.take(args.sync_background)
        log(f"\n   So sánh: không kiểm soát (mỗi tiến trình nhận tới {args.threads} lượt bắt đầu cùng lúc = số luồng, "
            f"nên không ai bị từ chối), {vn(len(sync_members))} người khác")
        report_sync(world, sync_members, background,
                    await synchronised_start(server, world, sync_members, background, args, rng))
    run.problems += problems


async def phase_mcq(run):
    args, rng, names, workdir = run.args, run.rng, run.names, run.workdir
    rate = run.summary.get("rate", args.rate)
    # 5 --------------------------------------------------------------------------------------------------
    log(f"\n5. Cùng hành trình, cùng {vn(rate, 2)} người/s, trên django-mcq (bài thi ngây thơ từ PyPI) cùng máy")
    try:
        import quiz  # noqa: F401
    except ImportError:
        log("   bỏ qua: chưa cài django-mcq (make bench-contest cài phần bổ sung `bench`: pip install -e \".[bench]\")")
        return
    mcq_url = database_url(args.postgres, names["mcq"])
    count = min(int(rate * args.journey_seconds) + 1, args.journey_members)
    out = Path(workdir) / "mcq.json"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.contest_mcq_site", "BENCH_MCQ_DATABASE_URL": mcq_url,
           "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, __file__, "mcq-prepare", str(count), str(out)], env=env, check=True, cwd=ROOT)
    prepared = json.loads(out.read_text())
    mcq = Server(args, "bench.contest_mcq_site", Path(workdir) / "gunicorn-mcq.log", names["mcq"],
                 {"BENCH_MCQ_DATABASE_URL": mcq_url})
    try:
        await mcq.wait_ready("/quiz/q/")
        ledger5 = Ledger()

        async def mcq_runner(ctx, session):
            await mcq_journey(ctx, session, prepared["quiz"])

        ctx, arrived, unfinished, elapsed, cpu = await journey_at_rate(
            mcq, [s for _, s in prepared["sessions"]], rate, args, ledger5, rng, mcq_runner)
        log(f"   {vn(arrived)} người đến, {vn(ctx.completed)} hoàn thành, {vn(ctx.failed)} hỏng, {vn(unfinished)} chưa xong; "
            f"{vn(ctx.stats.requests / elapsed)} yêu cầu/s")
        print_steps(ctx.stats, [(s, label if s != "start" else "câu hỏi đầu tiên (thay cho bắt đầu)") for s, label in STEPS])
        saves = ctx.stats.merged(["answer", "finish"])
        log(f"   ghi câu trả lời (mọi câu): p50 {ms(percentile(saves, 0.5))}, p95 {ms(percentile(saves, 0.95))}, "
            f"p99 {ms(percentile(saves, 0.99))}; lỗi {vn(sum(ctx.stats.failures.values()))}; "
            f"câu trả lời không được nhận (trang hỏi lại) {vn(ledger5.refused['mcq'])}")
        log(cpu_line(cpu, ctx.stats.requests, "yêu cầu"))
        log(errors_line(ctx.stats))
        mcq_problems = check_mcq_ledger(mcq_url, ledger5, prepared["sessions"])
        run.summary.update(mcq_p95=percentile(saves, 0.95), mcq_problems=mcq_problems)
    finally:
        mcq.stop()




async def run_phases(args, world, workdir, names):
    run = Run(args, world, workdir, names, random.Random(args.seed))
    run.server = Server(args, args.settings, Path(workdir) / "gunicorn.log", names["app"],
                        {"HOCBAC_CONTEST_START_CONCURRENCY": str(args.start_concurrency)} if args.start_concurrency else None)
    try:
        await run.server.wait_ready("/bench/noop/")
        log(f"Máy chủ: gunicorn {args.workers} tiến trình × {args.threads} luồng (gthread) tại {HOST}:{run.server.port}, "
            f"{os.cpu_count()} nhân; bắt đầu thi tối đa {args.start_concurrency or 'mặc định'} cùng lúc mỗi tiến trình")
        for phase, work in (("1", phase_saturation), ("2", phase_journey), ("3", phase_sync)):
            if phase in args.phases:
                await work(run)
    finally:
        run.server.stop()
    if "5" in args.phases:
        await phase_mcq(run)
    return run.problems, run.summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=3500, help="members generated (each takes the contest once)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (one per core)")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (gthread)")
    parser.add_argument("--start-concurrency", type=int, default=0,
                        help="HOCBAC_CONTEST_START_CONCURRENCY for the server (0: the module's default)")
    parser.add_argument("--concurrency", type=int, default=16, help="connections of the saturation and capacity runs")
    parser.add_argument("--saturation-seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds of the saturation measures")
    parser.add_argument("--saturation-attempts", type=int, default=400)
    parser.add_argument("--capacity-seconds", type=int, default=15)
    parser.add_argument("--capacity-members", type=int, default=300)
    parser.add_argument("--load-share", type=float, default=0.7, help="share of the measured capacity for the journey")
    parser.add_argument("--journey-seconds", type=int, default=30, help="arrival window of the fixed-rate journey")
    parser.add_argument("--journey-members", type=int, default=600, help="at most this many arrivals")
    parser.add_argument("--think-min", type=float, default=1.0)
    parser.add_argument("--think-max", type=float, default=3.0)
    parser.add_argument("--double-tap", type=float, default=0.1, help="share of answers sent twice at once")
    parser.add_argument("--sync", type=int, default=1000, help="members pressing start at the same instant")
    parser.add_argument("--sync-seconds", type=int, default=120, help="bound on the synchronised start")
    parser.add_argument("--sync-background", type=int, default=40, help="members answering during the synchronised start")
    parser.add_argument("--sync-timeout", type=float, default=60, help="client timeout then (a proxy's usual 60 s)")
    parser.add_argument("--sync-compare", action="store_true",
                        help="run the synchronised start again with admission control out of the way")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432", help="server for the fresh databases")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3", help="cache and sessions, as in production ('' for none)")
    parser.add_argument("--settings", default="bench.contest_site",
                        help="settings module of the server (to try a change: a module importing this one)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--phases", default="1235", help="which parts to run (1: saturation, 2: journey, 3: "
                        "synchronised start, 5: django-mcq)")
    parser.add_argument("--rate", type=float, default=1.0, help="journeys/s for part 5 when part 2 does not run")
    parser.add_argument("--keep", action="store_true", help="keep the databases (to look at them afterwards)")
    args = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 8192)), hard))
    suffix = f"{os.getpid()}_{secrets.token_hex(3)}"
    names = {"app": f"hocbac_bench_contest_{suffix}", "mcq": f"hocbac_bench_mcq_{suffix}"}
    prefix = f"bench-contest-{suffix}"
    workdir = tempfile.mkdtemp(prefix="hocbac-contest-")
    os.environ.pop("HOCBAC_TESTING", None)
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "bench.contest_site", "HOCBAC_DEBUG": "0", "HOCBAC_HTTPS": "0",
        "HOCBAC_SECRET_KEY": secrets.token_urlsafe(50), "HOCBAC_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(args.postgres, names["app"]), "BENCH_CACHE_PREFIX": prefix,
        "HOCBAC_DATA_DIR": workdir, "HOCBAC_STATIC_ROOT": str(Path(workdir) / "static"), "HOCBAC_LOG_LEVEL": "WARNING",
    })
    if args.redis:
        os.environ["REDIS_URL"] = args.redis
    else:
        os.environ.pop("REDIS_URL", None)
    created = []
    try:
        for key in ("app", "mcq"):
            admin_sql(args.postgres, f'CREATE DATABASE "{names[key]}"')
            created.append(names[key])
        import django

        started = time.perf_counter()
        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        world = make_world(args.members, random.Random(args.seed))
        pg_version = connection.pg_version
        connection.close()
        log(f"Thi trắc nghiệm — đo tải ({time.strftime('%d/%m/%Y %H:%M')}), PostgreSQL "
            f"{pg_version // 10000}, phiên đăng nhập {'trong Redis' if args.redis else 'trong cơ sở dữ liệu'}; "
            f"chuẩn bị {vn(args.members)} đảng viên đã đăng nhập, 20 câu hỏi, cuộc thi 10 câu × 30 s "
            f"trong {vn(time.perf_counter() - started, 1)} s")
        # The ORM calls of run() (data for a phase, the ledger checks) happen between phases, when no
        # request of this event loop is under way; the servers are other processes.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        problems, summary = asyncio.run(run_phases(args, world, workdir, names))
        figures = []
        if "answer_rate" in summary:
            figures.append(f"ghi câu trả lời {vn(summary['answer_rate'])} câu/s = "
                           f"{vn(100 * summary['answer_rate'] / summary['noop_rate'], 1)} % trang rỗng")
        if "journey_p95" in summary:
            figures.append(f"p95 ghi ở {vn(100 * args.load_share)} % công suất {ms(summary['journey_p95'])}")
        log(f"\nTổng kết: {'không có lỗi' if problems == 0 else f'{problems} lỗi'} ở hocbac" +
            "".join(f"; {f}" for f in figures))
        return 1 if problems else 0
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # Django may not be set up yet
            pass
        if args.redis:
            import redis

            client = redis.Redis.from_url(args.redis)
            for key in client.scan_iter(match=f"{prefix}*", count=1000):
                client.delete(key)
        if not args.keep:
            for name in created:
                admin_sql(args.postgres, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "mcq-prepare":
        mcq_prepare(int(sys.argv[2]), sys.argv[3])
    else:
        sys.exit(main())
