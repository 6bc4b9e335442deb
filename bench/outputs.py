"""Outputs benchmark: streamed exports, map aggregation and dashboard figures against raw SQL / csv.writer.

    .venv/bin/python bench/outputs.py [--events 100000] [--data-dir DIR]

Fills a fresh SQLite database (or the environment's DATABASE_URL) with bench/generate.py, then times, on the
same rows and the same database: the streamed ACLED and HXL CSV exports against a raw ``csv.writer`` over a
``values_list`` of the same events; the map's grid aggregation against the raw GROUP BY that computes the same
cells; the dashboard's event figures against a raw COUNT … GROUP BY. Prints one JSON object of seconds and ratios.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _best(function: Callable[[], Any], repeat: int = 3) -> float:
    """Best of ``repeat`` timed runs after one untimed warm-up (imports, URL conf, caches)."""
    function()
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def measure(events: int) -> dict[str, Any]:
    from django.db import connection

    from bench.generate import generate
    from groundwatch.accounts.models import Mission
    from groundwatch.core.choices import Role
    from groundwatch.events.models import Event
    from groundwatch.reports.services import export_events
    from groundwatch.tests.factories import make_member
    from groundwatch.web.dashboard import Window, build_dashboard
    from groundwatch.web.mapdata import cell_degrees, map_payload

    summary = generate(events, seed=42, mission_name="Outputs bench")
    mission = Mission.objects.get(pk=summary["mission_id"])
    user = make_member(mission, Role.ADMIN, "bench-outputs")
    visible = Event.objects.restrict(user).filter(mission=mission).current()

    def export(format: str) -> None:
        for _chunk in export_events(mission=mission, actor=user, format=format).chunks or ():
            pass

    def raw_csv() -> None:
        out = io.StringIO()
        writer = csv.writer(out)
        fields = (
            "pk",
            "date_start",
            "event_type",
            "sub_event_type",
            "location_name",
            "latitude",
            "longitude",
            "admin1",
            "admin2",
            "country_code",
            "description",
            "updated_at",
        )
        for row in Event.objects.filter(mission=mission).values_list(*fields).iterator(chunk_size=2000):
            writer.writerow(row)
            if out.tell() > 1 << 20:
                out.seek(0)
                out.truncate()

    size = cell_degrees(6)

    def raw_cells() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT FLOOR((CAST(latitude AS REAL) + 90.0) / %s), FLOOR((CAST(longitude AS REAL) + 180.0) / %s),"
                " category, COUNT(*), AVG(latitude), AVG(longitude) FROM events_event WHERE mission_id = %s"
                " AND merged_into_id IS NULL AND latitude IS NOT NULL GROUP BY 1, 2, 3",
                [size, size, mission.pk],
            )
            cursor.fetchall()

    def raw_counts() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT category, date_start, COUNT(*) FROM events_event WHERE mission_id = %s"
                " AND merged_into_id IS NULL AND verification_status = 'verified' GROUP BY 1, 2",
                [mission.pk],
            )
            cursor.fetchall()

    last = visible.order_by("-date_start").first()
    window = Window.ending(last.date_start if last else __import__("datetime").date.today(), "month")
    timings = {
        "acled_export": _best(lambda: export("acled"), 1),
        "hxl_export": _best(lambda: export("hxl"), 1),
        "raw_csv_writer": _best(raw_csv, 1),
        "map_cells": _best(lambda: map_payload(mission, visible, 6, None)),
        "raw_cells_sql": _best(raw_cells),
        "dashboard": _best(lambda: build_dashboard(user, mission, window, False), 1),
        "raw_counts_sql": _best(raw_counts),
    }
    return {
        "events": events,
        "database": connection.vendor,
        "seconds": {name: round(value, 3) for name, value in timings.items()},
        "ratios": {
            "acled_export_throughput_vs_raw_csv": round(
                timings["raw_csv_writer"] / timings["acled_export"], 3
            ),
            "hxl_export_throughput_vs_raw_csv": round(timings["raw_csv_writer"] / timings["hxl_export"], 3),
            "map_cells_time_vs_raw_sql": round(timings["map_cells"] / timings["raw_cells_sql"], 3),
            "dashboard_time_vs_raw_counts": round(timings["dashboard"] / timings["raw_counts_sql"], 3),
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path, help="SQLite data folder (default: a temporary one)")
    options = parser.parse_args()
    from bench.generate import setup

    setup(options.data_dir or Path(tempfile.mkdtemp(prefix="gw-outputs-bench-")))
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    print(json.dumps(measure(options.events), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
