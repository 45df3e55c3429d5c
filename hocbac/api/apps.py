from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hocbac.api"
    label = "api"
