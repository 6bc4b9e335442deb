"""The signed-in user's missions and a mission's front page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from groundwatch.accounts.models import Membership
from groundwatch.events.models import Event
from groundwatch.events.taxonomy import get_taxonomy
from groundwatch.sources.models import Report
from groundwatch.web.views.lookups import access_mission, mission_context

LATEST = 10


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Every mission the user belongs to, with their role (shown even when there is only one)."""
    memberships = (
        Membership.objects.filter(user_id=request.user.pk or 0, is_active=True)
        .select_related("mission")
        .order_by("mission__name")
    )
    return render(request, "web/home.html", {"memberships": memberships})


@login_required
def mission_home(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request, slug)
    events = Event.objects.restrict(request.user).filter(mission=mission).current()
    reports = Report.objects.restrict(request.user).filter(mission=mission).select_related("source")
    context = {
        **mission_context(request, mission),
        "latest_events": events.select_related("place")[:LATEST],
        "latest_reports": reports[:LATEST],
        "category_counts": category_counts(events),
        "event_total": events.count(),
        "report_total": reports.count(),
    }
    return render(request, "web/mission_home.html", context)


def category_counts(events: QuerySet[Event]) -> list[dict[str, object]]:
    """Events per category, in taxonomy order, each with its label (categories with none included)."""
    rows = events.order_by().values("category").annotate(total=Count("id"))
    counts = {row["category"]: row["total"] for row in rows}
    return [
        {"slug": slug, "label": label, "total": counts.get(slug, 0)}
        for slug, label in get_taxonomy().categories.items()
    ]


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
