"""API: claims, events (with measures, actors, evidence and verification) and actors."""

# No ``from __future__ import annotations`` here: ninja must see Query/Form/File parameter types as objects.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator

from groundwatch.api.pagination import LimitOffsetPage
from groundwatch.api.schemas import (
    ConfidentialitySlug,
    confidentiality_level,
    mission_for,
    referenced,
    referenced_or_none,
    visible,
    with_errors,
)
from groundwatch.core.access import get_restricted
from groundwatch.events.models import Actor, Claim, Event, EventActor, Evidence, Measure, VerificationChange
from groundwatch.events.services import (
    EDITABLE_EVENT_FIELDS,
    MeasureInput,
    add_claim,
    add_measure,
    link_evidence,
    merge_events,
    record_actor,
    record_event,
    set_verification,
    update_event,
)
from groundwatch.geo.api import gazetteer_place, parse_bbox
from groundwatch.sources.models import Report

claims_router = Router(tags=["claims"])
events_router = Router(tags=["events"])
actors_router = Router(tags=["actors"])


def _username(user: Any) -> str | None:
    return user.get_username() if user is not None else None


# --- claims --------------------------------------------------------------------------------------------


class ClaimSchema(Schema):
    id: int
    mission: str = Field(validation_alias="mission.slug")
    report: int = Field(validation_alias="report_id")
    span_start: int | None
    span_end: int | None
    field_path: str
    quote: str
    summary: str
    event_type: str
    sub_event_type: str
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str
    location_name: str
    place: int | None = Field(validation_alias="place_id")
    actors: list[dict[str, Any]]
    measures: list[dict[str, Any]]
    credibility: int
    produced_by: str = Field(validation_alias="produced_by_label")
    created_at: dt.datetime


class ClaimIn(Schema):
    report: int = Field(description="The id of the report the statement is in.")
    span_start: int | None = Field(None, ge=0, description="Character offset where the words start.")
    span_end: int | None = Field(None, ge=0)
    field_path: str = Field("", max_length=300, description="Form field or file column, instead of a span.")
    quote: str = ""
    summary: str = Field("", max_length=500)
    event_type: str = ""
    sub_event_type: str = ""
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str = ""
    location_name: str = Field("", max_length=200)
    place: int | None = None
    actors: list[dict[str, str]] = Field(default_factory=list, description='[{"name": ..., "role": ...}]')
    measures: list[dict[str, Any]] = Field(default_factory=list)
    credibility: int = 6


class ClaimFilter(Schema):
    mission: str | None = None
    report: int | None = None
    event_type: str | None = None


def _claims() -> Any:
    return Claim.objects.select_related("mission", "produced_by")


@claims_router.get("", response=list[ClaimSchema], summary="Claims")
@paginate(LimitOffsetPage)
def list_claims(request: HttpRequest, filters: Query[ClaimFilter]) -> Any:
    claims = visible(_claims(), request.user, filters.mission)
    if filters.report is not None:
        claims = claims.filter(report_id=filters.report)
    if filters.event_type:
        claims = claims.filter(event_type=filters.event_type)
    return claims


@claims_router.get("/{int:claim_id}", response=with_errors(200, ClaimSchema), summary="One claim")
def get_claim(request: HttpRequest, claim_id: int) -> Claim:
    claim: Claim = get_restricted(_claims(), request.user, pk=claim_id)
    return claim


@claims_router.post("", response=with_errors(201, ClaimSchema), summary="Record a claim in a report")
def create_claim(request: HttpRequest, payload: ClaimIn) -> Status[Claim]:
    report = get_restricted(Report.objects.select_related("mission"), request.user, pk=payload.report)
    claim = add_claim(
        report=report,
        actor=request.user,
        place=gazetteer_place(payload.place),
        **payload.dict(exclude={"report", "place"}),
    )
    return Status(201, get_restricted(_claims(), request.user, pk=claim.pk))


# --- events --------------------------------------------------------------------------------------------


class MeasureSchema(Schema):
    id: int
    item: str
    value: float
    low: float | None
    high: float | None
    unit: str
    qualifier: str
    as_of_on: dt.date | None
    claim: int | None = Field(validation_alias="claim_id")
    display: str

    @staticmethod
    def resolve_display(obj: Measure) -> str:
        return str(obj)


class MeasureIn(Schema):
    item: str
    value: Decimal
    unit: str = ""
    qualifier: str = "exact"
    low: Decimal | None = None
    high: Decimal | None = None
    as_of_on: dt.date | None = None
    claim: int | None = Field(None, description="The claim this figure was taken from.")


class EventActorSchema(Schema):
    actor: int = Field(validation_alias="actor_id")
    name: str = Field(validation_alias="actor.name")
    kind: str = Field(validation_alias="actor.kind")
    role: str


class EventActorIn(Schema):
    actor: int = Field(description="An actor's id.")
    role: str


class EvidenceSchema(Schema):
    id: int
    claim: int = Field(validation_alias="claim_id")
    report: int = Field(validation_alias="claim.report_id")
    stance: str
    quote: str = Field(validation_alias="claim.quote")
    note: str
    linked_by: str | None
    linked_at: dt.datetime

    @staticmethod
    def resolve_linked_by(obj: Evidence) -> str | None:
        return _username(obj.linked_by)


class VerificationChangeSchema(Schema):
    from_status: str
    to_status: str
    standard_of_proof: str
    rationale: str
    changed_by: str | None
    changed_at: dt.datetime

    @staticmethod
    def resolve_changed_by(obj: VerificationChange) -> str | None:
        return _username(obj.changed_by)


class EventSchema(Schema):
    id: int
    mission: str = Field(validation_alias="mission.slug")
    title: str
    category: str
    event_type: str
    sub_event_type: str
    type_label: str
    date_start: dt.date
    date_end: dt.date
    date_precision: str
    date_label: str
    place: int | None = Field(validation_alias="place_id")
    place_name: str | None
    location_name: str
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    country_code: str
    admin1: str
    admin2: str
    verification_status: str
    standard_of_proof: str
    confidentiality: str = Field(validation_alias="confidentiality_slug")
    merged_into: int | None = Field(validation_alias="merged_into_id")
    version: int
    updated_at: dt.datetime
    measures: list[MeasureSchema]

    @staticmethod
    def resolve_place_name(obj: Event) -> str | None:
        return obj.place.name if obj.place else None


class EventDetailSchema(EventSchema):
    description: str
    verification_rationale: str
    actors: list[EventActorSchema] = Field(validation_alias="event_actors")
    evidence: list[EvidenceSchema] = Field(validation_alias="visible_evidence")
    verification_history: list[VerificationChangeSchema]
    created_by: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_created_by(obj: Event) -> str | None:
        return _username(obj.created_by)


class EventIn(Schema):
    mission: str = Field(description="The mission's slug.")
    title: str = Field(max_length=300)
    event_type: str = Field(description="A type from the taxonomy, e.g. aid_delivery.")
    sub_event_type: str = ""
    date_start: dt.date
    date_end: dt.date | None = None
    date_precision: str = "day"
    description: str = ""
    place: int | None = Field(None, description="A gazetteer place's id; fills location fields not given.")
    location_name: str = Field("", max_length=200)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    geo_precision: int | None = Field(None, ge=1, le=3)
    country_code: str = Field("", max_length=2)
    admin1: str = Field("", max_length=120)
    admin2: str = Field("", max_length=120)
    confidentiality: ConfidentialitySlug = "internal"
    measures: list[MeasureIn] = Field(default_factory=list)
    actors: list[EventActorIn] = Field(default_factory=list)
    evidence: list[int] = Field(default_factory=list, description="Ids of claims that support the event.")


# Fields an edit may leave out but not clear: all but the place and coordinates.
_REQUIRED_EVENT_FIELDS = tuple(
    sorted(EDITABLE_EVENT_FIELDS - {"place", "latitude", "longitude", "geo_precision"})
)


class EventPatch(Schema):
    """Fields to change; leave out what stays. ``version`` is the one you loaded."""

    version: int = Field(description="The event's version when you loaded it; a stale one gives 409.")
    title: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str | None = None
    place: int | None = None
    location_name: str | None = Field(None, max_length=200)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    geo_precision: int | None = Field(None, ge=1, le=3)
    country_code: str | None = Field(None, max_length=2)
    admin1: str | None = Field(None, max_length=120)
    admin2: str | None = Field(None, max_length=120)
    confidentiality: ConfidentialitySlug | None = None

    @field_validator(*_REQUIRED_EVENT_FIELDS)
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("may be left out, but not set to null")
        return value


class VerificationIn(Schema):
    status: str = Field(description="reported, corroborated, verified or discounted.")
    standard_of_proof: str = ""
    rationale: str = ""
    version: int | None = Field(None, description="If given, a stale version gives 409.")


class EvidenceIn(Schema):
    claim: int
    stance: str = "supports"
    note: str = ""


class MergeIn(Schema):
    duplicates: list[int] = Field(min_length=1, description="Ids of events that describe this same event.")
    rationale: str


class EventFilter(Schema):
    mission: str | None = None
    category: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    status: str | None = Field(None, description="Verification status.")
    date_from: dt.date | None = Field(None, description="Events whose dates overlap [date_from, date_to].")
    date_to: dt.date | None = None
    place: int | None = Field(None, description="A gazetteer place's id.")
    bbox: str | None = Field(None, description="min_lon,min_lat,max_lon,max_lat")
    q: str | None = Field(None, description="Words in the title, description or location name.")
    include_merged: bool = Field(False, description="Also list events merged into another one.")

    @field_validator("bbox")
    @classmethod
    def _check_bbox(cls, value: str | None) -> str | None:
        if value is not None:
            parse_bbox(value)
        return value


# Fields of EventIn that name other records or need converting before they reach the service.
_EVENT_REFERENCES = {
    "mission",
    "place",
    "latitude",
    "longitude",
    "confidentiality",
    "measures",
    "actors",
    "evidence",
}


def _coordinate(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.00001"))


def _events() -> Any:
    return Event.objects.select_related("mission", "place").prefetch_related("measures")


def _event_detail(request: HttpRequest, event_id: int) -> Event:
    queryset = (
        _events()
        .select_related("created_by")
        .prefetch_related(
            Prefetch("event_actors", queryset=EventActor.objects.select_related("actor")),
            Prefetch(
                "evidence",
                queryset=Evidence.objects.restrict(request.user).select_related("claim", "linked_by"),
                to_attr="visible_evidence",
            ),
            Prefetch(
                "verification_history", queryset=VerificationChange.objects.select_related("changed_by")
            ),
        )
    )
    event: Event = get_restricted(queryset, request.user, pk=event_id)
    return event


def _event(request: HttpRequest, event_id: int) -> Event:
    return get_restricted(Event.objects.select_related("mission"), request.user, pk=event_id)


def _filter_events(events: Any, filters: EventFilter) -> Any:
    exact = {
        "category": filters.category,
        "event_type": filters.event_type,
        "sub_event_type": filters.sub_event_type,
        "verification_status": filters.status,
        "place_id": filters.place,
    }
    events = events.filter(**{name: value for name, value in exact.items() if value is not None})
    if not filters.include_merged:
        events = events.current()
    if filters.date_from:
        events = events.filter(date_end__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(date_start__lte=filters.date_to)
    if filters.bbox:
        min_lon, min_lat, max_lon, max_lat = parse_bbox(filters.bbox)
        events = events.filter(
            longitude__gte=_coordinate(min_lon),
            longitude__lte=_coordinate(max_lon),
            latitude__gte=_coordinate(min_lat),
            latitude__lte=_coordinate(max_lat),
        )
    if filters.q:
        words = filters.q
        events = events.filter(
            Q(title__icontains=words) | Q(description__icontains=words) | Q(location_name__icontains=words)
        )
    return events


def _measure_input(request: HttpRequest, measure: MeasureIn) -> MeasureInput:
    claim = referenced_or_none(Claim.objects.all(), request.user, measure.claim, "claim")
    return MeasureInput(**measure.dict(exclude={"claim"}), claim=claim)


@events_router.get("", response=list[EventSchema], summary="Events, latest first")
@paginate(LimitOffsetPage)
def list_events(request: HttpRequest, filters: Query[EventFilter]) -> Any:
    return _filter_events(visible(_events(), request.user, filters.mission), filters)


@events_router.get("/{int:event_id}", response=with_errors(200, EventDetailSchema), summary="One event")
def get_event(request: HttpRequest, event_id: int) -> Event:
    return _event_detail(request, event_id)


@events_router.post("", response=with_errors(201, EventDetailSchema), summary="Code a new event")
def create_event(request: HttpRequest, payload: EventIn) -> Status[Event]:
    user = request.user
    event = record_event(
        mission=mission_for(user, payload.mission),
        actor=user,
        place=gazetteer_place(payload.place),
        latitude=_coordinate(payload.latitude),
        longitude=_coordinate(payload.longitude),
        confidentiality=confidentiality_level(payload.confidentiality),
        measures=[_measure_input(request, measure) for measure in payload.measures],
        actors=[
            (referenced(Actor.objects.all(), user, item.actor, "actors"), item.role)
            for item in payload.actors
        ],
        evidence=[
            referenced(Claim.objects.all(), user, claim_id, "evidence") for claim_id in payload.evidence
        ],
        **payload.dict(exclude=_EVENT_REFERENCES),
    )
    return Status(201, _event_detail(request, event.pk))


@events_router.patch("/{int:event_id}", response=with_errors(200, EventDetailSchema))
def edit_event(request: HttpRequest, event_id: int, payload: EventPatch) -> Event:
    """Edit an event (send the version you loaded)."""
    event = _event(request, event_id)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    if "confidentiality" in changes:
        changes["confidentiality"] = confidentiality_level(changes["confidentiality"])
    if "place" in changes:
        changes["place"] = gazetteer_place(changes["place"])
    for name in ("latitude", "longitude"):
        if name in changes:
            changes[name] = _coordinate(changes[name])
    update_event(event=event, actor=request.user, expected_version=payload.version, changes=changes)
    return _event_detail(request, event_id)


@events_router.post("/{int:event_id}/verification", response=with_errors(200, EventDetailSchema))
def verify_event(request: HttpRequest, event_id: int, payload: VerificationIn) -> Event:
    """Set the verification status (coordinators)."""
    set_verification(
        event=_event(request, event_id),
        actor=request.user,
        status=payload.status,
        rationale=payload.rationale,
        standard_of_proof=payload.standard_of_proof,
        expected_version=payload.version,
    )
    return _event_detail(request, event_id)


@events_router.post("/{int:event_id}/evidence", response=with_errors(201, EvidenceSchema))
def add_evidence(request: HttpRequest, event_id: int, payload: EvidenceIn) -> Status[Evidence]:
    """Link a claim as evidence."""
    link = link_evidence(
        event=_event(request, event_id),
        claim=referenced(Claim.objects.all(), request.user, payload.claim, "claim"),
        actor=request.user,
        stance=payload.stance,
        note=payload.note,
    )
    return Status(201, Evidence.objects.select_related("claim", "linked_by").get(pk=link.pk))


@events_router.post("/{int:event_id}/merge", response=with_errors(200, EventDetailSchema))
def merge_duplicates(request: HttpRequest, event_id: int, payload: MergeIn) -> Event:
    """Merge duplicate events into this one."""
    duplicates = [
        referenced(Event.objects.all(), request.user, pk, "duplicates") for pk in payload.duplicates
    ]
    merge_events(
        target=_event(request, event_id),
        duplicates=duplicates,
        actor=request.user,
        rationale=payload.rationale,
    )
    return _event_detail(request, event_id)


@events_router.get("/{int:event_id}/measures", response=with_errors(200, list[MeasureSchema]))
def list_measures(request: HttpRequest, event_id: int) -> list[Measure]:
    """An event's figures."""
    return list(Measure.objects.filter(event=_event(request, event_id)))


@events_router.post("/{int:event_id}/measures", response=with_errors(201, MeasureSchema))
def create_measure(request: HttpRequest, event_id: int, payload: MeasureIn) -> Status[Measure]:
    """Add a figure to an event."""
    measure = add_measure(
        event=_event(request, event_id), actor=request.user, measure=_measure_input(request, payload)
    )
    return Status(201, measure)


# --- actors --------------------------------------------------------------------------------------------


class ActorSchema(Schema):
    id: int
    mission: str = Field(validation_alias="mission.slug")
    name: str
    kind: str
    aliases: list[str]
    country_code: str
    description: str


class ActorIn(Schema):
    mission: str = Field(description="The mission's slug.")
    name: str = Field(min_length=1, max_length=200)
    kind: str
    aliases: list[str] = Field(default_factory=list)
    country_code: str = Field("", max_length=2)
    description: str = ""


class ActorFilter(Schema):
    mission: str | None = None
    kind: str | None = None
    q: str | None = Field(None, description="Part of the name or of an alias.")


@actors_router.get("", response=list[ActorSchema], summary="Actors")
@paginate(LimitOffsetPage)
def list_actors(request: HttpRequest, filters: Query[ActorFilter]) -> Any:
    actors = visible(Actor.objects.select_related("mission"), request.user, filters.mission)
    if filters.kind:
        actors = actors.filter(kind=filters.kind)
    if filters.q:
        actors = actors.filter(Q(name__icontains=filters.q) | Q(aliases__icontains=filters.q))
    return actors


@actors_router.get("/{int:actor_id}", response=with_errors(200, ActorSchema), summary="One actor")
def get_actor(request: HttpRequest, actor_id: int) -> Actor:
    return get_restricted(Actor.objects.select_related("mission"), request.user, pk=actor_id)


@actors_router.post("", response=with_errors(201, ActorSchema), summary="Record an actor")
def create_actor(request: HttpRequest, payload: ActorIn) -> Status[Actor]:
    actor = record_actor(
        mission=mission_for(request.user, payload.mission),
        actor=request.user,
        **payload.dict(exclude={"mission"}),
    )
    return Status(201, actor)
