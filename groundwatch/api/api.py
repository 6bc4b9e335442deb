"""The REST API root: /api/v1/. Each app registers its router here."""

from __future__ import annotations

from ninja import NinjaAPI

from groundwatch import __version__
from groundwatch.api.auth import SessionAuth, TokenAuth
from groundwatch.api.errors import install_error_handlers

api = NinjaAPI(
    title="groundwatch API",
    version="1",
    description=(
        "Read and write a monitoring mission's reports, claims and events. Authenticate with "
        "'Authorization: Bearer <token>' or a signed-in session. Every list is restricted to the "
        "missions you are a member of; give `?mission=<slug>` to narrow it to one. Lists are paged with "
        "`?limit=&offset=` and answer `{items, count}`. Confidentiality is written as a slug "
        f"(public, internal, confidential, strictly_confidential). groundwatch {__version__}."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)
install_error_handlers(api)


def _register_routers() -> None:
    from groundwatch.accounts.api import router as missions_router
    from groundwatch.events.api import actors_router, claims_router, events_router
    from groundwatch.geo.api import router as places_router
    from groundwatch.sources.api import attachments_router, reports_router, sources_router

    api.add_router("/missions", missions_router)
    api.add_router("/sources", sources_router)
    api.add_router("/reports", reports_router)
    api.add_router("/attachments", attachments_router)
    api.add_router("/claims", claims_router)
    api.add_router("/events", events_router)
    api.add_router("/actors", actors_router)
    api.add_router("/places", places_router)


def _register_app_routers() -> None:
    """Routers that apps declare on their AppConfig: ``api_routers = {"/prefix": "dotted.path.router"}``."""
    from django.apps import apps
    from django.utils.module_loading import import_string

    for config in apps.get_app_configs():
        for prefix, dotted_path in getattr(config, "api_routers", {}).items():
            api.add_router(prefix, import_string(dotted_path))


_register_routers()
_register_app_routers()
