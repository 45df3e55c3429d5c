"""`hocbac audit_verify`: walk the audit log's hash chain; exit 1 at the first broken row."""

from django.core.management.base import BaseCommand, CommandError

from hocbac.core.audit import head_hash, verify_chain


class Command(BaseCommand):
    help = "Kiểm tra chuỗi mã băm của nhật ký thao tác; báo dòng hỏng đầu tiên."

    def add_arguments(self, parser):
        parser.add_argument("--expect-head", default="",
                            help="mã băm dòng cuối đã ghi lại khi sao lưu: báo lỗi nếu không còn trong chuỗi")

    def handle(self, *args, expect_head="", **options):
        count, broken = verify_chain()
        if broken:
            entry_id, reason = broken
            raise CommandError(f"Nhật ký thao tác hỏng tại dòng #{entry_id} (dòng thứ {count} theo thứ tự): {reason}.")
        head = head_hash()
        if expect_head and not _chain_contains(expect_head):
            raise CommandError(f"Không tìm thấy mã băm {expect_head[:16]}… trong nhật ký: các dòng mới nhất có thể đã bị cắt bỏ.")
        self.stdout.write(f"Nhật ký thao tác nguyên vẹn: {count} dòng. Mã băm dòng cuối: {head or '(trống)'}")


def _chain_contains(row_hash):
    from hocbac.core.models import AuditEntry

    return AuditEntry.objects.unscoped().filter(row_hash=row_hash).exists()
