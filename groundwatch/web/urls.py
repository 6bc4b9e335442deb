from django.contrib.auth import views as auth_views
from django.urls import path

from groundwatch.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("m/<slug:slug>/", views.mission_home, name="mission_home"),
    path("m/<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("m/<slug:slug>/events/", views.event_list, name="event_list"),
    path("m/<slug:slug>/map/", views.event_map, name="event_map"),
    path("m/<slug:slug>/map/data.json", views.map_data, name="map_data"),
    path("m/<slug:slug>/timeline/", views.timeline, name="timeline"),
    path("m/<slug:slug>/events/<int:pk>/", views.event_detail, name="event_detail"),
    path("m/<slug:slug>/events/<int:pk>/verify/", views.verify_event, name="verify_event"),
    path("m/<slug:slug>/reports/<int:pk>/", views.report_detail, name="report_detail"),
]

# Sign-in pages live outside the namespace so Django's LOGIN_URL = "login" finds them.
auth_urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
