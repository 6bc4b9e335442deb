"""What extraction returns: plain dataclasses, every field with the character span that supports it."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class PlaceMention:
    text: str
    start: int
    end: int
    location: str
    country_code: str
    country_iso3: str
    admin1: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int = 1  # ACLED: 1 the town, 2 near a town / part of a region, 3 a larger region
    population: int = 0
    is_country: bool = False
    geonames_id: int | None = None


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int
    date_start: dt.date
    date_end: dt.date
    precision: str  # day, week, month, year, range (groundwatch.events.choices.DatePrecision)


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str
    item: str  # a MeasureItem value, or "" when the counted thing has no measure item
    qualifier: str  # exact, about, at_least, more_than, up_to
    text: str
    start: int
    end: int
    counted: str = ""  # the noun the number counts ("small arms", "rounds of ammunition")
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class ActorMention:
    name: str
    kind: str  # an ActorKind value, or "" when unknown
    role: str  # an ActorRole value, or "" when the sentence does not show it
    text: str
    start: int
    end: int


@dataclass
class EventProposal:
    category: str
    type: str
    sub_type: str
    confidence: float
    evidence: str  # the sentence
    span_start: int
    span_end: int
    trigger: str = ""
    trigger_start: int = 0
    trigger_end: int = 0
    date: DateMention | None = None
    date_is_inferred: bool = False  # carried over from an earlier sentence or the publication date
    place: PlaceMention | None = None
    place_is_inferred: bool = False
    actors: list[ActorMention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    fatalities: int = 0
    injured: int = 0


@dataclass
class Extraction:
    pipeline: str
    pipeline_version: str
    language: str
    is_extracted: bool
    reason: str = ""  # why not extracted ("not extracted: language ru")
    published_on: dt.date | None = None
    events: list[EventProposal] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    organizations: list[ActorMention] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        plain: dict[str, Any] = _plain(asdict(self))
        return plain


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
