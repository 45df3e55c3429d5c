from django.urls import path

from . import views

app_name = "journal"
urlpatterns = [
    path("toi/cam-nhan/", views.mine, name="mine"),
    path("toi/cam-nhan/<int:reflection_id>/viet/", views.write, name="write"),
    path("toi/so-tay/", views.notebook, name="notebook"),
    path("toi/so-tay/<int:entry_id>/", views.entry, name="entry"),
    path("cam-nhan/<int:reflection_id>/", views.reflection, name="reflection"),
    path("cam-nhan/<int:reflection_id>/gop-y/", views.comment, name="comment"),
    path("cam-nhan/<int:reflection_id>/da-doc/", views.mark_read, name="mark_read"),
    path("cam-nhan/<int:reflection_id>/ket-luan/", views.conclude, name="conclude"),
    path("cam-nhan/<int:reflection_id>/ban-in.docx", views.reflection_document, name="reflection_document"),
    path("gop-y/<int:comment_id>/sua/", views.comment_edit, name="comment_edit"),
    path("gop-y/<int:comment_id>/xoa/", views.comment_delete, name="comment_delete"),
    path("o/<int:org_id>/cam-nhan/", views.rota, name="rota"),
    path("o/<int:org_id>/cam-nhan/phan-cong/", views.assign, name="assign"),
    path("o/<int:org_id>/cam-nhan/<int:reflection_id>/bo-phan-cong/", views.unassign, name="unassign"),
    path("o/<int:org_id>/cam-nhan/bieu-hien/", views.tally, name="tally"),
    path("o/<int:org_id>/cam-nhan/so-theo-doi.xlsx", views.register_export, name="register_export"),
    path("o/<int:org_id>/so-tay/", views.notebooks, name="notebooks"),
    path("o/<int:org_id>/so-tay/<int:member_id>/", views.member_notebook, name="member_notebook"),
    path("bieu-hien/", views.manifestations, name="manifestations"),
    path("bieu-hien/<int:manifestation_id>/sua/", views.manifestation_edit, name="manifestation_edit"),
]
