"""Outputs benchmark: streamed exports, map aggregation and dashboard figures against raw SQL / csv.writer.

    .venv/bin/python bench/outputs.py [--events 100000] [--data-dir DIR]

Fills a fresh SQLite database (or the environment's DATABASE_URL) with bench/generate.py, then times, on the
same rows and the same database:

- the streamed ACLED CSV, HXL CSV and GeoJSON exports (``export_events``, as a download reads them) against
  raw baselines: one hand-written SQL query per format that reads the same events (the mission's current
  ones, in the same order; for ACLED only the types ACLED codes) with the same columns — actors, sources and
  the people figures joined in SQL by correlated sub-queries — and writes them with ``csv.writer`` (or
  ``json.dumps`` per feature). The baselines skip what only Python can do: taxonomy labels, the ACLED
  mapping, the source-visibility check, cell neutralisation. See ``raw_rows``.
- the dashboard's key figures and the map's cells, p95 against raw SQL computing the same numbers
  (``bench/aggregates.py``, which also runs on its own).

Each export and its baseline run alternately (best of two after a warm-up). Prints one JSON object of
wall-clock and CPU seconds, row counts and ratios (throughput: raw time / export time; ≥ 0.5 is the target
for exports). On SQLite the database works inside the benchmark's process, so the CPU-time ratio counts
all the work and is the steadier one on a shared machine; on PostgreSQL use the wall-clock ratio.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def raw_rows(mission_id: int, format: str) -> Any:
    """The raw baseline's rows: one SQL query, no ORM, same events, order and columns as the export."""
    from django.db import connection

    from groundwatch.events.taxonomy import get_taxonomy

    def joined(expression: str) -> str:
        if connection.vendor == "postgresql":
            return f"string_agg({expression}, '; ')"
        return f"group_concat({expression}, '; ')"

    def figure(item: str, column: str = "value") -> str:
        return (
            f"(SELECT m.{column} FROM events_measure m WHERE m.event_id = e.id AND m.item = '{item}'"  # noqa: S608 -- constants
            " ORDER BY m.as_of_on DESC, m.id DESC LIMIT 1)"
        )

    def actor_table(where: str) -> str:
        return f"FROM events_eventactor ea JOIN events_actor a ON a.id = ea.actor_id WHERE ea.event_id = e.id{where}"

    def roles(names: tuple[str, ...]) -> str:
        return " AND ea.role IN (" + ", ".join(f"'{name}'" for name in names) + ")"

    def main_actor(names: tuple[str, ...], column: str) -> str:  # a side's first actor, as _side picks it
        return f"(SELECT {column} {actor_table(roles(names))} ORDER BY ea.role, a.name LIMIT 1)"

    def actor_list(names: tuple[str, ...] = ()) -> str:
        return f"(SELECT {joined('a.name')} {actor_table(roles(names) if names else '')})"

    sources = (
        f"(SELECT {joined('s.name')} FROM events_evidence v JOIN events_claim c ON c.id = v.claim_id"  # noqa: S608 -- constants
        " JOIN sources_report r ON r.id = c.report_id JOIN sources_source s ON s.id = r.source_id"
        " WHERE v.event_id = e.id)"
    )
    location = "COALESCE(NULLIF(e.location_name, ''), p.name, '')"
    if format == "acled":
        first, second = (
            ("actor1", "perpetrator", "provider", "party"),
            ("actor2", "victim_group", "recipient", "receiver"),
        )
        columns = [
            "e.country_code || e.id",
            "e.date_start",
            "e.date_start",
            "e.date_precision",
            "e.category",
            "e.event_type",
            "e.sub_event_type",
            main_actor(first, "a.name"),
            actor_list(("assoc_actor1",)),
            main_actor(first, "a.kind"),
            main_actor(second, "a.name"),
            actor_list(("assoc_actor2",)),
            main_actor(second, "a.kind"),
            "''",
            "''",
            "e.country_code",
            "''",
            "e.country_code",
            "e.admin1",
            "e.admin2",
            "''",
            location,
            "e.latitude",
            "e.longitude",
            "e.geo_precision",
            sources,
            "''",
            "e.description",
            figure("people_killed", "low"),
            "e.verification_status",
            "e.updated_at",
        ]
        taxonomy = get_taxonomy()
        pairs = [
            f"(e.event_type = '{slug}' AND e.sub_event_type = '{sub}')"
            for slug, kind in taxonomy.types.items()
            for sub in ["", *kind.sub_types]
            if taxonomy.acled_for(slug, sub) is not None
        ]
        kinds = f" AND ({' OR '.join(pairs)})"  # the (type, sub-type) pairs ACLED codes
    else:
        columns = [
            "e.mission_id || '-' || e.id",
            "e.date_start",
            "e.date_end",
            "e.date_precision",
            "e.category",
            "e.event_type",
            "e.sub_event_type",
            "e.event_type",
            "e.title",
            actor_list(),
            location,
            "e.country_code",
            "e.admin1",
            "e.admin2",
            "e.latitude",
            "e.longitude",
            figure("people_killed"),
            figure("people_injured"),
            figure("people_detained"),
            figure("people_displaced"),
            "e.verification_status",
            sources,
            "e.description",
        ]
        kinds = ""
    sql = (
        f"SELECT {', '.join(columns)} FROM events_event e LEFT JOIN geo_place p ON p.id = e.place_id"  # noqa: S608
        f" WHERE e.mission_id = %s AND e.merged_into_id IS NULL{kinds} ORDER BY e.date_start, e.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [mission_id])
        while batch := cursor.fetchmany(2000):
            yield from batch


def measure(events: int) -> dict[str, Any]:
    from bench.aggregates import measure as measure_aggregates
    from bench.generate import generate

    summary = generate(events, seed=42, mission_name="Outputs bench")
    return {
        "events": events,
        **measure_exports(summary["mission_id"]),
        "dashboard_and_map": measure_aggregates(summary["mission_id"]),
    }


def measure_exports(mission_id: int, repeat: int = 2) -> dict[str, Any]:
    """Each export format, streamed as a download reads it, against its raw baseline (``raw_rows``), on the
    mission's events as an administrator sees them (every event: the raw queries apply no clearance)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from groundwatch.accounts.models import Mission
    from groundwatch.core.choices import Role
    from groundwatch.reports.exports.tabular import COLUMNS as HXL_COLUMNS
    from groundwatch.reports.services import export_events
    from groundwatch.tests.factories import make_member

    mission = Mission.objects.get(pk=mission_id)
    name = f"bench-outputs-{mission.pk}"
    user = get_user_model().objects.filter(username=name).first() or make_member(mission, Role.ADMIN, name)
    counted: dict[str, int] = {}

    def export(format: str) -> None:
        written = 0
        for chunk in export_events(mission=mission, actor=user, format=format).chunks or ():
            written += len(chunk)
        counted[f"{format}_export_bytes"] = written

    def raw_csv(format: str) -> None:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        rows = 0
        for row in raw_rows(mission.pk, format):
            writer.writerow(row)
            rows += 1
            if out.tell() > 1 << 20:
                out.seek(0)
                out.truncate()
        counted[f"{format}_raw_rows"] = rows

    def raw_geojson() -> None:
        names = [header.lower().replace(" ", "_") for header, _tag in HXL_COLUMNS]
        written = 0
        for row in raw_rows(mission.pk, "hxl"):
            properties = dict(zip(names, row, strict=True))
            latitude, longitude = properties.pop("latitude"), properties.pop("longitude")
            geometry = None if latitude is None else {"type": "Point", "coordinates": [longitude, latitude]}
            feature = {"type": "Feature", "geometry": geometry, "properties": properties}
            written += len(json.dumps(feature, default=str, ensure_ascii=False).encode())
        counted["geojson_raw_bytes"] = written

    pairs = {  # (export, its raw baseline), run alternately so machine load falls on both alike
        "acled": (lambda: export("acled"), lambda: raw_csv("acled"), "acled_raw_sql_csv_writer"),
        "hxl": (lambda: export("hxl"), lambda: raw_csv("hxl"), "hxl_raw_sql_csv_writer"),
        "geojson": (lambda: export("geojson"), raw_geojson, "geojson_raw_sql_json_dumps"),
    }
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    ratios: dict[str, float] = {}
    for format, (ours, raw, raw_name) in pairs.items():
        ours()  # warm-up: imports, taxonomy, the database's page cache
        for _ in range(repeat):
            for name, function in ((f"{format}_export", ours), (raw_name, raw)):
                started, started_cpu = time.perf_counter(), time.process_time()
                function()
                wall[name] = min(wall.get(name, float("inf")), time.perf_counter() - started)
                cpu[name] = min(cpu.get(name, float("inf")), time.process_time() - started_cpu)
        ratios[f"{format}_export_throughput_vs_raw"] = round(wall[raw_name] / wall[f"{format}_export"], 3)
        ratios[f"{format}_export_throughput_vs_raw_cpu"] = round(cpu[raw_name] / cpu[f"{format}_export"], 3)
    return {
        "database": connection.vendor,
        "seconds": {name: round(value, 3) for name, value in wall.items()},
        "cpu_seconds": {name: round(value, 3) for name, value in cpu.items()},
        "counts": counted,
        # Throughput ratios (raw time / export time; target >= 0.5), by wall-clock time and by this
        # process's CPU time. On SQLite the database runs in this process, so CPU time covers all the work
        # and is the steadier figure on a busy machine; on PostgreSQL read the wall-clock ratios.
        "ratios": ratios,
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
