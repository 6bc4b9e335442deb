"""Pages: indicators, alerts (list, detail, CAP) and the mission's Atom feeds (members' and public)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from groundwatch.accounts.lookups import access_mission, find_or_404, mission_context
from groundwatch.accounts.models import Mission
from groundwatch.assessment.cap import cap_xml
from groundwatch.assessment.choices import AreaLevel, Indicator, Period
from groundwatch.assessment.feeds import alert_feed
from groundwatch.assessment.indicators import IndicatorQuery, Scope, compute_indicator
from groundwatch.assessment.models import Alert, AlertRule
from groundwatch.events.models import Event

CAP_TYPE = "application/cap+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"


def _choice(
    request: HttpRequest, name: str, choices: type[Indicator | AreaLevel | Period], default: str
) -> str:
    value = request.GET.get(name, default)
    return value if value in choices.values else default


@login_required
def indicators(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request, slug)
    query = IndicatorQuery(
        indicator=_choice(request, "indicator", Indicator, Indicator.EVENTS),
        area_level=_choice(request, "area", AreaLevel, AreaLevel.COUNTRY),
        period=_choice(request, "period", Period, Period.MONTH),
        include_unverified=request.GET.get("include_unverified") == "1",
    )
    context = {
        **mission_context(request, mission),
        "series": compute_indicator(Scope(mission, request.user), query),
        "query": query,
        "indicator_choices": Indicator.choices,
        "area_choices": AreaLevel.choices,
        "period_choices": Period.choices,
    }
    return render(request, "assessment/indicators.html", context)


@login_required
def alert_list(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request, slug)
    context = {
        **mission_context(request, mission),
        "alerts": Alert.objects.restrict(request.user).filter(mission=mission).select_related("rule"),
        "rules": AlertRule.objects.restrict(request.user).filter(mission=mission),
    }
    return render(request, "assessment/alert_list.html", context)


@login_required
def alert_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mission = access_mission(request, slug)
    alert = find_or_404(Alert.objects.filter(mission=mission).select_related("rule"), request.user, pk=pk)
    events = Event.objects.restrict(request.user).filter(pk__in=alert.evidence_events.values("pk"))
    context = {
        **mission_context(request, mission),
        "alert": alert,
        "events": events.prefetch_related("measures"),
    }
    return render(request, "assessment/alert_detail.html", context)


def _sender(request: HttpRequest, mission: Mission) -> str:
    return f"groundwatch-{mission.slug}@{request.get_host().split(':')[0]}"


@login_required
def alert_cap(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    mission = access_mission(request, slug)
    alert = find_or_404(
        Alert.objects.filter(mission=mission).select_related("rule", "mission"), request.user, pk=pk
    )
    web = request.build_absolute_uri(f"/m/{mission.slug}/alerts/{alert.pk}/")
    return HttpResponse(cap_xml(alert, sender=_sender(request, mission), web=web), content_type=CAP_TYPE)


@login_required
def mission_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """Every alert the member may see, public or not."""
    mission = access_mission(request, slug)
    alerts = (
        Alert.objects.restrict(request.user).filter(mission=mission).select_related("rule", "mission")[:100]
    )
    body = alert_feed(
        mission,
        alerts,
        feed_url=request.build_absolute_uri(),
        alert_url=lambda alert: request.build_absolute_uri(f"/m/{mission.slug}/alerts/{alert.pk}/cap.xml"),
        sender=_sender(request, mission),
        title=f"{mission.name}: alerts",
    )
    return HttpResponse(body, content_type=ATOM_TYPE)


def _public_mission(slug: str) -> Mission:
    """A mission with a public feed: one that marked at least one rule public. Others are 404."""
    mission = Mission.objects.filter(slug=slug).first()
    if mission is None or not AlertRule.objects.filter(mission=mission, is_public=True).exists():
        raise Http404("No public feed at this address.")
    return mission


def public_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """Anyone may read it: only alerts of rules the mission marked public."""
    mission = _public_mission(slug)
    alerts = Alert.objects.filter(mission=mission, is_public=True).select_related("rule", "mission")[:100]
    body = alert_feed(
        mission,
        alerts,
        feed_url=request.build_absolute_uri(),
        alert_url=lambda alert: request.build_absolute_uri(
            f"/public/{mission.slug}/alerts/{alert.identifier}.xml"
        ),
        sender=_sender(request, mission),
        title=f"{mission.name}: public alerts",
    )
    return HttpResponse(body, content_type=ATOM_TYPE)


def public_cap(request: HttpRequest, slug: str, identifier: str) -> HttpResponse:
    mission = _public_mission(slug)
    alert = (
        Alert.objects.filter(mission=mission, is_public=True, identifier=identifier)
        .select_related("rule")
        .first()
    )
    if alert is None:
        raise Http404("No public alert at this address.")
    return HttpResponse(cap_xml(alert, sender=_sender(request, mission)), content_type=CAP_TYPE)
