from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "groundwatch.api"
    label = "api"
    verbose_name = "REST API"
