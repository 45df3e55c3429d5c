from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("toi/", views.my_home, name="my_home"),
    path("toi/du-lieu.xlsx", views.my_data, name="my_data"),
    path("to-chuc/", views.org_index, name="org_index"),
    path("o/<int:org_id>/", views.org_detail, name="org_detail"),
    path("o/<int:org_id>/them-to-chuc/", views.org_create, name="org_create"),
    path("o/<int:org_id>/sua/", views.org_edit, name="org_edit"),
    path("o/<int:org_id>/chuyen/", views.org_move, name="org_move"),
    path("o/<int:org_id>/dang-vien/", views.member_list, name="member_list"),
    path("o/<int:org_id>/dang-vien/them/", views.member_create, name="member_create"),
    path("o/<int:org_id>/dang-vien/<int:member_id>/", views.member_detail, name="member_detail"),
    path("o/<int:org_id>/dang-vien/<int:member_id>/sua/", views.member_edit, name="member_edit"),
    path("o/<int:org_id>/dang-vien/<int:member_id>/chuyen/", views.member_transfer, name="member_transfer"),
    path("o/<int:org_id>/dang-vien/<int:member_id>/tinh-trang/", views.member_status, name="member_status"),
    path("o/<int:org_id>/dang-vien/<int:member_id>/tai-khoan/", views.member_account, name="member_account"),
    path("o/<int:org_id>/phan-quyen/", views.grant_list, name="grant_list"),
    path("o/<int:org_id>/phan-quyen/<int:grant_id>/thu-hoi/", views.grant_revoke, name="grant_revoke"),
    path("o/<int:org_id>/nhat-ky/", views.audit_list, name="audit_list"),
    path("o/<int:org_id>/nhat-ky/<int:entry_id>/", views.audit_detail, name="audit_detail"),
]
