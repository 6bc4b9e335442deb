"""Permission-checked page lookups shared by the mission-picture apps (humanitarian, displacement,
ceasefire, assessment). They mirror the web app's lookups; importing those would make the picture
apps and ``web`` (which loads the demo) import each other in a circle.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied as HttpForbidden
from django.db import models
from django.http import Http404, HttpRequest

from groundwatch.accounts.models import Membership, Mission
from groundwatch.core.access import RestrictedQuerySet, get_restricted
from groundwatch.core.choices import Action
from groundwatch.core.errors import NotFound, PermissionDenied

_M = TypeVar("_M", bound=models.Model)


def find_or_404(queryset: RestrictedQuerySet[_M], user: Any, action: str = Action.VIEW, **lookup: Any) -> _M:
    """``get_restricted`` for pages: NotFound becomes a 404 page, a missing right a 403 page."""
    try:
        return get_restricted(queryset, user, action, **lookup)
    except NotFound:
        raise Http404("Nothing matches that address.") from None
    except PermissionDenied as error:
        raise HttpForbidden(error.message) from None


def access_mission(request: HttpRequest, slug: str) -> Mission:
    return find_or_404(Mission.objects.all(), request.user, Action.VIEW, slug=slug)


def mission_context(request: HttpRequest, mission: Mission) -> dict[str, Any]:
    """What the base template's header needs."""
    memberships = Membership.objects.filter(mission=mission, is_active=True)
    membership = memberships.filter(user_id=int(request.user.pk or 0)).first()  # pages require sign-in
    return {"mission": mission, "role_label": membership.get_role_display() if membership else ""}
