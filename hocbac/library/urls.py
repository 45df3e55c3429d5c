from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("tai-lieu/", views.document_list, name="document_list"),
    path("tai-lieu/<int:document_id>/", views.document_detail, name="document_detail"),
    path("tai-lieu/<int:document_id>/tep/", views.document_file, name="document_file"),
    path("tai-lieu/<int:document_id>/luu/", views.document_bookmark, name="document_bookmark"),
    path("o/<int:org_id>/tai-lieu/them/", views.document_create, name="document_create"),
    path("o/<int:org_id>/tai-lieu/<int:document_id>/sua/", views.document_edit, name="document_edit"),
    path("o/<int:org_id>/tai-lieu/<int:document_id>/da-doc/", views.document_reads, name="document_reads"),
    path("o/<int:org_id>/chuyen-de/", views.topic_list, name="topic_list"),
]
