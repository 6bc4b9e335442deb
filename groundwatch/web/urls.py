from django.contrib.auth import views as auth_views
from django.urls import path

from groundwatch.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
]

# Sign-in pages live outside the namespace so Django's LOGIN_URL = "login" finds them.
auth_urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
