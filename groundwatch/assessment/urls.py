from django.urls import path

from groundwatch.assessment import views

app_name = "assessment"

urlpatterns = [
    path("m/<slug:slug>/indicators/", views.indicators, name="indicators"),
    path("m/<slug:slug>/alerts/", views.alert_list, name="alert_list"),
    path("m/<slug:slug>/alerts/feed.atom", views.mission_feed, name="mission_feed"),
    path("m/<slug:slug>/alerts/<int:pk>/", views.alert_detail, name="alert_detail"),
    path("m/<slug:slug>/alerts/<int:pk>/cap.xml", views.alert_cap, name="alert_cap"),
    path("public/<slug:slug>/alerts.atom", views.public_feed, name="public_feed"),
    path("public/<slug:slug>/alerts/<str:identifier>.xml", views.public_cap, name="public_cap"),
]
