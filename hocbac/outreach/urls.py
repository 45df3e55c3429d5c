from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("toi/thong-bao/", views.my_notices, name="my_notices"),
    path("toi/thong-bao/<int:notice_id>/", views.my_notice, name="my_notice"),
    path("toi/sinh-hoat/<int:session_id>/", views.my_meeting, name="my_meeting"),
    path("toi/de-xuat/", views.my_proposals, name="my_proposals"),
    path("thong-bao/<int:notice_id>/tep/<int:attachment_id>/", views.notice_file, name="notice_file"),
    path("o/<int:org_id>/thong-bao/", views.notice_list, name="notice_list"),
    path("o/<int:org_id>/thong-bao/moi/", views.notice_new, name="notice_new"),
    path("o/<int:org_id>/thong-bao/<int:notice_id>/", views.notice_detail, name="notice_detail"),
    path("o/<int:org_id>/de-xuat/", views.proposal_list, name="proposal_list"),
    path("o/<int:org_id>/de-xuat/<int:proposal_id>/", views.proposal_detail, name="proposal_detail"),
    path("o/<int:org_id>/trang-cong-khai/", views.publication_list, name="publication_list"),
    path("o/<int:org_id>/trang-cong-khai/bai-viet/", views.article_new, name="article_new"),
    path("o/<int:org_id>/trang-cong-khai/cong-khai/", views.publish, name="publish"),
    path("o/<int:org_id>/trang-cong-khai/<int:item_id>/thoi/", views.withdraw, name="withdraw"),
    path("trang/<int:org_id>/", views.public_site, name="public_site"),
    path("trang/<int:org_id>/bai/<int:item_id>/", views.public_item, name="public_item"),
    path("trang/<int:org_id>/gop-y/", views.public_proposal, name="public_proposal"),
    path("y-kien/<str:token>/", views.proposal_status, name="proposal_status"),
]
