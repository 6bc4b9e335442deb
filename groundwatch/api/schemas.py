"""Schemas shared by every app's API."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorDetail(Schema):
    code: str
    message: str
    fields: list[dict[str, Any]] | None = None


class ErrorSchema(Schema):
    error: ErrorDetail


ERROR_RESPONSES: dict[int, type[Schema]] = {
    400: ErrorSchema,
    401: ErrorSchema,
    403: ErrorSchema,
    404: ErrorSchema,
    409: ErrorSchema,
    413: ErrorSchema,
    422: ErrorSchema,
}
