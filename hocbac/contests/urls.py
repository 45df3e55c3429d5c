from django.urls import path

from . import take_views, views

app_name = "contests"
urlpatterns = [
    # Taking part (members, sign-in links, guests of a public contest)
    path("toi/thi/", take_views.mine, name="mine"),
    path("t/<str:code>/", take_views.landing, name="landing"),
    path("t/<str:code>/bat-dau/", take_views.start, name="start"),
    path("t/<str:code>/tham-gia/", take_views.join, name="join"),
    path("t/<str:code>/ve/<str:token>/", take_views.redeem, name="redeem"),
    path("thi/<int:attempt_id>/", take_views.question, name="question"),
    path("thi/<int:attempt_id>/tra-loi/", take_views.answer, name="answer"),
    path("thi/<int:attempt_id>/du-doan/", take_views.predict, name="predict"),
    path("thi/<int:attempt_id>/roi-trang/", take_views.tab_switch, name="tab_switch"),
    path("thi/<int:attempt_id>/ket-qua/", take_views.result, name="result"),
    # The projector
    path("t/<str:code>/bang-xep-hang/", views.leaderboard, name="leaderboard"),
    path("t/<str:code>/bang-xep-hang/bang/", views.leaderboard_rows, name="leaderboard_rows"),
    path("t/<str:code>/qr.svg", views.qr, name="qr"),
    # Organisers
    path("o/<int:org_id>/cau-hoi/", views.bank, name="bank"),
    path("o/<int:org_id>/cau-hoi/moi/", views.question_new, name="question_new"),
    path("o/<int:org_id>/cau-hoi/<int:question_id>/", views.question_edit, name="question_edit"),
    path("o/<int:org_id>/cau-hoi/<int:question_id>/sao-chep/", views.question_copy, name="question_copy"),
    path("o/<int:org_id>/cau-hoi/<int:question_id>/ngung/", views.question_retire, name="question_retire"),
    path("o/<int:org_id>/thi/", views.contest_list, name="contests"),
    path("o/<int:org_id>/thi/moi/", views.contest_new, name="contest_new"),
    path("o/<int:org_id>/thi/thoi-gian-them/", views.extra_time, name="extra_time"),
    path("o/<int:org_id>/thi/<int:contest_id>/", views.contest_detail, name="detail"),
    path("o/<int:org_id>/thi/<int:contest_id>/sua/", views.contest_edit, name="contest_edit"),
    path("o/<int:org_id>/thi/<int:contest_id>/cau-hoi/", views.contest_questions, name="contest_questions"),
    path("o/<int:org_id>/thi/<int:contest_id>/xep-hang/", views.contest_ranking, name="ranking"),
    path("o/<int:org_id>/thi/<int:contest_id>/ket-qua.xlsx", views.contest_export, name="export"),
    path("o/<int:org_id>/thi/<int:contest_id>/duong-dan/", views.contest_passes, name="passes"),
]
