from django.urls import path

from clinic.team import views

app_name = "team"

urlpatterns = [
    path("team/", views.team, name="list"),
    path("team/invite/", views.invite, name="invite"),
    path("team/<int:pk>/", views.member_edit, name="member_edit"),
    path("team/<int:pk>/deactivate/", views.member_deactivate, name="member_deactivate"),
    path("team/<int:pk>/reactivate/", views.member_reactivate, name="member_reactivate"),
    path(
        "team/<int:pk>/reset-second-factor/",
        views.member_reset_second_factor,
        name="member_reset_second_factor",
    ),
    path(
        "team/invitations/<int:pk>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("account/", views.my_account, name="my_account"),
]
