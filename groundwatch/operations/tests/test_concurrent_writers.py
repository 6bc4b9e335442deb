"""SQLite for real use: submitters, an import and dashboard readers at once lose nothing and see no lock."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from groundwatch.operations.tests.support import environment, on_postgresql

BENCH = Path(__file__).resolve().parents[3] / "bench" / "concurrent_writers.py"


@pytest.mark.skipif(on_postgresql(), reason="the SQLite locking behaviour; PostgreSQL has row locks")
def test_concurrent_submitters_import_and_readers_lose_no_write_and_never_see_a_lock(
    transactional_db, tmp_path
):
    connection.ensure_connection()
    copy = sqlite3.connect(tmp_path / "groundwatch.sqlite3")
    connection.connection.backup(copy)  # start from the suite's migrated database: no 7 s migrate
    copy.execute("PRAGMA journal_mode=WAL")
    copy.close()
    command = [sys.executable, str(BENCH), "--seconds", "8", "--processes", "2", "--submitters", "3"]
    command += ["--readers", "2", "--import-rows", "600", "--data-dir", str(tmp_path)]
    command += ["--json", str(tmp_path / "summary.json")]
    finished = subprocess.run(  # noqa: S603 - our own bench script
        command, env=environment(tmp_path), capture_output=True, text=True, timeout=120, check=False
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["acknowledged_writes"] > 20
    assert summary["lost_writes"] == 0
    assert summary["errors"] == []
    assert summary["import_rows_created"] == 600
    assert summary["reads"] > 0
    assert summary["audit_chain_intact"]  # several processes appended to one chain without forking it
