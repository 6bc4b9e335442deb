"""Writes to the gazetteer."""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources
from typing import Any

from django.db import transaction

from groundwatch.audit.services import record_audit, snapshot
from groundwatch.geo.models import Place, normalize_name


def _search_names(name: str, alternate_names: list[str]) -> str:
    names = {normalize_name(name), *(normalize_name(alt) for alt in alternate_names)}
    return "|" + "|".join(sorted(n for n in names if n)) + "|"


def record_place(
    *,
    actor: Any,
    name: str,
    country_code: str,
    latitude: float | Decimal,
    longitude: float | Decimal,
    alternate_names: list[str] | None = None,
    **fields: Any,
) -> Place:
    """Add a place, or update the one with the same GeoNames id or the same name and country."""
    alternates = list(alternate_names or [])
    with transaction.atomic():
        lookup: dict[str, Any]
        if fields.get("geonames_id"):
            lookup = {"geonames_id": fields["geonames_id"]}
        else:
            lookup = {"name": name, "country_code": country_code.upper()}
        place = Place.objects.filter(**lookup).first()
        before = snapshot(place) if place else None
        place = place or Place()
        place.name = name
        place.country_code = country_code.upper()
        place.latitude = Decimal(str(latitude)).quantize(Decimal("0.00001"))
        place.longitude = Decimal(str(longitude)).quantize(Decimal("0.00001"))
        place.alternate_names = alternates
        place.search_names = _search_names(name, alternates)
        for key, value in fields.items():
            setattr(place, key, value)
        place.save()
        after = snapshot(place)
        if before != after:
            action = "place.create" if before is None else "place.update"
            record_audit(action=action, actor=actor, target=place, before=before, after=after)
    return place


def load_seed_places(*, actor: Any = None) -> int:
    """Load the small curated seed gazetteer shipped with groundwatch. Returns the number of places."""
    rows = json.loads(resources.files("groundwatch.geo").joinpath("seed_places.json").read_text("utf-8"))
    for row in rows:
        record_place(actor=actor, **row)
    return len(rows)
