"""Excel import and export of organisations and members."""

from django.urls import path

from . import import_views as views

app_name = "excel"
urlpatterns = [
    path("o/<int:org_id>/dang-vien/nhap/", views.member_import, name="member_import"),
    path("o/<int:org_id>/dang-vien/mau-nhap.xlsx", views.member_template, name="member_template"),
    path("o/<int:org_id>/dang-vien/danh-sach.xlsx", views.member_export, name="member_export"),
    path("o/<int:org_id>/to-chuc/nhap/", views.org_import, name="org_import"),
    path("o/<int:org_id>/to-chuc/mau-nhap.xlsx", views.org_template, name="org_template"),
    path("o/<int:org_id>/to-chuc/danh-sach.xlsx", views.org_export, name="org_export"),
    path("o/<int:org_id>/nhap/<int:batch_id>/", views.batch, name="batch"),
    path("o/<int:org_id>/nhap/<int:batch_id>/ghi/", views.batch_commit, name="batch_commit"),
]
