"""What an export writes, read in chunks so memory stays constant however many events there are.

A member's export reads events through ``restrict()`` (their clearance, their mission); a public export
reads only what ``protection.disclosure.public_events`` lets out — no titles, people, actors or sources,
places snapped to a grid or an area, dates widened, small counts suppressed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from groundwatch.accounts.models import Mission
from groundwatch.events.models import Event, EventActor, Evidence, Measure
from groundwatch.events.taxonomy import get_taxonomy
from groundwatch.protection.disclosure import PublicEvent, public_events
from groundwatch.sources.models import Source

CHUNK_SIZE = 1000
DAY = Cast("event__date_start", CharField(max_length=10))


@dataclass(frozen=True)
class MeasureFigure:
    value: Decimal | None
    low: Decimal | None = None
    high: Decimal | None = None
    qualifier: str = "exact"
    unit: str = ""


@dataclass
class ExportRecord:
    """One event as every export format sees it (format modules need no database)."""

    reference: str
    event_id: int | None
    category: str
    event_type: str
    sub_event_type: str
    type_label: str
    date_start: dt.date
    date_end: dt.date
    date_precision: str
    country_code: str
    admin1: str
    admin2: str
    location: str
    latitude: Decimal | float | None
    longitude: Decimal | float | None
    geo_precision: int | None
    verification_status: str
    title: str = ""
    description: str = ""
    actors: list[tuple[str, str, str]] = field(default_factory=list)  # (name, role, kind)
    sources: list[str] = field(default_factory=list)
    measures: dict[str, MeasureFigure] = field(default_factory=dict)
    updated_at: dt.datetime | None = None
    is_public: bool = False


def member_events(user: Any, mission: Mission) -> QuerySet[Event]:
    """The mission's current events the user may see (the export's starting point before filters)."""
    return Event.objects.restrict(user).filter(mission=mission).current()


EVENT_FIELDS = (
    "pk",
    "mission_id",
    "category",
    "event_type",
    "sub_event_type",
    "date_start",
    "date_end",
    "date_precision",
    "country_code",
    "admin1",
    "admin2",
    "location_name",
    "place__name",
    "latitude",
    "longitude",
    "geo_precision",
    "verification_status",
    "title",
    "description",
    "updated_at",
)


def member_records(user: Any, events: QuerySet[Event], *, timestamps: bool = True) -> Iterator[ExportRecord]:
    """Restricted events as records, with their measures, actors and visible sources, in constant memory.

    Events are read as tuples (``values_list``, no model instances), in (start date, id) order. Each
    relation is read by one more query over the same events in the same order, and the streams are merged
    as they go: no per-event queries, no ``IN`` lists to build, and memory holds one chunk per stream.
    ``timestamps=False`` leaves ``updated_at`` empty (only ACLED writes it; reading it costs time)."""
    visible = set(Source.objects.restrict(user).values_list("pk", flat=True))
    source_names = dict(Source.objects.filter(pk__in=visible).values_list("pk", "name"))
    chosen = events.values("pk")
    # Related rows carry their event's start date as ISO text (no date parsing per row) and its id.
    order = ("event__date_start", "event_id")
    measures = _grouped(
        Measure.objects.filter(event__in=chosen)
        .annotate(day=DAY)
        .order_by(*order, "item", "as_of_on", "pk")
        .values_list("day", "event_id", "item", "value", "low", "high", "qualifier", "unit")
    )
    actors = _grouped(
        EventActor.objects.filter(event__in=chosen)
        .annotate(day=DAY)
        .order_by(*order, "role", "actor__name", "pk")
        .values_list("day", "event_id", "actor__name", "role", "actor__kind")
    )
    evidence = _grouped(
        Evidence.objects.restrict(user)
        .filter(event__in=chosen)
        .annotate(day=DAY)
        .order_by(*order, "linked_at", "pk")
        .values_list("day", "event_id", "claim__report__source_id")
    )
    fields = EVENT_FIELDS if timestamps else EVENT_FIELDS[:-1]
    rows: Iterator[tuple[Any, ...]] = (
        events.order_by("date_start", "pk").values_list(*fields).iterator(chunk_size=CHUNK_SIZE)
    )
    if not timestamps:
        rows = ((*row, None) for row in rows)
    label = get_taxonomy().label
    labels: dict[tuple[str, str], str] = {}
    for (
        pk,
        mission_id,
        category,
        event_type,
        sub_event_type,
        date_start,
        date_end,
        date_precision,
        country_code,
        admin1,
        admin2,
        location_name,
        place_name,
        latitude,
        longitude,
        geo_precision,
        verification_status,
        title,
        description,
        updated_at,
    ) in rows:
        key = (date_start.isoformat(), pk)
        figures = {item: MeasureFigure(*figure) for item, *figure in measures.take(key)}
        sources: list[str] = []
        for (source_id,) in evidence.take(key):
            if source_id in visible and source_names[source_id] not in sources:
                sources.append(source_names[source_id])
        kind = (event_type, sub_event_type)
        if kind not in labels:
            labels[kind] = label(event_type, sub_event_type)
        yield ExportRecord(
            reference=f"{mission_id}-{pk}",
            event_id=pk,
            category=category,
            event_type=event_type,
            sub_event_type=sub_event_type,
            type_label=labels[kind],
            date_start=date_start,
            date_end=date_end,
            date_precision=date_precision,
            country_code=country_code,
            admin1=admin1,
            admin2=admin2,
            location=location_name or place_name or "",
            latitude=latitude,
            longitude=longitude,
            geo_precision=geo_precision,
            verification_status=verification_status,
            title=title,
            description=description,
            actors=actors.take(key),  # (name, role, kind) tuples
            sources=sources,
            measures=figures,
            updated_at=updated_at,
        )


class _grouped:
    """Rows of one relation, ordered like the events by their leading (start date, event id), handed out
    event by event. ``take(key)`` returns the rest of the rows of that event and skips any before it."""

    def __init__(self, queryset: QuerySet[Any, tuple[Any, ...]]) -> None:
        self.rows = iter(queryset.iterator(chunk_size=CHUNK_SIZE))
        self.pending: tuple[Any, ...] | None = next(self.rows, None)

    def take(self, key: tuple[str, int]) -> list[Any]:
        pending = self.pending
        if pending is None or pending[0] > key[0] or (pending[0] == key[0] and pending[1] > key[1]):
            return []  # the common case: nothing (more) for this event
        found: list[tuple[Any, ...]] = []
        while pending is not None and (pending[0], pending[1]) <= key:
            if pending[1] == key[1]:
                found.append(pending[2:])
            pending = next(self.rows, None)
        self.pending = pending
        return found


def public_records(mission: Mission, events: QuerySet[Event]) -> Iterator[ExportRecord]:
    """Public records only, each passed through the disclosure sanitiser first."""
    chunk = events.select_related("mission").prefetch_related("measures")
    for public in public_events(mission, chunk.order_by("date_start", "pk").iterator(chunk_size=CHUNK_SIZE)):
        yield _from_public(public)


def _from_public(public: PublicEvent) -> ExportRecord:
    return ExportRecord(
        reference=public.reference,
        event_id=None,
        category=public.category,
        event_type=public.event_type,
        sub_event_type="",
        type_label=public.type_label,
        date_start=public.date_start,
        date_end=public.date_end,
        date_precision="day" if public.date_start == public.date_end else "range",
        country_code=public.country_code,
        admin1=public.area,
        admin2="",
        location=public.area,
        latitude=public.latitude,
        longitude=public.longitude,
        geo_precision=3 if public.latitude is not None else None,
        verification_status=public.verification_status,
        measures={
            measure.item: MeasureFigure(measure.value, unit=measure.shown.rsplit(" ", 1)[-1])
            for measure in public.measures
        },
        is_public=True,
    )
