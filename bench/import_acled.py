"""ACLED import rate against a raw ``executemany`` of the same rows into a bare SQLite table.

    .venv/bin/python bench/import_acled.py [--rows 50000] [--batch-size 2000]   (--rows 1000000 for the full run)

Both sides read the same generated CSV file in the same process; the raw side inserts each row's 31
cells into one bare table, groundwatch writes a Claim, an Event, its Measures, actor roles, Evidence
and the upsert record per row (with the ledger and audit per batch). Prints a table and the ratio.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def raw_executemany(data_file: Path, database: Path, batch_size: int) -> float:
    started = time.perf_counter()
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    with data_file.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        columns = ", ".join(f'"{name}" TEXT' for name in header)
        connection.execute(f"CREATE TABLE acled ({columns})")
        marks = ", ".join("?" * len(header))
        batch: list[list[str]] = []
        for row in reader:
            batch.append(row)
            if len(batch) == batch_size:
                connection.execute("BEGIN IMMEDIATE")
                connection.executemany(f"INSERT INTO acled VALUES ({marks})", batch)  # noqa: S608
                connection.execute("COMMIT")
                batch = []
        if batch:
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany(f"INSERT INTO acled VALUES ({marks})", batch)  # noqa: S608
            connection.execute("COMMIT")
    connection.close()
    return time.perf_counter() - started


def groundwatch_import(data_file: Path, batch_size: int) -> tuple[float, int]:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, skip_checks=True)
    from groundwatch.ingest.files.pipelines import ACLED
    from groundwatch.ingest.imports import run_import
    from groundwatch.tests.factories import make_mission

    mission = make_mission("Benchmark", slug="bench")
    started = time.perf_counter()
    run = run_import(
        mission=mission,
        actor=None,
        path=data_file,
        pipeline=ACLED,
        format="acled",
        accept=True,
        batch_size=batch_size,
    )
    return time.perf_counter() - started, run.rows_created


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--batch-size", type=int, default=2000)
    options = parser.parse_args()
    from bench.acled_rows import write_csv

    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        os.environ.pop("DATABASE_URL", None)
        os.environ.update(
            GROUNDWATCH_DATA_DIR=str(work / "data"), DJANGO_SETTINGS_MODULE="groundwatch.settings"
        )
        data_file = write_csv(work / "acled.csv", options.rows)
        raw_seconds = raw_executemany(data_file, work / "raw.sqlite3", options.batch_size)
        import_seconds, created = groundwatch_import(data_file, options.batch_size)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    raw_rate, import_rate = options.rows / raw_seconds, options.rows / import_seconds
    print(f"{'':28} {'rows':>10} {'seconds':>9} {'rows/s':>10}")
    print(f"{'raw executemany (SQLite)':28} {options.rows:>10,} {raw_seconds:>9.2f} {raw_rate:>10,.0f}")
    print(f"{'groundwatch import (SQLite)':28} {created:>10,} {import_seconds:>9.2f} {import_rate:>10,.0f}")
    print(f"ratio import/raw: {import_rate / raw_rate:.1%}   peak memory (whole process): {peak_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
