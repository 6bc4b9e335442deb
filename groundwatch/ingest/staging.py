"""The staging step: a pipeline's draft becomes a Claim and, by rule, an Event — through the services.

This is the ORM write path used for interactive intake (one submission, one form). File imports use
the batch path in ``batch.py`` instead; both leave the same provenance: Report → Claim → Evidence → Event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from groundwatch.events.models import Actor, Claim, Event
from groundwatch.events.services import MeasureInput, add_claim, record_actor, record_event
from groundwatch.geo.models import Place
from groundwatch.ingest.drafts import EventDraft, RowResult
from groundwatch.sources.models import Report


@dataclass(frozen=True)
class Staged:
    claim: Claim
    event: Event | None


def resolve_place(reference: str) -> Place | None:
    """A place-list choice (``place_<id>``) or a name looked up in the gazetteer."""
    if not reference:
        return None
    if reference.startswith("place_") and reference[6:].isdigit():
        return Place.objects.filter(pk=int(reference[6:])).first()
    return Place.objects.search(reference).first()


def stage_result(
    *,
    report: Report,
    result: RowResult,
    field_path: str,
    pipeline: str,
    pipeline_version: str,
    accept: bool,
    actor: Any = None,
) -> Staged:
    """Record a claim for one result; with ``accept`` and a valid draft, code the Event it supports."""
    draft = result.draft
    place = resolve_place(draft.place_ref) if draft else None
    if draft is not None and place is not None:
        draft.title = draft.title.replace(draft.place_ref, place.name)
    claim = add_claim(
        report=report,
        actor=actor,
        field_path=field_path,
        quote=(draft.quote if draft else "") or _cells_quote(result),
        summary=draft.title if draft else "; ".join(str(problem) for problem in result.problems),
        event_type=draft.event_type if draft else "",
        sub_event_type=draft.sub_event_type if draft else "",
        date_start=draft.date_start if draft else None,
        date_end=draft.end if draft else None,
        date_precision=draft.date_precision if draft else "",
        location_name=(draft.location_name or (place.name if place else "")) if draft else "",
        place=place,
        actors=[{"name": a.name, "role": a.role} for a in draft.actors] if draft else [],
        measures=[m.as_json() for m in draft.measures] if draft else [],
        pipeline=pipeline,
        pipeline_version=pipeline_version,
    )
    if draft is None or not result.is_valid or not accept:
        return Staged(claim, None)
    return Staged(claim, _record_event(report, draft, place, claim, actor))


def _record_event(report: Report, draft: EventDraft, place: Place | None, claim: Claim, actor: Any) -> Event:
    return record_event(
        mission=report.mission,
        actor=actor,
        title=draft.title,
        event_type=draft.event_type,
        sub_event_type=draft.sub_event_type,
        date_start=draft.date_start,
        date_end=draft.end,
        date_precision=draft.date_precision,
        description=draft.description,
        place=place,
        location_name=draft.location_name,
        latitude=draft.latitude,
        longitude=draft.longitude,
        geo_precision=draft.geo_precision,
        admin1=draft.admin1,
        confidentiality=max(draft.confidentiality, report.confidentiality),
        measures=[
            MeasureInput(item=m.item, value=m.value, unit=m.unit, qualifier=m.qualifier, claim=claim)
            for m in draft.measures
        ],
        actors=_actor_records(report, draft),
        evidence=[claim],
    )


def _actor_records(report: Report, draft: EventDraft) -> list[tuple[Actor, str]]:
    """The mission's actor of each name the draft gives (made when missing), with its role."""
    if not draft.actors:
        return []
    known = {
        actor.name: actor
        for actor in Actor.objects.filter(
            mission_id=report.mission_id, name__in={a.name for a in draft.actors}
        )
    }
    for drafted in draft.actors:
        if drafted.name not in known:
            known[drafted.name] = record_actor(
                mission=report.mission, actor=None, name=drafted.name, kind=drafted.kind
            )
    return [(known[drafted.name], drafted.role) for drafted in draft.actors]


def _cells_quote(result: RowResult) -> str:
    return "\n".join(f"{key}: {value}" for key, value in result.cells.items() if value)[:10000]
