"""ACLED import rate against a raw bulk load of the same rows into a bare table, on SQLite and PostgreSQL.

    .venv/bin/python bench/import_acled.py [--rows 50000] [--batch-size 5000] [--engines sqlite,postgresql]
    (--rows 1000000 for the full run; PostgreSQL uses BENCH_POSTGRES_URL, default
    postgres://postgres@127.0.0.1:5432/gw_bench_h3, dropped and created afresh)

Both sides read the same generated CSV file, in batches of the same size, one transaction per batch:

* baseline: each row's 31 cells into one bare table with no index — ``executemany`` on SQLite (WAL,
  synchronous=FULL, as groundwatch runs), ``COPY`` (psycopg 3 ``cursor.copy``) on PostgreSQL;
* groundwatch: the import path (``run_import``): parse and check each row, then per row a Claim, an Event,
  its Measures (fatalities), actor roles, the Evidence link and the upsert record, plus per batch the
  ledger row, the run's counters and an audit record.

Each engine runs in its own child process so its peak memory (VmHWM) is its own. Prints a table with the
ratio import/baseline, the peak memory, and the share of the import's time spent reading, checking and
hashing rows (timed again on its own) against the rest (writing: building rows, the database, the ledger),
and the SQL floor: the database alone writing the rows the import wrote (``sql_floor_seconds``), so the
ratio's ceiling for this data model is measured in the same run.
"""

# Runs our own interpreter with our own arguments only.
# ruff: noqa: S603

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/gw_bench_h3"
ENGINES = ("sqlite", "postgresql")
BATCH_SIZE = 5000  # the importer's default (groundwatch.ingest.imports.DEFAULT_BATCH_SIZE)


def _batches(data_file: Path, batch_size: int) -> Any:
    with data_file.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        yield next(reader)
        batch: list[list[str]] = []
        for row in reader:
            batch.append(row)
            if len(batch) == batch_size:
                yield batch
                batch = []
        if batch:
            yield batch


def raw_executemany(data_file: Path, database: Path, batch_size: int) -> float:
    """Seconds to load the file's rows into a bare SQLite table with ``executemany``."""
    started = time.perf_counter()
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    batches = _batches(data_file, batch_size)
    header = next(batches)
    columns = ", ".join(f'"{name}" TEXT' for name in header)
    connection.execute(f"CREATE TABLE acled ({columns})")
    marks = ", ".join("?" * len(header))
    for batch in batches:
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(f"INSERT INTO acled VALUES ({marks})", batch)  # noqa: S608
        connection.execute("COMMIT")
    connection.close()
    return time.perf_counter() - started


def raw_copy(data_file: Path, url: str, batch_size: int) -> float:
    """Seconds to load the file's rows into a bare PostgreSQL table with ``COPY``."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(url) as connection:
        batches = _batches(data_file, batch_size)
        header = next(batches)
        columns = ", ".join(f'"{name}" text' for name in header)
        connection.execute("DROP TABLE IF EXISTS bench_acled_raw")
        connection.execute(f"CREATE TABLE bench_acled_raw ({columns})")
        connection.commit()
        for batch in batches:
            with connection.cursor() as cursor, cursor.copy("COPY bench_acled_raw FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(row)
            connection.commit()
    return time.perf_counter() - started


def fresh_postgres(url: str) -> None:
    """Drop and create the benchmark database named in ``url``."""
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def groundwatch_import(data_file: Path, batch_size: int) -> tuple[float, int]:
    """Seconds for ``run_import`` of the file (database from the environment), and rows created."""
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


def peak_mb() -> float:
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(engine: str, data_file: Path, work: Path, batch_size: int) -> dict[str, Any]:
    """One engine, in this (child) process: the baseline, then the import."""
    os.environ.update(GROUNDWATCH_DATA_DIR=str(work / "data"), DJANGO_SETTINGS_MODULE="groundwatch.settings")
    # The imported file is kept whole as its Report's attachment, under GROUNDWATCH_IMPORT_MAX_BYTES (2 GiB):
    # 1,000,000 rows are about 450 MB.
    if engine == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        baseline = raw_executemany(data_file, work / "raw.sqlite3", batch_size)
    else:
        url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
        fresh_postgres(url)
        os.environ["DATABASE_URL"] = url
        baseline = raw_copy(data_file, url, batch_size)
    seconds, created = groundwatch_import(data_file, batch_size)
    memory = peak_mb()  # before the floor's copies
    return {
        "baseline": baseline,
        "import": seconds,
        "created": created,
        "parse": parse_seconds(data_file),
        "floor": sql_floor_seconds(),
        "peak_mb": memory,
    }


# What an import writes per row, in the order its foreign keys need.
WRITTEN = (
    "events_claim",
    "events_event",
    "events_measure",
    "events_eventactor",
    "events_evidence",
    "ingest_importedrecord",
)


def sql_floor_seconds() -> float:
    """Seconds the database alone takes to write the rows the import wrote: no Python, no parsing.

    The rows of the finished import are copied aside, deleted, and inserted again in one transaction with
    ``INSERT … SELECT`` into the same tables (every index, unique constraint and foreign-key check) —
    the cost of the data model, which no importer, however fast its Python, can go under.
    """
    from django.db import connection, transaction

    quote = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for table in WRITTEN:
            cursor.execute(f"CREATE TABLE {quote('floor_' + table)} AS SELECT * FROM {quote(table)}")  # noqa: S608
        # Deleting only: foreign keys are off while the rows are taken out, and back on to put them in.
        cursor.execute("SET session_replication_role = replica" if postgres else "PRAGMA foreign_keys = OFF")
        for table in reversed(WRITTEN):
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
        cursor.execute("SET session_replication_role = DEFAULT" if postgres else "PRAGMA foreign_keys = ON")
        if postgres:  # the deleted rows' dead tuples and index entries must not slow the floor down
            for table in WRITTEN:
                cursor.execute(f"VACUUM ANALYZE {quote(table)}")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table in WRITTEN:
            cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {quote('floor_' + table)}")  # noqa: S608
    return time.perf_counter() - started


def parse_seconds(data_file: Path) -> float:
    """Seconds the import spends reading, checking and hashing rows, without the database (the breakdown)."""
    from groundwatch.ingest.files.pipelines import ACLED

    started = time.perf_counter()
    for result in ACLED.rows(data_file):
        result.sha256  # noqa: B018 - the row hash is part of the work
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--engine", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--data-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.engine:
        print(json.dumps(measure(options.engine, options.data_file, options.work, options.batch_size)))
        return 0
    from bench.acled_rows import write_csv

    results = {}
    with tempfile.TemporaryDirectory(prefix="gw-acled-") as temp:
        data_file = write_csv(Path(temp) / "acled.csv", options.rows)
        for engine in options.engines.split(","):
            work = Path(temp) / engine
            work.mkdir()
            command = [sys.executable, __file__, "--engine", engine, "--data-file", str(data_file)]
            command += ["--work", str(work), "--batch-size", str(options.batch_size)]
            finished = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
            if finished.returncode != 0:
                print(f"{engine}: failed\n{finished.stderr[-3000:]}", file=sys.stderr)
                return 1
            results[engine] = json.loads(finished.stdout.strip().splitlines()[-1])
    print(f"{options.rows:,} rows, batches of {options.batch_size:,}, {os.cpu_count()} cores")
    print(
        f"{'':30} {'rows/s':>10} {'baseline':>26} {'rows/s':>10} {'ratio':>7} {'peak MB':>8} "
        f"{'read+check':>10} {'write':>6} {'SQL floor':>10} {'ceiling':>8}"
    )
    for engine, result in results.items():
        ours, base = options.rows / result["import"], options.rows / result["baseline"]
        what = "raw executemany, bare table" if engine == "sqlite" else "raw COPY, bare table"
        print(
            f"{'groundwatch import (' + engine + ')':30} {ours:>10,.0f} {what:>26} {base:>10,.0f} "
            f"{ours / base:>7.1%} {result['peak_mb']:>8,.0f} {result['parse'] / result['import']:>10.0%} "
            f"{1 - result['parse'] / result['import']:>6.0%} {result['floor']:>9.2f}s "
            f"{result['baseline'] / result['floor']:>8.1%}"
        )
        if result["created"] != options.rows:
            print(f"  ({engine}: created {result['created']:,} of {options.rows:,} rows)")
    print(
        "SQL floor: the database alone writing the import's own rows again (INSERT ... SELECT into the same "
        "tables,\nevery index and foreign key; no Python). ceiling: the best ratio any importer could reach, "
        "baseline / floor."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
