"""At rest: canaries in every protected field never reach the database files, a PostgreSQL dump or the logs.

Protected persons are seeded in a separate process (``seed_canaries.py``) against a file database, with
every logger at DEBUG. Pages, API answers and error pages are covered by the authorization matrix: it fails
if a protected person's canary appears in any response, for any persona. A flipped ciphertext bit failing
loudly is tested in ``groundwatch/protection/tests`` (not repeated here).
"""

# ruff: noqa: S603, S607  (fixed argument lists of our own commands and the PostgreSQL tools; no outside input)
from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from groundwatch.protection.choices import ENCRYPTED_FIELDS
from groundwatch.tests.security.summary import count

ROOT = Path(__file__).resolve().parents[3]
PG_SERVER = os.environ.get("GROUNDWATCH_TEST_PG", "postgres://postgres@127.0.0.1:5432")


def _seed(env: dict[str, str], workdir: Path) -> tuple[str, Path, Path]:
    canary = f"CANARYATREST{secrets.token_hex(6).upper()}"
    log_file, snapshot = workdir / "debug.log", workdir / "snapshot"
    snapshot.mkdir()
    environment = {**os.environ, **env, "GROUNDWATCH_LOG_LEVEL": "DEBUG"}
    if "DATABASE_URL" not in env:
        environment.pop("DATABASE_URL", None)  # the SQLite check needs a file database, even in the PG run
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "groundwatch.tests.security.seed_canaries",
            canary,
            str(log_file),
            str(snapshot),
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"seeded {len(ENCRYPTED_FIELDS)} fields" in done.stdout
    return canary, log_file, snapshot


def _holders(canary: str, files: list[Path]) -> list[str]:
    needle = canary.encode()
    return [file.name for file in files if needle in file.read_bytes()]


def test_sqlite_files_and_debug_logs_hold_no_protected_value(tmp_path: Path) -> None:
    data = tmp_path / "data"
    canary, log_file, snapshot = _seed({"GROUNDWATCH_DATA_DIR": str(data)}, tmp_path)
    files = [*snapshot.iterdir(), *[p for p in data.rglob("*") if p.is_file()], log_file]
    names = {file.name for file in files}
    assert "groundwatch.sqlite3-wal" in names, f"the write-ahead log was not caught: {sorted(names)}"
    assert log_file.stat().st_size > 0 and b"INSERT" in log_file.read_bytes(), "the SQL was not logged"
    found = _holders(canary, files)
    count("at_rest", canaries=len(ENCRYPTED_FIELDS), places=len(files), found=len(found))
    assert not found, f"protected values in plain text in: {found}"


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_a_postgresql_dump_holds_no_protected_value(tmp_path: Path) -> None:
    psql = shutil.which("psql")
    name = f"gw_canary_{secrets.token_hex(3)}"
    create = subprocess.run(
        [psql or "psql", f"{PG_SERVER}/postgres", "-qc", f"CREATE DATABASE {name}"],
        capture_output=True,
        check=False,
    )
    if create.returncode != 0:
        pytest.skip(f"no PostgreSQL server at {PG_SERVER}: {create.stderr.decode()[:200]}")
    try:
        env = {"DATABASE_URL": f"{PG_SERVER}/{name}", "GROUNDWATCH_DATA_DIR": str(tmp_path / "data")}
        canary, log_file, _ = _seed(env, tmp_path)
        dump = tmp_path / "dump.sql"
        subprocess.run(["pg_dump", "-f", str(dump), f"{PG_SERVER}/{name}"], check=True, timeout=120)
        assert b"protectedperson" in dump.read_bytes(), "the dump lacks the protected persons table"
        found = _holders(canary, [dump, log_file])
        count("at_rest", canaries=len(ENCRYPTED_FIELDS), places=2, found=len(found))
        assert not found, f"protected values in plain text in: {found}"
    finally:
        subprocess.run(
            [psql or "psql", f"{PG_SERVER}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"], check=False
        )
