from django.urls import path

from . import views

app_name = "commitments"
urlpatterns = [
    path("toi/lam-theo/", views.mine, name="mine"),
    path("o/<int:org_id>/lam-theo/", views.register, name="register"),
    path("o/<int:org_id>/lam-theo/cong-khai/", views.disclose, name="disclose"),
    path("o/<int:org_id>/lam-theo/ke-hoach/", views.org_plan, name="org_plan"),
    path("o/<int:org_id>/lam-theo/trung-lap/", views.copies, name="copies"),
    path("o/<int:org_id>/lam-theo/mau/", views.year_template, name="year_template"),
    path("o/<int:org_id>/lam-theo/danh-sach.xlsx", views.register_export, name="register_export"),
    path("o/<int:org_id>/lam-theo/dang-vien/<int:member_id>/", views.member_registration, name="member_registration"),
    path("o/<int:org_id>/lam-theo/dang-vien/<int:member_id>/ban-dang-ky.docx", views.registration_document,
         name="registration_document"),
]
