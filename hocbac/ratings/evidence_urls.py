from django.urls import path

from . import evidence_views

app_name = "evidence"
urlpatterns = [
    path("o/<int:org_id>/danh-gia/<int:year>/dang-vien/<int:member_id>/ho-so/", evidence_views.pack, name="pack"),
    path("o/<int:org_id>/danh-gia/<int:year>/dang-vien/<int:member_id>/ho-so.docx", evidence_views.pack_document,
         name="pack_document"),
    path("toi/danh-gia/<int:year>/ho-so/", evidence_views.my_pack, name="my_pack"),
]
