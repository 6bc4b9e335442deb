"""API: movements, sites with their occupancy series, and arrivals against capacity per area."""

# No ``from __future__ import annotations`` here: ninja must see Query parameter types as objects.

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from groundwatch.api.pagination import LimitOffsetPage
from groundwatch.api.schemas import (
    ERROR_RESPONSES,
    ConfidentialitySlug,
    confidentiality_level,
    mission_for,
    referenced_or_none,
    visible,
)
from groundwatch.core.access import get_restricted
from groundwatch.core.choices import Action
from groundwatch.displacement.choices import AreaLevel
from groundwatch.displacement.models import Movement, Site, SiteOccupancy
from groundwatch.displacement.queries import area_occupancy, site_series
from groundwatch.displacement.services import record_movement, record_occupancy, record_site
from groundwatch.events.models import Claim, Event
from groundwatch.geo.api import gazetteer_place
from groundwatch.sources.models import Source

movements_router = Router(tags=["displacement"])
sites_router = Router(tags=["displacement"])


class MovementSchema(Schema):
    id: int
    mission: str = Field(validation_alias="mission.slug")
    origin: str = Field(validation_alias="origin_label")
    destination: str = Field(validation_alias="destination_label")
    moved_on: dt.date
    moved_until_on: dt.date | None
    individuals: int | None
    individuals_low: int | None
    individuals_high: int | None
    households: int | None
    households_low: int | None
    households_high: int | None
    source: int | None = Field(validation_alias="source_id")
    event: int | None = Field(validation_alias="event_id")
    claim: int | None = Field(validation_alias="claim_id")
    note: str
    confidentiality: str = Field(validation_alias="confidentiality_slug")


class MovementIn(Schema):
    mission: str
    moved_on: dt.date
    moved_until_on: dt.date | None = None
    origin: int | None = Field(None, description="A gazetteer place's id.")
    destination: int | None = None
    origin_name: str = Field("", max_length=200)
    destination_name: str = Field("", max_length=200)
    individuals: int | None = Field(None, ge=0)
    individuals_low: int | None = Field(None, ge=0)
    individuals_high: int | None = Field(None, ge=0)
    households: int | None = Field(None, ge=0)
    households_low: int | None = Field(None, ge=0)
    households_high: int | None = Field(None, ge=0)
    source: int | None = None
    event: int | None = None
    claim: int | None = None
    note: str = ""
    confidentiality: ConfidentialitySlug = "internal"


class MovementFilter(Schema):
    mission: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    destination: int | None = None


@movements_router.get("", response=list[MovementSchema], summary="Population movements")
@paginate(LimitOffsetPage)
def list_movements(request: HttpRequest, filters: Query[MovementFilter]) -> Any:
    movements = visible(
        Movement.objects.select_related("mission", "origin", "destination"), request.user, filters.mission
    )
    if filters.date_from:
        movements = movements.filter(moved_on__gte=filters.date_from)
    if filters.date_to:
        movements = movements.filter(moved_on__lte=filters.date_to)
    if filters.destination is not None:
        movements = movements.filter(destination_id=filters.destination)
    return movements


@movements_router.post("", response={201: MovementSchema, **ERROR_RESPONSES}, summary="Record a movement")
def create_movement(request: HttpRequest, payload: MovementIn) -> Status[Movement]:
    user = request.user
    figures = payload.dict(
        exclude={"mission", "origin", "destination", "source", "event", "claim", "confidentiality"}
    )
    movement = record_movement(
        mission=mission_for(user, payload.mission),
        actor=user,
        origin=gazetteer_place(payload.origin, "origin"),
        destination=gazetteer_place(payload.destination, "destination"),
        source=referenced_or_none(Source.objects.all(), user, payload.source, "source"),
        event=referenced_or_none(Event.objects.all(), user, payload.event, "event"),
        claim=referenced_or_none(Claim.objects.all(), user, payload.claim, "claim"),
        confidentiality=confidentiality_level(payload.confidentiality),
        **figures,
    )
    queryset = Movement.objects.select_related("mission", "origin", "destination")
    return Status(201, get_restricted(queryset, user, pk=movement.pk))


class OccupancyPointSchema(Schema):
    observed_on: dt.date
    occupants: int
    arrivals: int | None
    cumulative_arrivals: int
    capacity: int
    occupancy_rate: float | None


class SiteSchema(Schema):
    id: int
    mission: str = Field(validation_alias="mission.slug")
    name: str
    kind: str
    place: int | None = Field(validation_alias="place_id")
    place_name: str | None = Field(None, validation_alias="place.name")
    capacity: int
    opened_on: dt.date | None
    closed_on: dt.date | None
    confidentiality: str = Field(validation_alias="confidentiality_slug")


class SiteDetailSchema(SiteSchema):
    description: str
    series: list[OccupancyPointSchema]


class SiteIn(Schema):
    mission: str
    name: str = Field(max_length=200)
    kind: str = Field(description="collective_centre, hotel, camp or host_community.")
    capacity: int = Field(ge=0)
    place: int | None = None
    opened_on: dt.date | None = None
    description: str = ""
    confidentiality: ConfidentialitySlug = "internal"


class OccupancyIn(Schema):
    observed_on: dt.date
    occupants: int = Field(ge=0)
    arrivals: int | None = Field(None, ge=0)
    capacity: int | None = Field(None, ge=0, description="Only if it changed.")
    claim: int | None = None
    event: int | None = None
    note: str = Field("", max_length=300)


class AreaOccupancySchema(Schema):
    area: str
    sites: int
    capacity: int
    occupants: int
    arrivals: int
    occupancy_rate: float | None


class AreaFilter(Schema):
    mission: str
    level: AreaLevel = AreaLevel.ADMIN1
    as_of: dt.date | None = None
    kind: str | None = None


def _sites() -> Any:
    return Site.objects.select_related("mission", "place")


def _site_detail(request: HttpRequest, site_id: int) -> Site:
    site: Site = get_restricted(_sites(), request.user, pk=site_id)
    site.series = site_series(SiteOccupancy.objects.filter(site=site))  # type: ignore[attr-defined]  # for the schema
    return site


@sites_router.get("", response=list[SiteSchema], summary="Sites where displaced people stay")
@paginate(LimitOffsetPage)
def list_sites(request: HttpRequest, mission: str | None = None, kind: str | None = None) -> Any:
    sites = visible(_sites(), request.user, mission)
    return sites.filter(kind=kind) if kind else sites


@sites_router.get(
    "/by-area",
    response={200: list[AreaOccupancySchema], **ERROR_RESPONSES},
    summary="Arrivals vs capacity per area",
)
def sites_by_area(request: HttpRequest, filters: Query[AreaFilter]) -> list[Any]:
    sites = visible(Site.objects.all(), request.user, filters.mission)
    if filters.kind:
        sites = sites.filter(kind=filters.kind)
    return area_occupancy(sites, filters.level, filters.as_of)


@sites_router.get(
    "/{int:site_id}",
    response={200: SiteDetailSchema, **ERROR_RESPONSES},
    summary="One site, with its occupancy over time",
)
def get_site(request: HttpRequest, site_id: int) -> Site:
    return _site_detail(request, site_id)


@sites_router.post("", response={201: SiteDetailSchema, **ERROR_RESPONSES}, summary="Register a site")
def create_site(request: HttpRequest, payload: SiteIn) -> Status[Site]:
    site = record_site(
        mission=mission_for(request.user, payload.mission),
        actor=request.user,
        place=gazetteer_place(payload.place),
        confidentiality=confidentiality_level(payload.confidentiality),
        **payload.dict(exclude={"mission", "place", "confidentiality"}),
    )
    return Status(201, _site_detail(request, site.pk))


@sites_router.post(
    "/{int:site_id}/occupancy",
    response={201: SiteDetailSchema, **ERROR_RESPONSES},
    summary="Record a count at a site",
)
def post_occupancy(request: HttpRequest, site_id: int, payload: OccupancyIn) -> Status[Site]:
    user = request.user
    site = get_restricted(_sites(), user, Action.ANALYSE, pk=site_id)
    record_occupancy(
        site=site,
        actor=user,
        claim=referenced_or_none(Claim.objects.all(), user, payload.claim, "claim"),
        event=referenced_or_none(Event.objects.all(), user, payload.event, "event"),
        **payload.dict(exclude={"claim", "event"}),
    )
    return Status(201, _site_detail(request, site.pk))
