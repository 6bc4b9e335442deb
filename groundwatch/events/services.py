"""Every write to claims, events, evidence, measures and actors.

Each function is one atomic change: it checks the actor's role, validates, writes, and appends an audit
record in the same transaction. Event edits use optimistic concurrency: the caller passes the version
it loaded, and a stale version is refused with ``EditConflict`` instead of overwriting someone's work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.db.models import F

from groundwatch.accounts.models import Mission
from groundwatch.accounts.services import grant_creator_if_strict
from groundwatch.audit.services import audit_entry, changed_fields, record_audit, record_audits, snapshot
from groundwatch.core.access import require_action
from groundwatch.core.choices import Action, Confidentiality
from groundwatch.core.errors import EditConflict, ValidationFailed
from groundwatch.events.choices import (
    MEASURE_UNITS,
    ActorKind,
    ActorRole,
    Credibility,
    DatePrecision,
    Qualifier,
    Stance,
    StandardOfProof,
    VerificationStatus,
)
from groundwatch.events.models import Actor, Claim, Event, EventActor, Evidence, Measure, VerificationChange
from groundwatch.events.taxonomy import get_taxonomy
from groundwatch.geo.models import Place
from groundwatch.sources.models import Report

EDITABLE_EVENT_FIELDS = frozenset(
    {
        "title",
        "description",
        "event_type",
        "sub_event_type",
        "date_start",
        "date_end",
        "date_precision",
        "place",
        "location_name",
        "latitude",
        "longitude",
        "geo_precision",
        "country_code",
        "admin1",
        "admin2",
        "confidentiality",
    }
)


@dataclass(frozen=True)
class MeasureInput:
    item: str
    value: Decimal | int | float | str
    unit: str = ""
    qualifier: str = Qualifier.EXACT
    low: Decimal | int | float | str | None = None
    high: Decimal | int | float | str | None = None
    as_of_on: dt.date | None = None
    claim: Claim | None = None


_Row = TypeVar("_Row", bound=models.Model)


def _check_type(event_type: str, sub_event_type: str) -> str:
    try:
        return get_taxonomy().validate(event_type, sub_event_type)
    except ValueError as error:
        raise ValidationFailed(
            str(error), field="sub_event_type" if "sub-type" in str(error) else "event_type"
        ) from None


def _check_dates(start: dt.date | None, end: dt.date | None, precision: str) -> None:
    if precision and precision not in DatePrecision.values:
        raise ValidationFailed(f"Unknown date precision {precision!r}.", field="date_precision")
    if start and end and end < start:
        raise ValidationFailed(f"The end date {end} is before the start date {start}.", field="date_end")


def record_actor(
    *,
    mission: Mission,
    actor: Any,
    name: str,
    kind: str,
    aliases: Sequence[str] = (),
    country_code: str = "",
    description: str = "",
) -> Actor:
    require_action(actor, mission, Action.ANALYSE)
    if kind not in ActorKind.values:
        raise ValidationFailed(f"Unknown actor kind {kind!r}.", field="kind")
    with transaction.atomic():
        if Actor.objects.filter(mission=mission, name=name).exists():
            raise ValidationFailed(f"This mission already has an actor named {name!r}.", field="name")
        record = Actor.objects.create(
            mission=mission,
            name=name,
            kind=kind,
            aliases=list(aliases),
            country_code=country_code.upper(),
            description=description,
        )
        record_audit(
            action="actor.create", actor=actor, mission=mission, target=record, after=snapshot(record)
        )
    return record


def add_claim(
    *,
    report: Report,
    actor: Any,
    span_start: int | None = None,
    span_end: int | None = None,
    field_path: str = "",
    summary: str = "",
    event_type: str = "",
    sub_event_type: str = "",
    date_start: dt.date | None = None,
    date_end: dt.date | None = None,
    date_precision: str = "",
    location_name: str = "",
    place: Place | None = None,
    actors: Sequence[dict[str, str]] = (),
    measures: Sequence[dict[str, Any]] = (),
    credibility: int = Credibility.CANNOT_BE_JUDGED,
    quote: str = "",
    pipeline: str = "",
    pipeline_version: str = "",
) -> Claim:
    """Record one statement found in a report, pointing at its exact words or form field."""
    require_action(actor, report.mission, Action.ANALYSE)
    quote = _claim_quote(report, span_start, span_end, field_path, quote)
    if event_type:
        _check_type(event_type, sub_event_type)
    _check_dates(date_start, date_end, date_precision)
    if credibility not in Credibility.values:
        raise ValidationFailed("Credibility must be 1 to 6.", field="credibility")
    if pipeline and not pipeline_version:
        raise ValidationFailed(
            "A claim made by a pipeline must name the pipeline's version.", field="pipeline_version"
        )
    with transaction.atomic():
        claim = Claim.objects.create(
            mission_id=report.mission_id,
            report=report,
            span_start=span_start,
            span_end=span_end,
            field_path=field_path,
            quote=quote,
            summary=summary[:500],
            event_type=event_type,
            sub_event_type=sub_event_type,
            date_start=date_start,
            date_end=date_end or date_start,
            date_precision=date_precision or (DatePrecision.DAY if date_start else ""),
            location_name=location_name,
            place=place,
            actors=list(actors),
            measures=list(measures),
            credibility=credibility,
            produced_by=actor,
            pipeline=pipeline,
            pipeline_version=pipeline_version,
        )
        record_audit(
            action="claim.create", actor=actor, mission=report.mission_id, target=claim, after=snapshot(claim)
        )
    return claim


def _claim_quote(report: Report, start: int | None, end: int | None, field_path: str, quote: str) -> str:
    if (start is None) != (end is None):
        raise ValidationFailed("Give both ends of the span, or neither.", field="span_end")
    if start is None or end is None:
        if not field_path and not quote:
            raise ValidationFailed(
                "A claim must point at its words (a span) or at a form field.", field="span_start"
            )
        return quote
    if not 0 <= start < end <= len(report.text):
        raise ValidationFailed(
            f"Span {start}–{end} is outside the report text ({len(report.text)} characters).",
            field="span_end",
        )
    words = report.text[start:end]
    if quote and quote != words:
        raise ValidationFailed("The quote does not match the report text at that span.", field="quote")
    return words


def record_event(
    *,
    mission: Mission,
    actor: Any,
    title: str,
    event_type: str,
    date_start: dt.date,
    sub_event_type: str = "",
    date_end: dt.date | None = None,
    date_precision: str = DatePrecision.DAY,
    description: str = "",
    place: Place | None = None,
    location_name: str = "",
    latitude: Decimal | float | None = None,
    longitude: Decimal | float | None = None,
    geo_precision: int | None = None,
    country_code: str = "",
    admin1: str = "",
    admin2: str = "",
    confidentiality: int = Confidentiality.INTERNAL,
    measures: Iterable[MeasureInput] = (),
    actors: Iterable[tuple[Actor, str]] = (),
    evidence: Iterable[Claim] = (),
) -> Event:
    """Code a new event, with its figures, actors and supporting claims, in one step."""
    require_action(actor, mission, Action.ANALYSE)
    category = _check_type(event_type, sub_event_type)
    _check_dates(date_start, date_end, date_precision)
    if not title.strip():
        raise ValidationFailed("An event needs a title.", field="title")
    with transaction.atomic():
        event = Event(
            mission=mission,
            title=title,
            description=description,
            category=category,
            event_type=event_type,
            sub_event_type=sub_event_type,
            date_start=date_start,
            date_end=date_end or date_start,
            date_precision=date_precision,
            location_name=location_name,
            latitude=latitude,
            longitude=longitude,
            geo_precision=geo_precision,
            country_code=country_code.upper(),
            admin1=admin1,
            admin2=admin2,
            confidentiality=confidentiality,
            created_by=actor,
        )
        _apply_place(event, place)
        # Checked before anything is written; then, the event being new, written without the savepoints
        # and look-ups that adding them one by one to an existing event needs. One audit record each.
        figures = [_checked_measure(event, measure) for measure in measures]
        roles = {(record.pk, role): _checked_role(event, record, role) for record, role in actors}
        links = {claim.pk: _checked_link(event, claim, actor, Stance.SUPPORTS, "") for claim in evidence}
        event.save()
        record_audit(action="event.create", actor=actor, mission=mission, target=event, after=snapshot(event))
        grant_creator_if_strict(record=event, actor=actor)
        record_audits(
            [
                audit_entry(action=action, actor=actor, mission=mission, target=row, after=snapshot(row))
                for action, rows in (
                    ("measure.create", _insert_all(figures)),
                    ("event.actor.add", _insert_all(list(roles.values()))),
                    ("evidence.link", _insert_all(list(links.values()))),
                )
                for row in rows
            ]
        )
    return event


def _insert_all(rows: list[_Row]) -> list[_Row]:
    """Insert new rows in one statement where the database gives their keys back (SQLite ≥ 3.35, PostgreSQL)."""
    if rows and connection.features.can_return_rows_from_bulk_insert:
        return type(rows[0])._default_manager.bulk_create(rows)
    for row in rows:
        row.save(force_insert=True)
    return rows


def _apply_place(event: Event, place: Place | None) -> None:
    """Fill location fields from a gazetteer place where the caller did not give them."""
    event.place = place
    if place is None:
        return
    event.location_name = event.location_name or place.name
    if event.latitude is None or event.longitude is None:
        event.latitude, event.longitude = place.latitude, place.longitude
    event.country_code = event.country_code or place.country_code
    event.admin1 = event.admin1 or place.admin1
    event.admin2 = event.admin2 or place.admin2
    event.geo_precision = event.geo_precision or 1


def update_event(*, event: Event, actor: Any, expected_version: int, changes: dict[str, Any]) -> Event:
    """Edit an event's coded fields. Refused with EditConflict if someone saved it since it was loaded."""
    require_action(actor, event.mission, Action.ANALYSE)
    unknown = set(changes) - EDITABLE_EVENT_FIELDS
    if unknown:
        raise ValidationFailed(
            f"These fields cannot be edited: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0]
        )
    with transaction.atomic():
        current = Event.objects.select_for_update().get(pk=event.pk)
        if current.version != expected_version:
            raise EditConflict(
                f"This event was changed by someone else (now version {current.version}, you edited "
                f"version {expected_version}). Reload it and apply your edit again."
            )
        before = snapshot(current)
        for name, value in changes.items():
            if name == "place":
                _apply_place(current, value)
            else:
                setattr(current, name, value)
        current.category = _check_type(current.event_type, current.sub_event_type)
        _check_dates(current.date_start, current.date_end, current.date_precision)
        return _save_new_version(current, before, actor=actor, action="event.update")


def _save_new_version(event: Event, before: dict[str, Any], *, actor: Any, action: str) -> Event:
    """Save an edited event as its next version and audit exactly the fields that changed."""
    event.version = F("version") + 1  # an F() expression: the database adds one, refresh_from_db reads it
    event.save()
    event.refresh_from_db()
    after = snapshot(event)
    changed = changed_fields(before, after)
    record_audit(
        action=action,
        actor=actor,
        mission=event.mission_id,
        target=event,
        before={key: before[key] for key in changed},
        after=changed,
    )
    return event


def _decimal(value: Any, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValidationFailed(f"{value!r} is not a number.", field=field) from None
    if number < 0 or not number.is_finite():
        raise ValidationFailed(f"{field} must be zero or more.", field=field)
    return number


def _checked_measure(event: Event, measure: MeasureInput) -> Measure:
    """The measure as it will be stored, or ValidationFailed (nothing written)."""
    units = MEASURE_UNITS.get(measure.item)
    if units is None:
        raise ValidationFailed(f"Unknown measure item {measure.item!r}.", field="item")
    unit = measure.unit or units[0]
    if unit not in units:
        raise ValidationFailed(
            f"{measure.item} is counted in {', '.join(units)}, not {unit!r}.", field="unit"
        )
    if measure.qualifier not in Qualifier.values:
        raise ValidationFailed(f"Unknown qualifier {measure.qualifier!r}.", field="qualifier")
    value, low, high = (
        _decimal(measure.value, "value"),
        _decimal(measure.low, "low"),
        _decimal(measure.high, "high"),
    )
    if value is None:
        raise ValidationFailed("A measure needs a value.", field="value")
    if (low is not None and low > value) or (high is not None and high < value):
        raise ValidationFailed("The value must lie between low and high.", field="value")
    if measure.claim is not None and measure.claim.mission_id != event.mission_id:
        raise ValidationFailed("That claim belongs to another mission.", field="claim")
    return Measure(
        event=event,
        item=measure.item,
        value=value,
        low=low,
        high=high,
        unit=unit,
        qualifier=measure.qualifier,
        as_of_on=measure.as_of_on,
        claim=measure.claim,
    )


def add_measure(*, event: Event, actor: Any, measure: MeasureInput) -> Measure:
    require_action(actor, event.mission, Action.ANALYSE)
    record = _checked_measure(event, measure)
    with transaction.atomic():
        record.save(force_insert=True)
        record_audit(
            action="measure.create",
            actor=actor,
            mission=event.mission_id,
            target=record,
            after=snapshot(record),
        )
    return record


def _checked_role(event: Event, actor_record: Actor, role: str) -> EventActor:
    if role not in ActorRole.values:
        raise ValidationFailed(f"Unknown actor role {role!r}.", field="role")
    if actor_record.mission_id != event.mission_id:
        raise ValidationFailed("That actor belongs to another mission.", field="actor")
    return EventActor(event=event, actor=actor_record, role=role)


def add_event_actor(*, event: Event, actor: Any, actor_record: Actor, role: str) -> EventActor:
    require_action(actor, event.mission, Action.ANALYSE)
    _checked_role(event, actor_record, role)
    with transaction.atomic():
        link, created = EventActor.objects.get_or_create(event=event, actor=actor_record, role=role)
        if created:
            record_audit(
                action="event.actor.add",
                actor=actor,
                mission=event.mission_id,
                target=link,
                after=snapshot(link),
            )
    return link


def _checked_link(event: Event, claim: Claim, actor: Any, stance: str, note: str) -> Evidence:
    if stance not in Stance.values:
        raise ValidationFailed(f"Stance must be supports or contradicts, not {stance!r}.", field="stance")
    if claim.mission_id != event.mission_id:
        raise ValidationFailed("That claim belongs to another mission.", field="claim")
    return Evidence(event=event, claim=claim, stance=stance, note=note, linked_by=actor)


def link_evidence(
    *, event: Event, claim: Claim, actor: Any, stance: str = Stance.SUPPORTS, note: str = ""
) -> Evidence:
    """Join a claim to an event as supporting or contradicting evidence."""
    require_action(actor, event.mission, Action.ANALYSE)
    link = _checked_link(event, claim, actor, stance, note)
    with transaction.atomic():
        existing = Evidence.objects.filter(event=event, claim=claim).first()
        if existing is not None:
            if existing.stance == stance:
                return existing
            raise ValidationFailed(
                "That claim is already linked to this event with the other stance.", field="stance"
            )
        link.save(force_insert=True)
        record_audit(
            action="evidence.link", actor=actor, mission=event.mission_id, target=link, after=snapshot(link)
        )
    return link


def independent_support(event: Event) -> int:
    """How many independent origins support the event: distinct sources, or reports without a source."""
    origins = set()
    for report_id, source_id in Evidence.objects.filter(event=event, stance=Stance.SUPPORTS).values_list(
        "claim__report_id", "claim__report__source_id"
    ):
        origins.add(("source", source_id) if source_id is not None else ("report", report_id))
    return len(origins)


def set_verification(
    *,
    event: Event,
    actor: Any,
    status: str,
    rationale: str = "",
    standard_of_proof: str = "",
    expected_version: int | None = None,
) -> Event:
    """Move an event through reported → corroborated → verified / discounted, with the reasons.

    Verified needs a standard of proof and a written rationale; discounted needs a rationale;
    corroborated needs support from at least two independent sources.
    """
    require_action(actor, event.mission, Action.VERIFY)
    _check_verification(event, status, rationale, standard_of_proof)
    with transaction.atomic():
        current = Event.objects.select_for_update().get(pk=event.pk)
        if expected_version is not None and current.version != expected_version:
            raise EditConflict(
                f"This event was changed by someone else (now version {current.version}, you saw version "
                f"{expected_version}). Reload it before changing its verification."
            )
        before = snapshot(current)
        VerificationChange.objects.create(
            event=current,
            from_status=current.verification_status,
            to_status=status,
            standard_of_proof=standard_of_proof,
            rationale=rationale,
            changed_by=actor,
        )
        current.verification_status = status
        current.standard_of_proof = standard_of_proof
        current.verification_rationale = rationale
        return _save_new_version(current, before, actor=actor, action="event.verify")


def _check_verification(event: Event, status: str, rationale: str, standard_of_proof: str) -> None:
    if status not in VerificationStatus.values:
        raise ValidationFailed(f"Unknown verification status {status!r}.", field="status")
    if standard_of_proof not in StandardOfProof.values:
        raise ValidationFailed(f"Unknown standard of proof {standard_of_proof!r}.", field="standard_of_proof")
    if event.merged_into_id is not None:
        raise ValidationFailed("This event was merged into another; verify that one instead.", field="status")
    if status == VerificationStatus.VERIFIED:
        if not standard_of_proof:
            raise ValidationFailed(
                "Say which standard of proof the evidence meets.", field="standard_of_proof"
            )
        if not rationale.strip():
            raise ValidationFailed("A verified event needs a written rationale.", field="rationale")
    if status == VerificationStatus.DISCOUNTED and not rationale.strip():
        raise ValidationFailed("Say why the event is discounted.", field="rationale")
    if status == VerificationStatus.CORROBORATED and independent_support(event) < 2:
        raise ValidationFailed(
            "Corroboration needs supporting claims from at least two independent sources.", field="status"
        )


def merge_events(*, target: Event, duplicates: Sequence[Event], actor: Any, rationale: str) -> Event:
    """Fold duplicate events into ``target``: their evidence and actors move over, they stay as pointers."""
    require_action(actor, target.mission, Action.ANALYSE)
    if not rationale.strip():
        raise ValidationFailed("Say why these events are the same.", field="rationale")
    for duplicate in duplicates:
        if duplicate.pk == target.pk:
            raise ValidationFailed("An event cannot be merged into itself.", field="duplicates")
        if duplicate.mission_id != target.mission_id:
            raise ValidationFailed("Events of different missions cannot be merged.", field="duplicates")
        if duplicate.merged_into_id is not None:
            raise ValidationFailed(f"Event {duplicate.pk} was already merged.", field="duplicates")
    with transaction.atomic():
        for duplicate in duplicates:
            _merge_one(target, duplicate, actor, rationale)
        Event.objects.filter(pk=target.pk).update(version=F("version") + 1)
        target.refresh_from_db()
    return target


def _merge_one(target: Event, duplicate: Event, actor: Any, rationale: str) -> None:
    moved_claims = []
    for link in Evidence.objects.filter(event=duplicate).select_related("claim"):
        if not Evidence.objects.filter(event=target, claim=link.claim).exists():
            Evidence.objects.create(
                event=target,
                claim=link.claim,
                stance=link.stance,
                note=link.note or f"Moved from merged event {duplicate.pk}.",
                linked_by=actor,
            )
            moved_claims.append(link.claim_id)
    for role in EventActor.objects.filter(event=duplicate):
        EventActor.objects.get_or_create(event=target, actor_id=role.actor_id, role=role.role)
    before = snapshot(duplicate)
    Event.objects.filter(pk=duplicate.pk).update(merged_into=target, version=F("version") + 1)
    duplicate.refresh_from_db()
    record_audit(
        action="event.merge",
        actor=actor,
        mission=target.mission_id,
        target=duplicate,
        before={"merged_into_id": before["merged_into_id"]},
        after={"merged_into_id": target.pk, "rationale": rationale, "moved_claims": moved_claims},
    )
