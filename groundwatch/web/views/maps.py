"""The offline map (and its JSON data) and the timeline: both share the event list's filters and URL."""

from __future__ import annotations

from itertools import groupby
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from groundwatch.core.middleware import DEFAULT_POLICY
from groundwatch.events.models import Event
from groundwatch.events.taxonomy import get_taxonomy
from groundwatch.web.forms import EventFilterForm
from groundwatch.web.mapdata import Bounds, map_payload
from groundwatch.web.views.lookups import access_mission, mission_context

TIMELINE_PER_PAGE = 200


@login_required
def event_map(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request, slug)
    filters = EventFilterForm(request.GET)
    filters.is_valid()
    visible = Event.objects.restrict(request.user).filter(mission=mission, grid_cell__isnull=False)
    extent = visible.aggregate(
        south=Min("latitude"), west=Min("longitude"), north=Max("latitude"), east=Max("longitude")
    )
    context = {
        **mission_context(request, mission),
        "filters": filters,
        # The map opens on the mission's events (any country); a bookmarked #zoom/lat/lon view wins.
        "extent": ",".join(str(extent[side]) for side in ("south", "west", "north", "east"))
        if extent["south"] is not None
        else "",
        "categories": get_taxonomy().categories.items(),
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    response = render(request, "web/event_map.html", context)
    if settings.MAP_TILE_URL:  # let the browser load tiles from the configured server, and nothing else
        parts = urlsplit(settings.MAP_TILE_URL.replace("{s}", "*"))
        allowed = f"img-src 'self' data: {parts.scheme}://{parts.netloc}"
        response["Content-Security-Policy"] = DEFAULT_POLICY.replace("img-src 'self' data:", allowed)
    return response


@login_required
def map_data(request: HttpRequest, slug: str) -> JsonResponse:
    """Cells or points for the map's view (``bbox=south,west,north,east``, ``zoom``), restricted and filtered."""
    mission = access_mission(request, slug)
    visible = Event.objects.restrict(request.user).filter(mission=mission).current()
    events = EventFilterForm(request.GET).filter(visible)
    try:
        zoom = int(request.GET.get("zoom", "6"))
    except ValueError:
        zoom = 6
    return JsonResponse(map_payload(mission, events, zoom, Bounds.parse(request.GET.get("bbox"))))


@login_required
def timeline(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request, slug)
    events = Event.objects.restrict(request.user).filter(mission=mission).current()
    filters = EventFilterForm(request.GET)
    ordered = filters.filter(events).order_by("date_start", "pk").select_related("place")
    page = Paginator(ordered, TIMELINE_PER_PAGE).get_page(request.GET.get("page"))
    days = [
        (day, list(group)) for day, group in groupby(page.object_list, key=lambda event: event.date_start)
    ]
    context = {**mission_context(request, mission), "filters": filters, "page": page, "days": days}
    return render(request, "web/timeline.html", context)
