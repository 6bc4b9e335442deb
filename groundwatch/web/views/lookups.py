"""Permission-checked lookups for views: a record the user may not see is a 404, never a hint."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied as HttpForbidden
from django.db import models
from django.http import Http404, HttpRequest

from groundwatch.accounts.models import Membership, Mission
from groundwatch.core.access import RestrictedQuerySet, get_restricted, mission_grants
from groundwatch.core.choices import Action
from groundwatch.core.errors import NotFound, PermissionDenied
from groundwatch.events.models import Event
from groundwatch.sources.models import Report

_M = TypeVar("_M", bound=models.Model)


def find_or_404(queryset: RestrictedQuerySet[_M], user: Any, action: str = Action.VIEW, **lookup: Any) -> _M:
    """``get_restricted`` for views: NotFound becomes a 404 page, a missing right a 403 page."""
    try:
        return get_restricted(queryset, user, action, **lookup)
    except NotFound:
        raise Http404("Nothing matches that address.") from None
    except PermissionDenied as error:
        raise HttpForbidden(error.message) from None


def access_mission(request: HttpRequest, slug: str) -> Mission:
    """The mission named in the URL, if the signed-in user is a member of it."""
    return find_or_404(Mission.objects.all(), request.user, Action.VIEW, slug=slug)


def access_event(request: HttpRequest, mission: Mission, pk: int, action: str = Action.VIEW) -> Event:
    queryset = Event.objects.filter(mission=mission).select_related("place", "merged_into", "created_by")
    return find_or_404(queryset, request.user, action, pk=pk)


def access_report(request: HttpRequest, mission: Mission, pk: int) -> Report:
    queryset = Report.objects.filter(mission=mission).select_related("source", "submitted_by", "corrects")
    return find_or_404(queryset, request.user, Action.VIEW, pk=pk)


def member_role_label(request: HttpRequest, mission: Mission) -> str:
    membership = Membership.objects.filter(mission=mission, user=request.user, is_active=True).first()
    return membership.get_role_display() if membership else ""


def may(request: HttpRequest, mission: Mission, action: str) -> bool:
    """Whether the signed-in user's role in ``mission`` grants ``action`` (for showing controls)."""
    return mission.pk in mission_grants(request.user, action)


def mission_context(request: HttpRequest, mission: Mission) -> dict[str, Any]:
    """What every mission page's header needs."""
    return {"mission": mission, "role_label": member_role_label(request, mission)}
