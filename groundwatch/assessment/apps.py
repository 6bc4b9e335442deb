from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "groundwatch.assessment"
    label = "assessment"
    verbose_name = "Indicators, alerts and CAP"
    # REST routers this app adds under /api/v1/: {"/prefix": "groundwatch.assessment.api.router"}.
    api_routers: dict[str, str] = {
        "/indicators": "groundwatch.assessment.api.indicators_router",
        "/alert-rules": "groundwatch.assessment.api.rules_router",
        "/alerts": "groundwatch.assessment.api.alerts_router",
    }
    # Module of page URLs included at the site root, or "" for none.
    web_urls = "groundwatch.assessment.urls"
    # Links in the mission header (URL names that take the mission slug).
    web_nav = [("Indicators", "assessment:indicators"), ("Alerts", "assessment:alert_list")]
