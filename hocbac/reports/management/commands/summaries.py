import os
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from hocbac.core.text import format_number
from hocbac.reports import summaries


class Command(BaseCommand):
    help = ("Cập nhật số liệu tổng hợp cho bảng điều khiển: những thay đổi chưa được tính (mặc định), "
            "hoặc toàn bộ năm nay và năm trước (--all). --every N: lặp lại sau mỗi N giây.")

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="tính lại toàn bộ năm nay và năm trước")
        parser.add_argument("--every", type=int, default=0, help="lặp lại sau mỗi N giây (0: chạy một lần)")

    def handle(self, *, all, every, **options):
        parent = os.getppid()
        while True:
            if all:
                year = timezone.localdate().year
                run = summaries.refresh_all([year - 1, year])
            else:
                run = summaries.refresh_stale()
            seconds = (run.finished_at - run.started_at).total_seconds()
            self.stdout.write(f"{format_number(run.marks)} thay đổi, {format_number(run.subtrees)} đơn vị, "
                              f"{format_number(run.periods)} kỳ, {format_number(run.rows)} dòng số liệu ghi lại "
                              f"trong {format_number(seconds, 1)} giây.\n")
            if not every:
                return
            time.sleep(every)
            if os.getppid() != parent:  # started by `hocbac serve`, which has stopped
                return
