"""Event figures added up in the database: one GROUP BY on the events' maintained period columns.

The dashboard's key figures and trends need totals per period, not per-event evidence, so they are computed
with ``.values(period column, …).annotate(Count/Sum)`` on plain columns (``date_start``, ``week_start``,
``month_start``, kept by ``groundwatch.events.rollups``), never ``Trunc*`` (which SQLite evaluates in Python
per row). The counting rules are those of ``groundwatch.assessment.indicators``: events whose verification
status is counted, not merged away, in the scope's view (the user's clearance and need-to-know); for a figure
such as people killed, the latest report of each event stands (latest as-of date, undated first, then the
latest recorded), never a sum of successive reports.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, DateField, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce

from groundwatch.assessment.choices import Period
from groundwatch.assessment.indicators import Scope
from groundwatch.ceasefire.choices import counted_statuses
from groundwatch.events.models import Event, Measure

PERIOD_COLUMN = {Period.DAY: "date_start", Period.WEEK: "week_start", Period.MONTH: "month_start"}
_UNDATED = dt.date(1, 1, 1)  # sorts undated reports before dated ones, as ``nulls first`` does


def event_counts(
    scope: Scope, period: str, date_from: dt.date, date_to: dt.date, include_unverified: bool
) -> dict[tuple[dt.date, str], int]:
    """Counted events per (period start, category) between the two days (inclusive)."""
    column = PERIOD_COLUMN[Period(period)]
    rows = (
        scope.apply(Event.objects.all())
        .filter(
            verification_status__in=counted_statuses(include_unverified),
            merged_into__isnull=True,
            date_start__gte=date_from,
            date_start__lte=date_to,
        )
        .order_by()
        .values_list(column, "category")
        .annotate(count=Count("*"))
    )
    return {(start, category): count for start, category, count in rows}


def measure_totals(
    scope: Scope, item: str, period: str, date_from: dt.date, date_to: dt.date, include_unverified: bool
) -> dict[dt.date, dict[str, float]]:
    """``low``, ``best`` and ``high`` totals of one measure item per period start, latest report per event."""
    column = PERIOD_COLUMN[Period(period)]
    as_of = Coalesce("as_of_on", Value(_UNDATED), output_field=DateField())
    later = (
        Measure.objects.filter(event_id=OuterRef("event_id"), item=item)
        .annotate(key=as_of)
        .filter(Q(key__gt=OuterRef("as_of_key")) | Q(key=OuterRef("as_of_key"), pk__gt=OuterRef("pk")))
    )
    rows = (
        scope.apply(Measure.objects.all())
        .filter(
            item=item,
            event__verification_status__in=counted_statuses(include_unverified),
            event__merged_into__isnull=True,
            event__date_start__gte=date_from,
            event__date_start__lte=date_to,
        )
        .annotate(as_of_key=as_of)
        .filter(~Exists(later))
        .order_by()
        .values_list(f"event__{column}")
        .annotate(
            best=Sum("value"),
            low=Sum(Coalesce("low", F("value"))),
            high=Sum(Coalesce("high", F("value"))),
        )
    )
    totals: dict[dt.date, dict[str, float]] = defaultdict(lambda: {"low": 0.0, "best": 0.0, "high": 0.0})
    for start, best, low, high in rows:
        totals[start] = {"low": float(low or 0), "best": float(best or 0), "high": float(high or 0)}
    return totals
