"""Check a backup folder, restore it into an empty data dir / empty database, and verify the result.

Verification re-hashes every attachment (in the backup, and again once restored) and re-verifies the
audit hash chain of the restored database, so a restore either proves itself or says what is wrong.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from groundwatch.operations.backup import (
    ATTACHMENTS,
    FORMAT,
    MANIFEST,
    Progress,
    copy_hashed,
    iter_store,
    run_tool,
    sha256_file,
)
from groundwatch.operations.databases import DatabaseTarget, OperationFailed


@dataclass
class Verification:
    attachments_checked: int = 0
    audit_records_checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def is_intact(self) -> bool:
        return not self.problems


def read_manifest(backup: Path) -> dict[str, Any]:
    path = backup / MANIFEST
    if not path.is_file():
        raise OperationFailed(f"{backup} is not a groundwatch backup: it has no {MANIFEST}.")
    manifest: dict[str, Any] = json.loads(path.read_text("utf-8"))
    if manifest.get("format") != FORMAT:
        raise OperationFailed(f"{path} has format {manifest.get('format')!r}; this version reads {FORMAT}.")
    return manifest


def verify_backup(backup: Path) -> Verification:
    """Re-hash the database file and every attachment of a backup against its manifest."""
    manifest = read_manifest(backup)
    result = Verification()
    database = manifest["database"]
    if sha256_file(backup / database["file"]) != database["sha256"]:
        result.problems.append(f"{database['file']} does not match the SHA-256 in the manifest.")
    listed = set()
    for entry in manifest["attachments"]:
        sha256 = entry["sha256"]
        listed.add(sha256)
        path = backup / ATTACHMENTS / sha256[:2] / sha256[2:4] / sha256
        if not path.is_file():
            result.problems.append(f"attachment {sha256} is missing from the backup.")
        elif sha256_file(path) != sha256:
            result.problems.append(f"attachment {sha256} does not match its SHA-256.")
        result.attachments_checked += 1
    extra = [path.name for path in iter_store(backup / ATTACHMENTS) if path.name not in listed]
    result.problems += [f"attachment {name} is in the backup but not in the manifest." for name in extra]
    return result


def _require_empty_store(store_root: Path) -> None:
    if next(iter_store(store_root), None) is not None:
        raise OperationFailed(
            f"The attachment store {store_root} already holds files. Restore into an empty data directory "
            "(set GROUNDWATCH_DATA_DIR to a new folder)."
        )


def _restore_sqlite(backup_file: Path, database: DatabaseTarget) -> None:
    target = database.sqlite_path
    if target.exists() and target.stat().st_size > 0:
        raise OperationFailed(
            f"{target} already exists. Restore into an empty data directory, or move the old database away."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in (Path(f"{target}-wal"), Path(f"{target}-shm")):
        stale.unlink(missing_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".restoring-")
    os.close(handle)
    copy_hashed(backup_file, Path(temporary))
    os.replace(temporary, target)


def postgresql_is_empty(database: DatabaseTarget) -> bool:
    import psycopg

    with psycopg.connect(
        dbname=database.name,
        host=database.host or None,
        port=database.port or None,
        user=database.user or None,
        password=database.password or None,
    ) as connection:
        row = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    return row is not None and row[0] == 0


def _restore_postgresql(backup_file: Path, database: DatabaseTarget) -> None:
    if not postgresql_is_empty(database):
        raise OperationFailed(
            f"{database.describe()} already has tables. Create an empty database "
            "(createdb) and point DATABASE_URL at it."
        )
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    command += [*database.pg_arguments(), "--dbname", database.name, str(backup_file)]
    run_tool(command, database, "pg_restore")


def restore_files(
    backup: Path, *, database: DatabaseTarget, store_root: Path, progress: Progress | None = None
) -> dict[str, Any]:
    """Put the database and the attachments back. Refuses to write over anything that exists."""
    say = progress or (lambda message: None)
    manifest = read_manifest(backup)
    if manifest["engine"] != database.vendor:
        raise OperationFailed(
            f"This backup is of a {manifest['engine']} database; the target is {database.describe()}. "
            "Restore into the same kind of database (or migrate the data with dumpdata/loaddata)."
        )
    say("Checking the backup against its manifest…")
    checked = verify_backup(backup)
    if not checked.is_intact:
        raise OperationFailed("The backup is damaged: " + "; ".join(checked.problems[:10]))
    _require_empty_store(store_root)
    say(f"Restoring the database into {database.describe()}…")
    backup_file = backup / manifest["database"]["file"]
    if database.vendor == "sqlite":
        _restore_sqlite(backup_file, database)
    else:
        _restore_postgresql(backup_file, database)
    say(f"Restoring {len(manifest['attachments']):,} attachments into {store_root}…")
    for entry in manifest["attachments"]:
        sha256 = entry["sha256"]
        relative = Path(sha256[:2], sha256[2:4], sha256)
        destination = store_root / relative
        if copy_hashed(backup / ATTACHMENTS / relative, destination) != sha256:
            raise OperationFailed(f"attachment {sha256} changed while it was being restored.")
        os.chmod(destination, 0o440)
    return manifest


def verify_restored(store_root: Path) -> Verification:
    """With Django connected to the restored database: the audit chain and every attachment's bytes."""
    from groundwatch.audit.services import verify_chain
    from groundwatch.sources.models import Attachment

    result = Verification()
    chain = verify_chain()
    result.audit_records_checked = chain.checked
    if chain.problem is not None:
        result.problems.append(f"audit record {chain.problem.sequence}: {chain.problem.reason}")
    for sha256 in Attachment.objects.values_list("sha256", flat=True).distinct().iterator():
        path = store_root / sha256[:2] / sha256[2:4] / sha256
        if not path.is_file():
            result.problems.append(f"attachment {sha256} is recorded but missing from the store.")
        elif sha256_file(path) != sha256:
            result.problems.append(f"attachment {sha256} does not re-hash to its SHA-256.")
        result.attachments_checked += 1
    return result
