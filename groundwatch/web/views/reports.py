"""A report as received: metadata, text with every claim highlighted, attachments and claims."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from groundwatch.events.models import Claim, Event, Evidence
from groundwatch.sources.models import Attachment, Report
from groundwatch.web.highlighting import highlight_spans
from groundwatch.web.views.lookups import access_mission, access_report, mission_context


@login_required
def report_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mission = access_mission(request, slug)
    report = access_report(request, mission, pk)
    claims = list(Claim.objects.restrict(request.user).filter(report=report).select_related("produced_by"))
    supported = supported_events(request, claims)
    context = {
        **mission_context(request, mission),
        "report": report,
        "segments": highlight_spans(report.text, [(claim.span_start, claim.span_end) for claim in claims]),
        "attachments": Attachment.objects.restrict(request.user).filter(report=report),
        "claims": [(claim, supported.get(claim.pk, [])) for claim in claims],
        "corrections": report.corrections.restrict(request.user),
        "corrects": Report.objects.restrict(request.user).filter(pk=report.corrects_id).first()
        if report.corrects_id
        else None,
    }
    return render(request, "web/report_detail.html", context)


def supported_events(request: HttpRequest, claims: list[Claim]) -> dict[int, list[tuple[Event, str]]]:
    """Claim id → the current events (the user may see) it is evidence for, with the stance."""
    links = (
        Evidence.objects.restrict(request.user)
        .filter(claim__in=claims, event__merged_into__isnull=True)
        .select_related("event")
        .order_by("event__date_start", "event_id")
    )
    events: dict[int, list[tuple[Event, str]]] = defaultdict(list)
    for link in links:
        events[link.claim_id].append((link.event, link.get_stance_display()))
    return events
