"""Online backups: a consistent database snapshot, the attachment store, and a manifest of SHA-256s.

Consistency while writers run:
* SQLite is copied with the online backup API in one step, i.e. inside one read transaction: writers go on
  (WAL), the copy is the database as of the moment the step began.
* PostgreSQL is dumped with ``pg_dump --format=custom``, which reads one repeatable-read snapshot.
* Attachments are written to the store (fsynced, atomically renamed) *before* the transaction that
  records them commits, and never change afterwards. So every file the snapshot refers to already exists
  when the database copy is done; copying the store *after* the database gives a superset of what the
  snapshot needs. Files whose content does not match their name are reported, not copied silently.

The field-key file (``GROUNDWATCH_FIELD_KEY_FILE``) and the secret key are deliberately not included:
a stolen backup must not carry the keys that decrypt protected persons' fields. Back them up apart.

With ``encrypt_to`` the whole backup (manifest included) is sealed for a backup public key; see
``encryption.py`` for the format.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from groundwatch.operations.databases import DatabaseTarget, OperationFailed
from groundwatch.operations.encryption import SUFFIX, PublicKey, encrypt_folder

FORMAT = "groundwatch-backup/1"
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
ATTACHMENTS = "attachments"
CHUNK = 1024 * 1024

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BackupResult:
    path: Path
    attachments: int
    attachment_bytes: int
    database_bytes: int
    seconds: float
    encrypted_for: str = ""  # the backup key id, when the backup is one encrypted file


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_hashed(source: Path, destination: Path) -> str:
    """Copy a file and return the SHA-256 of the bytes actually written."""
    digest = hashlib.sha256()
    destination.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as reader, destination.open("wb") as writer:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            writer.write(chunk)
        writer.flush()
        os.fsync(writer.fileno())
    return digest.hexdigest()


def dump_sqlite(database: Path, destination: Path) -> None:
    """Copy a live SQLite database in one step of the online backup API (a single consistent snapshot)."""
    if not database.exists():
        raise OperationFailed(f"There is no SQLite database at {database}; nothing to back up.")
    source = sqlite3.connect(database, timeout=20)
    target = sqlite3.connect(destination)
    try:
        source.backup(target)  # pages=-1: the whole database inside one read transaction
        target.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, no -wal beside it
    finally:
        target.close()
        source.close()


def dump_postgresql(database: DatabaseTarget, destination: Path) -> None:
    command = ["pg_dump", "--format=custom", "--no-owner", "--file", str(destination)]
    command += [*database.pg_arguments(), database.name]
    run_tool(command, database, "pg_dump")


def run_tool(command: list[str], database: DatabaseTarget, tool: str) -> None:
    if shutil.which(command[0]) is None:
        raise OperationFailed(f"{tool} is not installed; install the PostgreSQL client tools.")
    finished = subprocess.run(  # noqa: S603 - fixed tool, arguments built here, no shell
        command, env=database.pg_environment(), capture_output=True, text=True, check=False
    )
    if finished.returncode != 0:
        raise OperationFailed(f"{tool} failed for {database.describe()}: {finished.stderr.strip()[:2000]}")


def iter_store(root: Path) -> Iterator[Path]:
    """Every stored file (not the temporary .incoming- files of uploads in progress)."""
    if not root.exists():
        return
    for path in sorted(root.glob("??/??/*")):
        if path.is_file() and not path.name.startswith("."):
            yield path


def copy_store(root: Path, destination: Path, progress: Progress | None = None) -> list[dict[str, Any]]:
    entries = []
    for number, path in enumerate(iter_store(root), start=1):
        relative = path.relative_to(root)
        sha256 = copy_hashed(path, destination / relative)
        if sha256 != path.name:
            raise OperationFailed(
                f"Attachment {relative} does not match its own SHA-256 (it hashes to {sha256}); the store "
                "is damaged. Run `groundwatch fixity_check` and restore that file from an older backup."
            )
        entries.append({"sha256": sha256, "size": path.stat().st_size})
        if progress and number % 1000 == 0:
            progress(f"  {number:,} attachments copied")
    return entries


def applied_migrations() -> dict[str, list[str]]:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return {app: names[-1:] for app, names in applied.items()}


def create_backup(
    out_dir: Path,
    *,
    database: DatabaseTarget,
    store_root: Path,
    progress: Progress | None = None,
    migrations: dict[str, list[str]] | None = None,
    encrypt_to: PublicKey | None = None,
    verify: bool = False,
) -> BackupResult:
    """Write a complete backup folder under ``out_dir`` and return where it is. With ``encrypt_to``, the
    backup is instead one file ``<name>.gwbackup`` sealed for that key (see encryption.py); the plaintext
    folder exists only while it is being sealed, in a private (mode 700) hidden folder. With ``verify``, the
    folder is re-hashed against its manifest before it is sealed."""
    started = time.perf_counter()
    created_at = dt.datetime.now(dt.UTC)
    name = f"groundwatch-backup-{created_at:%Y%m%dT%H%M%S%fZ}"
    out_dir.mkdir(parents=True, exist_ok=True)
    partial = out_dir / f".{name}.partial"
    partial.mkdir(mode=0o700)
    try:
        say = progress or (lambda message: None)
        say(f"Copying {database.describe()}…")
        db_file = partial / (SQLITE_FILE if database.vendor == "sqlite" else PG_FILE)
        if database.vendor == "sqlite":
            dump_sqlite(database.sqlite_path, db_file)
        else:
            dump_postgresql(database, db_file)
        say("Copying the attachment store…")
        attachments = copy_store(store_root, partial / ATTACHMENTS, progress)
        database_bytes = db_file.stat().st_size
        manifest = {
            "format": FORMAT,
            "created_at": created_at.isoformat(),
            "engine": database.vendor,
            "database": {"file": db_file.name, "sha256": sha256_file(db_file), "size": database_bytes},
            "attachments": attachments,
            "migrations": migrations or {},
            "includes_field_keys": False,
            "includes_secret_key": False,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", "utf-8")
        if verify:
            from groundwatch.operations.restore import verify_backup

            checked = verify_backup(partial)
            if not checked.is_intact:
                raise OperationFailed("The backup does not verify: " + "; ".join(checked.problems[:10]))
        if encrypt_to is not None:
            say(f"Encrypting for backup key {encrypt_to.id}…")
            final = out_dir / f"{name}{SUFFIX}"
            encrypt_folder(partial, final, encrypt_to, arcname=name)
            shutil.rmtree(partial)
        else:
            final = out_dir / name
            partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return BackupResult(
        path=final,
        attachments=len(attachments),
        attachment_bytes=sum(entry["size"] for entry in attachments),
        database_bytes=database_bytes,
        seconds=time.perf_counter() - started,
        encrypted_for=encrypt_to.id if encrypt_to is not None else "",
    )
