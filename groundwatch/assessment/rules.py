"""Evaluating alert rules: each kind returns the firings it finds; services turn them into Alerts.

Rules are evaluated in the system's view (``Scope`` without a user): records up to internal, which
every member of the mission may see; a public rule (its alerts go to the public feed) sees public records only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from groundwatch.assessment.choices import Period, RuleKind
from groundwatch.assessment.indicators import (
    IndicatorQuery,
    IndicatorRow,
    Scope,
    compute_indicator,
    period_label,
    period_start,
)
from groundwatch.assessment.models import AlertRule
from groundwatch.ceasefire.compliance import agreement_compliance
from groundwatch.ceasefire.models import Agreement
from groundwatch.core.choices import Confidentiality
from groundwatch.humanitarian.choices import OBSTRUCTED_STATUSES
from groundwatch.humanitarian.models import ConsignmentStatusChange

PERIOD_DAYS = {Period.DAY: 1, Period.WEEK: 7, Period.MONTH: 31}
DEFAULT_DENIAL_WINDOW_DAYS = 7


@dataclass(frozen=True)
class Firing:
    dedupe_key: str
    title: str
    description: str
    area: str = ""
    period_start: dt.date | None = None
    period_label: str = ""
    figures: dict[str, Any] = field(default_factory=dict)
    event_ids: frozenset[int] = frozenset()


def previous_period(start: dt.date, period: str) -> dt.date:
    if period == Period.MONTH:
        return (start - dt.timedelta(days=1)).replace(day=1)
    return start - dt.timedelta(days=PERIOD_DAYS[Period(period)])


def evaluate(rule: AlertRule, as_of: dt.date) -> list[Firing]:
    if rule.kind == RuleKind.NEW_ACCESS_DENIAL:
        return _access_denials(rule, as_of)
    if rule.kind == RuleKind.STALLED_HANDOVER:
        return _stalled_handovers(rule, as_of)
    return _series_firings(rule, as_of)


def _lookback_days(rule: AlertRule) -> int:
    days = PERIOD_DAYS[Period(rule.period)]
    if rule.kind == RuleKind.SPIKE:
        return days * ((rule.baseline_periods or 1) + 2)
    if rule.kind == RuleKind.FIRST_IN_DAYS:
        return (rule.window_days or 0) + 2 * days
    return 2 * days


def _values_by_area(
    rule: AlertRule, rows: list[IndicatorRow]
) -> dict[str, dict[dt.date, tuple[float, set[int]]]]:
    """area → period start → (the rule's figure, evidence event ids), rows of other keys left out."""
    found: dict[str, dict[dt.date, tuple[float, set[int]]]] = defaultdict(dict)
    for row in rows:
        if rule.key_filter and row.key != rule.key_filter:
            continue
        value, events = found[row.area].get(row.period_start, (0.0, set()))
        found[row.area][row.period_start] = (
            value + row.values.get(rule.value_key, 0.0),
            events | row.event_ids,
        )
    return found


def _scope(rule: AlertRule) -> Scope:
    """A public rule publishes what it finds, so it may only look at public records."""
    ceiling = Confidentiality.PUBLIC if rule.is_public else Confidentiality.INTERNAL
    return Scope(rule.mission, ceiling=ceiling)


def _series_firings(rule: AlertRule, as_of: dt.date) -> list[Firing]:
    query = IndicatorQuery(
        indicator=rule.indicator,
        area_level=rule.area_level,
        period=rule.period,
        date_from=as_of - dt.timedelta(days=_lookback_days(rule)),
        date_to=as_of,
        include_unverified=rule.include_unverified,
    )
    series = compute_indicator(_scope(rule), query)
    recent = previous_period(period_start(as_of, rule.period), rule.period)
    firings = []
    for area, by_period in _values_by_area(rule, series.rows).items():
        for start, (value, events) in sorted(by_period.items()):
            if start < recent:
                continue
            figures = _check(rule, value, start, by_period)
            if figures is not None:
                firings.append(
                    _series_firing(rule, area, start, value, figures, events, series.verified_only)
                )
    return firings


def _check(
    rule: AlertRule, value: float, start: dt.date, by_period: dict[dt.date, tuple[float, set[int]]]
) -> dict[str, Any] | None:
    floor = float(rule.floor or 0)
    if rule.kind == RuleKind.THRESHOLD:
        return {"threshold": float(rule.threshold or 0)} if value > float(rule.threshold or 0) else None
    if rule.kind == RuleKind.SPIKE:
        baseline, day = [], start
        for _ in range(rule.baseline_periods or 1):
            day = previous_period(day, rule.period)
            baseline.append(by_period.get(day, (0.0, set()))[0])
        mean = sum(baseline) / len(baseline)
        factor = float(rule.spike_factor or 2)
        if value >= floor and value > mean and value >= factor * mean:
            return {
                "baseline_mean": round(mean, 2),
                "baseline_periods": len(baseline),
                "spike_factor": factor,
            }
        return None
    since = start - dt.timedelta(days=rule.window_days or 0)
    earlier = [figure for day, (figure, _) in by_period.items() if since <= day < start]
    previous_max = max(earlier, default=0.0)
    if value >= floor and value > previous_max:
        return {"previous_max": previous_max, "window_days": rule.window_days, "floor": floor}
    return None


def _series_firing(
    rule: AlertRule,
    area: str,
    start: dt.date,
    value: float,
    figures: dict[str, Any],
    events: set[int],
    verified_only: bool,
) -> Firing:
    label = period_label(start, rule.period)
    basis = "verified events only" if verified_only else "verified and unverified events"
    what = f"{rule.get_indicator_display()} ({rule.value_key}{', ' + rule.key_filter if rule.key_filter else ''})"
    return Firing(
        dedupe_key=f"{area}:{start.isoformat()}",
        title=f"{rule.name}: {area}, {label}",
        description=f"{what} was {value:g} in {area} in {label} ({rule.get_kind_display().lower()}; {basis}).",
        area=area,
        period_start=start,
        period_label=label,
        figures={"value": value, "value_key": rule.value_key, "verified_only": verified_only, **figures},
        event_ids=frozenset(events),
    )


def _access_denials(rule: AlertRule, as_of: dt.date) -> list[Firing]:
    since = as_of - dt.timedelta(days=rule.window_days or DEFAULT_DENIAL_WINDOW_DAYS)
    changes = (
        _scope(rule)
        .apply(ConsignmentStatusChange.objects.all())
        .filter(to_status__in=OBSTRUCTED_STATUSES, changed_on__gte=since, changed_on__lte=as_of)
        .select_related("consignment__destination", "access_constraint")
    )
    firings = []
    for change in changes:
        consignment = change.consignment
        constraint = change.access_constraint
        category = constraint.get_category_display() if constraint else "not coded"
        destination = consignment.destination.name if consignment.destination else ""
        firings.append(
            Firing(
                dedupe_key=f"status-change:{change.pk}",
                title=f"{rule.name}: convoy {consignment.reference} {change.get_to_status_display().lower()}",
                description=(
                    f"Convoy {consignment.reference} ({consignment.title}) was {change.get_to_status_display().lower()} "
                    f"on {change.changed_on}. Access constraint: {category}."
                ),
                area=destination,
                period_start=change.changed_on,
                period_label=change.changed_on.isoformat(),
                figures={
                    "consignment": consignment.reference,
                    "status": change.to_status,
                    "access_category": constraint.category if constraint else "",
                    "changed_on": change.changed_on.isoformat(),
                },
                event_ids=frozenset({change.event_id} if change.event_id else set()),
            )
        )
    return firings


def _stalled_handovers(rule: AlertRule, as_of: dt.date) -> list[Firing]:
    firings = []
    for agreement in _scope(rule).apply(Agreement.objects.all()):
        result = agreement_compliance(
            agreement,
            None,
            include_unverified=rule.include_unverified,
            as_of=as_of,
            ceiling=_scope(rule).ceiling,
        )
        for entry in result.commitments:
            if not entry.is_overdue(as_of):
                continue
            commitment = entry.commitment
            firings.append(
                Firing(
                    dedupe_key=f"commitment:{commitment.pk}:{commitment.deadline_on}",
                    title=f"{rule.name}: {commitment.party.name}, {commitment.item}",
                    description=(
                        f"{commitment.party.name} handed over {entry.handed_over.normalize():f} of "
                        f"{commitment.declared_quantity.normalize():f} {commitment.unit} of {commitment.item} "
                        f"declared under “{agreement.title}” by {commitment.deadline_on} ({entry.ratio:.0%})."
                    ),
                    period_start=commitment.deadline_on,
                    period_label=str(commitment.deadline_on),
                    figures={
                        "party": commitment.party.name,
                        "item": commitment.item,
                        "declared": float(commitment.declared_quantity),
                        "handed_over": float(entry.handed_over),
                        "compliance": entry.ratio,
                        "deadline_on": str(commitment.deadline_on),
                        "verified_only": result.verified_only,
                    },
                    event_ids=frozenset(figure.event.pk for figure in entry.figures),
                )
            )
    return firings
