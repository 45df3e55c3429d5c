from django.urls import path

from . import views

app_name = "ratings"
urlpatterns = [
    path("o/<int:org_id>/phan-loai/", views.overview, name="overview"),
    path("o/<int:org_id>/phan-loai/<int:set_id>/<int:year>/<int:period>/", views.classify, name="classify"),
    path("o/<int:org_id>/phan-loai/<int:set_id>/<int:year>/", views.year_view, name="year_view"),
    path("o/<int:org_id>/phan-loai/xac-nhan/<int:classification_id>/", views.confirm, name="confirm"),
    path("o/<int:org_id>/bo-tieu-chi/", views.sets, name="sets"),
    path("o/<int:org_id>/danh-gia/<int:year>/", views.year_end, name="year_end"),
    path("o/<int:org_id>/danh-gia/<int:year>/to-chuc/", views.org_rating, name="org_rating"),
    path("o/<int:org_id>/danh-gia/<int:year>/dang-vien/<int:member_id>/", views.rating, name="rating"),
    path("toi/danh-gia/", views.my_rating, name="my_rating"),
]
