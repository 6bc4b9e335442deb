"""Compare a proposed event with existing ones: type family, place distance, date overlap, actors, words."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from groundwatch.events.taxonomy import get_taxonomy

DUPLICATE_SCORE = 0.85
SUPPORTS_SCORE = 0.55


@dataclass(frozen=True)
class EventFacts:
    """What matching needs of an event (read by the caller from the database)."""

    id: int
    title: str
    event_type: str
    date_start: dt.date | None
    date_end: dt.date | None
    latitude: float | None
    longitude: float | None
    country_code: str
    actors: frozenset[str]
    text: str


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-z]{4,}", text.lower())}


def score(proposed: dict[str, Any], event: EventFacts) -> tuple[float, list[str]]:
    """0–1 with the reasons: same type 0.35 (same category 0.15), place 0.25, date 0.2, actors 0.1, words 0.1."""
    taxonomy = get_taxonomy()
    reasons = []
    total = 0.0
    if proposed.get("type") == event.event_type:
        total += 0.35
        reasons.append("same type")
    elif (
        event.event_type in taxonomy.types
        and proposed.get("type") in taxonomy.types
        and taxonomy.category_of(event.event_type) == taxonomy.category_of(proposed["type"])
    ):
        total += 0.15
        reasons.append("same category")
    if (
        proposed.get("latitude") is not None
        and proposed.get("longitude") is not None
        and event.latitude is not None
        and event.longitude is not None
    ):
        distance = _km((proposed["latitude"], proposed["longitude"]), (event.latitude, event.longitude))
        if distance < 25:
            total += 0.25 * (1 - distance / 25)
            reasons.append(f"{distance:.0f} km apart")
    elif proposed.get("country_iso3") and event.country_code:
        total += 0.05
    if proposed.get("date") and event.date_start:
        start = dt.date.fromisoformat(proposed["date"])
        end = dt.date.fromisoformat(proposed.get("date_end") or proposed["date"])
        if start <= (event.date_end or event.date_start) and event.date_start <= end:
            total += 0.2
            reasons.append("dates overlap")
        elif abs((start - event.date_start).days) <= 2:
            total += 0.1
            reasons.append("dates within two days")
    names = {actor["name"].lower() for actor in proposed.get("actors", [])}
    if names & event.actors:
        total += 0.1
        reasons.append("same actors")
    ours, theirs = _words(proposed.get("evidence", "")), _words(event.text)
    if ours and theirs:
        overlap = len(ours & theirs) / len(ours | theirs)
        total += 0.1 * min(1.0, overlap * 3)
    return round(total, 2), reasons


def rank(proposed: dict[str, Any], events: list[EventFacts], limit: int = 5) -> list[dict[str, Any]]:
    scored = [(score(proposed, event), event) for event in events]
    scored.sort(key=lambda pair: -pair[0][0])
    return [
        {"event": event.id, "title": event.title, "score": value, "reasons": reasons}
        for (value, reasons), event in scored[:limit]
        if value >= 0.3
    ]


def suggestion(candidates: list[dict[str, Any]]) -> tuple[str, int | None]:
    if candidates and candidates[0]["score"] >= DUPLICATE_SCORE:
        return "duplicate", candidates[0]["event"]
    if candidates and candidates[0]["score"] >= SUPPORTS_SCORE:
        return "supports", candidates[0]["event"]
    return "new_event", None
