"""Seeded, reproducible mission data for benchmarks: 1k … millions of events with reports, claims,
measures, actors, places and attachment metadata, with realistic skew.

    .venv/bin/python bench/generate.py [--events 1000] [--seed 42] [--data-dir DIR]

Skew: time — a quiet baseline with a few escalation bursts (most events fall in a few weeks); space — a
handful of hotspots draw most events (Zipf over places, jitter around each); type — Zipf over the taxonomy's
event types (clashes and shelling dominate, rare types stay rare); measures — most events have none, some
have one or two with long-tailed counts.

Rows are written with bulk_create in batches, not through the services: a million events through the
audited services would take hours. So the audit chain does not cover generated data; do not use this on
a real mission's database. Attachment metadata is generated without files (size and SHA-256 only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BATCH = 2000
START = dt.date(2021, 1, 1)
DAYS = 3 * 365
HOTSPOTS = [(40.16, 46.85), (39.82, 46.75), (40.38, 47.13), (39.75, 47.01), (40.0, 46.45), (40.6, 46.3)]
MEASURE_ITEMS = [("people_killed", "people"), ("people_injured", "people"), ("people_displaced", "people")]


def setup(data_dir: Path | None) -> None:
    if data_dir is not None:
        os.environ.pop("DATABASE_URL", None)
        os.environ["GROUNDWATCH_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundwatch.settings")
    import django

    django.setup()


def _zipf_weights(count: int, exponent: float = 1.2) -> list[float]:
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


def _event_types() -> list[tuple[str, str]]:
    from groundwatch.events.taxonomy import get_taxonomy

    taxonomy = get_taxonomy()
    return [(kind.slug, category) for category in taxonomy.categories for kind in taxonomy.types_in(category)]


def _day(rng: random.Random, bursts: list[int]) -> dt.date:
    if rng.random() < 0.6:  # escalations: most events within a few weeks
        return START + dt.timedelta(days=min(DAYS - 1, max(0, int(rng.gauss(rng.choice(bursts), 6)))))
    return START + dt.timedelta(days=rng.randrange(DAYS))


def generate(events: int, seed: int = 42, mission_name: str = "") -> dict[str, Any]:
    """Create one mission with ``events`` events (and about as many reports and claims). Returns counts."""
    from django.db import transaction

    from groundwatch.accounts.services import create_mission
    from groundwatch.events.models import Actor, Claim, Event, EventActor, Measure
    from groundwatch.sources.models import Attachment, Report

    rng = random.Random(seed)
    started = time.perf_counter()
    mission = create_mission(actor=None, name=mission_name or f"Generated {seed}-{events}")
    types = _event_types()
    type_weights = _zipf_weights(len(types))
    spot_weights = _zipf_weights(len(HOTSPOTS), 1.0)
    bursts = [rng.randrange(DAYS) for _ in range(4)]
    actors = Actor.objects.bulk_create(
        Actor(mission=mission, name=f"Armed group {n}", kind="state_forces") for n in range(40)
    )
    actor_weights = _zipf_weights(len(actors))
    counts = {"events": 0, "reports": 0, "claims": 0, "measures": 0, "attachments": 0, "event_actors": 0}
    now = dt.datetime.now(dt.UTC)
    for offset in range(0, events, BATCH):
        size = min(BATCH, events - offset)
        with transaction.atomic():
            reports, rows = [], []
            for n in range(offset, offset + size):
                slug, category = rng.choices(types, type_weights)[0]
                lat, lon = rng.choices(HOTSPOTS, spot_weights)[0]
                day = _day(rng, bursts)
                text = f"Report {n}: {slug.replace('_', ' ')} near hotspot ({lat:.2f}, {lon:.2f}) on {day}."
                reports.append(
                    Report(
                        mission=mission,
                        channel="field_note",
                        text=text,
                        external_id=f"gen-{seed}-{n}",
                        received_at=now,
                        content_sha256=hashlib.sha256(text.encode()).hexdigest(),
                    )
                )
                rows.append((slug, category, lat + rng.gauss(0, 0.05), lon + rng.gauss(0, 0.05), day, text))
            reports = Report.objects.bulk_create(reports)
            claims = Claim.objects.bulk_create(
                Claim(
                    mission=mission,
                    report=report,
                    span_start=0,
                    span_end=len(row[5]),
                    quote=row[5],
                    event_type=row[0],
                    date_start=row[4],
                )
                for report, row in zip(reports, rows, strict=True)
            )
            made = Event.objects.bulk_create(
                Event(
                    mission=mission,
                    title=f"{slug.replace('_', ' ').capitalize()} {n}",
                    event_type=slug,
                    category=category,
                    date_start=day,
                    date_end=day,
                    latitude=Decimal(f"{lat:.5f}"),
                    longitude=Decimal(f"{lon:.5f}"),
                    geo_precision=1,
                    country_code="AZ",
                )
                for n, (slug, category, lat, lon, day, _text) in enumerate(rows, start=offset)
            )
            measures = []
            for event, claim in zip(made, claims, strict=True):
                for _ in range(rng.choices([0, 1, 2], [0.6, 0.3, 0.1])[0]):
                    item, unit = rng.choice(MEASURE_ITEMS)
                    value = min(int(rng.paretovariate(1.3)), 5000)
                    measures.append(Measure(event=event, item=item, unit=unit, value=value, claim=claim))
            Measure.objects.bulk_create(measures)
            roles = [
                EventActor(
                    event=event, actor=rng.choices(actors, actor_weights)[0], role="actor1"
                )  # ActorRole.ACTOR1
                for event in made
            ]
            EventActor.objects.bulk_create(roles)
            attachments = [
                Attachment(
                    mission=mission,
                    report=report,
                    size=rng.randrange(20_000, 4_000_000),
                    sha256=hashlib.sha256(f"{seed}-{report.pk}".encode()).hexdigest(),
                    media_type="image/jpeg",
                    original_name=f"photo-{report.pk}.jpg",
                )
                for report in reports
                if rng.random() < 0.2
            ]
            Attachment.objects.bulk_create(attachments)
        for key, value in (
            ("events", len(made)),
            ("reports", len(reports)),
            ("claims", len(claims)),
            ("measures", len(measures)),
            ("attachments", len(attachments)),
            ("event_actors", len(roles)),
        ):
            counts[key] += value
    return {
        "mission_id": mission.pk,
        "mission_slug": mission.slug,
        "seconds": time.perf_counter() - started,
        **counts,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--data-dir", type=Path, help="SQLite data folder (default: the environment's database)"
    )
    options = parser.parse_args()
    setup(options.data_dir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    summary = generate(options.events, options.seed)
    print(
        ", ".join(
            f"{key} {value:,.1f}" if isinstance(value, float) else f"{key} {value}"
            for key, value in summary.items()
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
