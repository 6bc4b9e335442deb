"""Lookups for the web app's own records (events, reports); the shared ones are in accounts.lookups."""

from __future__ import annotations

from django.http import HttpRequest

from groundwatch.accounts.lookups import access_mission, find_or_404, may, member_role_label, mission_context
from groundwatch.accounts.models import Mission
from groundwatch.core.choices import Action
from groundwatch.events.models import Event
from groundwatch.sources.models import Report

__all__ = ["access_event", "access_mission", "access_report", "may", "member_role_label", "mission_context"]


def access_event(request: HttpRequest, mission: Mission, pk: int, action: str = Action.VIEW) -> Event:
    queryset = Event.objects.filter(mission=mission).select_related("place", "merged_into", "created_by")
    return find_or_404(queryset, request.user, action, pk=pk)


def access_report(request: HttpRequest, mission: Mission, pk: int) -> Report:
    queryset = Report.objects.filter(mission=mission).select_related("source", "submitted_by", "corrects")
    return find_or_404(queryset, request.user, Action.VIEW, pk=pk)
