"""URLconf of the naive comparison (settings: bench/contest_mcq_site.py): django-mcq's URLs where
its README puts them."""

from django.urls import include, path

urlpatterns = [path("quiz/", include("quiz.urls"))]
