from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hocbac.core import backup
from hocbac.core.text import format_number


class Command(BaseCommand):
    help = ("Sao lưu cơ sở dữ liệu (SQLite hoặc PostgreSQL) và các tệp tải lên vào một tệp .tar.gz; "
            "chạy được khi hệ thống đang hoạt động.")

    def add_arguments(self, parser):
        parser.add_argument("--output", default=None, help="tệp hoặc thư mục đích (mặc định: <HOCBAC_DATA_DIR>/backups/)")

    def handle(self, output, **options):
        if output is None:
            folder = settings.DATA_DIR / "backups"
            folder.mkdir(parents=True, exist_ok=True)
            output = folder
        try:
            path, manifest = backup.create(output)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Đã sao lưu {manifest['engine']} ({format_number(rows)} dòng, "
                          f"{format_number(len(manifest['media']))} tệp) vào {path}\n")
