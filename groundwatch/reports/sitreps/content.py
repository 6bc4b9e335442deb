"""What a sitrep says, computed from the mission's records: OCHA's layout, every figure footnoted.

Records are read up to the sitrep's confidentiality level; a public sitrep reads only what the disclosure
sanitiser lets out (no titles, actors or sources; places and dates coarsened; small counts suppressed).
Each key figure is given twice — verified events only, and including unverified ones (never discounted) —
and carries a footnote listing the events (and, internally, the sources) behind it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.safestring import SafeString

from groundwatch.assessment.choices import Indicator, Period
from groundwatch.assessment.indicators import IndicatorQuery, Scope, compute_indicator
from groundwatch.core.choices import Confidentiality
from groundwatch.events.choices import MeasureItem, Unit, VerificationStatus
from groundwatch.events.models import Event, Evidence
from groundwatch.events.taxonomy import get_taxonomy
from groundwatch.humanitarian.models import AccessConstraint
from groundwatch.protection.disclosure import public_events
from groundwatch.reports.models import Sitrep
from groundwatch.sources.models import Source
from groundwatch.web.charts import Series, point_map, stacked_bars

COUNTED = (VerificationStatus.REPORTED, VerificationStatus.CORROBORATED, VerificationStatus.VERIFIED)


@dataclass
class Item:
    """One event as the sitrep cites it."""

    reference: str
    label: str
    url: str
    category: str
    event_type: str
    area: str
    date_label: str
    is_verified: bool
    day: dt.date
    point: tuple[float, float] | None = None
    figures: dict[str, Decimal] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)


@dataclass
class Figure:
    label: str
    verified: str
    with_unverified: str
    note: int
    unit: str = ""


@dataclass
class Footnote:
    number: int
    text: str
    items: list[Item]
    sources: list[str]


@dataclass
class SitrepContent:
    items: list[Item]
    figures: list[Figure] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    areas: list[tuple[str, list[Item]]] = field(default_factory=list)
    sections: dict[str, list[Item]] = field(default_factory=dict)
    registry_lines: dict[str, list[str]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    chart: SafeString | str = ""
    map_image: SafeString | str = ""
    is_public: bool = False

    def note(self, text: str, items: list[Item]) -> int:
        sources = sorted({name for item in items for name in item.sources})
        self.footnotes.append(Footnote(len(self.footnotes) + 1, text, items, sources))
        return len(self.footnotes)

    def as_json(self) -> dict[str, Any]:
        return {
            "figures": [vars(figure) for figure in self.figures],
            "footnotes": {note.number: [item.reference for item in note.items] for note in self.footnotes},
        }


def _events(sitrep: Sitrep) -> Any:
    return (
        Event.objects.current()
        .filter(mission=sitrep.mission, confidentiality__lte=sitrep.confidentiality)
        .filter(date_start__lte=sitrep.period_end, date_end__gte=sitrep.period_start)
        .filter(verification_status__in=COUNTED)
        .order_by("date_start", "pk")
    )


def _latest_figures(measures: Any) -> dict[str, Decimal]:
    figures: dict[str, Decimal] = {}
    for measure in sorted(measures, key=lambda m: (m.as_of_on or dt.date.min, m.pk)):
        figures[measure.item] = measure.value
        if measure.unit == Unit.TONNES:
            figures[f"tonnes:{measure.item}"] = measure.value
        if measure.item == MeasureItem.PEOPLE_KILLED:
            figures["killed_low"] = measure.low if measure.low is not None else measure.value
            figures["killed_high"] = measure.high if measure.high is not None else measure.value
    return figures


def internal_items(sitrep: Sitrep) -> list[Item]:
    slug = sitrep.mission.slug
    sources = dict(
        Source.objects.filter(
            mission=sitrep.mission, confidentiality__lte=sitrep.confidentiality
        ).values_list("pk", "name")
    )
    evidence = Evidence.objects.filter(claim__report__confidentiality__lte=sitrep.confidentiality)
    events = _events(sitrep).prefetch_related(
        "measures", Prefetch("evidence", queryset=evidence.select_related("claim__report"))
    )
    items = []
    for event in events:
        names = [
            sources[link.claim.report.source_id]
            for link in event.evidence.all()
            if link.claim.report.source_id in sources
        ]
        items.append(
            Item(
                reference=f"#{event.pk}",
                label=event.title,
                url=reverse("web:event_detail", args=[slug, event.pk]),
                category=event.category,
                event_type=event.event_type,
                area=event.admin1 or event.location_name or "Area not recorded",
                date_label=event.date_label,
                is_verified=event.verification_status == VerificationStatus.VERIFIED,
                day=event.date_start,
                point=(float(event.latitude), float(event.longitude))
                if event.latitude is not None and event.longitude is not None
                else None,
                figures=_latest_figures(event.measures.all()),
                sources=sorted(set(names)),
            )
        )
    return items


def public_items(sitrep: Sitrep) -> list[Item]:
    """Public events only, each through the disclosure sanitiser: no title, no sources, coarse place."""
    events = _events(sitrep).filter(confidentiality=Confidentiality.PUBLIC).select_related("mission")
    items = []
    for public in public_events(sitrep.mission, events.prefetch_related("measures")):
        figures = {measure.item: measure.value for measure in public.measures if measure.value is not None}
        if MeasureItem.PEOPLE_KILLED in figures:
            figures["killed_low"] = figures["killed_high"] = figures[MeasureItem.PEOPLE_KILLED]
        items.append(
            Item(
                public.reference,
                f"{public.type_label}, {public.area}",
                "",
                public.category,
                public.event_type,
                public.area or "Area not recorded",
                public.date_label,
                public.verification_status == VerificationStatus.VERIFIED,
                public.date_start,
                (public.latitude, public.longitude)
                if public.latitude is not None and public.longitude is not None
                else None,
                figures,
            )
        )
    return items


def _total(items: list[Item], key: str) -> str:
    values = [item.figures[key] for item in items if key in item.figures]
    return f"{sum(values, Decimal(0)).normalize():,f}" if values else "0"


def _figure(content: SitrepContent, label: str, key: str, chosen: list[Item], unit: str = "") -> None:
    with_key = [item for item in chosen if key in item.figures]
    verified = [item for item in with_key if item.is_verified]
    note = content.note(f"{label}: the events that report it.", with_key)
    content.figures.append(Figure(label, _total(verified, key), _total(with_key, key), note, unit))


def build_content(sitrep: Sitrep) -> SitrepContent:
    is_public = sitrep.confidentiality == Confidentiality.PUBLIC
    items = public_items(sitrep) if is_public else internal_items(sitrep)
    content = SitrepContent(items=items, is_public=is_public)
    taxonomy = get_taxonomy()
    for slug, label in taxonomy.categories.items():
        chosen = [item for item in items if item.category == slug]
        note = content.note(f"{label} events in the period.", chosen)
        verified = sum(1 for item in chosen if item.is_verified)
        content.figures.append(Figure(f"{label} events", str(verified), str(len(chosen)), note))
    _figure(content, "People killed (best estimate)", MeasureItem.PEOPLE_KILLED, items)
    _figure(content, "People killed, lowest reported", "killed_low", items)
    _figure(content, "People killed, highest reported", "killed_high", items)
    _figure(content, "People displaced", MeasureItem.PEOPLE_DISPLACED, items)
    _figure(content, "Food delivered", f"tonnes:{MeasureItem.FOOD}", items, "tonnes")
    by_area: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_area[item.area].append(item)
    content.areas = sorted(by_area.items())
    content.sections = {
        slug: [item for item in items if item.category == slug] for slug in taxonomy.categories
    }
    content.sources = sorted({name for item in items for name in item.sources})
    if not is_public:
        content.registry_lines = _registry_lines(sitrep)
    content.chart = _chart(sitrep, items)
    located = [(*item.point, f"category-{item.category}", item.area) for item in items if item.point]
    content.map_image = point_map("Where the period's events took place", located)
    return content


def _registry_lines(sitrep: Sitrep) -> dict[str, list[str]]:
    level = sitrep.confidentiality
    constraints = AccessConstraint.objects.filter(mission=sitrep.mission, confidentiality__lte=level).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=sitrep.period_end), started_on__lte=sitrep.period_end
    )
    access = [f"{constraint.title} (since {constraint.started_on:%d %b %Y})" for constraint in constraints]
    scope = Scope(mission=sitrep.mission, ceiling=level)
    query = IndicatorQuery(Indicator.HANDOVER_COMPLIANCE, period=Period.MONTH, date_to=sitrep.period_end)
    latest: dict[str, dict[str, float]] = {}
    for row in compute_indicator(scope, query).rows:
        latest[row.key] = row.values
    handover = [
        f"{MeasureItem(key).label if key in MeasureItem.values else key}: {values['cumulative']:,.0f} of "
        f"{values['declared']:,.0f} declared handed over ({values['compliance']:.0%}, verified handovers)"
        for key, values in sorted(latest.items())
    ]
    return {"access": access, "handover": handover}


def _chart(sitrep: Sitrep, items: list[Item]) -> SafeString:
    days = [
        sitrep.period_start + dt.timedelta(days=n)
        for n in range((sitrep.period_end - sitrep.period_start).days + 1)
    ]
    taxonomy = get_taxonomy()
    counts: dict[tuple[str, dt.date], float] = defaultdict(float)
    for item in items:
        counts[(item.category, max(item.day, sitrep.period_start))] += 1
    series = [
        Series(label, [counts[(slug, day)] for day in days], f"category-{slug}")
        for slug, label in taxonomy.categories.items()
    ]
    return stacked_bars("Events by day and category", [f"{day:%d %b}" for day in days], series)
