"""Disclosure control for anything groundwatch publishes.

Public pages, public exports and public CAP feeds never read events directly: they take them through
``public_events``, which keeps only records marked public and then coarsens them — place to a grid cell
or an admin area, date to a week or a month, small counts suppressed, free text and people dropped.
The policy is the mission's (``Mission.public_*`` fields); the code here is plain Python.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from groundwatch.core.choices import Confidentiality
from groundwatch.lib.dates import format_range


@dataclass(frozen=True)
class DisclosurePolicy:
    min_count: int = 5
    location: str = "grid"  # "grid", "admin1" or "country"
    grid_degrees: float = 0.5
    date_precision: str = "week"  # "day", "week" or "month"

    def __post_init__(self) -> None:
        if self.location not in ("grid", "admin1", "country"):
            raise ValueError(f"unknown public location level {self.location!r}")
        if self.date_precision not in ("day", "week", "month"):
            raise ValueError(f"unknown public date precision {self.date_precision!r}")


@dataclass(frozen=True)
class PublicMeasure:
    item: str
    label: str
    value: Decimal | None
    shown: str


@dataclass(frozen=True)
class PublicEvent:
    reference: str
    category: str
    event_type: str
    type_label: str
    date_start: dt.date
    date_end: dt.date
    date_label: str
    country_code: str
    area: str
    latitude: float | None
    longitude: float | None
    verification_status: str
    measures: list[PublicMeasure] = field(default_factory=list)


def coarsen_dates(start: dt.date, end: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """Widen a date range to whole weeks or months."""
    if precision == "week":
        return start - dt.timedelta(days=start.weekday()), end + dt.timedelta(days=6 - end.weekday())
    if precision == "month":
        last = (end.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return start.replace(day=1), last
    return start, end


def snap_to_grid(latitude: float, longitude: float, degrees: float) -> tuple[float, float]:
    """The centre of the grid cell containing the point."""

    def centre(value: float) -> float:
        return round(math.floor(value / degrees) * degrees + degrees / 2, 6)

    return centre(latitude), centre(longitude)


def coarsen_count(value: Decimal | None, min_count: int) -> tuple[Decimal | None, str]:
    """Counts from 1 to min_count−1 are suppressed: they can identify people. Zero stays zero."""
    if value is None:
        return None, "unknown"
    if 0 < value < min_count:
        return None, f"fewer than {min_count}"
    return value, f"{value.normalize():,f}"


def sanitise_event(event: Any, policy: DisclosurePolicy) -> PublicEvent:
    """A public view of one event: no title, description, actors, sources, or exact place and day."""
    start, end = coarsen_dates(event.date_start, event.date_end, policy.date_precision)
    latitude = longitude = None
    if policy.location == "grid" and event.latitude is not None and event.longitude is not None:
        latitude, longitude = snap_to_grid(float(event.latitude), float(event.longitude), policy.grid_degrees)
    area = event.admin1 if policy.location in ("grid", "admin1") and event.admin1 else event.country_code
    measures = []
    for measure in event.measures.all():
        value, shown = coarsen_count(measure.value, policy.min_count)
        measures.append(
            PublicMeasure(measure.item, measure.get_item_display(), value, f"{shown} {measure.unit}")
        )
    precision = "day" if start == end else ("month" if policy.date_precision == "month" else "range")
    return PublicEvent(
        reference=f"{event.mission.slug}-{event.pk}",
        category=event.category,
        event_type=event.event_type,
        type_label=event.type_label,
        date_start=start,
        date_end=end,
        date_label=format_range(start, end, precision),
        country_code=event.country_code,
        area=area,
        latitude=latitude,
        longitude=longitude,
        verification_status=event.verification_status,
        measures=measures,
    )


def policy_for(mission: Any) -> DisclosurePolicy:
    return DisclosurePolicy(
        min_count=mission.public_min_count,
        location=mission.public_location,
        date_precision=mission.public_date_precision,
    )


def public_events(mission: Any, events: Iterable[Any] | None = None) -> Iterator[PublicEvent]:
    """The mission's public, current events, sanitised by its policy. Nothing else ever leaves."""
    from groundwatch.events.models import Event

    policy = policy_for(mission)
    queryset = Event.objects.current().filter(mission=mission, confidentiality=Confidentiality.PUBLIC)
    chosen = queryset if events is None else [event for event in events if event.mission_id == mission.pk]
    for event in chosen:
        if event.confidentiality == Confidentiality.PUBLIC and event.merged_into_id is None:
            yield sanitise_event(event, policy)
