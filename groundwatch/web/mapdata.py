"""Map data: events aggregated by grid cell at low zoom, single points only when few enough are in view.

The aggregation runs in the database: one GROUP BY over the event's maintained map cell (``grid_cell``, a
Z-order key shifted to the view's zoom, see ``groundwatch.events.rollups``) and category, so a mission with
1,000,000 events sends a few hundred cells, not 1,000,000 points, and no per-row arithmetic on coordinates. Popup text is sent as data; the page puts it in the DOM
with ``textContent`` only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, F, FloatField, QuerySet
from django.urls import reverse

from groundwatch.accounts.models import Mission
from groundwatch.events.models import Event
from groundwatch.events.rollups import cell_degrees, cell_shift

__all__ = ["Bounds", "cell_degrees", "map_payload"]

MAX_POINTS = 1500
POINT_ZOOM = 9  # from this zoom on, points are shown when few enough are in view


@dataclass(frozen=True)
class Bounds:
    south: float
    west: float
    north: float
    east: float

    @classmethod
    def parse(cls, text: str | None) -> Bounds | None:
        """``south,west,north,east`` in degrees, or None when missing or malformed."""
        try:
            south, west, north, east = (float(part) for part in (text or "").split(","))
        except ValueError:
            return None
        if not (-90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
            return None
        return cls(south, west, north, east)

    def apply(self, events: QuerySet[Event]) -> QuerySet[Event]:
        events = events.filter(latitude__gte=self.south, latitude__lte=self.north)
        if self.west <= self.east:
            return events.filter(longitude__gte=self.west, longitude__lte=self.east)
        return events.exclude(longitude__gt=self.east, longitude__lt=self.west)  # across the antimeridian


def map_payload(
    mission: Mission, events: QuerySet[Event], zoom: int, bounds: Bounds | None
) -> dict[str, Any]:
    located = events.filter(grid_cell__isnull=False)  # a cell exactly when both coordinates are known
    if bounds is not None:
        located = bounds.apply(located)
    cells = _cells(located, zoom)  # one GROUP BY; its counts also say whether points are few enough
    total = sum(cell["count"] for cell in cells)
    if zoom >= POINT_ZOOM and total <= MAX_POINTS:
        return {"kind": "points", "total": total, "points": _points(mission, located)}
    return {"kind": "cells", "total": total, "cells": cells}


def _points(mission: Mission, events: QuerySet[Event]) -> list[dict[str, Any]]:
    rows = events.order_by("-date_start", "-pk").select_related(None)
    points = []
    for event in rows.only(
        "pk",
        "title",
        "category",
        "event_type",
        "sub_event_type",
        "date_start",
        "date_end",
        "date_precision",
        "latitude",
        "longitude",
        "verification_status",
        "location_name",
    )[:MAX_POINTS]:
        points.append(
            {
                "id": event.pk,
                "lat": float(event.latitude or 0),
                "lon": float(event.longitude or 0),
                "category": event.category,
                "title": event.title,
                "type": event.type_label,
                "date": event.date_label,
                "place": event.location_name,
                "status": event.get_verification_status_display(),
                "url": reverse("web:event_detail", args=[mission.slug, event.pk]),
            }
        )
    return points


def _cells(events: QuerySet[Event], zoom: int) -> list[dict[str, Any]]:
    """Events per map cell at ``zoom`` and category, with the mean point of each cell's events."""
    grouped = (
        events.order_by()
        .annotate(cell=F("grid_cell").bitrightshift(cell_shift(zoom)))
        .values("cell", "category")
        .annotate(
            count=Count("*"),
            lat=Avg("latitude", output_field=FloatField()),
            lon=Avg("longitude", output_field=FloatField()),
        )
        .values_list("cell", "category", "count", "lat", "lon")
    )
    cells: dict[int, dict[str, Any]] = {}
    weights: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for key, category, count, lat, lon in grouped:
        cell = cells.setdefault(key, {"count": 0, "categories": {}})
        cell["count"] += count
        cell["categories"][category] = count
        weights[key][0] += lat * count
        weights[key][1] += lon * count
    for key, cell in cells.items():
        cell["lat"] = round(weights[key][0] / cell["count"], 5)
        cell["lon"] = round(weights[key][1] / cell["count"], 5)
        cell["category"] = max(cell["categories"], key=cell["categories"].get)
    return list(cells.values())
