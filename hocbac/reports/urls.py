from django.urls import path

from . import report_views, views

app_name = "reports"
urlpatterns = [
    path("o/<int:org_id>/so-lieu/", views.dashboard_view, name="dashboard"),
    path("o/<int:org_id>/bao-cao/", report_views.report_list, name="report_list"),
    path("o/<int:org_id>/bao-cao/<int:report_id>/", report_views.report_detail, name="report"),
    path("o/<int:org_id>/bao-cao/<int:report_id>/ban-hanh/", report_views.report_issue, name="report_issue"),
    path("o/<int:org_id>/bao-cao/<int:report_id>/bao-cao.docx", report_views.report_docx, name="report_docx"),
    path("o/<int:org_id>/bao-cao/<int:report_id>/phu-luc.xlsx", report_views.report_annex, name="report_annex"),
]
