from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "groundwatch.geo"
    label = "geo"
    verbose_name = "Gazetteer"
    api_routers = {
        "/places": "groundwatch.geo.api.router",
    }
