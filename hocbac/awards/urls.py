from django.urls import path

from . import views

app_name = "awards"
urlpatterns = [
    path("o/<int:org_id>/khen-thuong/", views.commendation_list, name="commendation_list"),
    path("o/<int:org_id>/khen-thuong/de-nghi/", views.commendation_new, name="commendation_new"),
    path("o/<int:org_id>/khen-thuong/ban-hanh/", views.commendation_issue, name="commendation_issue"),
    path("o/<int:org_id>/khen-thuong/danh-sach.xlsx", views.commendation_export, name="commendation_export"),
    path("o/<int:org_id>/khen-thuong/<int:commendation_id>/", views.commendation_detail, name="commendation_detail"),
    path("o/<int:org_id>/khen-thuong/<int:commendation_id>/duyet/", views.commendation_approve, name="commendation_approve"),
    path("o/<int:org_id>/khen-thuong/<int:commendation_id>/khong-duyet/", views.commendation_decline,
         name="commendation_decline"),
    path("o/<int:org_id>/khen-thuong/<int:commendation_id>/rut/", views.commendation_withdraw, name="commendation_withdraw"),
    path("o/<int:org_id>/khen-thuong/<int:commendation_id>/in/", views.certificate, name="certificate"),
    path("hinh-thuc-khen-thuong/", views.award_forms, name="award_forms"),
    path("o/<int:org_id>/nhac-nho/", views.reminder_list, name="reminder_list"),
    path("o/<int:org_id>/nhac-nho/moi/", views.reminder_new, name="reminder_new"),
    path("o/<int:org_id>/nhac-nho/<int:reminder_id>/", views.reminder_detail, name="reminder_detail"),
    path("toi/nhac-nho/", views.my_reminders, name="my_reminders"),
    path("o/<int:org_id>/kiem-tra/", views.inspection_plan, name="inspection_plan"),
    path("o/<int:org_id>/kiem-tra/moi/", views.inspection_new, name="inspection_new"),
    path("o/<int:org_id>/kiem-tra/ke-hoach.xlsx", views.inspection_export, name="inspection_export"),
    path("o/<int:org_id>/kiem-tra/<int:item_id>/", views.inspection_detail, name="inspection_detail"),
    path("o/<int:org_id>/kiem-tra/<int:item_id>/sua/", views.inspection_edit, name="inspection_edit"),
    path("o/<int:org_id>/kiem-tra/<int:item_id>/ket-luan/", views.inspection_conclude, name="inspection_conclude"),
    path("o/<int:org_id>/kiem-tra/viec/<int:follow_up_id>/xong/", views.follow_up_done, name="follow_up_done"),
]
