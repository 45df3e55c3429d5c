from django.urls import path

from . import views

app_name = "study"
urlpatterns = [
    path("o/<int:org_id>/hoc-tap/", views.campaign_list, name="campaign_list"),
    path("o/<int:org_id>/hoc-tap/them/", views.campaign_create, name="campaign_create"),
    path("o/<int:org_id>/hoc-tap/<int:campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path("o/<int:org_id>/hoc-tap/<int:campaign_id>/bao-phu.xlsx", views.campaign_export, name="campaign_export"),
    path("o/<int:org_id>/tai-lieu/<int:document_id>/bao-phu/", views.document_coverage, name="document_coverage"),
    path("o/<int:org_id>/tai-lieu/<int:document_id>/bao-phu.xlsx", views.document_coverage_export,
         name="document_coverage_export"),
    path("o/<int:org_id>/sinh-hoat/", views.session_list, name="session_list"),
    path("o/<int:org_id>/sinh-hoat/them/", views.session_create, name="session_create"),
    path("o/<int:org_id>/sinh-hoat/<int:session_id>/", views.session_detail, name="session_detail"),
    path("o/<int:org_id>/sinh-hoat/<int:session_id>/diem-danh/", views.attendance_sheet, name="attendance_sheet"),
    path("o/<int:org_id>/sinh-hoat/<int:session_id>/diem-danh/<int:member_id>/", views.attendance_mark, name="attendance_mark"),
    path("o/<int:org_id>/sinh-hoat/<int:session_id>/quan-chung/", views.session_non_members, name="session_non_members"),
    path("o/<int:org_id>/sinh-hoat/<int:session_id>/qr.svg", views.session_qr, name="session_qr"),
    path("o/<int:org_id>/sinh-hoat/<int:session_id>/diem-danh.xlsx", views.attendance_export, name="attendance_export"),
    path("o/<int:org_id>/sinh-hoat/<int:session_id>/nhap/", views.attendance_import, name="attendance_import"),
    path("o/<int:org_id>/hoat-dong/", views.activity, name="activity"),
    path("o/<int:org_id>/hoat-dong/ty-le.xlsx", views.activity_export, name="activity_export"),
    path("diem-danh/<str:code>/", views.check_in, name="check_in"),
]
