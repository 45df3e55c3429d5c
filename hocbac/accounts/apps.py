from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hocbac.accounts"
    label = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .services import stamp_signed_in_session

        user_logged_in.connect(stamp_signed_in_session, dispatch_uid="hocbac.accounts.stamp_session")
