"""Every write to agreements, commitments and their event links (role-checked, atomic, audited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction

from groundwatch.accounts.models import Mission
from groundwatch.audit.services import record_audit, snapshot
from groundwatch.ceasefire.choices import ROLE_EVENT_TYPES, WEAPON_ITEMS, LinkRole
from groundwatch.ceasefire.models import Agreement, AgreementEvent, Commitment
from groundwatch.core.access import require_action
from groundwatch.core.choices import Action, Confidentiality
from groundwatch.core.errors import ValidationFailed
from groundwatch.events.choices import MEASURE_UNITS
from groundwatch.events.models import Actor, Event
from groundwatch.humanitarian.services import same_mission


def record_agreement(
    *,
    mission: Mission,
    actor: Any,
    title: str,
    signed_on: dt.date,
    parties: Iterable[Actor],
    terms: str = "",
    effective_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    confidentiality: int = Confidentiality.INTERNAL,
) -> Agreement:
    require_action(actor, mission, Action.ANALYSE)
    parties = list(parties)
    if not title.strip():
        raise ValidationFailed("An agreement needs a title.", field="title")
    if not parties:
        raise ValidationFailed("Name at least one party.", field="parties")
    for party in parties:
        same_mission(mission.pk, {"parties": party})
    if ends_on and ends_on < signed_on:
        raise ValidationFailed("The agreement ends before it was signed.", field="ends_on")
    with transaction.atomic():
        agreement = Agreement.objects.create(
            mission=mission,
            title=title,
            terms=terms,
            signed_on=signed_on,
            effective_on=effective_on,
            ends_on=ends_on,
            confidentiality=confidentiality,
            created_by=actor,
        )
        agreement.parties.set(parties)
        after = {**snapshot(agreement), "parties": [party.pk for party in parties]}
        record_audit(action="agreement.create", actor=actor, mission=mission, target=agreement, after=after)
    return agreement


def add_commitment(
    *,
    agreement: Agreement,
    actor: Any,
    party: Actor,
    item: str,
    declared_quantity: Decimal | int | str,
    unit: str = "",
    deadline_on: dt.date | None = None,
    note: str = "",
) -> Commitment:
    """Record what a party undertook to hand over, and by when."""
    require_action(actor, agreement.mission, Action.ANALYSE)
    if item not in WEAPON_ITEMS:
        raise ValidationFailed(f"Commitments count weapon items: {', '.join(WEAPON_ITEMS)}.", field="item")
    unit = unit or MEASURE_UNITS[item][0]
    if unit not in MEASURE_UNITS[item]:
        raise ValidationFailed(f"{item} is counted in {', '.join(MEASURE_UNITS[item])}.", field="unit")
    quantity = Decimal(str(declared_quantity))
    if quantity <= 0:
        raise ValidationFailed("The declared quantity must be more than zero.", field="declared_quantity")
    if not agreement.parties.filter(pk=party.pk).exists():
        raise ValidationFailed(f"{party.name} is not a party to this agreement.", field="party")
    with transaction.atomic():
        if Commitment.objects.filter(agreement=agreement, party=party, item=item).exists():
            raise ValidationFailed(f"{party.name} already has a commitment for {item}.", field="item")
        commitment = Commitment.objects.create(
            mission_id=agreement.mission_id,
            agreement=agreement,
            party=party,
            item=item,
            declared_quantity=quantity,
            unit=unit,
            deadline_on=deadline_on,
            note=note,
        )
        record_audit(
            action="commitment.create",
            actor=actor,
            mission=agreement.mission_id,
            target=commitment,
            after=snapshot(commitment),
        )
    return commitment


def link_agreement_event(
    *,
    agreement: Agreement,
    actor: Any,
    event: Event,
    role: str,
    party: Actor | None = None,
    note: str = "",
) -> AgreementEvent:
    """Link an event to an agreement. A handover names the party whose commitments it counts against."""
    require_action(actor, agreement.mission, Action.ANALYSE)
    _check_link(agreement, event, role, party)
    with transaction.atomic():
        if AgreementEvent.objects.filter(agreement=agreement, event=event).exists():
            raise ValidationFailed("That event is already linked to this agreement.", field="event")
        link = AgreementEvent.objects.create(
            agreement=agreement, event=event, role=role, party=party, note=note, linked_by=actor
        )
        record_audit(
            action="agreement.event.link",
            actor=actor,
            mission=agreement.mission_id,
            target=link,
            after=snapshot(link),
        )
    return link


def _check_link(agreement: Agreement, event: Event, role: str, party: Actor | None) -> None:
    if role not in LinkRole.values:
        raise ValidationFailed(f"Unknown role {role!r}.", field="role")
    same_mission(agreement.mission_id, {"event": event, "party": party})
    if event.event_type not in ROLE_EVENT_TYPES[role]:
        accepted = ", ".join(sorted(ROLE_EVENT_TYPES[role]))
        raise ValidationFailed(
            f"A {role} link takes an event of type {accepted}, not {event.event_type}.", field="event"
        )
    if role == LinkRole.HANDOVER and party is None:
        raise ValidationFailed("Say which party handed over.", field="party")
    if party is not None and not agreement.parties.filter(pk=party.pk).exists():
        raise ValidationFailed(f"{party.name} is not a party to this agreement.", field="party")
