from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "hocbac.reports"
    verbose_name = "Số liệu tổng hợp, báo cáo"
