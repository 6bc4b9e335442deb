"""API: consignments (convoys) and their status changes, access constraints, and needs."""

# No ``from __future__ import annotations`` here: ninja must see Query parameter types as objects.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from groundwatch.api.pagination import LimitOffsetPage
from groundwatch.api.schemas import (
    ERROR_RESPONSES,
    ConfidentialitySlug,
    confidentiality_level,
    mission_for,
    referenced,
    referenced_or_none,
    visible,
)
from groundwatch.core.access import get_restricted
from groundwatch.core.choices import Action
from groundwatch.events.models import Actor, Claim, Event
from groundwatch.geo.api import gazetteer_place
from groundwatch.humanitarian.models import (
    AccessConstraint,
    Consignment,
    ConsignmentItem,
    ConsignmentStatusChange,
    Need,
)
from groundwatch.humanitarian.services import (
    ItemInput,
    change_consignment_status,
    record_access_constraint,
    record_consignment,
    record_need,
)

consignments_router = Router(tags=["consignments"])
access_router = Router(tags=["access constraints"])
needs_router = Router(tags=["needs"])


class ItemSchema(Schema):
    id: int
    commodity: str
    description: str
    quantity: float
    unit: str
    delivered_quantity: float | None


class ItemIn(Schema):
    commodity: str = Field(description="food, non_food_aid, medical_supplies, fuel or trucks.")
    quantity: Decimal = Field(ge=0)
    unit: str = ""
    description: str = Field("", max_length=200)


class StatusChangeSchema(Schema):
    id: int
    from_status: str
    to_status: str
    changed_on: dt.date
    note: str
    claim: int | None = Field(validation_alias="claim_id")
    event: int | None = Field(validation_alias="event_id")
    access_constraint: int | None = Field(validation_alias="access_constraint_id")


class ConsignmentSchema(Schema):
    id: int
    mission: str = Field(validation_alias="mission.slug")
    reference: str
    title: str
    provider: str | None = Field(None, validation_alias="provider.name")
    origin: str | None = Field(None, validation_alias="origin.name")
    destination: str | None = Field(None, validation_alias="destination.name")
    route: str
    planned_departure_on: dt.date | None
    planned_arrival_on: dt.date | None
    departed_on: dt.date | None
    arrived_on: dt.date | None
    status: str
    confidentiality: str = Field(validation_alias="confidentiality_slug")
    items: list[ItemSchema]


class ConsignmentDetailSchema(ConsignmentSchema):
    status_history: list[StatusChangeSchema]
    access_constraints: list[int]

    @staticmethod
    def resolve_access_constraints(obj: Consignment) -> list[int]:
        return [constraint.pk for constraint in obj.visible_constraints]  # type: ignore[attr-defined]  # set by Prefetch


class ConsignmentIn(Schema):
    mission: str
    reference: str = Field(max_length=60)
    title: str = Field(max_length=300)
    provider: int | None = Field(None, description="An actor's id.")
    origin: int | None = Field(None, description="A gazetteer place's id.")
    destination: int | None = None
    route: str = ""
    planned_departure_on: dt.date | None = None
    planned_arrival_on: dt.date | None = None
    confidentiality: ConfidentialitySlug = "internal"
    items: list[ItemIn] = Field(default_factory=list)


class StatusIn(Schema):
    status: str
    changed_on: dt.date
    claim: int | None = Field(None, description="A claim that shows the change.")
    event: int | None = Field(None, description="An event that shows the change.")
    access_constraint: int | None = Field(None, description="Required for blocked and denied.")
    delivered: dict[int, Decimal] = Field(
        default_factory=dict, description="For partially_delivered: {item id: quantity that arrived}."
    )
    note: str = ""


class ConsignmentFilter(Schema):
    mission: str | None = None
    status: str | None = None
    destination: int | None = None


def _consignments() -> Any:
    return Consignment.objects.select_related(
        "mission", "provider", "origin", "destination"
    ).prefetch_related("items")


def _detail(request: HttpRequest, pk: int) -> Consignment:
    queryset = _consignments().prefetch_related(
        "status_history",
        Prefetch(
            "access_constraints",
            queryset=AccessConstraint.objects.restrict(request.user),
            to_attr="visible_constraints",
        ),
    )
    consignment: Consignment = get_restricted(queryset, request.user, pk=pk)
    return consignment


@consignments_router.get("", response=list[ConsignmentSchema], summary="Consignments and convoys")
@paginate(LimitOffsetPage)
def list_consignments(request: HttpRequest, filters: Query[ConsignmentFilter]) -> Any:
    consignments = visible(_consignments(), request.user, filters.mission)
    if filters.status:
        consignments = consignments.filter(status=filters.status)
    if filters.destination is not None:
        consignments = consignments.filter(destination_id=filters.destination)
    return consignments


@consignments_router.get(
    "/{int:consignment_id}",
    response={200: ConsignmentDetailSchema, **ERROR_RESPONSES},
    summary="One consignment",
)
def get_consignment(request: HttpRequest, consignment_id: int) -> Consignment:
    return _detail(request, consignment_id)


@consignments_router.post(
    "", response={201: ConsignmentDetailSchema, **ERROR_RESPONSES}, summary="Register a consignment"
)
def create_consignment(request: HttpRequest, payload: ConsignmentIn) -> Status[Consignment]:
    consignment = record_consignment(
        mission=mission_for(request.user, payload.mission),
        actor=request.user,
        reference=payload.reference,
        title=payload.title,
        items=[ItemInput(**item.dict()) for item in payload.items],
        provider=referenced_or_none(Actor.objects.all(), request.user, payload.provider, "provider"),
        origin=gazetteer_place(payload.origin, "origin"),
        destination=gazetteer_place(payload.destination, "destination"),
        route=payload.route,
        planned_departure_on=payload.planned_departure_on,
        planned_arrival_on=payload.planned_arrival_on,
        confidentiality=confidentiality_level(payload.confidentiality),
    )
    return Status(201, _detail(request, consignment.pk))


@consignments_router.post(
    "/{int:consignment_id}/status",
    response={201: ConsignmentDetailSchema, **ERROR_RESPONSES},
    summary="Record a status change, with its evidence",
)
def post_status(request: HttpRequest, consignment_id: int, payload: StatusIn) -> Status[Consignment]:
    consignment = get_restricted(
        Consignment.objects.select_related("mission"), request.user, Action.ANALYSE, pk=consignment_id
    )
    change_consignment_status(
        consignment=consignment,
        actor=request.user,
        status=payload.status,
        changed_on=payload.changed_on,
        claim=referenced_or_none(Claim.objects.all(), request.user, payload.claim, "claim"),
        event=referenced_or_none(Event.objects.all(), request.user, payload.event, "event"),
        access_constraint=referenced_or_none(
            AccessConstraint.objects.all(), request.user, payload.access_constraint, "access_constraint"
        ),
        delivered=payload.delivered,
        note=payload.note,
    )
    return Status(201, _detail(request, consignment.pk))


# --- access constraints --------------------------------------------------------------------------------


class AccessConstraintSchema(Schema):
    id: int
    mission: str = Field(validation_alias="mission.slug")
    category: str
    pillar: str
    title: str
    description: str
    place: str | None = Field(None, validation_alias="place.name")
    imposed_by: str | None = Field(None, validation_alias="imposed_by.name")
    started_on: dt.date
    ended_on: dt.date | None
    confidentiality: str = Field(validation_alias="confidentiality_slug")
    events: list[int]
    consignments: list[int]

    @staticmethod
    def resolve_events(obj: AccessConstraint) -> list[int]:
        return [event.pk for event in obj.visible_events]  # type: ignore[attr-defined]  # set by Prefetch

    @staticmethod
    def resolve_consignments(obj: AccessConstraint) -> list[int]:
        return [item.pk for item in obj.visible_consignments]  # type: ignore[attr-defined]  # set by Prefetch


class AccessConstraintIn(Schema):
    mission: str
    category: str = Field(description="One of OCHA's nine categories (the access_constraint sub-types).")
    title: str = Field(max_length=300)
    description: str = ""
    place: int | None = None
    imposed_by: int | None = Field(None, description="An actor's id.")
    started_on: dt.date
    ended_on: dt.date | None = None
    events: list[int] = Field(default_factory=list)
    consignments: list[int] = Field(default_factory=list)
    confidentiality: ConfidentialitySlug = "internal"


class AccessFilter(Schema):
    mission: str | None = None
    category: str | None = None
    is_current: bool | None = Field(None, description="Only constraints that have not ended.")


def _constraints(request: HttpRequest) -> Any:
    queryset: Any = AccessConstraint.objects.select_related("mission", "place", "imposed_by")
    return queryset.prefetch_related(
        Prefetch("events", queryset=Event.objects.restrict(request.user), to_attr="visible_events"),
        Prefetch(
            "consignments",
            queryset=Consignment.objects.restrict(request.user),
            to_attr="visible_consignments",
        ),
    )


@access_router.get("", response=list[AccessConstraintSchema], summary="Access constraints")
@paginate(LimitOffsetPage)
def list_access_constraints(request: HttpRequest, filters: Query[AccessFilter]) -> Any:
    constraints = visible(_constraints(request), request.user, filters.mission)
    if filters.category:
        constraints = constraints.filter(category=filters.category)
    if filters.is_current is not None:
        constraints = constraints.filter(ended_on__isnull=filters.is_current)
    return constraints


@access_router.get(
    "/{int:constraint_id}",
    response={200: AccessConstraintSchema, **ERROR_RESPONSES},
    summary="One access constraint",
)
def get_access_constraint(request: HttpRequest, constraint_id: int) -> AccessConstraint:
    constraint: AccessConstraint = get_restricted(_constraints(request), request.user, pk=constraint_id)
    return constraint


@access_router.post(
    "", response={201: AccessConstraintSchema, **ERROR_RESPONSES}, summary="Code an access constraint"
)
def create_access_constraint(request: HttpRequest, payload: AccessConstraintIn) -> Status[AccessConstraint]:
    user = request.user
    constraint = record_access_constraint(
        mission=mission_for(user, payload.mission),
        actor=user,
        category=payload.category,
        title=payload.title,
        description=payload.description,
        place=gazetteer_place(payload.place),
        imposed_by=referenced_or_none(Actor.objects.all(), user, payload.imposed_by, "imposed_by"),
        started_on=payload.started_on,
        ended_on=payload.ended_on,
        events=[referenced(Event.objects.all(), user, pk, "events") for pk in payload.events],
        consignments=[
            referenced(Consignment.objects.all(), user, pk, "consignments") for pk in payload.consignments
        ],
        confidentiality=confidentiality_level(payload.confidentiality),
    )
    return Status(201, get_restricted(_constraints(request), user, pk=constraint.pk))


# --- needs ---------------------------------------------------------------------------------------------


class NeedSchema(Schema):
    id: int
    mission: str = Field(validation_alias="mission.slug")
    place: int = Field(validation_alias="place_id")
    place_name: str = Field(validation_alias="place.name")
    sector: str
    severity: int
    people_in_need: int | None
    assessed_on: dt.date
    description: str
    event: int | None = Field(validation_alias="event_id")
    claim: int | None = Field(validation_alias="claim_id")
    confidentiality: str = Field(validation_alias="confidentiality_slug")


class NeedIn(Schema):
    mission: str
    place: int
    sector: str
    severity: int = Field(ge=1, le=5)
    assessed_on: dt.date
    people_in_need: int | None = Field(None, ge=0)
    description: str = ""
    event: int | None = None
    claim: int | None = None
    confidentiality: ConfidentialitySlug = "internal"


class NeedFilter(Schema):
    mission: str | None = None
    sector: str | None = None
    min_severity: int | None = Field(None, ge=1, le=5)


@needs_router.get("", response=list[NeedSchema], summary="Needs by place and sector")
@paginate(LimitOffsetPage)
def list_needs(request: HttpRequest, filters: Query[NeedFilter]) -> Any:
    needs = visible(Need.objects.select_related("mission", "place"), request.user, filters.mission)
    if filters.sector:
        needs = needs.filter(sector=filters.sector)
    if filters.min_severity:
        needs = needs.filter(severity__gte=filters.min_severity)
    return needs


@needs_router.post("", response={201: NeedSchema, **ERROR_RESPONSES}, summary="Record an assessed need")
def create_need(request: HttpRequest, payload: NeedIn) -> Status[Need]:
    user = request.user
    place = gazetteer_place(payload.place)
    assert place is not None  # payload.place is required
    need = record_need(
        mission=mission_for(user, payload.mission),
        actor=user,
        place=place,
        sector=payload.sector,
        severity=payload.severity,
        assessed_on=payload.assessed_on,
        people_in_need=payload.people_in_need,
        description=payload.description,
        event=referenced_or_none(Event.objects.all(), user, payload.event, "event"),
        claim=referenced_or_none(Claim.objects.all(), user, payload.claim, "claim"),
        confidentiality=confidentiality_level(payload.confidentiality),
    )
    return Status(201, get_restricted(Need.objects.select_related("mission", "place"), user, pk=need.pk))


__all__ = [
    "ConsignmentItem",
    "ConsignmentStatusChange",
    "access_router",
    "consignments_router",
    "needs_router",
]
