"""Sends people who must use a second factor to the two-factor page until they have."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from groundwatch.accounts.two_factor import is_verified, needs_two_factor

# Reachable before the second factor: the two-factor pages themselves, signing out, assets and health.
OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/static/", "/healthz")


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        path = request.path
        # The API checks the same rule in its session authentication (JSON 401, not a redirect).
        is_open = path.startswith(OPEN_PREFIXES) or path.startswith("/api/")
        if not is_open and needs_two_factor(user) and not is_verified(user):
            target = reverse("accounts:two_factor")
            return HttpResponseRedirect(f"{target}?next={quote(request.get_full_path())}")
        return self.get_response(request)
