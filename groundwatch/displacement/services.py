"""Every write to movements, sites and site occupancy (role-checked, atomic, audited)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from groundwatch.accounts.models import Mission
from groundwatch.audit.services import record_audit, snapshot
from groundwatch.core.access import require_action
from groundwatch.core.choices import Action, Confidentiality
from groundwatch.core.errors import ValidationFailed
from groundwatch.displacement.choices import SiteKind
from groundwatch.displacement.models import Movement, Site, SiteOccupancy
from groundwatch.events.models import Claim, Event
from groundwatch.geo.models import Place
from groundwatch.humanitarian.services import same_mission
from groundwatch.sources.models import Source


def _check_range(name: str, low: int | None, value: int | None, high: int | None) -> None:
    numbers = [number for number in (low, value, high) if number is not None]
    if any(number < 0 for number in numbers):
        raise ValidationFailed(f"{name} cannot be negative.", field=name)
    if numbers != sorted(numbers):
        raise ValidationFailed(f"{name}: low ≤ figure ≤ high, please.", field=name)


def record_movement(
    *,
    mission: Mission,
    actor: Any,
    moved_on: dt.date,
    origin: Place | None = None,
    destination: Place | None = None,
    origin_name: str = "",
    destination_name: str = "",
    moved_until_on: dt.date | None = None,
    individuals: int | None = None,
    individuals_low: int | None = None,
    individuals_high: int | None = None,
    households: int | None = None,
    households_low: int | None = None,
    households_high: int | None = None,
    source: Source | None = None,
    event: Event | None = None,
    claim: Claim | None = None,
    note: str = "",
    confidentiality: int = Confidentiality.INTERNAL,
) -> Movement:
    """Record people moving from one place to another, with low/high where sources differ."""
    require_action(actor, mission, Action.ANALYSE)
    if individuals is None and households is None:
        raise ValidationFailed("Give the number of individuals or of households.", field="individuals")
    _check_range("individuals", individuals_low, individuals, individuals_high)
    _check_range("households", households_low, households, households_high)
    if moved_until_on and moved_until_on < moved_on:
        raise ValidationFailed("The movement ends before it starts.", field="moved_until_on")
    same_mission(mission.pk, {"source": source, "event": event, "claim": claim})
    fields = {key: value for key, value in locals().items() if key not in {"actor", "mission"}}
    with transaction.atomic():
        movement = Movement.objects.create(mission=mission, created_by=actor, **fields)
        record_audit(
            action="movement.create", actor=actor, mission=mission, target=movement, after=snapshot(movement)
        )
    return movement


def record_site(
    *,
    mission: Mission,
    actor: Any,
    name: str,
    kind: str,
    capacity: int,
    place: Place | None = None,
    opened_on: dt.date | None = None,
    description: str = "",
    confidentiality: int = Confidentiality.INTERNAL,
) -> Site:
    require_action(actor, mission, Action.ANALYSE)
    if kind not in SiteKind.values:
        raise ValidationFailed(f"Unknown site kind {kind!r}.", field="kind")
    if capacity < 0:
        raise ValidationFailed("Capacity cannot be negative.", field="capacity")
    with transaction.atomic():
        if Site.objects.filter(mission=mission, name=name).exists():
            raise ValidationFailed(f"This mission already has a site named {name!r}.", field="name")
        site = Site.objects.create(
            mission=mission,
            name=name,
            kind=kind,
            capacity=capacity,
            place=place,
            opened_on=opened_on,
            description=description,
            confidentiality=confidentiality,
            created_by=actor,
        )
        record_audit(action="site.create", actor=actor, mission=mission, target=site, after=snapshot(site))
    return site


def record_occupancy(
    *,
    site: Site,
    actor: Any,
    observed_on: dt.date,
    occupants: int,
    arrivals: int | None = None,
    capacity: int | None = None,
    claim: Claim | None = None,
    event: Event | None = None,
    note: str = "",
) -> SiteOccupancy:
    """Record a count at a site. A new capacity is kept as the site's capacity from then on."""
    require_action(actor, site.mission, Action.ANALYSE)
    if occupants < 0 or (arrivals is not None and arrivals < 0) or (capacity is not None and capacity < 0):
        raise ValidationFailed("Counts cannot be negative.", field="occupants")
    same_mission(site.mission_id, {"claim": claim, "event": event})
    with transaction.atomic():
        if SiteOccupancy.objects.filter(site=site, observed_on=observed_on).exists():
            raise ValidationFailed(f"{site.name} already has a count for {observed_on}.", field="observed_on")
        count = SiteOccupancy.objects.create(
            site=site,
            observed_on=observed_on,
            occupants=occupants,
            arrivals=arrivals,
            capacity=site.capacity if capacity is None else capacity,
            claim=claim,
            event=event,
            note=note,
            recorded_by=actor,
        )
        if capacity is not None and capacity != site.capacity:
            later = SiteOccupancy.objects.filter(site=site, observed_on__gt=observed_on).exists()
            if not later:
                Site.objects.filter(pk=site.pk).update(capacity=capacity)
                site.capacity = capacity
        record_audit(
            action="site.occupancy", actor=actor, mission=site.mission_id, target=count, after=snapshot(count)
        )
    return count
