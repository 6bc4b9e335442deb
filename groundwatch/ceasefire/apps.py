from django.apps import AppConfig


class CeasefireConfig(AppConfig):
    name = "groundwatch.ceasefire"
    label = "ceasefire"
    verbose_name = "Ceasefire compliance"
    # REST routers this app adds under /api/v1/: {"/prefix": "groundwatch.ceasefire.api.router"}.
    api_routers: dict[str, str] = {"/agreements": "groundwatch.ceasefire.api.router"}
    # Module of page URLs included at the site root, or "" for none.
    web_urls = "groundwatch.ceasefire.urls"
    # Links in the mission header (URL names that take the mission slug).
    web_nav = [("Ceasefire", "ceasefire:agreement_list")]
