from django.apps import AppConfig


class HumanitarianConfig(AppConfig):
    name = "groundwatch.humanitarian"
    label = "humanitarian"
    verbose_name = "Humanitarian aid and access"
    # REST routers this app adds under /api/v1/: {"/prefix": "groundwatch.humanitarian.api.router"}.
    api_routers: dict[str, str] = {}
    # Module of page URLs included at the site root, or "" for none.
    web_urls = ""
