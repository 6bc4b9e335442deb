from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "groundwatch.reports"
    label = "reports"
    verbose_name = "Sitreps and exports"
    # Page URLs included at the site root.
    web_urls = "groundwatch.reports.urls"
    # Links in the mission header (URL names that take the mission slug).
    api_routers: dict[str, str] = {
        "/exports": "groundwatch.reports.api.exports_router",
        "/sitreps": "groundwatch.reports.api.sitreps_router",
    }
    web_nav = [("Sitreps", "reports:sitrep_list"), ("Exports", "reports:export_page")]
