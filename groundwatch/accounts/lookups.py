"""Permission-checked lookups for every app's pages: a record the user may not see is a 404, never a hint.

They live here, beside missions and memberships, so every app with pages (web, humanitarian, ceasefire …)
can use them without importing another page app.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied as HttpForbidden
from django.db import models
from django.http import Http404, HttpRequest
from django.utils import timezone

from groundwatch.accounts.models import Membership, Mission
from groundwatch.core.access import RestrictedQuerySet, get_restricted, mission_grants
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
    """The mission named in the URL, if the signed-in user is a member of it."""
    return find_or_404(Mission.objects.all(), request.user, Action.VIEW, slug=slug)


def member_role_label(request: HttpRequest, mission: Mission) -> str:
    membership = Membership.objects.filter(
        mission=mission, user_id=request.user.pk or 0, is_active=True
    ).first()
    return membership.get_role_display() if membership else ""


def may(request: HttpRequest, mission: Mission, action: str) -> bool:
    """Whether the signed-in user's role in ``mission`` grants ``action`` (for showing controls)."""
    return mission.pk in mission_grants(request.user, action)


def mission_context(request: HttpRequest, mission: Mission) -> dict[str, Any]:
    """What every mission page's header needs. Also makes the mission's time zone the current one, so the
    page shows times as the mission lives them (the ``when`` filter keeps UTC on hover); it is reset at
    the start of every request (``AccountsConfig.ready``)."""
    timezone.activate(mission.zone)
    return {"mission": mission, "role_label": member_role_label(request, mission)}
