"""The event taxonomy, loaded from ``taxonomy.toml`` (data, not code) and checked when loaded."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class SubType:
    slug: str
    label: str
    acled: tuple[str, str] | None


@dataclass(frozen=True)
class EventType:
    slug: str
    category: str
    label: str
    acled: tuple[str, str] | None
    sub_types: dict[str, SubType] = field(default_factory=dict)


@dataclass(frozen=True)
class Taxonomy:
    categories: dict[str, str]
    types: dict[str, EventType]

    def category_of(self, event_type: str) -> str:
        return self.types[event_type].category

    def validate(self, event_type: str, sub_event_type: str = "") -> str:
        """Return the category of a valid (type, sub-type) pair; raise ValueError naming the problem."""
        if event_type not in self.types:
            raise ValueError(f"unknown event type {event_type!r}; see docs/concepts/taxonomy.md")
        known = self.types[event_type].sub_types
        if sub_event_type and sub_event_type not in known:
            choices = ", ".join(known) or "none"
            raise ValueError(
                f"{sub_event_type!r} is not a sub-type of {event_type!r}; its sub-types are: {choices}"
            )
        return self.types[event_type].category

    def acled_for(self, event_type: str, sub_event_type: str = "") -> tuple[str, str] | None:
        """The ACLED (event type, sub-event type) this projects to, or None if ACLED does not code it."""
        kind = self.types[event_type]
        sub = kind.sub_types.get(sub_event_type)
        if sub is not None and sub.acled is not None:
            return sub.acled
        return kind.acled

    def label(self, event_type: str, sub_event_type: str = "") -> str:
        kind = self.types.get(event_type)
        if kind is None:
            return event_type
        sub = kind.sub_types.get(sub_event_type)
        return f"{kind.label} — {sub.label}" if sub else kind.label

    def types_in(self, category: str) -> list[EventType]:
        return [kind for kind in self.types.values() if kind.category == category]


def _pair(value: object, where: str) -> tuple[str, str] | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(item, str) for item in value)):
        raise ValueError(f"taxonomy: {where}.acled must be [event type, sub-event type]")
    return (value[0], value[1])


def parse_taxonomy(text: str) -> Taxonomy:
    data = tomllib.loads(text)
    categories: dict[str, str] = dict(data["categories"])
    types: dict[str, EventType] = {}
    for slug, raw in data["types"].items():
        if raw["category"] not in categories:
            raise ValueError(f"taxonomy: type {slug!r} names unknown category {raw['category']!r}")
        subs = {
            sub_slug: SubType(sub_slug, sub["label"], _pair(sub.get("acled"), f"{slug}.{sub_slug}"))
            for sub_slug, sub in raw.get("sub_types", {}).items()
        }
        types[slug] = EventType(slug, raw["category"], raw["label"], _pair(raw.get("acled"), slug), subs)
    return Taxonomy(categories=categories, types=types)


@cache
def get_taxonomy() -> Taxonomy:
    return parse_taxonomy(resources.files("groundwatch.events").joinpath("taxonomy.toml").read_text("utf-8"))
