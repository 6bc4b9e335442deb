"""The REST API root: /api/v1/.

Apps add their routers by naming them on their AppConfig (``api_routers = {"/events": "…api.events_router"}``),
so this module imports no app: the API is built with the same hook a third-party app would use.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string
from ninja import NinjaAPI

from groundwatch import __version__
from groundwatch.api.errors import install_error_handlers
from groundwatch.api.parser import NulRefusingParser

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
    auth=[import_string(path)() for path in settings.API_AUTHENTICATION],
    parser=NulRefusingParser(),
    urls_namespace="api",
)
install_error_handlers(api)


def _register_app_routers() -> None:
    """Routers that apps declare on their AppConfig: ``api_routers = {"/prefix": "dotted.path.router"}``."""
    from django.apps import apps

    for config in apps.get_app_configs():
        for prefix, dotted_path in getattr(config, "api_routers", {}).items():
            api.add_router(prefix, import_string(dotted_path))


_register_app_routers()
