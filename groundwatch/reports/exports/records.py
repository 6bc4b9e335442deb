"""What an export writes, read in chunks so memory stays constant however many events there are.

A member's export reads events through ``restrict()`` (their clearance, their mission); a public export
reads only what ``protection.disclosure.public_events`` lets out — no titles, people, actors or sources,
places snapped to a grid or an area, dates widened, small counts suppressed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from groundwatch.accounts.models import Mission
from groundwatch.events.models import Event, EventActor, Evidence, Measure
from groundwatch.events.taxonomy import get_taxonomy
from groundwatch.protection.disclosure import PublicEvent, public_events
from groundwatch.sources.models import Source

CHUNK_SIZE = 4000


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
    "geo_precision",
    "verification_status",
    "title",
    "description",
)
# Coordinates as floats: Django would turn each into a Decimal (from the stored float on SQLite) only for the
# writers to turn it back into text; the stored precision (5 decimals) is kept either way.
COORDINATES = {
    "export_latitude": Cast("latitude", FloatField()),
    "export_longitude": Cast("longitude", FloatField()),
}


def member_records(user: Any, events: QuerySet[Event], *, timestamps: bool = True) -> Iterator[ExportRecord]:
    """Restricted events as records, with their measures, actors and visible sources, in constant memory.

    Events are read as tuples (``values_list``, no model instances) in (start date, id) order, 1,000 at a
    time; each chunk's figures, actors and evidence come from one query per relation (``_related``).
    ``timestamps=False`` leaves ``updated_at`` empty (only ACLED writes it; reading it costs time)."""
    visible = set(Source.objects.restrict(user).values_list("pk", flat=True))
    source_names = dict(Source.objects.filter(pk__in=visible).values_list("pk", "name"))
    evidence = Evidence.objects.restrict(user)
    fields = (*EVENT_FIELDS, "updated_at") if timestamps else EVENT_FIELDS
    rows = (
        events.order_by("date_start", "pk")
        .annotate(**COORDINATES)
        .values_list(*fields, *COORDINATES)
        .iterator(chunk_size=CHUNK_SIZE)
    )
    label = get_taxonomy().label
    labels: dict[tuple[str, str], str] = {}
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) < CHUNK_SIZE:
            continue
        yield from _chunk_records(chunk, evidence, visible, source_names, labels, label)
        chunk = []
    yield from _chunk_records(chunk, evidence, visible, source_names, labels, label)


def _ids(ids: list[int]) -> RawSQL:
    """The chunk's event ids as one query parameter (a JSON array on SQLite, an array on PostgreSQL): Django
    would otherwise prepare and compile one placeholder per id, which cost more than the query itself."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])


def _chunk_records(
    chunk: list[tuple[Any, ...]],
    evidence: QuerySet[Evidence],
    visible: set[int],
    source_names: dict[int, str],
    labels: dict[tuple[str, str], str],
    label: Any,
) -> Iterator[ExportRecord]:
    if not chunk:
        return
    ids = _ids([row[0] for row in chunk])
    measures: dict[int, dict[str, MeasureFigure]] = {}
    # Successive figures of one item come in as-of order, so the latest one stands.
    for event_id, item, value, low, high, qualifier, unit in (
        Measure.objects.filter(event_id__in=ids)
        .order_by("event_id", "item", "as_of_on", "pk")
        .values_list("event_id", "item", "value", "low", "high", "qualifier", "unit")
    ):
        measures.setdefault(event_id, {})[item] = MeasureFigure(value, low, high, qualifier, unit)
    actors: dict[int, list[tuple[str, str, str]]] = {}
    for event_id, *actor in (
        EventActor.objects.filter(event_id__in=ids)
        .order_by("event_id", "role", "actor__name", "pk")
        .values_list("event_id", "actor__name", "role", "actor__kind")
    ):
        actors.setdefault(event_id, []).append(tuple(actor))  # type: ignore[arg-type]  # (name, role, kind)
    sources: dict[int, list[str]] = {}
    for event_id, source_id in (
        evidence.filter(event_id__in=ids)
        .order_by("event_id", "linked_at", "pk")
        .values_list("event_id", "claim__report__source_id")
    ):
        if source_id in visible:
            names = sources.setdefault(event_id, [])
            if source_names[source_id] not in names:
                names.append(source_names[source_id])
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
        geo_precision,
        verification_status,
        title,
        description,
        *stamp,
        latitude,
        longitude,
    ) in chunk:
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
            actors=actors.get(pk, []),
            sources=sources.get(pk, []),
            measures=measures.get(pk, {}),
            updated_at=stamp[0] if stamp else None,
        )


def public_records(mission: Mission, events: QuerySet[Event]) -> Iterator[ExportRecord]:
    """Public records only, each passed through the disclosure sanitiser first, a chunk at a time (the
    sanitiser takes a list, so it is given one chunk at a time to keep memory constant)."""
    queryset = events.select_related("mission").prefetch_related("measures").order_by("date_start", "pk")
    chunk: list[Event] = []
    for event in queryset.iterator(chunk_size=CHUNK_SIZE):
        chunk.append(event)
        if len(chunk) == CHUNK_SIZE:
            yield from (_from_public(public) for public in public_events(mission, chunk))
            chunk = []
    if chunk:
        yield from (_from_public(public) for public in public_events(mission, chunk))


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
