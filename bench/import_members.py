"""Import benchmark: a 5,000-member workbook through upload → check → commit, beside the raw
openpyxl read of the same file measured in the same run.

    make bench                                  # SQLite in a temporary folder
    DATABASE_URL=postgres://… make bench        # an empty PostgreSQL database you name

Prints rows/s for each stage and the ratio of the whole import to the raw read (how many times
slower than just reading the cells). The machine is shared: compare ratios, not seconds; each
figure is the best of --runs runs."""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hocbac.settings")
os.environ.setdefault("HOCBAC_DATA_DIR", tempfile.mkdtemp(prefix="hocbac-bench-"))
os.environ.setdefault("HOCBAC_TESTING", "1")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from hocbac.accounts.models import User  # noqa: E402
from hocbac.core.models import ImportBatch  # noqa: E402
from hocbac.core.text import format_number  # noqa: E402
from hocbac.orgs import imports, services  # noqa: E402
from hocbac.orgs.models import Member, OrgKind  # noqa: E402
from hocbac.orgs.tests.workbooks import as_upload, member_rows, member_workbook  # noqa: E402


def best_of(runs, work):
    best = float("inf")
    for run in range(runs):
        started = time.perf_counter()
        work(run)
        best = min(best, time.perf_counter() - started)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    admin = User.objects.create_user(username=f"bench{time.time_ns()}", password="x")
    suffix = time.time_ns() % 10**8
    province = services.create_organization(by=admin, parent=None, code=f"B{suffix}", name="Tỉnh đo",
                                            kind=OrgKind.PROVINCE)
    wards, cell_codes = [], []
    for run in range(args.runs):
        ward = services.create_organization(by=admin, parent=province, code=f"B{suffix}-{run}", name=f"Phường {run}",
                                            kind=OrgKind.COMMUNE)
        codes = [services.create_organization(by=admin, parent=ward, code=f"B{suffix}-{run}-{c}",
                                              name=f"Chi bộ {c}", kind=OrgKind.GRASSROOTS_CELL).code for c in range(40)]
        wards.append(ward)
        cell_codes.append(codes)

    # One file per run (card numbers must be new each time), the same shape each time.
    files = [member_workbook(member_rows(args.rows, cell_codes[run], seed=run, first_card=(run + 1) * 10**7)).getvalue()
             for run in range(args.runs)]

    def raw_read(run):
        workbook = load_workbook(io.BytesIO(files[run]), read_only=True, data_only=True)
        for _ in workbook.worksheets[0].iter_rows(values_only=True):
            pass
        workbook.close()

    batches = {}

    def stage(run):
        batches[run] = imports.stage(as_upload(files[run]), org=wards[run], kind=ImportBatch.Kind.MEMBERS, by=admin)

    def check(run):
        assert imports.check_batch(batches[run]).ok

    def commit(run):
        _, result = imports.commit_batch(batches[run].pk, org=wards[run], by=admin)
        assert result.ok and Member.objects.in_subtree(wards[run]).count() == args.rows

    raw = best_of(args.runs, raw_read)
    staged = best_of(args.runs, stage)
    checked = best_of(args.runs, check)
    committed = best_of(args.runs, commit)  # commit checks again, then inserts
    whole = staged + committed

    def rate(seconds):
        return f"{format_number(args.rows / seconds):>10} dòng/s"

    print(f"Nhập {format_number(args.rows)} đảng viên — {connection.vendor}, tốt nhất của {args.runs} lần")
    print(f"  đọc thô bằng openpyxl (tham chiếu) {rate(raw)}  {raw:6.2f} s")
    print(f"  tải lên (đọc + lưu lô)             {rate(staged)}  {staged:6.2f} s")
    print(f"  kiểm tra (xem trước)               {rate(checked)}  {checked:6.2f} s")
    print(f"  ghi (kiểm tra lại + ghi)           {rate(committed)}  {committed:6.2f} s")
    print(f"  cả quá trình tải lên + ghi         {rate(whole)}  {whole:6.2f} s")
    print(f"  tỷ lệ cả quá trình / đọc thô       {whole / raw:10.1f} ×")


if __name__ == "__main__":
    main()
