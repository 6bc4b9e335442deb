"""Every route the application serves: page patterns from the URL resolver, operations from the OpenAPI schema."""

from __future__ import annotations

import re

from django.urls import URLPattern, URLResolver, get_resolver

from groundwatch.api.api import api

METHODS = ("get", "post", "put", "patch", "delete")


def _walk(patterns: list[URLPattern | URLResolver], prefix: str) -> list[str]:
    found: list[str] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            found.append("/" + prefix + str(pattern.pattern))
    return found


def resolver_paths() -> list[str]:
    """Every page path, as the resolver spells it (``/m/<slug:slug>/events/``)."""
    return _walk(get_resolver().url_patterns, "")


def openapi_operations() -> list[str]:
    """Every API operation as ``"METHOD /api/v1/path"``."""
    schema = api.get_openapi_schema()
    return [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in METHODS
    ]


def as_openapi_path(resolver_path: str) -> str:
    """``/api/v1/events/<int:event_id>`` → ``/api/v1/events/{event_id}``."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", resolver_path)
