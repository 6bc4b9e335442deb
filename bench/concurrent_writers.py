"""Concurrent writers on one SQLite database: submitters, an ACLED import and dashboard readers at once.

    .venv/bin/python bench/concurrent_writers.py [--seconds 60] [--processes 2] [--submitters 3] [--readers 2]

Several processes, each with submitter threads recording reports (with an attachment) through the
service, one ACLED import (batched transactions) and reader threads running dashboard-like aggregates.
At the end every write a submitter was told succeeded is looked up again. Exits 1 on any lost write or
any error reaching a caller ("database is locked" included). The normal test suite runs a short version
(groundwatch/operations/tests/test_concurrent_writers.py).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _setup(data_dir: Path) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ["GROUNDWATCH_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "groundwatch.settings"
    import django

    django.setup()


def _error(error: BaseException) -> str:
    return f"{type(error).__name__}: {str(error)[:200]}"


def submitter(mission_id: int, until: float, acknowledged: list[int], errors: list[str], tag: str) -> None:
    from django.db import connection

    from groundwatch.accounts.models import Mission
    from groundwatch.sources.services import IncomingFile, record_report

    mission = Mission.objects.get(pk=mission_id)
    number = 0
    while time.monotonic() < until:
        try:
            report = record_report(
                mission=mission,
                actor=None,
                channel="field_note",
                text=f"{tag} report {number}: checkpoint quiet, two patrols seen.",
                files=[IncomingFile(name=f"{tag}-{number}.txt", chunks=[f"{tag} {number}".encode()])],
            )
            acknowledged.append(report.pk)
        except Exception as error:  # every error that reaches a caller is counted
            errors.append(_error(error))
        number += 1
    connection.close()


def reader(mission_id: int, until: float, counter: list[int], errors: list[str]) -> None:
    from django.db import connection
    from django.db.models import Count

    from groundwatch.events.models import Event
    from groundwatch.sources.models import Report

    while time.monotonic() < until:
        try:
            list(Event.objects.filter(mission_id=mission_id).values("event_type").annotate(n=Count("id")))
            Report.objects.filter(mission_id=mission_id).count()
            list(Report.objects.filter(mission_id=mission_id).order_by("-received_at")[:50])
            counter.append(1)
        except Exception as error:
            errors.append(_error(error))
    connection.close()


def importer(mission_id: int, csv_path: Path, result: dict[str, Any], errors: list[str]) -> None:
    from django.db import connection

    from groundwatch.accounts.models import Mission
    from groundwatch.ingest.files.pipelines import ACLED
    from groundwatch.ingest.imports import run_import

    try:
        run = run_import(
            mission=Mission.objects.get(pk=mission_id),
            actor=None,
            path=csv_path,
            pipeline=ACLED,
            format="acled",
            accept=True,
            batch_size=200,
        )
        result.update(run_id=run.pk, rows_created=run.rows_created)
    except Exception as error:
        errors.append(_error(error))
    connection.close()


def worker(options: argparse.Namespace) -> int:
    _setup(options.data_dir)
    until = time.monotonic() + options.seconds
    acknowledged: list[int] = []
    errors: list[str] = []
    reads: list[int] = []
    imported: dict[str, Any] = {}
    threads = [
        threading.Thread(
            target=submitter, args=(options.mission, until, acknowledged, errors, f"p{options.worker}t{n}")
        )
        for n in range(options.submitters)
    ]
    threads += [
        threading.Thread(target=reader, args=(options.mission, until, reads, errors))
        for _ in range(options.readers)
    ]
    if options.csv:
        threads.append(
            threading.Thread(target=importer, args=(options.mission, options.csv, imported, errors))
        )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome = {"acknowledged": acknowledged, "errors": errors, "reads": len(reads), "import": imported}
    options.result.write_text(json.dumps(outcome))
    return 0


def prepare(data_dir: Path, import_rows: int) -> tuple[int, Path]:
    _setup(data_dir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    from bench.acled_rows import write_csv
    from groundwatch.tests.factories import make_mission

    mission = make_mission(f"Concurrency {time.time_ns()}")
    return mission.pk, write_csv(data_dir / "acled.csv", import_rows)


def verify(mission_id: int, outcomes: list[dict[str, Any]], import_rows: int) -> dict[str, Any]:
    from groundwatch.audit.services import verify_chain
    from groundwatch.sources.models import Report

    acknowledged = [pk for outcome in outcomes for pk in outcome["acknowledged"]]
    found = set(
        Report.objects.filter(pk__in=acknowledged, mission_id=mission_id).values_list("pk", flat=True)
    )
    errors = [error for outcome in outcomes for error in outcome["errors"]]
    imported = next((outcome["import"] for outcome in outcomes if outcome["import"]), {})
    return {
        "acknowledged_writes": len(acknowledged),
        "lost_writes": len(set(acknowledged) - found),
        "errors": errors,
        "locked_errors": sum("locked" in error for error in errors),
        "reads": sum(outcome["reads"] for outcome in outcomes),
        "import_rows_created": imported.get("rows_created", 0),
        "import_rows_expected": import_rows,
        "audit_chain_intact": verify_chain().is_intact,
    }


def run(options: argparse.Namespace) -> dict[str, Any]:
    mission_id, csv_path = prepare(options.data_dir, options.import_rows)
    processes = []
    for number in range(options.processes):
        result = options.data_dir / f"worker-{number}.json"
        command = [sys.executable, __file__, "--worker", str(number), "--mission", str(mission_id)]
        command += ["--data-dir", str(options.data_dir), "--seconds", str(options.seconds)]
        command += ["--submitters", str(options.submitters), "--readers", str(options.readers)]
        command += ["--result", str(result)] + (["--csv", str(csv_path)] if number == 0 else [])
        processes.append((subprocess.Popen(command), result))  # noqa: S603 - this script, our arguments
    outcomes = []
    for process, result in processes:
        if process.wait() != 0:
            raise SystemExit(f"worker process failed with {process.returncode}")
        outcomes.append(json.loads(result.read_text()))
    return verify(mission_id, outcomes, options.import_rows)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--submitters", type=int, default=3, help="submitter threads per process")
    parser.add_argument("--readers", type=int, default=2, help="reader threads per process")
    parser.add_argument("--import-rows", type=int, default=2000)
    parser.add_argument("--data-dir", type=Path, help="data folder (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--mission", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker is not None:
        return worker(options)
    with tempfile.TemporaryDirectory() as temp:
        options.data_dir = options.data_dir or Path(temp)
        summary = run(options)
    print(json.dumps(summary, indent=1))
    if options.json:
        options.json.write_text(json.dumps(summary, indent=1))
    failed = summary["lost_writes"] or summary["errors"]
    failed = failed or summary["import_rows_created"] != summary["import_rows_expected"]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
