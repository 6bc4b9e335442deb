from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "groundwatch.sources"
    label = "sources"
    verbose_name = "Sources and reports"
    api_routers = {
        "/sources": "groundwatch.sources.api.sources_router",
        "/reports": "groundwatch.sources.api.reports_router",
        "/attachments": "groundwatch.sources.api.attachments_router",
    }
