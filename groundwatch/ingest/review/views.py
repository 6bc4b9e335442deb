"""Review queue pages: the queue (with pasted-text intake and bulk accept) and one proposal to decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from groundwatch.accounts.lookups import access_mission, find_or_404, may, mission_context
from groundwatch.accounts.models import Mission
from groundwatch.core.choices import Action
from groundwatch.core.errors import GroundwatchError, PermissionDenied
from groundwatch.events.models import Event
from groundwatch.events.taxonomy import get_taxonomy
from groundwatch.ingest.articles.reading import ReadRefused, read_bytes
from groundwatch.ingest.review.models import Proposal, ProposalStatus
from groundwatch.ingest.review.services import (
    accept_above,
    accept_proposal,
    actor_lines,
    ingest_article,
    merge_proposal,
    parse_actor_lines,
    reject_proposal,
    start_review,
)
from groundwatch.sources.choices import Channel
from groundwatch.web.highlighting import highlight_spans

STALE_REVIEW = dt.timedelta(minutes=30)  # a review claim older than this may be taken over
EDITABLE = ("title", "type", "sub_type", "date", "date_end", "date_precision", "location")


@login_required
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request, slug)
    if request.method == "POST":
        _queue_action(request, mission)
        return redirect("ingest:review_queue", slug=mission.slug)
    pending = (
        Proposal.objects.restrict(request.user)
        .filter(mission=mission, status=ProposalStatus.PENDING)
        .select_related("report", "reviewer", "suggested_event")
    )
    context = {
        **mission_context(request, mission),
        "proposals": pending[:200],
        "may_analyse": may(request, mission, Action.ANALYSE),
    }
    return render(request, "ingest/review_queue.html", context)


def _queue_action(request: HttpRequest, mission: Mission) -> None:
    try:
        if "threshold" in request.POST:
            counts = accept_above(
                mission=mission, actor=request.user, threshold=float(request.POST["threshold"])
            )
            messages.success(
                request,
                f"{counts['accepted']} accepted as new events, {counts['merged']} added to existing events, {counts['skipped']} left for review.",
            )
        else:
            article = read_bytes(
                request.POST.get("text", "").encode("utf-8"), name="pasted text", media_type="text/plain"
            )
            result = ingest_article(
                mission=mission, actor=request.user, article=article, channel=Channel.PASTED
            )
            messages.success(
                request,
                result.read.note
                or f"Stored as report {result.report.pk}; {result.proposals} proposals added.",
            )
    except PermissionDenied as denied:
        raise HttpForbidden(denied.message) from None  # a refusal, not a form error: 403
    except (GroundwatchError, ReadRefused, ValueError) as error:
        messages.error(request, getattr(error, "message", str(error)))


@login_required
def proposal_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mission = access_mission(request, slug)
    proposal = find_or_404(
        Proposal.objects.filter(mission=mission).select_related("report", "claim", "reviewer"),
        request.user,
        Action.VIEW,
        pk=pk,
    )
    if request.method == "POST":
        return _decide(request, mission, proposal)
    age = timezone.now() - proposal.review_started_at if proposal.review_started_at else None
    is_free = proposal.reviewer is None or age is None or age > STALE_REVIEW
    mine_and_fresh = proposal.reviewer == request.user and age is not None and age <= STALE_REVIEW / 2
    if (
        proposal.status == ProposalStatus.PENDING
        and may(request, mission, Action.ANALYSE)
        and (is_free or proposal.reviewer == request.user)
        and not mine_and_fresh  # a reload does not claim again (nor write another audit record)
    ):
        proposal = start_review(proposal=proposal, actor=request.user)
    proposed = proposal.proposed
    spans = [(proposal.claim.span_start, proposal.claim.span_end)]
    candidates = {
        event.pk: event
        for event in Event.objects.restrict(request.user).filter(
            pk__in=[c["event"] for c in proposal.candidates]
        )
    }
    context = {
        **mission_context(request, mission),
        "proposal": proposal,
        "proposed": proposed,
        "segments": highlight_spans(proposal.report.text, spans),
        "candidates": [(candidates[c["event"]], c) for c in proposal.candidates if c["event"] in candidates],
        "types": sorted(get_taxonomy().types),
        "actor_lines": actor_lines(proposed.get("actors") or []),
        "may_analyse": may(request, mission, Action.ANALYSE),
        "someone_else": proposal.reviewer
        if proposal.reviewer and proposal.reviewer != request.user
        else None,
    }
    return render(request, "ingest/proposal_detail.html", context)


def _decide(request: HttpRequest, mission: Mission, proposal: Proposal) -> HttpResponse:
    decision = request.POST.get("decision", "")
    try:
        if decision == "accept":
            changes: dict[str, Any] = {
                key: request.POST[key].strip() for key in EDITABLE if request.POST.get(key, "").strip()
            }
            if "actors" in request.POST:
                changes["actors"] = parse_actor_lines(request.POST["actors"])
            event = accept_proposal(proposal=proposal, actor=request.user, changes=changes)
            messages.success(request, f"Event {event.pk} recorded.")
        elif decision == "merge":
            event = find_or_404(
                Event.objects.filter(mission=mission),
                request.user,
                Action.ANALYSE,
                pk=int(request.POST.get("event", "0") or 0),
            )
            merge_proposal(proposal=proposal, actor=request.user, event=event)
            messages.success(request, f"Added as evidence to event {event.pk}.")
        elif decision == "reject":
            reject_proposal(proposal=proposal, actor=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, "Proposal rejected.")
        else:
            messages.error(request, "Choose accept, merge or reject.")
    except PermissionDenied as denied:
        raise HttpForbidden(denied.message) from None  # a refusal, not a form error: 403
    except (GroundwatchError, ValueError) as error:
        messages.error(request, getattr(error, "message", str(error)))
        return redirect("ingest:proposal_detail", slug=mission.slug, pk=proposal.pk)
    return redirect("ingest:review_queue", slug=mission.slug)
