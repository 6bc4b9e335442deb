from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "groundwatch.operations"
    label = "operations"
    verbose_name = "Operations"
    web_urls = "groundwatch.operations.urls"
