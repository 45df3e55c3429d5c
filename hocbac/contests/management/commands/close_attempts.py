from django.core.management.base import BaseCommand
from django.utils import timezone

from hocbac.contests import services


class Command(BaseCommand):
    help = ("Nộp các lượt thi bị bỏ dở (mất máy, đóng trang) đã quá hạn cuối hoặc quá giờ đóng cuộc thi. "
            "Chạy định kỳ (vd mỗi 5 phút); chạy hai lần không sao.")

    def handle(self, *args, **options):
        finished = services.finish_overdue(now=timezone.now())
        self.stdout.write(f"Đã nộp {finished} lượt thi quá hạn.")
