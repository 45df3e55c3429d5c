from django.apps import AppConfig


class ContestsConfig(AppConfig):
    name = "hocbac.contests"
    label = "contests"
    verbose_name = "Thi trắc nghiệm"
