"""URLconf of the contest benchmark's server (settings: bench/contest_site.py): hocbac's URLs
plus `/bench/noop/`, an empty 200 through the same middleware. Bench only: production URLs stay
clean."""

from django.http import HttpResponse
from django.urls import include, path


def noop(request):
    """Touches what every signed-in page touches (the session and the user, loaded by the
    middleware), then answers nothing."""
    return HttpResponse(b"", content_type="text/plain")


urlpatterns = [
    path("bench/noop/", noop),
    path("", include("hocbac.urls")),
]
