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

from django.db.models import QuerySet

from groundwatch.accounts.models import Mission
from groundwatch.events.models import Event, EventActor, Evidence, Measure
from groundwatch.protection.disclosure import PublicEvent, public_events
from groundwatch.sources.models import Source

CHUNK_SIZE = 1000


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


def member_records(user: Any, events: QuerySet[Event]) -> Iterator[ExportRecord]:
    """Restricted events as records, with their measures, actors and visible sources, chunk by chunk.

    Related rows are read per chunk with one ``IN`` query each and grouped here: Django's prefetch_related
    builds a queryset per event, which dominated the export's time."""
    visible_sources = set(Source.objects.restrict(user).values_list("pk", flat=True))
    source_names = dict(Source.objects.filter(pk__in=visible_sources).values_list("pk", "name"))
    evidence = Evidence.objects.restrict(user)
    chunk: list[Event] = []
    for event in events.select_related("place").order_by("date_start", "pk").iterator(chunk_size=CHUNK_SIZE):
        chunk.append(event)
        if len(chunk) == CHUNK_SIZE:
            yield from _chunk_records(chunk, evidence, visible_sources, source_names)
            chunk = []
    yield from _chunk_records(chunk, evidence, visible_sources, source_names)


def _chunk_records(
    chunk: list[Event], evidence: QuerySet[Evidence], visible: set[int], source_names: dict[int, str]
) -> Iterator[ExportRecord]:
    ids = [event.pk for event in chunk]
    related: dict[str, dict[int, list[Any]]] = {"measures": {}, "event_actors": {}, "evidence": {}}
    for measure in Measure.objects.filter(event_id__in=ids).order_by("event_id", "item", "as_of_on", "pk"):
        related["measures"].setdefault(measure.event_id, []).append(measure)
    for role in EventActor.objects.filter(event_id__in=ids).select_related("actor"):
        related["event_actors"].setdefault(role.event_id, []).append(role)
    for link in (
        evidence.filter(event_id__in=ids)
        .select_related("claim__report")
        .only("event_id", "claim__report__source_id")
    ):
        related["evidence"].setdefault(link.event_id, []).append(link)
    for event in chunk:
        event._prefetched_objects_cache = {name: rows.get(event.pk, []) for name, rows in related.items()}  # type: ignore[attr-defined]  # Django's own prefetch cache
        yield _from_event(event, visible, source_names)


def _prefetched(event: Event, name: str) -> Any:
    """The rows of a relation read for the chunk (``_chunk_records``), else a query."""
    cache = getattr(event, "_prefetched_objects_cache", {})
    return cache[name] if name in cache else getattr(event, name).all()


def _from_event(event: Event, visible: set[int], source_names: dict[int, str]) -> ExportRecord:
    measures: dict[str, MeasureFigure] = {}
    # Successive figures of one item: the latest as-of date stands.
    for measure in _prefetched(event, "measures"):
        measures[measure.item] = MeasureFigure(
            measure.value, measure.low, measure.high, measure.qualifier, measure.unit
        )
    sources: list[str] = []
    for link in _prefetched(event, "evidence"):
        source_id = link.claim.report.source_id
        if source_id in visible and source_names[source_id] not in sources:
            sources.append(source_names[source_id])
    return ExportRecord(
        reference=f"{event.mission_id}-{event.pk}",
        event_id=event.pk,
        category=event.category,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        type_label=event.type_label,
        date_start=event.date_start,
        date_end=event.date_end,
        date_precision=event.date_precision,
        country_code=event.country_code,
        admin1=event.admin1,
        admin2=event.admin2,
        location=event.location_name or (event.place.name if event.place else ""),
        latitude=event.latitude,
        longitude=event.longitude,
        geo_precision=event.geo_precision,
        verification_status=event.verification_status,
        title=event.title,
        description=event.description,
        actors=[(link.actor.name, link.role, link.actor.kind) for link in _prefetched(event, "event_actors")],
        sources=sources,
        measures=measures,
        updated_at=event.updated_at,
    )


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
