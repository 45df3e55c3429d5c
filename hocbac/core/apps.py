from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hocbac.core"
    label = "core"
    verbose_name = "Lõi"
