from django.core.management.base import BaseCommand, CommandError

from hocbac.core import backup
from hocbac.core.text import format_number


class Command(BaseCommand):
    help = ("Khôi phục từ một tệp sao lưu của `hocbac backup`: thay toàn bộ dữ liệu hiện có. "
            "Dừng máy chủ ứng dụng trước khi khôi phục.")

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="không hỏi lại (dùng trong kịch bản)")

    def handle(self, archive, yes, **options):
        try:
            manifest = backup.read_manifest(archive)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        if not yes:
            answer = input(f"Thay toàn bộ dữ liệu bằng bản sao lưu lúc {backup.created_label(manifest)}? Gõ “co” để tiếp tục: ")
            if answer.strip().lower() not in {"co", "có"}:
                raise CommandError("Đã hủy, dữ liệu không thay đổi.")
        try:
            manifest = backup.restore(archive)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Đã khôi phục {manifest['engine']} từ bản sao lưu lúc {backup.created_label(manifest)} "
                          f"({format_number(sum(manifest['rows'].values()))} dòng, "
                          f"{format_number(len(manifest['media']))} tệp).\n")
