"""`hocbac seed-scale [--members N] [--seed S] [--replace]`: a synthetic province for benchmarks
(hocbac/core/scale.py): N members in ~N/20 cells under ~N/500 grassroots organisations under
~N/5000 communes and wards, with two years of the programme's facts. Prints the time taken and
the rows made per table."""

from django.core.management.base import BaseCommand, CommandError

from hocbac.core import scale
from hocbac.core.text import format_number


class Command(BaseCommand):
    help = ("Tạo một tỉnh tổng hợp để thử tải: N đảng viên (mặc định 500.000), khoảng N/20 chi bộ, N/500 tổ chức "
            "cơ sở, N/5.000 xã, phường; hai năm sinh hoạt, điểm danh, đợt học tập, đăng ký làm theo, bài cảm nhận, "
            "cuộc thi và xếp loại cuối năm trước.")

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=500_000, help="số đảng viên (mặc định 500.000)")
        parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)")
        parser.add_argument("--replace", action="store_true", help="xóa tỉnh tổng hợp đã có rồi tạo lại")

    def handle(self, *args, members=500_000, seed=1, replace=False, **options):
        if members < 100:
            raise CommandError("Số đảng viên (--members) phải từ 100 trở lên.")
        self.stdout.write(f"Tạo tỉnh tổng hợp {format_number(members)} đảng viên (hạt giống {seed})…")
        try:
            _, counts, seconds = scale.seed_province(members=members, seed=seed, replace=replace, stdout=self.stdout)
        except ValueError as error:
            raise CommandError(str(error)) from error
        width = max(len(label) for label in counts)
        for label, n in sorted(counts.items()):
            self.stdout.write(f"  {label:<{width}}  {format_number(n):>12}")
        self.stdout.write(self.style.SUCCESS(
            f"Đã tạo {format_number(sum(counts.values()))} dòng trong {format_number(seconds, 1)} giây."))
        # The rows were written in bulk, not through the services that mark summaries stale.
        self.stdout.write("Bảng tổng hợp của trang số liệu: chạy `hocbac summaries --all` để tính lại.\n")
