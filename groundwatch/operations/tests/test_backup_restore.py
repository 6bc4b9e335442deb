"""Backup while a writer writes, restore into an empty place, and get back exactly what was saved."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from groundwatch.operations.backup import create_backup, iter_store
from groundwatch.operations.databases import DatabaseTarget, OperationFailed
from groundwatch.operations.restore import restore_files, verify_backup
from groundwatch.operations.tests.support import (
    environment,
    groundwatch,
    migrated_database,
    on_postgresql,
    python_module,
    scratch_postgres_database,
    wait_for,
)


@pytest.fixture
def source(transactional_db, tmp_path) -> Iterator[tuple[dict[str, str], DatabaseTarget]]:
    """A migrated, empty database of the suite's engine, as a live groundwatch would have it."""
    with migrated_database(tmp_path, "src") as (env, target):
        yield env, target


@pytest.fixture
def destination(tmp_path) -> Iterator[dict[str, str]]:
    data_dir = tmp_path / "restored"
    if not on_postgresql():
        yield environment(data_dir)
        return
    with scratch_postgres_database(f"gw_ops_dst_{os.getpid()}") as url:
        yield environment(data_dir, url)


def _lines(path: Path) -> list[int]:
    return [int(line) for line in path.read_text().split()] if path.exists() else []


def test_restored_backup_taken_during_writes_is_identical_to_the_source(source, destination, tmp_path):
    env, database = source
    state = tmp_path / "state"
    state.mkdir()
    writer = python_module(
        "groundwatch.operations.scenario", "seed-and-write", "--state", str(state), env=env
    )
    try:
        wait_for(lambda: len(_lines(state / "written.txt")) >= 5, timeout=90, process=writer)
        written_before = len(_lines(state / "written.txt"))
        backup = create_backup(
            tmp_path / "backups",
            database=database,
            store_root=Path(env["GROUNDWATCH_DATA_DIR"]) / "attachments",
        )
        wait_for(lambda: len(_lines(state / "written.txt")) >= written_before + 5, timeout=30, process=writer)
    finally:
        (state / "stop").touch()
        writer.wait(timeout=30)
    assert writer.returncode == 0, writer.stdout.read() if writer.stdout else ""
    assert verify_backup(backup.path).is_intact

    restored = groundwatch("restore", str(backup.path), env=destination)
    assert restored.returncode == 0, restored.stderr + restored.stdout
    assert "Verified:" in restored.stdout

    missions = json.loads((state / "missions.json").read_text())
    out = tmp_path / "exports"
    exported = groundwatch(
        "export_canonical", str(missions["quiet"]), str(missions["live"]), "--out", str(out), env=destination
    )
    assert exported.returncode == 0, exported.stderr
    assert (out / f"mission-{missions['quiet']}.json").read_bytes() == (
        state / "source-export.json"
    ).read_bytes()

    # The live mission is restored as a consistent prefix of what the writer had been told was saved.
    live = json.loads((out / f"mission-{missions['live']}.json").read_text())
    written = _lines(state / "written.txt")
    live_ids = sorted(row["id"] for row in live["reports"] if row["text"].startswith("Live report"))
    assert written_before <= len(live_ids) < len(written)
    assert live_ids == written[: len(live_ids)]

    store = Path(destination["GROUNDWATCH_DATA_DIR"]) / "attachments"
    files = list(iter_store(store))
    assert {path.name for path in files} >= {row["sha256"] for row in live["attachments"]}
    assert all(hashlib.sha256(path.read_bytes()).hexdigest() == path.name for path in files)


def test_restore_refuses_a_damaged_backup(tmp_path):
    store = tmp_path / "store" / "ab" / "cd"
    store.mkdir(parents=True)
    content = b"witness statement"
    digest = hashlib.sha256(content).hexdigest()
    (tmp_path / "store" / digest[:2] / digest[2:4]).mkdir(parents=True, exist_ok=True)
    (tmp_path / "store" / digest[:2] / digest[2:4] / digest).write_bytes(content)
    database = tmp_path / "db.sqlite3"
    sqlite3.connect(database).execute("CREATE TABLE t (x)").connection.commit()
    backup = create_backup(
        tmp_path / "out", database=DatabaseTarget("sqlite", str(database)), store_root=tmp_path / "store"
    )
    assert verify_backup(backup.path).is_intact
    damaged = backup.path / "attachments" / digest[:2] / digest[2:4] / digest
    damaged.write_bytes(b"tampered")
    assert not verify_backup(backup.path).is_intact
    target = DatabaseTarget("sqlite", str(tmp_path / "restored" / "db.sqlite3"))
    with pytest.raises(OperationFailed, match="damaged"):
        restore_files(backup.path, database=target, store_root=tmp_path / "restored" / "attachments")
    assert not (tmp_path / "restored" / "db.sqlite3").exists()


def test_restore_refuses_to_overwrite_an_existing_database(tmp_path):
    database = tmp_path / "db.sqlite3"
    sqlite3.connect(database).execute("CREATE TABLE t (x)").connection.commit()
    backup = create_backup(
        tmp_path / "out", database=DatabaseTarget("sqlite", str(database)), store_root=tmp_path / "none"
    )
    with pytest.raises(OperationFailed, match="already exists"):
        restore_files(
            backup.path, database=DatabaseTarget("sqlite", str(database)), store_root=tmp_path / "s"
        )
    manifest = json.loads((backup.path / "manifest.json").read_text())
    assert manifest["includes_field_keys"] is False
