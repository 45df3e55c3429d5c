from django.urls import path

from . import views

app_name = "practices"
urlpatterns = [
    path("o/<int:org_id>/mo-hinh/", views.practice_list, name="practice_list"),
    path("o/<int:org_id>/mo-hinh/so-mo-hinh.xlsx", views.practice_export, name="practice_export"),
    path("o/<int:org_id>/mo-hinh/moi/", views.practice_new, name="practice_new"),
    path("o/<int:org_id>/mo-hinh/<int:practice_id>/", views.practice_detail, name="practice_detail"),
    path("o/<int:org_id>/mo-hinh/<int:practice_id>/sua/", views.practice_edit, name="practice_edit"),
    path("o/<int:org_id>/mo-hinh/<int:practice_id>/tinh-trang/", views.practice_status, name="practice_status"),
    path("o/<int:org_id>/mo-hinh/<int:practice_id>/cong-khai/", views.practice_publish, name="practice_publish"),
    path("o/<int:org_id>/mo-hinh/<int:practice_id>/danh-gia/", views.practice_review, name="practice_review"),
    path("o/<int:org_id>/mo-hinh/<int:practice_id>/nhan-rong/", views.practice_adopt, name="practice_adopt"),
    path("o/<int:org_id>/mo-hinh/<int:practice_id>/minh-chung/", views.evidence_add, name="evidence_add"),
    path("o/<int:org_id>/mo-hinh/<int:practice_id>/minh-chung/<int:evidence_id>/go/", views.evidence_remove,
         name="evidence_remove"),
    path("o/<int:org_id>/mo-hinh/<int:practice_id>/anh/<int:evidence_id>/", views.evidence_photo, name="evidence_photo"),
    path("mo-hinh/<int:practice_id>/", views.public_practice, name="public_practice"),
    path("mo-hinh/<int:practice_id>/anh/<int:evidence_id>/", views.public_photo, name="public_photo"),
    path("mo-hinh/linh-vuc/", views.fields, name="fields"),
]
