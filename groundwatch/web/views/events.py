"""Event list, event detail with its evidence, and the verification form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from groundwatch.accounts.models import Mission
from groundwatch.core.choices import Action
from groundwatch.core.errors import EditConflict, ValidationFailed
from groundwatch.events.models import Event, EventActor, Evidence, Measure, VerificationChange
from groundwatch.events.services import set_verification
from groundwatch.events.taxonomy import get_taxonomy
from groundwatch.lib.text import Segment, split_highlight
from groundwatch.web.forms import EventFilterForm, VerificationForm
from groundwatch.web.views.lookups import access_event, access_mission, may, mission_context

EVENTS_PER_PAGE = 50


@login_required
def event_list(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request, slug)
    events = Event.objects.restrict(request.user).filter(mission=mission).current().select_related("place")
    filters = EventFilterForm(request.GET)
    page = Paginator(filters.filter(events), EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {**mission_context(request, mission), "filters": filters, "page": page}
    return render(request, "web/event_list.html", context)


@dataclass(frozen=True)
class EvidenceView:
    """One evidence link as shown: the claim and its report text split around the claim's words."""

    link: Evidence
    segments: list[Segment]


@login_required
def event_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mission = access_mission(request, slug)
    event = access_event(request, mission, pk)
    return render(request, "web/event_detail.html", event_context(request, mission, event))


def event_context(
    request: HttpRequest, mission: Mission, event: Event, form: VerificationForm | None = None
) -> dict[str, Any]:
    can_verify = may(request, mission, Action.VERIFY) and event.merged_into_id is None
    return {
        **mission_context(request, mission),
        "event": event,
        "category_label": get_taxonomy().categories.get(event.category, event.category),
        "measures": Measure.objects.filter(event=event).select_related("claim"),
        "event_actors": EventActor.objects.filter(event=event).select_related("actor"),
        "evidence": evidence_views(request, event),
        "history": VerificationChange.objects.filter(event=event).select_related("changed_by"),
        "merged_events": Event.objects.restrict(request.user).filter(merged_into=event),
        "verification_form": (form or VerificationForm.for_event(event)) if can_verify else None,
    }


def evidence_views(request: HttpRequest, event: Event) -> list[EvidenceView]:
    """The evidence the user may see (a claim from a report above their clearance is left out)."""
    links = (
        Evidence.objects.restrict(request.user)
        .filter(event=event)
        .select_related("claim__report__source", "claim__produced_by", "linked_by")
    )
    return [
        EvidenceView(
            link, split_highlight(link.claim.report.text, link.claim.span_start, link.claim.span_end)
        )
        for link in links
    ]


@login_required
@require_POST
def verify_event(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Set an event's verification status; outsiders get 404, members without the right 403."""
    mission = access_mission(request, slug)
    event = access_event(request, mission, pk, Action.VERIFY)
    form = VerificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The verification form is incomplete; see the fields marked below.")
        return render(request, "web/event_detail.html", event_context(request, mission, event, form))
    try:
        updated = set_verification(
            event=event,
            actor=request.user,
            status=form.cleaned_data["status"],
            standard_of_proof=form.cleaned_data["standard_of_proof"],
            rationale=form.cleaned_data["rationale"],
            expected_version=form.cleaned_data["version"],
        )
    except EditConflict as conflict:
        messages.error(request, conflict.message)
        return redirect("web:event_detail", slug=mission.slug, pk=event.pk)
    except ValidationFailed as invalid:
        messages.error(request, invalid.message)
        return render(request, "web/event_detail.html", event_context(request, mission, event, form))
    messages.success(request, f"Verification status is now “{updated.get_verification_status_display()}”.")
    return redirect("web:event_detail", slug=mission.slug, pk=event.pk)
