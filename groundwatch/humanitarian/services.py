"""Every write to consignments, access constraints and needs (role-checked, atomic, audited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from groundwatch.accounts.models import Mission
from groundwatch.audit.services import record_audit, snapshot
from groundwatch.core.access import require_action
from groundwatch.core.choices import Action, Confidentiality
from groundwatch.core.errors import ValidationFailed
from groundwatch.events.choices import MEASURE_UNITS
from groundwatch.events.models import Actor, Claim, Event
from groundwatch.geo.models import Place
from groundwatch.humanitarian.choices import (
    ALLOWED_TRANSITIONS,
    ARRIVED_STATUSES,
    COMMODITIES,
    OBSTRUCTED_STATUSES,
    AccessCategory,
    ConsignmentStatus,
    Sector,
    Severity,
)
from groundwatch.humanitarian.models import (
    AccessConstraint,
    Consignment,
    ConsignmentItem,
    ConsignmentStatusChange,
    Need,
)


@dataclass(frozen=True)
class ItemInput:
    commodity: str
    quantity: Decimal | int | float | str
    unit: str = ""
    description: str = ""


def _quantity(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValidationFailed(f"{value!r} is not a number.", field=field) from None
    if not number.is_finite() or number < 0:
        raise ValidationFailed(f"{field} must be zero or more.", field=field)
    return number


def same_mission(mission_id: int, records: Mapping[str, Any]) -> None:
    """Refuse a linked record (actor, claim, event…) that belongs to another mission."""
    for field, record in records.items():
        if record is not None and record.mission_id != mission_id:
            raise ValidationFailed(f"That {field.replace('_', ' ')} belongs to another mission.", field=field)


def _item(consignment: Consignment, item: ItemInput) -> ConsignmentItem:
    if item.commodity not in COMMODITIES:
        raise ValidationFailed(
            f"Unknown commodity {item.commodity!r}; use one of {', '.join(COMMODITIES)}.", field="commodity"
        )
    units = MEASURE_UNITS[item.commodity]
    unit = item.unit or units[0]
    if unit not in units:
        raise ValidationFailed(
            f"{item.commodity} is counted in {', '.join(units)}, not {unit!r}.", field="unit"
        )
    return ConsignmentItem(
        consignment=consignment,
        commodity=item.commodity,
        description=item.description,
        quantity=_quantity(item.quantity, "quantity"),
        unit=unit,
    )


def record_consignment(
    *,
    mission: Mission,
    actor: Any,
    reference: str,
    title: str,
    items: Iterable[ItemInput],
    provider: Actor | None = None,
    origin: Place | None = None,
    destination: Place | None = None,
    route: str = "",
    planned_departure_on: dt.date | None = None,
    planned_arrival_on: dt.date | None = None,
    confidentiality: int = Confidentiality.INTERNAL,
) -> Consignment:
    """Register a planned consignment with its line items."""
    require_action(actor, mission, Action.ANALYSE)
    same_mission(mission.pk, {"provider": provider})
    if not reference.strip() or not title.strip():
        raise ValidationFailed("A consignment needs a reference and a title.", field="reference")
    if planned_departure_on and planned_arrival_on and planned_arrival_on < planned_departure_on:
        raise ValidationFailed(
            "The planned arrival is before the planned departure.", field="planned_arrival_on"
        )
    with transaction.atomic():
        if Consignment.objects.filter(mission=mission, reference=reference).exists():
            raise ValidationFailed(f"This mission already has consignment {reference!r}.", field="reference")
        consignment = Consignment.objects.create(
            mission=mission,
            reference=reference,
            title=title,
            provider=provider,
            origin=origin,
            destination=destination,
            route=route,
            planned_departure_on=planned_departure_on,
            planned_arrival_on=planned_arrival_on,
            confidentiality=confidentiality,
            created_by=actor,
        )
        lines = ConsignmentItem.objects.bulk_create([_item(consignment, item) for item in items])
        after = {**snapshot(consignment), "items": [snapshot(line) for line in lines]}
        record_audit(
            action="consignment.create", actor=actor, mission=mission, target=consignment, after=after
        )
    return consignment


def change_consignment_status(
    *,
    consignment: Consignment,
    actor: Any,
    status: str,
    changed_on: dt.date,
    claim: Claim | None = None,
    event: Event | None = None,
    access_constraint: AccessConstraint | None = None,
    delivered: Mapping[int, Decimal | int | float | str] | None = None,
    note: str = "",
) -> ConsignmentStatusChange:
    """Move a consignment along its lifecycle, backed by evidence.

    Every change names a claim or an event that shows it. Blocked and denied name the access
    constraint that caused them (the constraint is linked to the consignment). Delivered sets each
    line's delivered quantity to what was sent; partially delivered takes ``delivered`` as
    {item id: quantity} for the lines that arrived (lines left out arrived empty).
    """
    require_action(actor, consignment.mission, Action.ANALYSE)
    _check_transition(consignment, status, claim, event, access_constraint)
    with transaction.atomic():
        current = Consignment.objects.select_for_update().get(pk=consignment.pk)
        if current.status != consignment.status:
            raise ValidationFailed("The consignment changed meanwhile; reload it.", field="status")
        change = ConsignmentStatusChange.objects.create(
            consignment=current,
            from_status=current.status,
            to_status=status,
            changed_on=changed_on,
            note=note,
            claim=claim,
            event=event,
            access_constraint=access_constraint,
            changed_by=actor,
        )
        _apply_status(current, status, changed_on, delivered)
        if access_constraint is not None:
            access_constraint.consignments.add(current)
        record_audit(
            action="consignment.status",
            actor=actor,
            mission=current.mission_id,
            target=current,
            before={"status": change.from_status},
            after={**snapshot(change), "delivered": {str(k): str(v) for k, v in (delivered or {}).items()}},
        )
    consignment.refresh_from_db()
    return change


def _check_transition(
    consignment: Consignment,
    status: str,
    claim: Claim | None,
    event: Event | None,
    access_constraint: AccessConstraint | None,
) -> None:
    if status not in ConsignmentStatus.values:
        raise ValidationFailed(f"Unknown consignment status {status!r}.", field="status")
    allowed = ALLOWED_TRANSITIONS[consignment.status]
    if status not in allowed:
        names = ", ".join(sorted(allowed)) or "nothing (it is final)"
        raise ValidationFailed(
            f"A {consignment.get_status_display().lower()} consignment can move to {names}, not {status}.",
            field="status",
        )
    if claim is None and event is None:
        raise ValidationFailed("Back the status change with a claim or an event.", field="claim")
    if status in OBSTRUCTED_STATUSES and access_constraint is None:
        raise ValidationFailed(
            "A blocked or denied consignment must name the access constraint behind it.",
            field="access_constraint",
        )
    same_mission(
        consignment.mission_id, {"claim": claim, "event": event, "access_constraint": access_constraint}
    )


def _apply_status(
    consignment: Consignment,
    status: str,
    changed_on: dt.date,
    delivered: Mapping[int, Decimal | int | float | str] | None,
) -> None:
    consignment.status = status
    if status == ConsignmentStatus.EN_ROUTE and consignment.departed_on is None:
        consignment.departed_on = changed_on
    if status in ARRIVED_STATUSES:
        consignment.arrived_on = changed_on
        _set_delivered(consignment, status, delivered or {})
    consignment.save()


def _set_delivered(
    consignment: Consignment, status: str, delivered: Mapping[int, Decimal | int | float | str]
) -> None:
    lines = list(consignment.items.all())
    unknown = set(delivered) - {line.pk for line in lines}
    if unknown:
        raise ValidationFailed(
            f"Items {sorted(unknown)} are not lines of this consignment.", field="delivered"
        )
    for line in lines:
        if status == ConsignmentStatus.DELIVERED:
            line.delivered_quantity = line.quantity
        else:
            line.delivered_quantity = _quantity(delivered.get(line.pk, 0), "delivered")
            if line.delivered_quantity > line.quantity:
                raise ValidationFailed("More delivered than sent on one line.", field="delivered")
    ConsignmentItem.objects.bulk_update(lines, ["delivered_quantity"])


def record_access_constraint(
    *,
    mission: Mission,
    actor: Any,
    category: str,
    title: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    description: str = "",
    place: Place | None = None,
    imposed_by: Actor | None = None,
    events: Iterable[Event] = (),
    consignments: Iterable[Consignment] = (),
    confidentiality: int = Confidentiality.INTERNAL,
) -> AccessConstraint:
    """Code an access constraint in one of OCHA's nine categories, linked to what it affects."""
    require_action(actor, mission, Action.ANALYSE)
    if category not in AccessCategory.values:
        raise ValidationFailed(f"Unknown access category {category!r}.", field="category")
    if ended_on and ended_on < started_on:
        raise ValidationFailed("The constraint ends before it starts.", field="ended_on")
    events, consignments = list(events), list(consignments)
    same_mission(mission.pk, {"imposed_by": imposed_by})
    for event in events:
        same_mission(mission.pk, {"event": event})
    for consignment in consignments:
        same_mission(mission.pk, {"consignment": consignment})
    with transaction.atomic():
        constraint = AccessConstraint.objects.create(
            mission=mission,
            category=category,
            title=title,
            description=description,
            place=place,
            imposed_by=imposed_by,
            started_on=started_on,
            ended_on=ended_on,
            confidentiality=confidentiality,
            created_by=actor,
        )
        constraint.events.set(events)
        constraint.consignments.set(consignments)
        after = {
            **snapshot(constraint),
            "events": [event.pk for event in events],
            "consignments": [consignment.pk for consignment in consignments],
        }
        record_audit(
            action="access_constraint.create", actor=actor, mission=mission, target=constraint, after=after
        )
    return constraint


def link_access_constraint(
    *,
    constraint: AccessConstraint,
    actor: Any,
    event: Event | None = None,
    consignment: Consignment | None = None,
) -> AccessConstraint:
    """Link an access constraint to an event or a consignment it affects."""
    require_action(actor, constraint.mission, Action.ANALYSE)
    same_mission(constraint.mission_id, {"event": event, "consignment": consignment})
    with transaction.atomic():
        if event is not None:
            constraint.events.add(event)
        if consignment is not None:
            constraint.consignments.add(consignment)
        after = {"event": getattr(event, "pk", None), "consignment": getattr(consignment, "pk", None)}
        record_audit(
            action="access_constraint.link",
            actor=actor,
            mission=constraint.mission_id,
            target=constraint,
            after=after,
        )
    return constraint


def end_access_constraint(*, constraint: AccessConstraint, actor: Any, ended_on: dt.date) -> AccessConstraint:
    require_action(actor, constraint.mission, Action.ANALYSE)
    if ended_on < constraint.started_on:
        raise ValidationFailed("The constraint ends before it starts.", field="ended_on")
    with transaction.atomic():
        before = {"ended_on": constraint.ended_on}
        constraint.ended_on = ended_on
        constraint.save(update_fields=["ended_on"])
        record_audit(
            action="access_constraint.end",
            actor=actor,
            mission=constraint.mission_id,
            target=constraint,
            before=before,
            after={"ended_on": ended_on},
        )
    return constraint


def record_need(
    *,
    mission: Mission,
    actor: Any,
    place: Place,
    sector: str,
    severity: int,
    assessed_on: dt.date,
    people_in_need: int | None = None,
    description: str = "",
    event: Event | None = None,
    claim: Claim | None = None,
    confidentiality: int = Confidentiality.INTERNAL,
) -> Need:
    """Record an assessed need at a place in one sector."""
    require_action(actor, mission, Action.ANALYSE)
    if sector not in Sector.values:
        raise ValidationFailed(f"Unknown sector {sector!r}.", field="sector")
    if severity not in Severity.values:
        raise ValidationFailed("Severity runs from 1 (minimal) to 5 (catastrophic).", field="severity")
    if people_in_need is not None and people_in_need < 0:
        raise ValidationFailed("People in need cannot be negative.", field="people_in_need")
    same_mission(mission.pk, {"event": event, "claim": claim})
    with transaction.atomic():
        need = Need.objects.create(
            mission=mission,
            place=place,
            sector=sector,
            severity=severity,
            people_in_need=people_in_need,
            assessed_on=assessed_on,
            description=description,
            event=event,
            claim=claim,
            confidentiality=confidentiality,
            created_by=actor,
        )
        record_audit(action="need.create", actor=actor, mission=mission, target=need, after=snapshot(need))
    return need
