from django.apps import apps
from django.contrib import admin
from django.urls import URLResolver, include, path

from groundwatch.api.api import api
from groundwatch.web.urls import auth_urlpatterns


def _app_urlpatterns() -> list[URLResolver]:
    """Page URLs that apps declare on their AppConfig as ``web_urls = "groundwatch.<app>.urls"``."""
    return [
        path("", include(web_urls))
        for config in apps.get_app_configs()
        if (web_urls := getattr(config, "web_urls", ""))
    ]


urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    *auth_urlpatterns,
    *_app_urlpatterns(),
    path("", include("groundwatch.web.urls")),
]
