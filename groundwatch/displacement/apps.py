from django.apps import AppConfig


class DisplacementConfig(AppConfig):
    name = "groundwatch.displacement"
    label = "displacement"
    verbose_name = "Displacement and sites"
    # REST routers this app adds under /api/v1/: {"/prefix": "groundwatch.displacement.api.router"}.
    api_routers: dict[str, str] = {
        "/movements": "groundwatch.displacement.api.movements_router",
        "/sites": "groundwatch.displacement.api.sites_router",
    }
    # Module of page URLs included at the site root, or "" for none.
    web_urls = "groundwatch.displacement.urls"
    # Links in the mission header (URL names that take the mission slug).
    web_nav = [("Sites", "displacement:site_list"), ("Movements", "displacement:movement_list")]
