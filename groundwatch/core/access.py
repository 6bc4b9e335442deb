"""Who may see and do what: the one place mission membership, role and confidentiality are applied."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.apps import apps
from django.db import models
from django.db.models import Q

from groundwatch.core.choices import ROLE_ACTIONS, ROLE_CLEARANCE, Action, Confidentiality
from groundwatch.core.errors import NotFound, PermissionDenied

if TYPE_CHECKING:
    from groundwatch.accounts.models import Mission

_M = TypeVar("_M", bound=models.Model)


def mission_grants(user: Any, action: str = Action.VIEW) -> dict[int, int]:
    """Mission id → clearance level, for the missions where ``user`` may do ``action``."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    return {
        mission_id: int(ROLE_CLEARANCE[role])
        for mission_id, role in _memberships(user)
        if action in ROLE_ACTIONS[role]
    }


def _memberships(user: Any) -> list[tuple[int, str]]:
    """(mission id, role) of the user's active memberships, cached on the user object per request."""
    cache: list[tuple[int, str]] | None = getattr(user, "_groundwatch_memberships", None)
    if cache is None:
        # Through the app registry: core sits below every app and imports none of them.
        membership_model = apps.get_model("accounts", "Membership")
        cache = list(
            membership_model.objects.filter(user=user, is_active=True).values_list("mission_id", "role")
        )
        user._groundwatch_memberships = cache
    return cache


def _need_to_know(model: type[models.Model], level_path: str, user: Any) -> Q:
    """Records (reached through ``level_path``) whose need-to-know list names ``user``."""
    from django.contrib.contenttypes.models import ContentType

    need_to_know_model = apps.get_model("accounts", "NeedToKnow")
    prefix = level_path.removesuffix("confidentiality")
    target: Any = model
    for part in [part for part in prefix.split("__") if part]:
        target = target._meta.get_field(part).related_model
    listed = need_to_know_model.objects.filter(
        content_type=ContentType.objects.get_for_model(target), user=user
    )
    return Q(**{f"{prefix}pk__in": listed.values("object_id")})


def forget_memberships(user: Any) -> None:
    """Drop the per-request membership cache after memberships change."""
    if hasattr(user, "_groundwatch_memberships"):
        del user._groundwatch_memberships


class RestrictedQuerySet(models.QuerySet[_M]):
    """A queryset that knows how to limit itself to what a user may see.

    Models name the paths to their mission and to every confidentiality level that guards them
    (``restrict_mission_path``, ``restrict_confidentiality_paths``); ``restrict`` builds one filter
    from the user's memberships. A record of another mission is simply absent, so lookups give 404.
    """

    def restrict(self, user: Any, action: str = Action.VIEW) -> Self:
        grants = mission_grants(user, action)
        if not grants:
            return self.none()
        mission_path: str = getattr(self.model, "restrict_mission_path", "mission")
        level_paths: tuple[str, ...] = getattr(self.model, "restrict_confidentiality_paths", ())
        condition = Q()
        for mission_id, clearance in grants.items():
            clause = Q(**{f"{mission_path}_id" if mission_path else "pk": mission_id})
            for path in level_paths:
                allowed = Q(**{f"{path}__lte": clearance})
                if clearance < Confidentiality.STRICTLY_CONFIDENTIAL:
                    listed = _need_to_know(self.model, path, user)
                    allowed |= Q(**{path: Confidentiality.STRICTLY_CONFIDENTIAL}) & listed
                clause &= allowed
            condition |= clause
        return self.filter(condition)


def get_restricted(
    queryset: RestrictedQuerySet[_M], user: Any, action: str = Action.VIEW, **lookup: Any
) -> _M:
    """Fetch one record the user may act on, or raise NotFound (never a hint that it exists)."""
    found = queryset.restrict(user, Action.VIEW).filter(**lookup).first()
    if found is None:
        raise NotFound(f"No {queryset.model._meta.verbose_name} matches that reference.")
    if action != Action.VIEW and not queryset.restrict(user, action).filter(pk=found.pk).exists():
        raise PermissionDenied(
            f"Your role in this mission does not allow you to {Action(action).label.lower()}."
        )
    return found


def require_action(user: Any, mission: Mission, action: str) -> None:
    """Raise unless ``user`` may do ``action`` in ``mission``. Outsiders get NotFound, members 403."""
    if user is None:
        return  # system work (demo loader, migrations, pipelines) acts without a person
    if mission.pk not in mission_grants(user, Action.VIEW):
        raise NotFound("No mission matches that reference.")
    if mission.pk not in mission_grants(user, action):
        raise PermissionDenied(
            f"Your role in this mission does not allow you to {Action(action).label.lower()}."
        )
