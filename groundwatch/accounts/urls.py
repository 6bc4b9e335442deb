from django.urls import path

from groundwatch.accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/two-factor/", views.two_factor, name="two_factor"),
    path("accounts/tokens/", views.tokens, name="tokens"),
    path("accounts/tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("m/<slug:slug>/time-zone/", views.mission_time_zone, name="mission_time_zone"),
]
