from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "groundwatch.sources"
    label = "sources"
    verbose_name = "Sources and reports"
