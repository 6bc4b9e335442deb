"""Indicator series by area and period, computed from the mission's records.

Every dimension, measure and field path comes from an allow-list in this module or in ``choices``;
user input only selects among them. Each source is read in one query of a few columns, and rows are
added up here (portable across SQLite and PostgreSQL, and each row keeps the ids of its evidence).

Event-based indicators count events whose verification status is counted: verified only by default,
or every status but discounted when unverified events are included. Registry-based indicators (site
counts, consignments) count registry records; a site count linked to an event follows that event's
status. Every series says which (``verified_only`` and ``basis``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, Q

from groundwatch.accounts.models import Mission
from groundwatch.assessment.choices import AreaLevel, Indicator, Period
from groundwatch.ceasefire.choices import LinkRole, counted_statuses
from groundwatch.ceasefire.models import AgreementEvent, Commitment
from groundwatch.core.choices import Confidentiality
from groundwatch.displacement.models import SiteOccupancy
from groundwatch.events.choices import MeasureItem, Unit
from groundwatch.events.models import Event, Measure
from groundwatch.humanitarian.choices import ARRIVED_STATUSES, OBSTRUCTED_STATUSES
from groundwatch.humanitarian.models import ConsignmentItem, ConsignmentStatusChange

EVENT_AREA = {
    AreaLevel.COUNTRY: "country_code",
    AreaLevel.ADMIN1: "admin1",
    AreaLevel.ADMIN2: "admin2",
    AreaLevel.PLACE: "place__name",
}
PLACE_AREA = {
    AreaLevel.COUNTRY: "country_code",
    AreaLevel.ADMIN1: "admin1",
    AreaLevel.ADMIN2: "admin2",
    AreaLevel.PLACE: "name",
}
UNKNOWN_AREA = "(unknown)"


@dataclass(frozen=True)
class Scope:
    """Whose view the figures are computed in: a user's, or (``user`` None) records up to ``ceiling``.

    System work (alert rules) sees what every member may see (internal); a public rule's ``ceiling`` is
    public, so what it publishes is built from public records only.
    """

    mission: Mission
    user: Any = None
    ceiling: int = Confidentiality.INTERNAL

    def apply(self, queryset: Any) -> Any:
        mission_path = getattr(queryset.model, "restrict_mission_path", "mission")
        queryset = queryset.filter(**{f"{mission_path}_id": self.mission.pk})
        if self.user is not None:
            return queryset.restrict(self.user)
        paths = getattr(queryset.model, "restrict_confidentiality_paths", ())
        return queryset.filter(**{f"{path}__lte": self.ceiling for path in paths})


@dataclass(frozen=True)
class IndicatorQuery:
    indicator: str
    area_level: str = AreaLevel.COUNTRY
    period: str = Period.MONTH
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    include_unverified: bool = False


@dataclass
class IndicatorRow:
    area: str
    period_start: dt.date
    period_label: str
    key: str
    values: dict[str, float] = field(default_factory=dict)
    event_ids: set[int] = field(default_factory=set)


@dataclass
class IndicatorSeries:
    indicator: str
    area_level: str
    period: str
    verified_only: bool
    basis: str
    rows: list[IndicatorRow]


def period_start(day: dt.date, period: str) -> dt.date:
    if period == Period.DAY:
        return day
    if period == Period.WEEK:
        return day - dt.timedelta(days=day.weekday())  # ISO weeks start on Monday
    return day.replace(day=1)


def period_label(start: dt.date, period: str) -> str:
    if period == Period.WEEK:
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return start.strftime("%Y-%m") if period == Period.MONTH else start.isoformat()


def next_period(start: dt.date, period: str) -> dt.date:
    if period == Period.DAY:
        return start + dt.timedelta(days=1)
    if period == Period.WEEK:
        return start + dt.timedelta(days=7)
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


class _Accumulator:
    """Adds figures into rows keyed by (area, period, key)."""

    def __init__(self, period: str) -> None:
        self.period = period
        self.rows: dict[tuple[str, dt.date, str], IndicatorRow] = {}

    def add(
        self, area: str | None, day: dt.date, key: str, values: dict[str, Any], event_id: int | None
    ) -> None:
        start = period_start(day, self.period)
        name = area or UNKNOWN_AREA
        row = self.rows.get((name, start, key))
        if row is None:
            row = self.rows[(name, start, key)] = IndicatorRow(
                name, start, period_label(start, self.period), key
            )
        for name_, value in values.items():
            row.values[name_] = row.values.get(name_, 0.0) + float(value or 0)
        if event_id:
            row.event_ids.add(event_id)

    def result(self) -> list[IndicatorRow]:
        return sorted(self.rows.values(), key=lambda row: (row.period_start, row.area, row.key))


def _dates(prefix: str, query: IndicatorQuery) -> Q:
    condition = Q()
    if query.date_from:
        condition &= Q(**{f"{prefix}__gte": query.date_from})
    if query.date_to:
        condition &= Q(**{f"{prefix}__lte": query.date_to})
    return condition


def _events(scope: Scope, query: IndicatorQuery, prefix: str = "") -> Q:
    statuses = counted_statuses(query.include_unverified)
    return Q(**{f"{prefix}verification_status__in": statuses, f"{prefix}merged_into__isnull": True})


def events_by_type(scope: Scope, query: IndicatorQuery) -> list[IndicatorRow]:
    area = EVENT_AREA[AreaLevel(query.area_level)]
    rows = scope.apply(Event.objects.all()).filter(_events(scope, query), _dates("date_start", query))
    acc = _Accumulator(query.period)
    for pk, area_name, day, category, event_type in rows.values_list(
        "pk", area, "date_start", "category", "event_type"
    ):
        acc.add(area_name, day, f"{category}/{event_type}", {"events": 1}, pk)
    return acc.result()


def _measures(scope: Scope, query: IndicatorQuery, item: str) -> list[tuple[Any, ...]]:
    """One figure per event and item. Several figures of one item on one event are successive reports of
    the same count ("6,000 by Monday", "28,000 by Wednesday"), so the latest as-of date stands; they are
    never added up."""
    area = EVENT_AREA[AreaLevel(query.area_level)]
    measures = scope.apply(Measure.objects.all()).filter(
        _events(scope, query, "event__"), _dates("event__date_start", query), item=item
    )
    latest: dict[int, tuple[Any, ...]] = {}
    rows = measures.order_by("event_id", F("as_of_on").asc(nulls_first=True), "pk").values_list(
        "event_id", f"event__{area}", "event__date_start", "value", "low", "high"
    )
    for row in rows:
        latest[row[0]] = row
    return list(latest.values())


def fatalities(scope: Scope, query: IndicatorQuery) -> list[IndicatorRow]:
    acc = _Accumulator(query.period)
    for event_id, area, day, value, low, high in _measures(scope, query, MeasureItem.PEOPLE_KILLED):
        figures = {
            "low": low if low is not None else value,
            "best": value,
            "high": high if high is not None else value,
        }
        acc.add(area, day, MeasureItem.PEOPLE_KILLED, figures, event_id)
    return acc.result()


def people_displaced(scope: Scope, query: IndicatorQuery) -> list[IndicatorRow]:
    acc = _Accumulator(query.period)
    for event_id, area, day, value, _low, _high in _measures(scope, query, MeasureItem.PEOPLE_DISPLACED):
        acc.add(area, day, MeasureItem.PEOPLE_DISPLACED, {"people": value}, event_id)
    return acc.result()


def arrivals_vs_capacity(scope: Scope, query: IndicatorQuery) -> list[IndicatorRow]:
    """Arrivals added up per period; occupants and capacity at each site's last count in the period."""
    area = PLACE_AREA[AreaLevel(query.area_level)]
    counted = Q(event__isnull=True) | _events(scope, query, "event__")
    counts = scope.apply(SiteOccupancy.objects.all()).filter(counted, _dates("observed_on", query))
    last: dict[tuple[int, dt.date], tuple[Any, ...]] = {}
    acc = _Accumulator(query.period)
    fields = (
        "site_id",
        f"site__place__{area}",
        "observed_on",
        "arrivals",
        "occupants",
        "capacity",
        "event_id",
    )
    for site_id, area_name, day, arrivals, occupants, capacity, event_id in counts.order_by(
        "observed_on"
    ).values_list(*fields):
        acc.add(area_name, day, "sites", {"arrivals": arrivals}, event_id)
        last[(site_id, period_start(day, query.period))] = (area_name, day, occupants, capacity)
    for area_name, day, occupants, capacity in last.values():
        acc.add(area_name, day, "sites", {"occupants": occupants, "capacity": capacity}, None)
    return acc.result()


def aid_tonnage(scope: Scope, query: IndicatorQuery) -> list[IndicatorRow]:
    """Tonnes planned (by planned arrival, else departure) and delivered (by arrival) per destination area."""
    area = PLACE_AREA[AreaLevel(query.area_level)]
    items = scope.apply(ConsignmentItem.objects.all()).filter(unit=Unit.TONNES)
    acc = _Accumulator(query.period)
    fields = (
        f"consignment__destination__{area}",
        "consignment__planned_arrival_on",
        "consignment__planned_departure_on",
        "consignment__arrived_on",
        "consignment__status",
        "quantity",
        "delivered_quantity",
    )
    for area_name, planned_on, departure_on, arrived_on, status, quantity, delivered in items.values_list(
        *fields
    ):
        planned_day = planned_on or departure_on
        if planned_day and _within(planned_day, query):
            acc.add(area_name, planned_day, Unit.TONNES, {"planned": quantity, "delivered": 0}, None)
        if status in ARRIVED_STATUSES and arrived_on and _within(arrived_on, query):
            acc.add(area_name, arrived_on, Unit.TONNES, {"planned": 0, "delivered": delivered}, None)
    return acc.result()


def _within(day: dt.date, query: IndicatorQuery) -> bool:
    return (query.date_from is None or day >= query.date_from) and (
        query.date_to is None or day <= query.date_to
    )


def blocked_convoys(scope: Scope, query: IndicatorQuery) -> list[IndicatorRow]:
    area = PLACE_AREA[AreaLevel(query.area_level)]
    changes = scope.apply(ConsignmentStatusChange.objects.all()).filter(
        _dates("changed_on", query), to_status__in=OBSTRUCTED_STATUSES
    )
    acc = _Accumulator(query.period)
    fields = (f"consignment__destination__{area}", "changed_on", "to_status", "event_id")
    for area_name, day, status, event_id in changes.values_list(*fields):
        acc.add(
            area_name,
            day,
            "convoys",
            {"blocked": status == "blocked", "denied": status == "denied"},
            event_id,
        )
    return acc.result()


def handover_compliance(scope: Scope, query: IndicatorQuery) -> list[IndicatorRow]:
    """Per item: handed over in the period, cumulative since the start, declared by all parties, and their ratio."""
    area = EVENT_AREA[AreaLevel(query.area_level)]
    links = (
        scope.apply(AgreementEvent.objects.all())
        .filter(role=LinkRole.HANDOVER)
        .filter(_events(scope, query, "event__"))
    )
    declared: dict[str, Decimal] = defaultdict(Decimal)
    for item, quantity in scope.apply(Commitment.objects.all()).values_list("item", "declared_quantity"):
        declared[item] += quantity
    measures = Measure.objects.filter(
        event_id__in=links.values("event_id"), item__in=list(declared)
    ).order_by("event__date_start")
    acc = _Accumulator(query.period)
    for event_id, area_name, day, item, value in measures.values_list(
        "event_id", f"event__{area}", "event__date_start", "item", "value"
    ):
        if query.date_to is None or day <= query.date_to:
            acc.add(area_name, day, item, {"handed_over": value}, event_id)
    rows = acc.result()
    _add_cumulative(rows, declared)
    return [
        row
        for row in rows
        if query.date_from is None or row.period_start >= period_start(query.date_from, query.period)
    ]


def _add_cumulative(rows: Iterable[IndicatorRow], declared: dict[str, Decimal]) -> None:
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for row in rows:  # already in period order
        totals[(row.area, row.key)] += row.values["handed_over"]
        row.values["cumulative"] = totals[(row.area, row.key)]
        row.values["declared"] = float(declared[row.key])
        row.values["compliance"] = (
            round(row.values["cumulative"] / row.values["declared"], 4) if declared[row.key] else 0.0
        )


COMPUTE: dict[str, tuple[Callable[[Scope, IndicatorQuery], list[IndicatorRow]], str]] = {
    Indicator.EVENTS: (events_by_type, "events"),
    Indicator.FATALITIES: (fatalities, "event measures (people killed)"),
    Indicator.PEOPLE_DISPLACED: (people_displaced, "event measures (people displaced)"),
    Indicator.ARRIVALS_VS_CAPACITY: (
        arrivals_vs_capacity,
        "site counts (a count linked to an event follows its status)",
    ),
    Indicator.AID_TONNAGE: (aid_tonnage, "consignment registry (not filtered by verification)"),
    Indicator.BLOCKED_CONVOYS: (blocked_convoys, "consignment status changes (not filtered by verification)"),
    Indicator.HANDOVER_COMPLIANCE: (handover_compliance, "handover event measures against commitments"),
}


def compute_indicator(scope: Scope, query: IndicatorQuery) -> IndicatorSeries:
    """One indicator as a series of rows by area and period. Unknown names raise ValueError."""
    compute, basis = COMPUTE[Indicator(query.indicator)]
    AreaLevel(query.area_level)
    Period(query.period)
    return IndicatorSeries(
        indicator=query.indicator,
        area_level=query.area_level,
        period=query.period,
        verified_only=not query.include_unverified,
        basis=basis,
        rows=compute(scope, query),
    )
