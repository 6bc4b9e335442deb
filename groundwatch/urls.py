from django.contrib import admin
from django.urls import include, path

from groundwatch.api.api import api
from groundwatch.web.urls import auth_urlpatterns

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    *auth_urlpatterns,
    path("", include("groundwatch.web.urls")),
]
