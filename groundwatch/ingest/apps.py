from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "groundwatch.ingest"
    label = "ingest"
    verbose_name = "Intake channels and pipelines"
    # REST routers this app adds under /api/v1/: {"/prefix": "groundwatch.ingest.api.router"}.
    api_routers: dict[str, str] = {
        "/intake": "groundwatch.ingest.api.router",
        "/review": "groundwatch.ingest.review.api.router",
    }
    # Module of page URLs included at the site root, or "" for none.
    web_urls = "groundwatch.ingest.urls"
    # Mission navigation entries (URL names taking the mission slug).
    web_nav = [
        ("Review queue", "ingest:review_queue"),
        ("Forms", "ingest:web_forms"),
        ("Imports", "ingest:imports"),
    ]
