from django.urls import include, path

from hocbac.api.endpoints import api
from hocbac.orgs import views as org_views

urlpatterns = [
    path("", org_views.home, name="home"),
    path("", include("hocbac.accounts.urls")),
    path("", include("hocbac.orgs.urls")),
    path("", include("hocbac.orgs.import_urls")),
    path("", include("hocbac.library.urls")),
    path("", include("hocbac.study.urls")),
    path("", include("hocbac.commitments.urls")),
    path("", include("hocbac.journal.urls")),
    path("", include("hocbac.contests.urls")),
    path("", include("hocbac.contests.bank_io_urls")),
    path("", include("hocbac.practices.urls")),
    path("", include("hocbac.awards.urls")),
    path("", include("hocbac.ratings.urls")),
    path("", include("hocbac.ratings.evidence_urls")),
    path("", include("hocbac.reports.urls")),
    path("", include("hocbac.outreach.urls")),
    path("api/v1/", api.urls),
]
