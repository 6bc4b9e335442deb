"""API: agreements, commitments, linked events (handovers, violations) and compliance."""

# No ``from __future__ import annotations`` here: ninja must see Query parameter types as objects.

import datetime as dt
from decimal import Decimal
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
    referenced,
    referenced_or_none,
    visible,
)
from groundwatch.ceasefire.compliance import AgreementCompliance, CommitmentCompliance, agreement_compliance
from groundwatch.ceasefire.models import Agreement, AgreementEvent, Commitment
from groundwatch.ceasefire.services import add_commitment, link_agreement_event, record_agreement
from groundwatch.core.access import get_restricted
from groundwatch.core.choices import Action
from groundwatch.events.models import Actor, Event

router = Router(tags=["ceasefire"])


class CommitmentSchema(Schema):
    id: int
    party: int = Field(validation_alias="party_id")
    party_name: str = Field(validation_alias="party.name")
    item: str
    declared_quantity: float
    unit: str
    deadline_on: dt.date | None
    note: str


class AgreementEventSchema(Schema):
    event: int = Field(validation_alias="event_id")
    title: str = Field(validation_alias="event.title")
    date_start: dt.date = Field(validation_alias="event.date_start")
    verification_status: str = Field(validation_alias="event.verification_status")
    role: str
    party: int | None = Field(validation_alias="party_id")
    note: str


class AgreementSchema(Schema):
    id: int
    mission: str = Field(validation_alias="mission.slug")
    title: str
    terms: str
    signed_on: dt.date
    effective_on: dt.date | None
    ends_on: dt.date | None
    parties: list[str]
    confidentiality: str = Field(validation_alias="confidentiality_slug")
    commitments: list[CommitmentSchema]

    @staticmethod
    def resolve_parties(obj: Agreement) -> list[str]:
        return [party.name for party in obj.parties.all()]


class AgreementDetailSchema(AgreementSchema):
    events: list[AgreementEventSchema]

    @staticmethod
    def resolve_events(obj: Agreement) -> list[AgreementEvent]:
        return obj.visible_links  # type: ignore[attr-defined,no-any-return]  # set by _agreement


class AgreementIn(Schema):
    mission: str
    title: str = Field(max_length=300)
    signed_on: dt.date
    parties: list[int] = Field(min_length=1, description="Actor ids.")
    terms: str = ""
    effective_on: dt.date | None = None
    ends_on: dt.date | None = None
    confidentiality: ConfidentialitySlug = "internal"


class CommitmentIn(Schema):
    party: int
    item: str = Field(description="small_arms, ammunition, armoured_vehicles, anti_tank_weapons, ...")
    declared_quantity: Decimal = Field(gt=0)
    unit: str = ""
    deadline_on: dt.date | None = None
    note: str = ""


class LinkIn(Schema):
    event: int
    role: str = Field(description="declaration, handover or violation.")
    party: int | None = None
    note: str = ""


class FigureSchema(Schema):
    event: int
    event_title: str
    date: dt.date
    verification_status: str
    value: float
    qualifier: str
    unit: str
    measure_claim: int | None
    claims: list[int]


class PointSchema(Schema):
    on: dt.date
    handed_over: float
    ratio: float


class CommitmentComplianceSchema(Schema):
    commitment: int
    party: str
    item: str
    unit: str
    declared: float
    handed_over: float
    compliance: float
    deadline_on: dt.date | None
    figures: list[FigureSchema]
    series: list[PointSchema]


class PartyComplianceSchema(Schema):
    party: str
    compliance: float


class ComplianceSchema(Schema):
    agreement: int
    verified_only: bool
    as_of: dt.date | None
    commitments: list[CommitmentComplianceSchema]
    parties: list[PartyComplianceSchema]


def _agreements() -> Any:
    return Agreement.objects.select_related("mission").prefetch_related("parties", "commitments__party")


def _agreement(request: HttpRequest, pk: int, action: str = Action.VIEW) -> Agreement:
    agreement: Agreement = get_restricted(_agreements(), request.user, action, pk=pk)
    agreement.visible_links = list(  # type: ignore[attr-defined]  # read by the schema
        AgreementEvent.objects.restrict(request.user).filter(agreement=agreement).select_related("event")
    )
    return agreement


@router.get("", response=list[AgreementSchema], summary="Ceasefire agreements")
@paginate(LimitOffsetPage)
def list_agreements(request: HttpRequest, mission: str | None = None) -> Any:
    return visible(_agreements(), request.user, mission)


@router.get(
    "/{int:agreement_id}", response={200: AgreementDetailSchema, **ERROR_RESPONSES}, summary="One agreement"
)
def get_agreement(request: HttpRequest, agreement_id: int) -> Agreement:
    return _agreement(request, agreement_id)


@router.post("", response={201: AgreementDetailSchema, **ERROR_RESPONSES}, summary="Record an agreement")
def create_agreement(request: HttpRequest, payload: AgreementIn) -> Status[Agreement]:
    user = request.user
    agreement = record_agreement(
        mission=mission_for(user, payload.mission),
        actor=user,
        parties=[referenced(Actor.objects.all(), user, pk, "parties") for pk in payload.parties],
        confidentiality=confidentiality_level(payload.confidentiality),
        **payload.dict(exclude={"mission", "parties", "confidentiality"}),
    )
    return Status(201, _agreement(request, agreement.pk))


@router.post(
    "/{int:agreement_id}/commitments",
    response={201: AgreementDetailSchema, **ERROR_RESPONSES},
    summary="Add a party's commitment",
)
def post_commitment(request: HttpRequest, agreement_id: int, payload: CommitmentIn) -> Status[Agreement]:
    agreement = _agreement(request, agreement_id, Action.ANALYSE)
    add_commitment(
        agreement=agreement,
        actor=request.user,
        party=referenced(Actor.objects.all(), request.user, payload.party, "party"),
        **payload.dict(exclude={"party"}),
    )
    return Status(201, _agreement(request, agreement_id))


@router.post(
    "/{int:agreement_id}/events",
    response={201: AgreementDetailSchema, **ERROR_RESPONSES},
    summary="Link an event: declaration, handover (counted against commitments) or violation",
)
def post_event_link(request: HttpRequest, agreement_id: int, payload: LinkIn) -> Status[Agreement]:
    user = request.user
    agreement = _agreement(request, agreement_id, Action.ANALYSE)
    link_agreement_event(
        agreement=agreement,
        actor=user,
        event=referenced(Event.objects.all(), user, payload.event, "event"),
        role=payload.role,
        party=referenced_or_none(Actor.objects.all(), user, payload.party, "party"),
        note=payload.note,
    )
    return Status(201, _agreement(request, agreement_id))


def _commitment_schema(entry: CommitmentCompliance) -> CommitmentComplianceSchema:
    commitment = entry.commitment
    figures = [
        FigureSchema(
            event=figure.event.pk,
            event_title=figure.event.title,
            date=figure.event.date_start,
            verification_status=figure.event.verification_status,
            value=float(figure.measure.value),
            qualifier=figure.measure.qualifier,
            unit=figure.measure.unit,
            measure_claim=figure.measure.claim_id,
            claims=[claim.pk for claim in figure.claims],
        )
        for figure in entry.figures
    ]
    return CommitmentComplianceSchema(
        commitment=commitment.pk,
        party=commitment.party.name,
        item=commitment.item,
        unit=commitment.unit,
        declared=float(commitment.declared_quantity),
        handed_over=float(entry.handed_over),
        compliance=entry.ratio,
        deadline_on=commitment.deadline_on,
        figures=figures,
        series=[PointSchema(on=p.on, handed_over=float(p.handed_over), ratio=p.ratio) for p in entry.series],
    )


def compliance_schema(result: AgreementCompliance) -> ComplianceSchema:
    return ComplianceSchema(
        agreement=result.agreement.pk,
        verified_only=result.verified_only,
        as_of=result.as_of,
        commitments=[_commitment_schema(entry) for entry in result.commitments],
        parties=[PartyComplianceSchema(party=p.party.name, compliance=p.ratio) for p in result.parties],
    )


class ComplianceFilter(Schema):
    include_unverified: bool = Field(False, description="Also count reported and corroborated events.")
    as_of: dt.date | None = Field(None, description="Count handovers up to this date.")


@router.get(
    "/{int:agreement_id}/compliance",
    response={200: ComplianceSchema, **ERROR_RESPONSES},
    summary="Handed over / declared per commitment and party, with the evidence for each figure",
)
def get_compliance(
    request: HttpRequest, agreement_id: int, filters: Query[ComplianceFilter]
) -> ComplianceSchema:
    agreement = get_restricted(Agreement.objects.all(), request.user, pk=agreement_id)
    result = agreement_compliance(
        agreement, request.user, include_unverified=filters.include_unverified, as_of=filters.as_of
    )
    return compliance_schema(result)


__all__ = ["Commitment", "router"]
