from django.apps import AppConfig


class HumanitarianConfig(AppConfig):
    name = "groundwatch.humanitarian"
    label = "humanitarian"
    verbose_name = "Humanitarian aid and access"
    # REST routers this app adds under /api/v1/.
    api_routers: dict[str, str] = {
        "/consignments": "groundwatch.humanitarian.api.consignments_router",
        "/access-constraints": "groundwatch.humanitarian.api.access_router",
        "/needs": "groundwatch.humanitarian.api.needs_router",
    }
    # Page URLs included at the site root.
    web_urls = "groundwatch.humanitarian.urls"
    # Links in the mission header (URL names that take the mission slug).
    web_nav = [
        ("Convoys", "humanitarian:consignment_list"),
        ("Access", "humanitarian:access_constraint_list"),
        ("Needs", "humanitarian:need_list"),
    ]
