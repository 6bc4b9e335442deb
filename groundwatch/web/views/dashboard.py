"""The mission dashboard: key figures for a period, their change, links to the events behind them, trends."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from groundwatch.assessment.choices import Period
from groundwatch.web.dashboard import Window, build_dashboard, latest_event_day
from groundwatch.web.views.lookups import access_mission, mission_context


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request, slug)
    period = request.GET.get("period", Period.WEEK)
    if period not in Period.values:
        period = Period.WEEK
    day = _day(request.GET.get("on")) or latest_event_day(request.user, mission)
    include_unverified = request.GET.get("unverified") == "1"
    board = build_dashboard(request.user, mission, Window.ending(day, period), include_unverified)
    context = {
        **mission_context(request, mission),
        "board": board,
        "periods": Period.choices,
        "day": day,
        "include_unverified": include_unverified,
    }
    return render(request, "web/dashboard.html", context)
