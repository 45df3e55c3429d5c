"""Dashboard benchmark on a synthetic province (issue 9). One command:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/dashboard.py [--members 500000]

It creates a fresh PostgreSQL database (`hocbac_bench_dashboard`, dropped at the end unless
--keep), migrates, generates the province with `hocbac seed-scale`, builds the summaries
(`hocbac summaries --all`, timed) and prints:

1. for a cell, a ward and the province: p50/p95 of the dashboard through the app (Django's
   test client: URL resolution, middleware, scoping, template) beside the same headline figures
   computed by one plain SQL aggregate over the raw facts, and the ratio raw/app;
2. a day's new attendance (a regular meeting in one cell in 22, everyone marked, stale marks
   as the services write them): the time `refresh_stale` takes, and the longest wait of a
   reader querying the province's summaries in a loop meanwhile, in another process (as a
   dashboard request is in another gunicorn worker);
3. the yearly report of the province: drafting, issuing (figures frozen) and the Word document.

Targets (issue 9): ward ≤ 150 ms and province ≤ 500 ms p95 through the app; the province at
least 20× faster than the raw aggregate; no reader waits more than 200 ms during a refresh;
the province's report in under 10 s. The machine is shared: read the ratios.
"""

import argparse
import datetime
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = "hocbac_bench_dashboard"


def _url(base, name):
    parts = urlparse(base)
    return urlunparse(parts._replace(path=f"/{name}"))


def _psql(base, sql):
    subprocess.run(["psql", _url(base, "postgres"), "-qc", sql], check=True)


def _hocbac(env, *args):
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "hocbac.cli", *args], check=True, env=env, cwd=ROOT)
    return time.perf_counter() - started


def _percentiles(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]


def _n(value, decimals=0):
    from hocbac.core.text import format_number

    return format_number(value, decimals)


def _ms(seconds):
    return _n(seconds * 1000, 1)


RAW_SQL = """
WITH subtree AS (SELECT id FROM orgs_organization WHERE path LIKE %(path)s),
marks AS (
  SELECT a.member_id, a.org_id, a.status, s.kind
  FROM study_attendance a JOIN study_studysession s ON s.id = a.session_id
  WHERE a.org_id IN (SELECT id FROM subtree) AND s.attendance_taken_at IS NOT NULL
    AND s.starts_at >= %(start)s AND s.starts_at < %(end)s)
SELECT
  (SELECT count(DISTINCT (org_id, member_id)) FROM marks WHERE status = 'co_mat') AS present_once,
  (SELECT count(*) FILTER (WHERE kind = 'thuong_ky' AND status = 'co_mat') FROM marks) AS regular_present,
  (SELECT count(*) FILTER (WHERE kind = 'thuong_ky') FROM marks) AS regular_invited,
  (SELECT count(DISTINCT p.member_id) FROM orgs_memberperiod p
    WHERE p.org_id IN (SELECT id FROM subtree) AND p.start <= %(day)s AND (p."end" IS NULL OR p."end" > %(day)s)
      AND p.status IN ('chinh_thuc', 'du_bi')) AS members
"""


def read_summaries(province_id, period_code, stop, ready, results):
    """In its own process: read the province's and its children's summaries in a loop until
    `stop`, then put the list of each read's duration (seconds) on `results`."""
    import django

    django.setup()
    from hocbac.orgs.models import Organization
    from hocbac.reports import periods, selectors

    province, period = Organization.objects.get(pk=province_id), periods.parse(period_code)
    orgs = [province, *province.children.all()]
    waits = []
    ready.set()
    while not stop.is_set():
        started = time.perf_counter()
        with selectors.bounded():
            selectors.figures(orgs, period)
        waits.append(time.perf_counter() - started)
    results.put(waits)


def measure(args, env):
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from hocbac.accounts.models import User
    from hocbac.core.scale import ROOT_CODE
    from hocbac.orgs.models import Organization
    from hocbac.reports import periods, selectors, services, summaries
    from hocbac.reports.documents import report_document
    from hocbac.reports.models import Facts, StaleMark

    today = timezone.localdate()
    year = periods.parse(str(today.year))
    province = Organization.objects.get(code=ROOT_CODE)
    ward = province.children.order_by("code").first()
    cell = Organization.objects.filter(path__startswith=ward.path, kind="chi_bo_truc_thuoc").order_by("code").first()
    user = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("bench", password=None)
    client = Client()
    client.force_login(user)

    # The same figures the raw aggregate gives must be on the page (otherwise we compare nothing).
    print(f"\n1. Bảng số liệu năm {today.year}: qua ứng dụng và bằng một câu SQL tổng hợp trên dữ liệu gốc")
    print(f"{'':12}{'app p50':>10}{'app p95':>10}{'SQL p50':>10}{'SQL p95':>10}{'SQL/app':>9}")
    results = {}
    for label, org in (("chi bộ", cell), ("phường", ward), ("tỉnh", province)):
        url = f"/o/{org.pk}/so-lieu/?ky={year.code}"
        for _ in range(3):
            assert client.get(url).status_code == 200
        app = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get(url)
            app.append(time.perf_counter() - started)
            assert response.status_code == 200
        raw, values = [], None
        params = {"path": org.path + "%", "start": timezone.make_aware(datetime.datetime(today.year, 1, 1)),
                  "end": timezone.make_aware(datetime.datetime(today.year + 1, 1, 1)), "day": today}
        for _ in range(args.raw_runs):
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(RAW_SQL, params)
                values = cursor.fetchone()
            raw.append(time.perf_counter() - started)
        figures = selectors.figures([org], year)[org.pk]
        assert (figures["dang_vien.tham_du"], figures["thuong_ky.co_mat"], figures["thuong_ky.moi"],
                figures["dang_vien"]) == values, (label, values, dict(figures))
        (a50, a95), (r50, r95) = _percentiles(app), _percentiles(raw)
        results[label] = (a50, a95, r50, r95)
        print(f"{label:12}{_ms(a50):>10}{_ms(a95):>10}{_ms(r50):>10}{_ms(r95):>10}{_n(r50 / a50, 1):>8}×")

    print("\n2. Một ngày điểm danh mới rồi cập nhật số liệu, trong khi một người đọc số liệu của tỉnh liên tục")
    cells = list(Organization.objects.filter(path__startswith=province.path, kind="chi_bo_truc_thuoc")
                 .values_list("pk", flat=True))[::22]
    moment = timezone.now().replace(hour=1, minute=0, second=0, microsecond=0)
    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO study_studysession (org_id, kind, title, starts_at, ends_at, place, attendance_taken_at,
                                            non_member_count, non_member_names, checkin_code, created_at)
            SELECT id, 'thuong_ky', 'Sinh hoạt chi bộ (bench)', %s, %s, '', %s, 0, '', 'bench-' || id, now()
            FROM orgs_organization WHERE id = ANY(%s)""", [moment, moment, moment, cells])
        cursor.execute("""
            INSERT INTO study_attendance (session_id, member_id, org_id, status, source, recorded_at)
            SELECT s.id, m.id, m.org_id, CASE WHEN m.id % 20 = 0 THEN 'vang_co_ly_do' ELSE 'co_mat' END, 'chi_uy', now()
            FROM study_studysession s JOIN orgs_member m ON m.org_id = s.org_id
            WHERE s.title = 'Sinh hoạt chi bộ (bench)' AND m.status IN ('chinh_thuc', 'du_bi')""")
        marked = cursor.rowcount
    StaleMark.objects.bulk_create([StaleMark(org_id=pk, since=timezone.localdate(moment), facts=Facts.ATTENDANCE)
                                   for pk in cells])
    # The reader is another process, as a dashboard request is in another gunicorn worker: a
    # thread here would wait for this process's interpreter lock, not for the database.
    context = multiprocessing.get_context("spawn")
    stop, reads, ready = context.Event(), context.Queue(), context.Event()
    reader = context.Process(target=read_summaries, args=(province.pk, year.code, stop, ready, reads))
    reader.start()
    ready.wait(60)
    started = time.perf_counter()
    run = summaries.refresh_stale()
    refresh = time.perf_counter() - started
    stop.set()
    waits = reads.get(timeout=60)
    reader.join()
    print(f"{_n(len(cells))} chi bộ, {_n(marked)} lượt điểm danh: cập nhật {_n(refresh, 1)} giây "
          f"({_n(run.subtrees)} phường, {_n(run.periods)} kỳ, {_n(run.rows)} dòng); người đọc: {_n(len(waits))} lần "
          f"đọc, lâu nhất {_ms(max(waits))} ms, p95 {_ms(_percentiles(waits)[1])} ms")

    print("\n3. Báo cáo tổng kết năm của tỉnh")
    started = time.perf_counter()
    report = services.create_report(by=user, org=province, kind="tong_ket", period_codes=[year.code],
                                    title="Tổng kết năm", place="Tỉnh Thử", signer_name="Người Ký")
    report = services.issue(report, by=user)
    content = report_document(report, report.figures)
    seconds = time.perf_counter() - started
    print(f"soạn, ban hành (chốt số liệu) và tạo tệp Word: {_n(seconds, 2)} giây, {_n(len(content))} byte")

    cell_p95, ward_p95, province_p95 = results["chi bộ"][1], results["phường"][1], results["tỉnh"][1]
    print("\nMục tiêu:")
    print(f"  phường p95 ≤ 150 ms: {_ms(ward_p95)} ms — {'đạt' if ward_p95 <= 0.150 else 'CHƯA ĐẠT'}")
    print(f"  tỉnh p95 ≤ 500 ms: {_ms(province_p95)} ms — {'đạt' if province_p95 <= 0.500 else 'CHƯA ĐẠT'}")
    ratio = results["tỉnh"][2] / results["tỉnh"][0]
    print(f"  tỉnh nhanh hơn tổng hợp thô ≥ 20×: {_n(ratio, 1)}× — {'đạt' if ratio >= 20 else 'CHƯA ĐẠT'}")
    print(f"  người đọc chờ ≤ 200 ms khi cập nhật: {_ms(max(waits))} ms — {'đạt' if max(waits) <= 0.2 else 'CHƯA ĐẠT'}")
    print(f"  báo cáo của tỉnh < 10 giây: {_n(seconds, 2)} giây — {'đạt' if seconds < 10 else 'CHƯA ĐẠT'}")
    print(f"  (chi bộ p95: {_ms(cell_p95)} ms)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=500_000)
    parser.add_argument("--requests", type=int, default=30, help="requests per dashboard")
    parser.add_argument("--raw-runs", type=int, default=5, help="runs of the raw SQL aggregate")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--measure-only", action="store_true", help="use the kept database as it is")
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    env = {**os.environ, "DATABASE_URL": _url(base, DATABASE), "DJANGO_SETTINGS_MODULE": "hocbac.settings",
           "HOCBAC_HTTPS": "0", "HOCBAC_DEBUG": "0", "HOCBAC_ALLOWED_HOSTS": "testserver"}
    if not args.measure_only:
        _psql(base, f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        _psql(base, f"CREATE DATABASE {DATABASE}")
        _hocbac(env, "migrate", "--verbosity", "0")
        seeded = _hocbac(env, "seed-scale", "--members", str(args.members))
        built = _hocbac(env, "summaries", "--all")
        print(f"\nTạo tỉnh {_n(args.members)} đảng viên: {_n(seeded)} giây; tổng hợp số liệu hai năm: {_n(built)} giây")
    _hocbac(env, "collectstatic", "--noinput", "--verbosity", "0")  # pages name the hashed files
    os.environ.update(env)
    try:
        measure(args, env)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            _psql(base, f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


if __name__ == "__main__":
    main()
