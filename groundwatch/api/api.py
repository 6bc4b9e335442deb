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
        f"missions you are a member of. groundwatch {__version__}."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)
install_error_handlers(api)


def _register_routers() -> None:
    from groundwatch.accounts.api import router as missions_router

    api.add_router("/missions", missions_router)


_register_routers()
