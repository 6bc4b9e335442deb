"""API authentication: bearer tokens for scripts, the browser session (with CSRF) for the web UI.

The API takes its authentication classes from settings.API_AUTHENTICATION, so the API layer itself does
not depend on accounts.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from groundwatch.accounts.services import user_for_token
from groundwatch.accounts.two_factor import is_verified, needs_two_factor


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session. Unsafe methods need Django's CSRF token, as for any form."""

    param_name = "sessionid"

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if needs_two_factor(user) and not is_verified(user):
            return None  # signed in with a password only: finish the two-factor step first
        return user
