"""`make bench`: one table of groundwatch figures, each next to a baseline measured in the same run.

    .venv/bin/python bench/run.py            quick set (a few minutes on 2 cores)
    .venv/bin/python bench/run.py --full     bigger data (1M events, 200k ACLED rows; hours)

Each phase runs in its own process on SQLite so its peak memory (VmHWM) is its own. Results are printed as
one table and written as JSON to bench/results/ (compare runs with any JSON diff).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUICK = {"events": 10_000, "acled_rows": 5_000, "files": 300, "requests": 60}
FULL = {"events": 1_000_000, "acled_rows": 200_000, "files": 5_000, "requests": 300}


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)


# --- phases (each runs in a child process) ----------------------------------------------------------


def phase_prepare(data: Path, sizes: dict[str, int]) -> dict[str, Any]:
    from bench.generate import generate, setup

    setup(data)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    summary = generate(sizes["events"], seed=42, mission_name="Bench mission")
    from groundwatch.sources.storage import default_store

    store = default_store()
    for n in range(sizes["files"]):
        store.put([os.urandom(64 * 1024) + str(n).encode()])
    return {"generate_events_per_s": summary["events"] / summary["seconds"], **summary}


def phase_acled(data: Path, sizes: dict[str, int]) -> dict[str, Any]:
    from bench.acled_rows import write_csv
    from bench.import_acled import groundwatch_import, raw_executemany

    os.environ.pop("DATABASE_URL", None)
    os.environ["GROUNDWATCH_DATA_DIR"] = str(data / "acled")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundwatch.settings")
    rows = sizes["acled_rows"]
    csv_path = write_csv(data / "acled.csv", rows)
    raw = raw_executemany(csv_path, data / "raw.sqlite3", 2000)
    imported, created = groundwatch_import(csv_path, 2000)
    assert created == rows, f"imported {created} of {rows} rows"
    return {"groundwatch": rows / imported, "baseline": rows / raw}


def _django(data: Path) -> None:
    from bench.generate import setup

    setup(data)


def phase_backup(data: Path, sizes: dict[str, int]) -> dict[str, Any]:
    _django(data)
    from django.conf import settings

    from groundwatch.operations.backup import create_backup
    from groundwatch.operations.databases import default_target

    out = data / "backups"
    started = time.perf_counter()
    result = create_backup(out, database=default_target(), store_root=settings.ATTACHMENT_STORE_DIR)
    ours = time.perf_counter() - started
    copy = data / "plain-copy"
    started = time.perf_counter()
    copy.mkdir()
    shutil.copy2(settings.DATABASES["default"]["NAME"], copy / "db.sqlite3")
    shutil.copytree(settings.ATTACHMENT_STORE_DIR, copy / "attachments")
    plain = time.perf_counter() - started
    from groundwatch.operations.encryption import generate_key_pair

    recipient = generate_key_pair().public
    started = time.perf_counter()
    create_backup(
        data / "encrypted",
        database=default_target(),
        store_root=settings.ATTACHMENT_STORE_DIR,
        encrypt_to=recipient,
    )
    encrypted = time.perf_counter() - started
    return {
        "groundwatch": ours,
        "baseline": plain,
        "encrypted": encrypted,
        "bytes": result.database_bytes + result.attachment_bytes,
    }


def phase_extraction(data: Path, sizes: dict[str, int]) -> dict[str, Any]:
    """Articles/s of the full extraction next to spaCy's own pipeline on the same texts (bench/extraction)."""
    _django(data)
    from groundwatch.ingest.extraction import extract_text
    from groundwatch.ingest.extraction.nlp import get_nlp, get_plain_nlp

    texts = [doc["text"] for doc in json.loads((ROOT / "bench" / "extraction" / "devset.json").read_text())]
    get_nlp(), get_plain_nlp()
    for text in texts:  # warm caches (gazetteer lookups, dateparser)
        extract_text(text)
    rounds = 20 if sizes is FULL else 5
    started = time.perf_counter()
    for text in texts * rounds:
        get_plain_nlp()(text)
    plain = rounds * len(texts) / (time.perf_counter() - started)
    started = time.perf_counter()
    for text in texts * rounds:
        extract_text(text)
    full = rounds * len(texts) / (time.perf_counter() - started)
    return {"groundwatch": full, "baseline": plain, "articles": len(texts) * rounds}


def phase_api(data: Path, sizes: dict[str, int]) -> dict[str, Any]:
    _django(data)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from groundwatch.accounts.models import Mission
    from groundwatch.accounts.services import issue_api_token
    from groundwatch.core.choices import Role
    from groundwatch.tests.factories import make_member

    mission = Mission.objects.get(name="Bench mission")
    user = make_member(mission, Role.ANALYST, "bench-analyst")
    token = issue_api_token(user=user, actor=None, name="bench")
    client = Client(SERVER_NAME="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}")
    count = sizes["requests"]
    step = max(1, min(sizes["events"] - 50, 5000) // count)
    client.get(f"/api/v1/events?mission={mission.slug}&limit=50")  # warm-up: URLconf, imports, caches
    timings, queries = [], []
    for n in range(count):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(f"/api/v1/events?mission={mission.slug}&limit=50&offset={n * step}")
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content[:300]
        queries.append(len(captured.captured_queries))
    raw = []
    sql = (
        "SELECT * FROM events_event WHERE mission_id = %s AND merged_into_id IS NULL "
        "ORDER BY date_start DESC, id DESC LIMIT 50 OFFSET %s"
    )
    for n in range(count):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, [mission.pk, n * step])
            cursor.fetchall()
        raw.append(time.perf_counter() - started)
    from groundwatch.events.models import Event

    ids = list(Event.objects.filter(mission=mission).order_by("?").values_list("pk", flat=True)[:count])
    detail, detail_raw, detail_queries = [], [], []
    for pk in ids:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(f"/api/v1/events/{pk}")
            detail.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content[:300]
        detail_queries.append(len(captured.captured_queries))
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM events_event WHERE id = %s", [pk])
            cursor.fetchall()
        detail_raw.append(time.perf_counter() - started)
    return {
        "groundwatch": p95(timings) * 1000,
        "baseline": p95(raw) * 1000,
        "queries": statistics.mean(queries),
        "detail": p95(detail) * 1000,
        "detail_baseline": p95(detail_raw) * 1000,
        "detail_queries": statistics.mean(detail_queries),
    }


def phase_export(data: Path, sizes: dict[str, int]) -> dict[str, Any]:
    _django(data)
    from django.db import connection

    from groundwatch.accounts.models import Mission
    from groundwatch.operations.canonical import canonical_export

    mission = Mission.objects.get(name="Bench mission")
    started = time.perf_counter()
    exported = canonical_export(mission.pk)
    ours = time.perf_counter() - started
    started = time.perf_counter()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    with connection.cursor() as cursor:
        for table, column in (
            ("sources_report", "mission_id"),
            ("sources_attachment", "mission_id"),
            ("events_claim", "mission_id"),
            ("events_event", "mission_id"),
        ):
            cursor.execute(f"SELECT * FROM {table} WHERE {column} = %s ORDER BY id", [mission.pk])  # noqa: S608
            writer.writerows(cursor.fetchall())
        cursor.execute(
            "SELECT m.* FROM events_measure m JOIN events_event e ON e.id = m.event_id "
            "WHERE e.mission_id = %s ORDER BY m.id",
            [mission.pk],
        )
        writer.writerows(cursor.fetchall())
    raw = time.perf_counter() - started
    rows = sizes["events"]
    return {"groundwatch": rows / ours, "baseline": rows / raw, "bytes": len(exported)}


def phase_aggregates(data: Path, sizes: dict[str, int]) -> dict[str, Any]:
    """Dashboard key figures and map cells, p95 against raw SQL computing the same numbers (bench/aggregates.py)."""
    _django(data)
    from bench.aggregates import measure
    from groundwatch.accounts.models import Mission

    return measure(Mission.objects.get(name="Bench mission").pk, repeat=20)


def phase_outputs(data: Path, sizes: dict[str, int]) -> dict[str, Any]:
    """Streamed ACLED/HXL/GeoJSON exports against one raw SQL query per format written by csv.writer
    (json.dumps for GeoJSON): same events, order and columns (bench/outputs.py, ``raw_rows``)."""
    _django(data)
    from bench.outputs import measure_exports
    from groundwatch.accounts.models import Mission

    return measure_exports(Mission.objects.get(name="Bench mission").pk)


def phase_openrosa(data: Path, sizes: dict[str, int]) -> dict[str, Any]:
    """10 ODK-Collect-shaped clients against `groundwatch serve` (bench/openrosa.py), next to GET /healthz."""
    from bench.openrosa import measure

    result = measure(data / "openrosa", clients=10, seconds=30 if sizes is FULL else 20)
    ours, base = result["submissions"], result["baseline_healthz"]
    return {
        "groundwatch": ours["per_s"],
        "baseline": base["per_s"],
        "p95_ms": ours["p95_ms"],
        "baseline_p95_ms": base["p95_ms"],
        "errors": ours["errors"],
        "queries": result["queries_per_submission"],
        "server_cpu_ms": result["server_cpu_ms_per_submission"],
    }


PHASES = {
    "prepare": phase_prepare,
    "acled": phase_acled,
    "backup": phase_backup,
    "extraction": phase_extraction,
    "api": phase_api,
    "export": phase_export,
    "openrosa": phase_openrosa,
    "aggregates": phase_aggregates,
    "outputs": phase_outputs,
}


def run_phase(name: str, data: Path, full: bool) -> dict[str, Any]:
    command = [sys.executable, __file__, "--phase", name, "--data-dir", str(data)] + (
        ["--full"] if full else []
    )
    finished = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - this script
    if finished.returncode != 0:
        raise SystemExit(f"bench phase {name} failed:\n{finished.stderr[-4000:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def table(results: dict[str, dict[str, Any]], sizes: dict[str, int]) -> list[dict[str, Any]]:
    a, b, api, e = results["acled"], results["backup"], results["api"], results["export"]
    return [
        {
            "figure": f"ACLED import, rows/s ({sizes['acled_rows']:,} rows)",
            "groundwatch": a["groundwatch"],
            "baseline": a["baseline"],
            "baseline_is": "raw executemany, bare table",
            "peak_mb": a["peak_mb"],
        },
        {
            "figure": f"backup, s ({b['bytes'] / 1e6:,.0f} MB)",
            "groundwatch": b["groundwatch"],
            "baseline": b["baseline"],
            "baseline_is": "plain file copy (not consistent)",
            "peak_mb": b["peak_mb"],
        },
        {
            "figure": "backup encrypted (--encrypt-to), s",
            "groundwatch": b["encrypted"],
            "baseline": b["groundwatch"],
            "baseline_is": "the same backup, unencrypted",
            "peak_mb": b["peak_mb"],
        },
        {
            "figure": f"extraction, articles/s ({results['extraction']['articles']} articles)",
            "groundwatch": results["extraction"]["groundwatch"],
            "baseline": results["extraction"]["baseline"],
            "baseline_is": "spaCy en_core_web_sm alone",
            "peak_mb": results["extraction"]["peak_mb"],
        },
        {
            "figure": "API event list p95, ms (limit 50)",
            "groundwatch": api["groundwatch"],
            "baseline": api["baseline"],
            "baseline_is": "raw SQL, same page",
            "peak_mb": api["peak_mb"],
        },
        {
            "figure": "API SQL queries per request",
            "groundwatch": api["queries"],
            "baseline": 1,
            "baseline_is": "one SELECT",
            "peak_mb": api["peak_mb"],
        },
        {
            "figure": "API event detail p95, ms",
            "groundwatch": api["detail"],
            "baseline": api["detail_baseline"],
            "baseline_is": "raw SQL, the event row",
            "peak_mb": api["peak_mb"],
        },
        {
            "figure": "API event detail SQL queries per request",
            "groundwatch": api["detail_queries"],
            "baseline": 1,
            "baseline_is": "one SELECT",
            "peak_mb": api["peak_mb"],
        },
        {
            # The canonical JSON dump that backup/restore compare (every record, sorted, hashed), not a user export.
            "figure": f"canonical mission dump (backup check), events/s ({sizes['events']:,} events)",
            "groundwatch": e["groundwatch"],
            "baseline": e["baseline"],
            "baseline_is": "raw SELECT * + csv.writer, 5 tables",
            "peak_mb": e["peak_mb"],
        },
        *(
            {
                "figure": f"{label} export, s ({sizes['events']:,} events)",
                "groundwatch": results["outputs"]["seconds"][f"{name}_export"],
                "baseline": results["outputs"]["seconds"][baseline],
                "baseline_is": f"raw SQL + {writer}, same rows",
                "peak_mb": results["outputs"]["peak_mb"],
            }
            for name, label, baseline, writer in (
                ("acled", "ACLED CSV", "acled_raw_sql_csv_writer", "csv.writer"),
                ("hxl", "HXL CSV", "hxl_raw_sql_csv_writer", "csv.writer"),
                ("geojson", "GeoJSON", "geojson_raw_sql_json_dumps", "json.dumps"),
            )
        ),
        *(
            {
                "figure": f"{label} p95, s ({results['aggregates']['events']:,} events)",
                "groundwatch": results["aggregates"]["p95_seconds"][name],
                "baseline": results["aggregates"]["p95_seconds"][f"{name}_raw_sql"],
                "baseline_is": "raw SQL, same numbers",
                "peak_mb": results["aggregates"]["peak_mb"],
            }
            for name, label in (("dashboard", "dashboard key figures"), ("map_zoom6", "map cells, zoom 6"))
        ),
        {
            "figure": "OpenRosa submissions/s (10 clients)",
            "groundwatch": results["openrosa"]["groundwatch"],
            "baseline": results["openrosa"]["baseline"],
            "baseline_is": "GET /healthz, same clients",
            "peak_mb": results["openrosa"]["peak_mb"],
        },
        {
            "figure": "OpenRosa submission p95, ms",
            "groundwatch": results["openrosa"]["p95_ms"],
            "baseline": results["openrosa"]["baseline_p95_ms"],
            "baseline_is": "GET /healthz p95, same clients",
            "peak_mb": results["openrosa"]["peak_mb"],
        },
        {
            "figure": "data generator, events/s",
            "groundwatch": results["prepare"]["generate_events_per_s"],
            "baseline": None,
            "baseline_is": "-",
            "peak_mb": results["prepare"]["peak_mb"],
        },
    ]


def _number(value: float) -> str:
    """Thousands with one decimal; small figures (seconds, milliseconds) with three significant digits."""
    return f"{value:,.1f}" if abs(value) >= 100 or value == 0 else f"{value:.3g}"


def render(rows: list[dict[str, Any]]) -> str:
    """A Markdown table whose columns fit the longest cell, so it reads aligned as plain text too."""
    header = ("figure", "groundwatch", "baseline", "ratio", "baseline is", "peak MB")
    right = (False, True, True, True, False, True)
    cells = [header]
    for row in rows:
        ours, base = row["groundwatch"], row["baseline"]
        cells.append(
            (
                row["figure"],
                _number(ours),
                _number(base) if base is not None else "-",
                f"{ours / base:.2f}" if base else "-",
                row["baseline_is"],
                f"{row['peak_mb']:,.0f}",
            )
        )
    widths = [max(len(line[column]) for line in cells) for column in range(len(header))]

    def line(values: tuple[str, ...]) -> str:
        padded = [
            value.rjust(width) if is_right else value.ljust(width)
            for value, width, is_right in zip(values, widths, right, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|" + "|".join("-" * (w + 1) + (":" if r else "-") for w, r in zip(widths, right, strict=True)) + "|"
    )
    return "\n".join([line(cells[0]), rule, *(line(values) for values in cells[1:])])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--json", type=Path, help="where to write the results (default bench/results/)")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    sizes = FULL if options.full else QUICK
    if options.phase:
        outcome = PHASES[options.phase](options.data_dir, sizes)
        print(json.dumps({**outcome, "peak_mb": peak_mb()}))
        return 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gw-bench-") as temp:
        data = Path(temp)
        results = {name: run_phase(name, data, options.full) for name in PHASES}
    rows = table(results, sizes)
    print(render(rows))
    print(
        f"({'full' if options.full else 'quick'} set, SQLite, {os.cpu_count()} cores, "
        f"{time.perf_counter() - started:,.0f} s)"
    )
    out = options.json or ROOT / "bench" / "results" / f"bench-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"sizes": sizes, "rows": rows, "phases": results}, indent=1, default=str))
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
