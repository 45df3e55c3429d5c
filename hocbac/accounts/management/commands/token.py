from django.core.management.base import BaseCommand, CommandError

from hocbac.accounts.models import ApiToken, User
from hocbac.accounts.services import issue_api_token, revoke_api_token


class Command(BaseCommand):
    help = "Cấp mã API cá nhân cho USER (in ra một lần), hoặc thu hồi bằng --revoke PREFIX."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="ghi chú, vd: tên ứng dụng dùng mã")
        parser.add_argument("--revoke", metavar="PREFIX", help="thu hồi mã có tiền tố này (8 ký tự đầu)")

    def handle(self, username, name, revoke, **options):
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"Không có tài khoản đang hoạt động: {username}") from None
        if revoke:
            tokens = ApiToken.objects.filter(user=user, prefix=revoke, revoked_at__isnull=True)
            if not tokens:
                raise CommandError(f"Không có mã đang dùng với tiền tố {revoke}")
            for token in tokens:
                revoke_api_token(token, by=None)
            self.stdout.write(f"Đã thu hồi {len(tokens)} mã.")
            return
        self.stdout.write(issue_api_token(user, name=name))
