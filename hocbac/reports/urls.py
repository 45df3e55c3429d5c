from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("o/<int:org_id>/so-lieu/", views.dashboard_view, name="dashboard"),
]
