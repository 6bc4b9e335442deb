"""API: the review queue (list, ingest pasted text or a URL, accept, merge, reject, bulk accept)."""

# No ``from __future__ import annotations``: ninja must see parameter types as objects.

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from groundwatch.api.pagination import LimitOffsetPage
from groundwatch.api.schemas import ERROR_RESPONSES, mission_for, visible
from groundwatch.core.access import get_restricted
from groundwatch.core.choices import Action
from groundwatch.core.errors import ValidationFailed
from groundwatch.events.models import Event
from groundwatch.ingest.articles.reading import ReadRefused, read_bytes
from groundwatch.ingest.articles.services import ingest_url
from groundwatch.ingest.review.models import Proposal
from groundwatch.ingest.review.services import (
    accept_above,
    accept_proposal,
    ingest_article,
    merge_proposal,
    reject_proposal,
    start_review,
)
from groundwatch.sources.choices import Channel

router = Router(tags=["review queue"])


class ProposalSchema(Schema):
    id: int
    mission: str = Field(validation_alias="mission.slug")
    report_id: int
    claim_id: int
    proposed: dict[str, Any]
    confidence: float
    suggestion: str
    suggested_event_id: int | None
    candidates: list[dict[str, Any]]
    status: str
    reviewer: str | None = None
    review_started_at: dt.datetime | None
    event_id: int | None

    @staticmethod
    def resolve_reviewer(obj: Proposal) -> str | None:
        return obj.reviewer.get_username() if obj.reviewer else None

    # Candidates were ranked against every event of the mission: show only those the caller may see.
    @staticmethod
    def resolve_candidates(obj: Proposal, context: Any) -> list[dict[str, Any]]:
        seen = _visible_event_ids(context["request"].user, [c["event"] for c in obj.candidates])
        return [c for c in obj.candidates if c["event"] in seen]

    @staticmethod
    def resolve_suggested_event_id(obj: Proposal, context: Any) -> int | None:
        seen = _visible_event_ids(context["request"].user, [obj.suggested_event_id])
        return obj.suggested_event_id if obj.suggested_event_id in seen else None


def _visible_event_ids(user: Any, ids: list[int | None]) -> set[int]:
    return set(Event.objects.restrict(user).filter(pk__in=[i for i in ids if i]).values_list("pk", flat=True))


class ProposalFilter(Schema):
    mission: str | None = None
    status: str = "pending"


class ArticleIn(Schema):
    mission: str
    text: str = ""
    url: str = ""
    published: dt.date | None = None


class IngestedSchema(Schema):
    report_id: int
    proposals: int
    is_copy: bool
    note: str


class AcceptIn(Schema):
    changes: dict[str, Any] = {}


class MergeIn(Schema):
    event: int


class RejectIn(Schema):
    reason: str = ""


class BulkIn(Schema):
    mission: str
    threshold: float = Field(ge=0, le=1)


def _proposal(request: HttpRequest, pk: int) -> Proposal:
    return get_restricted(
        Proposal.objects.select_related("mission", "claim", "reviewer"), request.user, Action.ANALYSE, pk=pk
    )


@router.get("/proposals", response=list[ProposalSchema], summary="Proposals in the review queue")
@paginate(LimitOffsetPage)
def list_proposals(request: HttpRequest, filters: Query[ProposalFilter]) -> Any:
    found = visible(Proposal.objects.select_related("mission", "reviewer"), request.user, filters.mission)
    return found.filter(status=filters.status)


@router.post(
    "/articles", response={201: IngestedSchema, **ERROR_RESPONSES}, summary="Ingest pasted text or a URL"
)
def add_article(request: HttpRequest, payload: ArticleIn) -> Any:
    mission = mission_for(request.user, payload.mission)
    if payload.url:
        result = ingest_url(mission=mission, actor=request.user, url=payload.url)
    else:
        try:
            article = read_bytes(payload.text.encode("utf-8"), name="pasted text", media_type="text/plain")
        except ReadRefused as error:
            raise ValidationFailed(str(error), field="text") from None
        result = ingest_article(
            mission=mission,
            actor=request.user,
            article=article,
            channel=Channel.PASTED,
            published_on=payload.published,
        )
    return Status(
        201,
        IngestedSchema(
            report_id=result.report.pk,
            proposals=result.proposals,
            is_copy=result.is_copy,
            note=result.read.note,
        ),
    )


@router.post(
    "/proposals/{int:pk}/review",
    response={200: ProposalSchema, **ERROR_RESPONSES},
    summary="Say you are reviewing it",
)
def review(request: HttpRequest, pk: int) -> Any:
    return start_review(proposal=_proposal(request, pk), actor=request.user)


@router.post(
    "/proposals/{int:pk}/accept",
    response={200: ProposalSchema, **ERROR_RESPONSES},
    summary="Accept (with edits) as a new event",
)
def accept(request: HttpRequest, pk: int, payload: AcceptIn) -> Any:
    proposal = _proposal(request, pk)
    accept_proposal(proposal=proposal, actor=request.user, changes=payload.changes)
    return Proposal.objects.get(pk=pk)


@router.post(
    "/proposals/{int:pk}/merge",
    response={200: ProposalSchema, **ERROR_RESPONSES},
    summary="Add to an existing event as evidence",
)
def merge(request: HttpRequest, pk: int, payload: MergeIn) -> Any:
    proposal = _proposal(request, pk)
    event = get_restricted(
        Event.objects.filter(mission_id=proposal.mission_id), request.user, Action.ANALYSE, pk=payload.event
    )
    merge_proposal(proposal=proposal, actor=request.user, event=event)
    return Proposal.objects.get(pk=pk)


@router.post(
    "/proposals/{int:pk}/reject", response={200: ProposalSchema, **ERROR_RESPONSES}, summary="Reject"
)
def reject(request: HttpRequest, pk: int, payload: RejectIn) -> Any:
    return reject_proposal(proposal=_proposal(request, pk), actor=request.user, reason=payload.reason)


@router.post(
    "/bulk-accept",
    response={200: dict[str, int], **ERROR_RESPONSES},
    summary="Accept every pending proposal above a confidence",
)
def bulk_accept(request: HttpRequest, payload: BulkIn) -> Any:
    return accept_above(
        mission=mission_for(request.user, payload.mission), actor=request.user, threshold=payload.threshold
    )
