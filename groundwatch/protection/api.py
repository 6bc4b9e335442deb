"""API: protected persons. Answers carry the coded fields only; the one way to read a protected field is
``POST …/reveal`` with a reason (an audit event), and its answer is never cached.

Rights follow the mission roles: members with clearance see persons (confidential or strictly confidential,
so viewers see none); monitors and above register them; analysts and above reveal, edit consent and link
events. Strictly confidential persons are seen by admins and the members on their need-to-know list.
"""

# No ``from __future__ import annotations`` here: ninja must see Query parameter types as objects.

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from groundwatch.api.pagination import LimitOffsetPage
from groundwatch.api.schemas import (
    ConfidentialitySlug,
    confidentiality_level,
    mission_for,
    referenced,
    visible,
    with_errors,
)
from groundwatch.core.access import get_restricted
from groundwatch.core.choices import Action
from groundwatch.events.models import Event
from groundwatch.protection.choices import ENCRYPTED_FIELDS
from groundwatch.protection.models import ProtectedPerson
from groundwatch.protection.services import (
    link_event,
    register_person,
    reveal,
    unlink_event,
    update_consent,
)

router = Router(tags=["protected persons"])

LARGEST_ID = 2**63 - 1


class PersonSchema(Schema):
    """A protected person as anyone with clearance sees them: the pseudonym code and coded fields."""

    id: int
    mission: str = Field(validation_alias="mission.slug")
    code: str
    role: str
    sex: str
    age_band: str
    risk_level: str
    consent_scope: str
    consent_recorded_on: dt.date | None
    retain_until: dt.date
    confidentiality: str = Field(validation_alias="confidentiality_slug")
    is_destroyed: bool
    protected_fields_set: list[str] = Field(
        description="Which protected fields hold a value (not the values)."
    )

    @staticmethod
    def resolve_is_destroyed(obj: ProtectedPerson) -> bool:
        return obj.destroyed_at is not None

    @staticmethod
    def resolve_protected_fields_set(obj: ProtectedPerson) -> list[str]:
        return [name for name in ENCRYPTED_FIELDS if getattr(obj, f"{name}_ciphertext")]


class PersonDetailSchema(PersonSchema):
    consent_notes: str
    created_at: dt.datetime
    events: list[int] = Field(description="Ids of the linked events you may see.")

    @staticmethod
    def resolve_events(obj: ProtectedPerson, context: Any) -> list[int]:
        user = context["request"].user
        return list(
            Event.objects.restrict(user)
            .filter(protected_persons=obj)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


class PersonIn(Schema):
    mission: str = Field(description="The mission's slug.")
    code: str = Field(min_length=1, max_length=30, description="A pseudonym code, e.g. W-0007. Never a name.")
    role: str = Field(description="victim, witness or source.")
    retain_until: dt.date = Field(description="After this date the identifying fields are destroyed.")
    sex: str = ""
    age_band: str = ""
    risk_level: str = "medium"
    consent_scope: str = "none"
    consent_notes: str = Field("", max_length=5000)
    consent_recorded_on: dt.date | None = None
    confidentiality: ConfidentialitySlug = "confidential"
    full_name: str = Field("", max_length=500, description="Encrypted before it is stored.")
    contact: str = Field("", max_length=2000, description="Encrypted before it is stored.")
    identifying_details: str = Field("", max_length=10000, description="Encrypted before it is stored.")
    testimony: str = Field("", max_length=200000, description="Encrypted before it is stored.")


class RevealIn(Schema):
    reason: str = Field("", max_length=2000, description="Why you need to see these fields (audited).")
    fields: list[str] = Field(
        default_factory=lambda: list(ENCRYPTED_FIELDS),
        description=f"Which protected fields to reveal: {', '.join(ENCRYPTED_FIELDS)} (default all).",
    )


class RevealSchema(Schema):
    id: int
    code: str
    values: dict[str, str]


class ConsentIn(Schema):
    consent_scope: str
    consent_notes: str = Field("", max_length=5000)
    consent_recorded_on: dt.date | None = None
    risk_level: str | None = None


class EventLinkIn(Schema):
    event: int = Field(ge=1, le=LARGEST_ID, description="An event's id in the person's mission.")


class PersonFilter(Schema):
    mission: str | None = None
    role: str | None = None
    risk_level: str | None = None
    event: int | None = Field(None, ge=1, le=LARGEST_ID, description="Persons linked to this event.")


def _person(request: HttpRequest, person_id: int, action: str = Action.VIEW) -> ProtectedPerson:
    return get_restricted(
        ProtectedPerson.objects.select_related("mission"), request.user, action, pk=person_id
    )


@router.get("", response=list[PersonSchema], summary="Protected persons (coded fields only)")
@paginate(LimitOffsetPage)
def list_persons(request: HttpRequest, filters: Query[PersonFilter]) -> Any:
    persons = visible(ProtectedPerson.objects.select_related("mission"), request.user, filters.mission)
    if filters.role:
        persons = persons.filter(role=filters.role)
    if filters.risk_level:
        persons = persons.filter(risk_level=filters.risk_level)
    if filters.event is not None:
        persons = persons.filter(events__pk=filters.event)
    return persons


@router.get(
    "/{int:person_id}", response=with_errors(200, PersonDetailSchema), summary="One protected person (coded)"
)
def get_person(request: HttpRequest, person_id: int) -> ProtectedPerson:
    return _person(request, person_id)


@router.post("", response=with_errors(201, PersonDetailSchema), summary="Register a protected person")
def create_person(request: HttpRequest, payload: PersonIn) -> Status[ProtectedPerson]:
    protected = {name: getattr(payload, name) for name in ENCRYPTED_FIELDS if getattr(payload, name)}
    person = register_person(
        mission=mission_for(request.user, payload.mission),
        actor=request.user,
        code=payload.code.strip(),
        role=payload.role,
        retain_until=payload.retain_until,
        sex=payload.sex,
        age_band=payload.age_band,
        risk_level=payload.risk_level,
        consent_scope=payload.consent_scope,
        consent_notes=payload.consent_notes,
        consent_recorded_on=payload.consent_recorded_on,
        confidentiality=confidentiality_level(payload.confidentiality),
        protected=protected,
    )
    return Status(201, _person(request, person.pk))


@router.post(
    "/{int:person_id}/reveal",
    response=with_errors(200, RevealSchema),
    summary="Decrypt protected fields, giving a reason (audited)",
)
def reveal_person(request: HttpRequest, person_id: int, payload: RevealIn, response: HttpResponse) -> Any:
    person = _person(request, person_id, Action.ANALYSE)
    values = reveal(person=person, actor=request.user, fields=payload.fields, reason=payload.reason)
    response["Cache-Control"] = "no-store"
    return {"id": person.pk, "code": person.code, "values": values}


@router.post(
    "/{int:person_id}/consent",
    response=with_errors(200, PersonDetailSchema),
    summary="Record the person's consent (and risk level)",
)
def change_consent(request: HttpRequest, person_id: int, payload: ConsentIn) -> ProtectedPerson:
    person = _person(request, person_id, Action.ANALYSE)
    update_consent(
        person=person,
        actor=request.user,
        consent_scope=payload.consent_scope,
        consent_notes=payload.consent_notes,
        consent_recorded_on=payload.consent_recorded_on,
        risk_level=payload.risk_level,
    )
    return _person(request, person_id)


@router.post(
    "/{int:person_id}/events",
    response=with_errors(200, PersonDetailSchema),
    summary="Link the person to an event",
)
def add_event_link(request: HttpRequest, person_id: int, payload: EventLinkIn) -> ProtectedPerson:
    person = _person(request, person_id, Action.ANALYSE)
    event = referenced(Event.objects.all(), request.user, payload.event, "event")
    link_event(person=person, event=event, actor=request.user)
    return _person(request, person_id)


@router.post(
    "/{int:person_id}/events/unlink",
    response=with_errors(200, PersonDetailSchema),
    summary="Remove the link between the person and an event",
)
def remove_event_link(request: HttpRequest, person_id: int, payload: EventLinkIn) -> ProtectedPerson:
    person = _person(request, person_id, Action.ANALYSE)
    event = referenced(Event.objects.all(), request.user, payload.event, "event")
    unlink_event(person=person, event=event, actor=request.user)
    return _person(request, person_id)
