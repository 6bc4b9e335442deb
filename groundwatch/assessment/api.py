"""API: indicator series (allow-listed dimensions and measures only), alert rules and alerts (with CAP)."""

# No ``from __future__ import annotations`` here: ninja must see Query parameter types as objects.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from groundwatch.api.pagination import LimitOffsetPage
from groundwatch.api.schemas import ERROR_RESPONSES, mission_for, visible
from groundwatch.assessment.cap import cap_xml
from groundwatch.assessment.choices import AreaLevel, Indicator, Period, RuleKind
from groundwatch.assessment.indicators import IndicatorQuery, Scope, compute_indicator
from groundwatch.assessment.models import Alert, AlertRule
from groundwatch.assessment.services import create_alert_rule, evaluate_rules
from groundwatch.core.access import get_restricted

indicators_router = Router(tags=["indicators"])
rules_router = Router(tags=["alerts"])
alerts_router = Router(tags=["alerts"])


class IndicatorRowSchema(Schema):
    area: str
    period_start: dt.date
    period_label: str
    key: str
    values: dict[str, float]
    event_ids: list[int]


class IndicatorSeriesSchema(Schema):
    indicator: str
    area_level: str
    period: str
    verified_only: bool = Field(description="True: verified events only. False: all but discounted.")
    basis: str
    rows: list[IndicatorRowSchema]


class IndicatorFilter(Schema):
    mission: str
    area: AreaLevel = AreaLevel.COUNTRY
    period: Period = Period.MONTH
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    include_unverified: bool = Field(False, description="Also count reported and corroborated events.")


@indicators_router.get(
    "/{indicator}",
    response={200: IndicatorSeriesSchema, **ERROR_RESPONSES},
    summary="An indicator by area and period",
)
def get_indicator(request: HttpRequest, indicator: Indicator, filters: Query[IndicatorFilter]) -> Any:
    query = IndicatorQuery(
        indicator=indicator,
        area_level=filters.area,
        period=filters.period,
        date_from=filters.date_from,
        date_to=filters.date_to,
        include_unverified=filters.include_unverified,
    )
    series = compute_indicator(Scope(mission_for(request.user, filters.mission), request.user), query)
    for row in series.rows:
        row.event_ids = sorted(row.event_ids)  # type: ignore[assignment]  # a set, listed for JSON
    return series


class RuleSchema(Schema):
    id: int
    mission: str = Field(validation_alias="mission.slug")
    name: str
    kind: str
    indicator: str
    value_key: str
    key_filter: str
    area_level: str
    period: str
    threshold: float | None
    spike_factor: float | None
    baseline_periods: int | None
    window_days: int | None
    floor: float | None
    include_unverified: bool
    is_public: bool
    is_active: bool


class RuleIn(Schema):
    mission: str
    name: str = Field(max_length=200)
    kind: RuleKind
    indicator: Indicator | None = None
    value_key: str = ""
    key_filter: str = Field("", max_length=80)
    area_level: AreaLevel = AreaLevel.COUNTRY
    period: Period = Period.DAY
    threshold: Decimal | None = None
    spike_factor: Decimal | None = None
    baseline_periods: int | None = Field(None, ge=1, le=60)
    window_days: int | None = Field(None, ge=1, le=3660)
    floor: Decimal | None = None
    include_unverified: bool = False
    is_public: bool = False
    notify_emails: list[str] = Field(default_factory=list)


@rules_router.get("", response=list[RuleSchema], summary="Alert rules")
@paginate(LimitOffsetPage)
def list_rules(request: HttpRequest, mission: str | None = None) -> Any:
    return visible(AlertRule.objects.select_related("mission"), request.user, mission)


@rules_router.post(
    "", response={201: RuleSchema, **ERROR_RESPONSES}, summary="Define an alert rule (manage right)"
)
def create_rule(request: HttpRequest, payload: RuleIn) -> Status[AlertRule]:
    fields = payload.dict(exclude={"mission", "name", "kind"})
    fields["indicator"] = fields["indicator"] or ""
    rule = create_alert_rule(
        mission=mission_for(request.user, payload.mission),
        actor=request.user,
        name=payload.name,
        kind=payload.kind,
        **fields,
    )
    return Status(201, rule)


class AlertSchema(Schema):
    id: int
    mission: str = Field(validation_alias="mission.slug")
    identifier: str
    rule: str = Field(validation_alias="rule.name")
    title: str
    description: str
    area: str
    period_label: str
    figures: dict[str, Any]
    is_public: bool
    fired_at: dt.datetime
    evidence_events: list[int]

    @staticmethod
    def resolve_evidence_events(obj: Alert) -> list[int]:
        return [event.pk for event in obj.evidence_events.all()]


class EvaluateIn(Schema):
    mission: str
    as_of: dt.date | None = None


def _alerts() -> Any:
    return Alert.objects.select_related("mission", "rule").prefetch_related("evidence_events")


@rules_router.post(
    "/evaluate", response={201: list[AlertSchema], **ERROR_RESPONSES}, summary="Run the rules now"
)
def evaluate(request: HttpRequest, payload: EvaluateIn) -> Status[list[Alert]]:
    mission = mission_for(request.user, payload.mission)
    fired = evaluate_rules(mission=mission, actor=request.user, as_of=payload.as_of)
    return Status(201, list(_alerts().filter(pk__in=[alert.pk for alert in fired])))


@alerts_router.get("", response=list[AlertSchema], summary="Alerts that fired")
@paginate(LimitOffsetPage)
def list_alerts(request: HttpRequest, mission: str | None = None) -> Any:
    return visible(_alerts(), request.user, mission)


@alerts_router.get("/{int:alert_id}", response={200: AlertSchema, **ERROR_RESPONSES}, summary="One alert")
def get_alert(request: HttpRequest, alert_id: int) -> Alert:
    alert: Alert = get_restricted(_alerts(), request.user, pk=alert_id)
    return alert


@alerts_router.get(
    "/{int:alert_id}/cap", response={200: None, **ERROR_RESPONSES}, summary="The alert as CAP 1.2 XML"
)
def get_alert_cap(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = get_restricted(_alerts(), request.user, pk=alert_id)
    sender = f"groundwatch-{alert.mission.slug}@{request.get_host().split(':')[0]}"
    return HttpResponse(cap_xml(alert, sender=sender), content_type="application/cap+xml; charset=utf-8")
