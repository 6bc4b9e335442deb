"""The mission dashboard's key figures and trends.

Event figures for the chosen period, the one before it and the trend come from one GROUP BY each on the
events' maintained period columns (``groundwatch.assessment.figures``), in the user's scope (their clearance
and need-to-know), verified events only unless unverified ones are included; registry figures (aid, access
constraints, handover compliance, alerts) come from the assessment indicators and registries. Each figure
carries a link to the records behind it and knows whether a rise is good news, bad news or neither, so its
change is coloured and worded accordingly (an arrow and a word, not colour alone).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.safestring import SafeString

from groundwatch.accounts.models import Mission
from groundwatch.assessment.choices import Indicator, Period
from groundwatch.assessment.figures import event_counts, measure_totals
from groundwatch.assessment.indicators import (
    IndicatorQuery,
    IndicatorRow,
    Scope,
    compute_indicator,
    next_period,
    period_label,
    period_start,
)
from groundwatch.assessment.models import Alert
from groundwatch.events.choices import MeasureItem, VerificationStatus
from groundwatch.events.models import Event
from groundwatch.events.taxonomy import get_taxonomy
from groundwatch.humanitarian.models import AccessConstraint
from groundwatch.web.charts import Series, lines, stacked_bars

TREND_PERIODS = 12


@dataclass(frozen=True)
class Window:
    period: str
    start: dt.date
    end: dt.date
    previous_start: dt.date
    previous_end: dt.date
    label: str

    @classmethod
    def ending(cls, day: dt.date, period: str) -> Window:
        start = period_start(day, period)
        end = next_period(start, period) - dt.timedelta(days=1)
        previous_start = period_start(start - dt.timedelta(days=1), period)
        return cls(
            period, start, end, previous_start, start - dt.timedelta(days=1), period_label(start, period)
        )


UP_IS_GOOD, UP_IS_BAD, NEUTRAL = "good", "bad", "neutral"


@dataclass
class KeyFigure:
    label: str
    value: float
    previous: float
    link: str = ""
    unit: str = ""
    detail: str = ""
    is_ratio: bool = False
    rise: str = NEUTRAL  # what a rise means: UP_IS_GOOD, UP_IS_BAD or NEUTRAL

    @property
    def change(self) -> float:
        return self.value - self.previous

    @property
    def direction(self) -> str:
        """``up``, ``down`` or ``same``."""
        if self.change > 0:
            return "up"
        return "down" if self.change < 0 else "same"

    @property
    def assessment(self) -> str:
        """``better``, ``worse`` or ``neutral`` (no change, or a figure where neither way is good news)."""
        if self.direction == "same" or self.rise == NEUTRAL:
            return "neutral"
        return "better" if (self.direction == "up") == (self.rise == UP_IS_GOOD) else "worse"

    @property
    def arrow(self) -> str:
        return {"up": "▲", "down": "▼", "same": "="}[self.direction]

    @property
    def change_words(self) -> str:
        """What the change means, in words (the colour repeats it, never replaces it)."""
        if self.direction == "same":
            return "no change"
        moved = "up" if self.direction == "up" else "down"
        return {"better": f"{moved}, better", "worse": f"{moved}, worse"}.get(self.assessment, moved)

    @property
    def shown(self) -> str:
        return f"{self.value:.0%}" if self.is_ratio else f"{self.value:,.0f}"

    @property
    def change_shown(self) -> str:
        if self.is_ratio:
            return f"{self.change * 100:+.0f} points"
        return f"{self.change:+,.0f}"


@dataclass
class Dashboard:
    window: Window
    verified_only: bool
    figures: list[KeyFigure] = field(default_factory=list)
    charts: list[SafeString] = field(default_factory=list)


def latest_event_day(user: Any, mission: Mission) -> dt.date:
    """Where the dashboard opens: the last day with an event the user may see (today if none)."""
    last = Event.objects.restrict(user).filter(mission=mission).current().order_by("-date_start").first()
    return last.date_start if last else dt.date.today()


def events_link(mission: Mission, window: Window, verified_only: bool, extra: dict[str, str]) -> str:
    query = {"date_from": window.start.isoformat(), "date_to": window.end.isoformat(), **extra}
    if verified_only:
        query["status"] = VerificationStatus.VERIFIED
    return reverse("web:event_list", args=[mission.slug]) + "?" + urlencode(query)


def _by_period(rows: list[IndicatorRow], value: str, key: str | None = None) -> dict[dt.date, float]:
    totals: dict[dt.date, float] = defaultdict(float)
    for row in rows:
        if key is None or row.key.split("/")[0] == key:
            totals[row.period_start] += row.values.get(value, 0.0)
    return totals


def build_dashboard(user: Any, mission: Mission, window: Window, include_unverified: bool) -> Dashboard:
    scope = Scope(mission=mission, user=user)
    starts = [window.start]
    for _ in range(TREND_PERIODS - 1):
        starts.insert(0, period_start(starts[0] - dt.timedelta(days=1), window.period))

    def series(indicator: str) -> list[IndicatorRow]:
        query = IndicatorQuery(
            indicator,
            period=window.period,
            date_from=starts[0],
            date_to=window.end,
            include_unverified=include_unverified,
        )
        return compute_indicator(scope, query).rows

    board = Dashboard(window, verified_only=not include_unverified)

    def link(**extra: str) -> str:
        return events_link(mission, window, board.verified_only, extra)

    counts = event_counts(scope, window.period, starts[0], window.end, include_unverified)
    for slug, label in get_taxonomy().categories.items():
        board.figures.append(
            KeyFigure(
                f"{label} events",
                counts.get((window.start, slug), 0),
                counts.get((window.previous_start, slug), 0),
                link(category=slug),
            )
        )

    def totals(item: str) -> dict[dt.date, dict[str, float]]:
        return measure_totals(scope, item, window.period, starts[0], window.end, include_unverified)

    killed = totals(MeasureItem.PEOPLE_KILLED)
    best = {
        name: defaultdict(float, {start: row[name] for start, row in killed.items()})
        for name in ("low", "best", "high")
    }
    board.figures.append(
        KeyFigure(
            "People killed (best estimate)",
            best["best"][window.start],
            best["best"][window.previous_start],
            link(measure=MeasureItem.PEOPLE_KILLED),
            detail=f"low {best['low'][window.start]:,.0f} · high {best['high'][window.start]:,.0f}",
            rise=UP_IS_BAD,
        )
    )
    displaced = totals(MeasureItem.PEOPLE_DISPLACED)
    board.figures.append(
        KeyFigure(
            "People displaced",
            displaced[window.start]["best"],
            displaced[window.previous_start]["best"],
            link(measure=MeasureItem.PEOPLE_DISPLACED),
            rise=UP_IS_BAD,
        )
    )
    aid = _by_period(series(Indicator.AID_TONNAGE), "delivered")
    board.figures.append(
        KeyFigure(
            "Aid delivered",
            aid[window.start],
            aid[window.previous_start],
            reverse("humanitarian:consignment_list", args=[mission.slug]),
            unit="tonnes",
            rise=UP_IS_GOOD,
        )
    )
    board.figures.extend(_registry_figures(user, mission, window, scope, include_unverified))
    labels = [period_label(start, window.period) for start in starts]
    board.charts = [
        stacked_bars(
            "Events by category",
            labels,
            [
                Series(label, [counts.get((s, slug), 0) for s in starts], f"category-{slug}")
                for slug, label in get_taxonomy().categories.items()
            ],
        ),
        lines(
            "People killed",
            labels,
            [Series(name, [best[name][s] for s in starts]) for name in ("low", "best", "high")],
        ),
    ]
    return board


def _registry_figures(
    user: Any, mission: Mission, window: Window, scope: Scope, include_unverified: bool
) -> list[KeyFigure]:
    constraints = AccessConstraint.objects.restrict(user).filter(mission=mission)

    def open_on(day: dt.date) -> int:
        return constraints.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day
        ).count()

    def compliance(day: dt.date) -> float:
        query = IndicatorQuery(
            Indicator.HANDOVER_COMPLIANCE,
            period=Period.MONTH,
            date_to=day,
            include_unverified=include_unverified,
        )
        handed: dict[str, float] = defaultdict(float)
        declared: dict[str, float] = {}
        for row in compute_indicator(scope, query).rows:
            handed[row.key] += row.values["handed_over"]
            declared[row.key] = row.values["declared"]
        total = sum(declared.values())
        return sum(min(handed[key], declared[key]) for key in declared) / total if total else 0.0

    alerts = Alert.objects.restrict(user).filter(mission=mission)

    def fired(start: dt.date, end: dt.date) -> int:
        return alerts.filter(fired_at__date__gte=start, fired_at__date__lte=end).count()

    return [
        KeyFigure(
            "Open access constraints",
            open_on(window.end),
            open_on(window.previous_end),
            reverse("humanitarian:access_constraint_list", args=[mission.slug]),
            detail="at the period's end",
            rise=UP_IS_BAD,
        ),
        KeyFigure(
            "Weapons handover compliance",
            compliance(window.end),
            compliance(window.previous_end),
            reverse("ceasefire:agreement_list", args=[mission.slug]),
            is_ratio=True,
            detail="handed over against declared, cumulative",
            rise=UP_IS_GOOD,
        ),
        KeyFigure(
            "Alerts",
            fired(window.start, window.end),
            fired(window.previous_start, window.previous_end),
            reverse("assessment:alert_list", args=[mission.slug]),
            rise=UP_IS_BAD,
        ),
    ]
