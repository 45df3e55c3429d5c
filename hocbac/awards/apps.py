from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "hocbac.awards"
    label = "awards"
    verbose_name = "Khen thưởng, nhắc nhở, kiểm tra giám sát"
