from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hocbac.accounts"
    label = "accounts"
