"""Running a file import: one Report for the file, rows in ledgered batches, progress, resume.

``run_import`` is idempotent: the same file again resumes an unfinished run (skipping the batches its
ledger holds) or, when the run finished, does nothing. A fixed file is a new run whose rows are
matched on their record id (ACLED ``event_id_cnty``) or row hash, so only what is missing or changed
is written.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from groundwatch.accounts.models import Mission
from groundwatch.audit.services import record_audit, snapshot
from groundwatch.core.access import require_action
from groundwatch.core.choices import Action
from groundwatch.core.errors import ValidationFailed
from groundwatch.ingest.batch import BatchWriter
from groundwatch.ingest.choices import AcceptRule, ImportStatus
from groundwatch.ingest.drafts import RowResult
from groundwatch.ingest.files.pipelines import FilePipeline
from groundwatch.ingest.files.reader import FileInvalid, count_rows
from groundwatch.ingest.models import ImportBatch, ImportRun
from groundwatch.ingest.readahead import read_ahead
from groundwatch.ingest.services import record_rejection
from groundwatch.lib.hashing import iter_file
from groundwatch.sources.choices import Channel
from groundwatch.sources.models import Report
from groundwatch.sources.services import IncomingFile, record_report
from groundwatch.sources.storage import import_store

DEFAULT_BATCH_SIZE = 5000


@dataclass(frozen=True)
class Progress:
    rows_done: int
    rows_total: int
    rows_failed: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.rows_done / self.seconds if self.seconds > 0 else 0.0


ProgressCallback = Callable[[Progress], None]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter_file(handle):
            digest.update(chunk)
    return digest.hexdigest()


def run_import(
    *,
    mission: Mission,
    actor: Any,
    path: Path,
    pipeline: FilePipeline,
    format: str,
    mapping_name: str = "",
    accept: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressCallback | None = None,
) -> ImportRun:
    """Import (or resume importing) one file. FileInvalid for a file that cannot be read at all."""
    require_action(actor, mission, Action.ANALYSE)
    _check_size(mission, actor, path)
    sha = file_sha256(path)
    run = ImportRun.objects.filter(
        mission=mission, file_sha256=sha, format=format, mapping_name=mapping_name
    ).first()
    if run is not None and run.status == ImportStatus.COMPLETED:
        return run
    try:
        rows = pipeline.rows(path)
        first = next(rows, None)  # reads the header: encoding and missing columns fail here
    except FileInvalid as error:
        with transaction.atomic():
            record_rejection(
                mission=mission,
                actor=actor,
                channel="import",
                status=422,
                reason=str(error),
                detail=path.name,
            )
        raise
    if run is None:
        run = start_import(
            mission=mission,
            actor=actor,
            path=path,
            sha256=sha,
            format=format,
            mapping_name=mapping_name,
            accept=accept,
            rows_total=count_rows(path),
        )
    del rows, first
    _write_batches(run, pipeline, path, actor, batch_size, progress)
    return finish_import(run=run, actor=actor)


def _check_size(mission: Mission, actor: Any, path: Path) -> None:
    """Refuse a file over the import limit before anything is read or written (it is kept whole)."""
    size = path.stat().st_size
    if size <= settings.IMPORT_MAX_BYTES:
        return
    reason = (
        f"{path.name} is {size:,} bytes, over the import limit of {settings.IMPORT_MAX_BYTES:,} bytes "
        "(GROUNDWATCH_IMPORT_MAX_BYTES); raise the limit or split the file."
    )
    with transaction.atomic():
        record_rejection(
            mission=mission, actor=actor, channel="import", status=413, reason=reason, detail=path.name
        )
    raise FileInvalid(reason)


def start_import(
    *,
    mission: Mission,
    actor: Any,
    path: Path,
    sha256: str,
    format: str,
    mapping_name: str,
    accept: bool,
    rows_total: int,
) -> ImportRun:
    """Store the file as a Report (hashed, as received) and open its import run, in one transaction."""
    require_action(actor, mission, Action.ANALYSE)
    with transaction.atomic():
        report = Report.objects.filter(
            mission=mission, channel=Channel.FILE, external_id=f"sha256:{sha256}"
        ).first()
        if report is None:
            report = record_report(
                mission=mission,
                actor=actor,
                channel=Channel.FILE,
                title=f"File import: {path.name}",
                external_id=f"sha256:{sha256}",
                metadata={"file_name": path.name, "format": format},
                files=[IncomingFile(name=path.name, chunks=_chunks(path), media_type=_media_type(path))],
                store=import_store(),
            )
        run = ImportRun.objects.create(
            mission=mission,
            report=report,
            file_sha256=sha256,
            file_name=path.name[:255],
            format=format,
            mapping_name=mapping_name,
            accept_rule=AcceptRule.ACCEPT if accept else AcceptRule.REVIEW,
            rows_total=rows_total,
            started_by=actor,
        )
        record_audit(action="import.start", actor=actor, mission=mission, target=run, after=snapshot(run))
    return run


def finish_import(*, run: ImportRun, actor: Any) -> ImportRun:
    with transaction.atomic():
        ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.COMPLETED, finished_at=timezone.now())
        run.refresh_from_db()
        record_audit(
            action="import.finish",
            actor=actor,
            mission=run.mission_id,
            target=run,
            after={
                "created": run.rows_created,
                "updated": run.rows_updated,
                "unchanged": run.rows_unchanged,
                "failed": run.rows_failed,
            },
        )
    return run


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        yield from iter_file(handle)


def _media_type(path: Path) -> str:
    if path.suffix.lower() == ".xlsx":
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return "application/json" if path.suffix.lower() == ".json" else "text/csv"


def _write_batches(
    run: ImportRun,
    pipeline: FilePipeline,
    path: Path,
    actor: Any,
    batch_size: int,
    progress: ProgressCallback | None,
) -> None:
    if batch_size < 1:
        raise ValidationFailed("The batch size must be at least 1.", field="batch_size")
    # Resume after the last committed batch's last row: right even if the batch size changed meanwhile.
    last = ImportBatch.objects.filter(run=run).order_by("-number").first()
    number, after_row = (0, 0) if last is None else (last.number + 1, last.last_row)
    writer = BatchWriter(
        run, dataset=pipeline.dataset, pipeline=pipeline.name, version=pipeline.version, actor=actor
    )
    started, written = time.monotonic(), 0
    batches = _batches(pipeline.rows(path, after_row=after_row), batch_size)
    if connection.vendor == "postgresql":
        batches = read_ahead(batches)  # parse the next batch while the server works on this one
    with closing(batches):  # on an error, stops the reader (and closes the file) now, not when collected
        for batch, row_hashes in batches:
            writer.write(number, batch[0].row, batch[-1].row, batch, row_hashes)
            number, written = number + 1, written + len(batch)
            _report(run, progress, started, written)


def _batches(rows: Iterator[RowResult], size: int) -> Generator[tuple[list[RowResult], list[str]]]:
    """Rows in batches of ``size``, each with its rows' hashes."""
    batch: list[RowResult] = []
    for result in rows:
        batch.append(result)
        if len(batch) == size:
            yield batch, [row.sha256 for row in batch]
            batch = []
    if batch:
        yield batch, [row.sha256 for row in batch]


def _report(run: ImportRun, progress: ProgressCallback | None, started: float, written: int) -> None:
    if progress is None:
        return
    run.refresh_from_db(fields=["rows_done", "rows_total", "rows_failed"])
    progress(Progress(run.rows_done, run.rows_total, run.rows_failed, time.monotonic() - started))
