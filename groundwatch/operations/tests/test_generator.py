"""The benchmark data generator is seeded: the same seed gives the same mission, skewed like real data."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from groundwatch.events.models import Event

ROOT = Path(__file__).resolve().parents[3]


def _generate(events: int, seed: int, name: str) -> dict:
    sys.path.insert(0, str(ROOT))
    try:
        from bench.generate import generate
    finally:
        sys.path.remove(str(ROOT))
    return generate(events, seed=seed, mission_name=name)


def _fingerprint(mission_id: int) -> list[tuple]:
    rows = Event.objects.filter(mission_id=mission_id).order_by("pk")
    return list(rows.values_list("event_type", "date_start", "latitude", "longitude"))


def test_same_seed_same_data_and_types_are_skewed(db):
    first = _generate(300, 7, "Generated A")
    second = _generate(300, 7, "Generated B")
    assert first["events"] == first["reports"] == 300
    assert _fingerprint(first["mission_id"]) == _fingerprint(second["mission_id"])
    types = Counter(kind for kind, *_ in _fingerprint(first["mission_id"]))
    most_common = types.most_common(1)[0][1]
    assert most_common > 300 / len(types) * 3  # Zipf: the commonest type far above an even share
