from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "hocbac.orgs"
    label = "orgs"
