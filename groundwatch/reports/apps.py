from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "groundwatch.reports"
    label = "reports"
    verbose_name = "Sitreps and exports"
    # Page URLs included at the site root.
    web_urls = "groundwatch.reports.urls"
    # Links in the mission header (URL names that take the mission slug).
    web_nav = [("Sitreps", "reports:sitrep_list"), ("Exports", "reports:export_page")]
