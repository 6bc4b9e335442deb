"""Building blocks for every app's ``admin.py``: mission scoping and read-only registrations.

The admin is an inspection tool. Records are written only through services (which validate, keep
versions and append to the audit chain), so mission data is shown read-only here; people change it
through the web interface, the API or the command line. A staff user who is not a superuser sees only
the records of their missions, up to their clearance, exactly as ``restrict()`` gives them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from groundwatch.core.access import RestrictedQuerySet, mission_grants
from groundwatch.core.choices import Action


class MissionScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # serves every model
    """Limits the change list and lookups to the staff user's missions unless they are a superuser."""

    #: Path to the mission, for models whose queryset cannot restrict itself.
    mission_path = "mission"
    #: The action a staff user's role must grant to see these records at all.
    scope_action: str = Action.VIEW
    # A typed-in address without a scheme means https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        if isinstance(queryset, RestrictedQuerySet):
            return queryset.restrict(request.user, self.scope_action)
        missions = list(mission_grants(request.user, self.scope_action))
        return queryset.filter(**{f"{self.mission_path}__in": missions})


class ReadOnlyAdmin(MissionScopedAdmin):
    """Shows records; adding, changing and deleting go through services, never through the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]  # serves every model
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
