"""Pages: convoys and consignments, access constraints, needs. Thin views over restricted reads."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from groundwatch.accounts.lookups import access_mission, find_or_404, mission_context
from groundwatch.events.models import Claim, Event
from groundwatch.humanitarian.choices import ConsignmentStatus
from groundwatch.humanitarian.models import AccessConstraint, Consignment, ConsignmentStatusChange, Need


@login_required
def consignment_list(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request, slug)
    consignments = (
        Consignment.objects.restrict(request.user)
        .filter(mission=mission)
        .select_related("provider", "origin", "destination")
        .prefetch_related("items")
    )
    status = request.GET.get("status", "")
    if status in ConsignmentStatus.values:
        consignments = consignments.filter(status=status)
    context = {
        **mission_context(request, mission),
        "consignments": consignments,
        "statuses": ConsignmentStatus.choices,
        "status": status,
    }
    return render(request, "humanitarian/consignment_list.html", context)


@login_required
def consignment_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mission = access_mission(request, slug)
    queryset = Consignment.objects.filter(mission=mission).select_related("provider", "origin", "destination")
    consignment = find_or_404(queryset, request.user, pk=pk)
    history = list(
        ConsignmentStatusChange.objects.filter(consignment=consignment).select_related(
            "claim", "event", "access_constraint", "changed_by"
        )
    )
    context = {
        **mission_context(request, mission),
        "consignment": consignment,
        "items": consignment.items.all(),
        "history": history,
        "visible_events": _visible_ids(
            Event.objects.restrict(request.user), [row.event_id for row in history]
        ),
        "visible_claims": _visible_ids(
            Claim.objects.restrict(request.user), [row.claim_id for row in history]
        ),
        "constraints": AccessConstraint.objects.restrict(request.user).filter(consignments=consignment),
    }
    return render(request, "humanitarian/consignment_detail.html", context)


def _visible_ids(queryset: QuerySet[Any], ids: list[int | None]) -> set[int]:
    """Which of ``ids`` the user may open (a linked record above their clearance is named, not linked)."""
    return set(queryset.filter(pk__in=[pk for pk in ids if pk]).values_list("pk", flat=True))


@login_required
def access_constraint_list(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request, slug)
    constraints = (
        AccessConstraint.objects.restrict(request.user)
        .filter(mission=mission)
        .select_related("place", "imposed_by")
        .prefetch_related(
            Prefetch(
                "consignments",
                queryset=Consignment.objects.restrict(request.user),
                to_attr="visible_consignments",
            )
        )
    )
    context = {**mission_context(request, mission), "constraints": constraints}
    return render(request, "humanitarian/access_constraint_list.html", context)


@login_required
def access_constraint_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mission = access_mission(request, slug)
    queryset = AccessConstraint.objects.filter(mission=mission).select_related("place", "imposed_by")
    constraint = find_or_404(queryset, request.user, pk=pk)
    context = {
        **mission_context(request, mission),
        "constraint": constraint,
        "events": Event.objects.restrict(request.user).filter(pk__in=constraint.events.values("pk")),
        "consignments": Consignment.objects.restrict(request.user).filter(access_constraints=constraint),
    }
    return render(request, "humanitarian/access_constraint_detail.html", context)


@login_required
def need_list(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request, slug)
    needs = Need.objects.restrict(request.user).filter(mission=mission).select_related("place")
    return render(
        request, "humanitarian/need_list.html", {**mission_context(request, mission), "needs": needs}
    )
