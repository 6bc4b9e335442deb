"""API: the gazetteer. Places are shared by every mission, so any signed-in user may search them."""

# No ``from __future__ import annotations`` here: ninja must see Query/Form/File parameter types as objects.

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from groundwatch.api.pagination import LimitOffsetPage
from groundwatch.api.schemas import with_errors
from groundwatch.core.errors import NotFound, ValidationFailed
from groundwatch.geo.models import Place

router = Router(tags=["places"])


class PlaceSchema(Schema):
    id: int
    name: str
    alternate_names: list[str]
    country_code: str
    admin1: str
    admin2: str
    latitude: float
    longitude: float
    population: int
    feature_class: str


class PlaceFilter(Schema):
    q: str | None = Field(None, description="A name in any language or spelling, e.g. Stepanakert.")
    country: str | None = Field(None, max_length=2, description="ISO 3166-1 alpha-2 code.")


def gazetteer_place(place_id: int | None, field: str = "place") -> Place | None:
    """The place a request body names by id, or a 422 on that field if the gazetteer has none."""
    if place_id is None:
        return None
    place = Place.objects.filter(pk=place_id).first()
    if place is None:
        raise ValidationFailed(f"No place with id {place_id} in the gazetteer.", field=field)
    return place


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """'min_lon,min_lat,max_lon,max_lat' → four floats; ValueError saying what is wrong."""
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in value.split(","))
    except ValueError:
        raise ValueError("bbox must be four numbers: min_lon,min_lat,max_lon,max_lat") from None
    if min_lon > max_lon or min_lat > max_lat:
        raise ValueError("bbox minimums must not exceed its maximums")
    return min_lon, min_lat, max_lon, max_lat


@router.get("", response=list[PlaceSchema], summary="Search the gazetteer by name")
@paginate(LimitOffsetPage)
def list_places(request: HttpRequest, filters: Query[PlaceFilter]) -> Any:
    places = Place.objects.search(filters.q) if filters.q else Place.objects.all()
    if filters.country:
        places = places.filter(country_code=filters.country.upper())
    return places


@router.get("/{int:place_id}", response=with_errors(200, PlaceSchema), summary="One place")
def get_place(request: HttpRequest, place_id: int) -> Place:
    place = Place.objects.filter(pk=place_id).first()
    if place is None:
        raise NotFound("No place matches that reference.")
    return place
