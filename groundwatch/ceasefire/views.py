"""Pages: agreements, and the handover page (commitments, compliance, evidence, over time)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_date

from groundwatch.accounts.lookups import access_mission, find_or_404, mission_context
from groundwatch.ceasefire.choices import LinkRole, counted_statuses
from groundwatch.ceasefire.compliance import agreement_compliance
from groundwatch.ceasefire.models import Agreement, AgreementEvent


@login_required
def agreement_list(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request, slug)
    agreements = Agreement.objects.restrict(request.user).filter(mission=mission).prefetch_related("parties")
    return render(
        request,
        "ceasefire/agreement_list.html",
        {**mission_context(request, mission), "agreements": agreements},
    )


@login_required
def agreement_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mission = access_mission(request, slug)
    agreement = find_or_404(Agreement.objects.filter(mission=mission), request.user, pk=pk)
    include_unverified = request.GET.get("include_unverified") == "1"
    as_of: dt.date | None = (
        parse_date(request.GET.get("as_of", "") or "") if request.GET.get("as_of") else None
    )
    counted = counted_statuses(include_unverified)
    links = (
        AgreementEvent.objects.restrict(request.user)
        .filter(agreement=agreement)
        .select_related("event", "party")
    )
    context = {
        **mission_context(request, mission),
        "agreement": agreement,
        "parties": agreement.parties.all(),
        "compliance": agreement_compliance(
            agreement, request.user, include_unverified=include_unverified, as_of=as_of
        ),
        "include_unverified": include_unverified,
        "as_of": as_of,
        "uncounted_handovers": sum(
            1
            for link in links
            if link.role == LinkRole.HANDOVER and link.event.verification_status not in counted
        ),
        "violations": [link for link in links if link.role == LinkRole.VIOLATION],
        "declarations": [link for link in links if link.role == LinkRole.DECLARATION],
    }
    return render(request, "ceasefire/agreement_detail.html", context)
