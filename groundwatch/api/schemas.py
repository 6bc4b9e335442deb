"""Schemas and lookups shared by every app's API.

Conventions every router follows:

- lists take the mission as a query parameter (``?mission=<slug>``); without it they cover every mission
  the caller belongs to; details are addressed by id (``/events/{id}``); POST bodies that create a
  mission's record carry ``mission`` (its slug);
- confidentiality is written and read as a slug (``public``, ``internal``, ``confidential``,
  ``strictly_confidential``);
- the record an endpoint acts on is looked up restricted: another mission's record gives 404, a role
  that lacks the action gives 403; a record named in a body that the caller cannot see gives 422.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from django.apps import apps
from django.db import models
from ninja import Schema
from pydantic import AfterValidator, WithJsonSchema

from groundwatch.core.access import RestrictedQuerySet, get_restricted
from groundwatch.core.choices import Action, Confidentiality
from groundwatch.core.errors import ValidationFailed

if TYPE_CHECKING:
    from groundwatch.accounts.models import Mission

_M = TypeVar("_M", bound=models.Model)


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

CONFIDENTIALITY_SLUGS = [level.slug for level in Confidentiality]


def _known_confidentiality(value: str) -> str:
    # from_slug raises ValueError naming the accepted values; pydantic turns it into a 422 on the field.
    return Confidentiality.from_slug(value).slug


ConfidentialitySlug = Annotated[
    str,
    AfterValidator(_known_confidentiality),
    WithJsonSchema({"type": "string", "enum": CONFIDENTIALITY_SLUGS}),
]


def confidentiality_level(slug: str) -> int:
    return int(Confidentiality.from_slug(slug))


def confidentiality_slug(level: int) -> str:
    return Confidentiality(level).slug


def mission_for(user: Any, slug: str) -> Mission:
    """The mission the caller named, if they are a member (404 otherwise)."""
    # Through the app registry: the API layer sits below the apps that register routers on it.
    mission_model = apps.get_model("accounts", "Mission")
    return get_restricted(mission_model.objects.all(), user, slug=slug)


def visible(
    queryset: RestrictedQuerySet[_M], user: Any, mission: str | None = None
) -> RestrictedQuerySet[_M]:
    """What ``user`` may see of ``queryset``, narrowed to one mission when a slug is given."""
    restricted = queryset.restrict(user, Action.VIEW)
    if mission:
        path: str = getattr(queryset.model, "restrict_mission_path", "mission")
        restricted = restricted.filter(**{f"{path}_id": mission_for(user, mission).pk})
    return restricted


def referenced(queryset: RestrictedQuerySet[_M], user: Any, pk: int, field: str) -> _M:
    """A record named in a request body; one the caller cannot see is a mistake in that field (422)."""
    found = queryset.restrict(user, Action.VIEW).filter(pk=pk).first()
    if found is None:
        name = queryset.model._meta.verbose_name
        raise ValidationFailed(f"No {name} with id {pk} in your missions.", field=field)
    return found


def referenced_or_none(queryset: RestrictedQuerySet[_M], user: Any, pk: int | None, field: str) -> _M | None:
    return None if pk is None else referenced(queryset, user, pk, field)


def with_errors(status: int, schema: Any) -> dict[int, Any]:
    """An endpoint's responses: ``schema`` on success, the JSON error shape for every failure."""
    return {status: schema, **ERROR_RESPONSES}
