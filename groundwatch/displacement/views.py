"""Pages: sites with arrivals against capacity over time, areas, and movements."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from groundwatch.accounts.lookups import access_mission, find_or_404, mission_context
from groundwatch.displacement.choices import AreaLevel
from groundwatch.displacement.models import Movement, Site, SiteOccupancy
from groundwatch.displacement.queries import area_occupancy, site_series
from groundwatch.events.models import Claim


@login_required
def site_list(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request, slug)
    sites = Site.objects.restrict(request.user).filter(mission=mission)
    level = request.GET.get("level", AreaLevel.ADMIN1)
    if level not in AreaLevel.values:
        level = AreaLevel.ADMIN1
    context = {
        **mission_context(request, mission),
        "sites": sites.select_related("place"),
        "areas": area_occupancy(sites, level),
        "levels": AreaLevel.choices,
        "level": level,
    }
    return render(request, "displacement/site_list.html", context)


@login_required
def site_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mission = access_mission(request, slug)
    site = find_or_404(Site.objects.filter(mission=mission).select_related("place"), request.user, pk=pk)
    counts = list(SiteOccupancy.objects.filter(site=site).select_related("claim", "event"))
    series = site_series(counts)
    peak = max([point.occupants for point in series] + [point.capacity for point in series] + [1])
    visible_claims = set(
        Claim.objects.restrict(request.user)
        .filter(pk__in=[count.claim_id for count in counts if count.claim_id])
        .values_list("pk", flat=True)
    )
    by_id = {count.pk: count for count in counts}
    rows = [
        {
            "point": point,
            "count": by_id[point.count_id],
            "bar": round(100 * point.occupants / peak),
            "capacity_mark": round(100 * point.capacity / peak),
        }
        for point in series
    ]
    context = {
        **mission_context(request, mission),
        "site": site,
        "rows": rows,
        "visible_claims": visible_claims,
    }
    return render(request, "displacement/site_detail.html", context)


@login_required
def movement_list(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request, slug)
    movements = (
        Movement.objects.restrict(request.user)
        .filter(mission=mission)
        .select_related("origin", "destination", "source")
    )
    return render(
        request,
        "displacement/movement_list.html",
        {**mission_context(request, mission), "movements": movements},
    )
