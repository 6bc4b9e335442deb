"""Every API error is JSON: {"error": {"code": stable-code, "message": for people, "fields": [...]}}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from groundwatch.core.errors import GroundwatchError


def error_body(code: str, message: str, fields: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return {"error": body}


def _field_name(location: list[Any] | tuple[Any, ...]) -> str:
    # Ninja reports e.g. ("body", "payload", "date_start"); people want "date_start".
    parts = [str(part) for part in location if part not in ("body", "payload", "query", "path", "form")]
    return ".".join(parts) or "body"


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def invalid_payload(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields = [
            {"field": _field_name(error.get("loc", ())), "message": str(error.get("msg", "invalid value"))}
            for error in exc.errors
        ]
        names = ", ".join(sorted({field["field"] for field in fields}))
        return api.create_response(
            request,
            error_body("invalid_payload", f"The request has invalid or missing fields: {names}.", fields),
            status=422,
        )

    @api.exception_handler(GroundwatchError)
    def domain_error(request: HttpRequest, exc: GroundwatchError) -> HttpResponse:
        fields = [{"field": exc.field, "message": exc.message}] if exc.field else None
        return api.create_response(request, error_body(exc.code, exc.message, fields), status=exc.status)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(
            request, error_body("not_found", "Nothing matches that reference."), status=404
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = "Sign in, or send an API token as 'Authorization: Bearer <token>'."
        return api.create_response(request, error_body("unauthenticated", message), status=401)

    @api.exception_handler(RequestDataTooBig)
    def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        # Without this the body limit (DATA_UPLOAD_MAX_MEMORY_SIZE) answered an HTML page, not the JSON shape.
        message = (
            "The request body is larger than the server accepts; send less, or upload files as multipart."
        )
        return api.create_response(request, error_body("too_large", message), status=413)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(request, error_body("http_error", str(exc)), status=exc.status_code)
