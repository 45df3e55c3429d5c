from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "hocbac.practices"
    label = "practices"
    verbose_name = "Mô hình học tập và làm theo Bác"
