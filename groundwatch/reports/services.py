"""Exports as a service: check the user may see the mission, record the audit event, hand back a stream."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from groundwatch.accounts.models import Mission
from groundwatch.audit.services import record_audit
from groundwatch.core.access import require_action
from groundwatch.core.choices import Action, Confidentiality
from groundwatch.core.errors import EditConflict, NotFound, PermissionDenied, ValidationFailed
from groundwatch.events.models import Event
from groundwatch.reports.exports.acled import acled_coded, acled_rows
from groundwatch.reports.exports.records import ExportRecord, member_events, member_records, public_records
from groundwatch.reports.exports.tabular import hxl_rows
from groundwatch.reports.exports.writers import (
    csv_chunks,
    decimal_text,
    float_or_none,
    geojson_chunks,
    xlsx_file,
)
from groundwatch.reports.models import ExportJob, ExportStatus

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS: dict[str, tuple[str, str, str]] = {  # format → (label, media type, file extension)
    "acled": ("ACLED CSV (31 columns)", "text/csv; charset=utf-8", "acled.csv"),
    "hxl": ("HXL-tagged CSV", "text/csv; charset=utf-8", "hxl.csv"),
    "geojson": ("GeoJSON", "application/geo+json", "geojson"),
    "xlsx": ("Excel workbook (XLSX, HXL-tagged)", XLSX_TYPE, "xlsx"),
}
Narrow = Callable[[QuerySet[Event]], QuerySet[Event]]
STREAM_LIMIT = 10_000  # API exports of more events than this run as background jobs
PROGRESS_EVERY = 1000  # events between progress updates of a background export

logger = logging.getLogger("groundwatch.reports")


@dataclass
class ExportStream:
    file_name: str
    media_type: str
    chunks: Iterator[bytes] | None = None
    file: IO[bytes] | None = None


def export_queryset(
    *, mission: Mission, actor: Any, format: str, public: bool = False, narrow: Narrow | None = None
) -> QuerySet[Event]:
    """The events an export of ``format`` reads: what ``actor`` may see (or the public ones), narrowed by
    the page's filters, and for ACLED only the types ACLED codes. Outsiders get NotFound."""
    if format not in FORMATS:
        raise ValidationFailed(
            f"Unknown export format {format!r}; choose one of {', '.join(FORMATS)}.", field="format"
        )
    require_action(actor, mission, Action.VIEW)
    events = member_events(actor, mission)
    if public:
        events = events.filter(confidentiality=Confidentiality.PUBLIC)
    if narrow is not None:
        events = narrow(events)
    if format == "acled":
        events = events.filter(acled_coded())
    return events


def export_events(
    *,
    mission: Mission,
    actor: Any,
    format: str,
    public: bool = False,
    narrow: Narrow | None = None,
    filters: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ExportStream:
    """Start an export of the events ``actor`` may see (or of the public, sanitised view) and audit it.

    Outsiders get NotFound. ``narrow`` applies the page's filters; ``filters`` is what they were, for the
    audit record. Unknown formats raise ValidationFailed. ``progress`` is called with the
    number of events read so far, every thousand events and at the end.
    """
    events = export_queryset(mission=mission, actor=actor, format=format, public=public, narrow=narrow)
    with transaction.atomic():
        record_audit(
            action=f"export.{format}",
            actor=actor,
            mission=mission,
            object_type="reports.export",
            object_id=format,
            after={"format": format, "public": public, "filters": filters or {}},
        )
    records: Iterator[ExportRecord] = (
        public_records(mission, events)
        if public
        else member_records(actor, events, timestamps=format == "acled")
    )
    if progress is not None:
        records = _counted(records, progress)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    _label, media_type, extension = FORMATS[format]
    name = f"{mission.slug}-{'public-' if public else ''}{stamp}.{extension}"
    if format == "acled":
        return ExportStream(name, media_type, chunks=csv_chunks(acled_rows(records), ready=True))
    if format == "hxl":
        return ExportStream(name, media_type, chunks=csv_chunks(hxl_rows(records, decimal_text), ready=True))
    if format == "geojson":
        return ExportStream(name, media_type, chunks=geojson_chunks(records))
    return ExportStream(name, media_type, file=xlsx_file(hxl_rows(records, float_or_none)))


def _counted(records: Iterator[ExportRecord], progress: Callable[[int], None]) -> Iterator[ExportRecord]:
    done = 0
    for done, record in enumerate(records, start=1):
        yield record
        if done % PROGRESS_EVERY == 0:
            progress(done)
    progress(done)


# --- background exports ---------------------------------------------------------------------------------


def _narrow(filters: dict[str, str]) -> Narrow:
    from groundwatch.web.forms import EventFilterForm

    return EventFilterForm(filters).filter


def check_filters(filters: dict[str, str]) -> dict[str, str]:
    """The event list's filters, checked: the valid ones as strings; a malformed one is a 422 on its name."""
    from groundwatch.web.forms import EventFilterForm

    form = EventFilterForm(filters)
    if not form.is_valid():
        name, problems = next(iter(form.errors.items()))
        raise ValidationFailed(
            f"Filter {name!r}: {' '.join(str(problem) for problem in problems)}", field=f"filters.{name}"
        )
    unknown = set(filters) - set(form.fields)
    if unknown:
        raise ValidationFailed(
            f"Unknown filter {sorted(unknown)[0]!r}; use {', '.join(form.fields)}.", field="filters"
        )
    return form.query_values()


def count_export(
    *, mission: Mission, actor: Any, format: str, public: bool = False, filters: dict[str, str] | None = None
) -> int:
    """How many events an export would read (decides between streaming at once and a background job)."""
    narrow = _narrow(filters or {})
    return export_queryset(mission=mission, actor=actor, format=format, public=public, narrow=narrow).count()


def start_export_job(
    *, mission: Mission, actor: Any, format: str, public: bool = False, filters: dict[str, str] | None = None
) -> ExportJob:
    """Queue an export as a background task (``export_file``) and audit the request; returns the job."""
    filters = check_filters(filters or {})
    total = count_export(mission=mission, actor=actor, format=format, public=public, filters=filters)
    with transaction.atomic():
        job = ExportJob.objects.create(
            mission=mission,
            requested_by=actor,
            format=format,
            public=public,
            filters=filters,
            rows_total=total,
        )
        record_audit(
            action="export.queue",
            actor=actor,
            mission=mission,
            target=job,
            after={"format": format, "public": public, "filters": filters, "rows_total": total},
        )
    from groundwatch.reports.tasks import export_file

    export_file.enqueue(job_id=job.pk)
    return job


def export_folder() -> Path:
    return Path(settings.DATA_DIR) / "exports"


def job_path(job: ExportJob) -> Path:
    return export_folder() / str(job.pk) / job.file_name


def run_export_job(job_id: int) -> ExportJob:
    """Write a queued export's file into the data folder, updating its progress as it goes.

    Idempotent (a task whose worker died runs again): a finished job is left as it is; an interrupted one
    starts its file again. The export runs with the requester's rights as they are now."""
    job = ExportJob.objects.select_related("mission", "requested_by").get(pk=job_id)
    if job.finished:
        return job
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, rows_done=0)

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(rows_done=done)

    try:
        stream = export_events(
            mission=job.mission,
            actor=job.requested_by,
            format=job.format,
            public=job.public,
            narrow=_narrow(job.filters),
            filters=job.filters,
            progress=progress,
        )
        folder = export_folder() / str(job.pk)
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f"{stream.file_name}.part"
        with partial.open("wb") as handle:
            if stream.file is not None:
                with stream.file:
                    shutil.copyfileobj(stream.file, handle)
            else:
                for chunk in stream.chunks or ():
                    handle.write(chunk)
        final = folder / stream.file_name
        partial.replace(final)
    except (NotFound, PermissionDenied, OSError) as failure:
        message = getattr(failure, "message", None) or str(failure)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED, message=message, finished_at=timezone.now()
        )
    else:
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.DONE,
            file_name=stream.file_name,
            size=final.stat().st_size,
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    try:
        remove_expired_exports()  # no cron needed for the files of a mission that keeps exporting
    except OSError:  # this export is done; the daily sweep (expire_exports) will report the problem
        logger.warning("Could not remove expired export files.", exc_info=True)
    return job


def _is_expired(job: ExportJob, now: dt.datetime) -> bool:
    keep = dt.timedelta(hours=settings.EXPORT_KEEP_HOURS)
    return job.finished_at is not None and job.finished_at < now - keep


def remove_expired_exports(*, now: dt.datetime | None = None) -> list[int]:
    """Remove the files of exports finished more than ``GROUNDWATCH_EXPORT_KEEP_HOURS`` ago.

    An export file holds the mission's data unencrypted in the data folder; it is kept only long enough for
    its requester to download it. Each removal is an audit event and the job says why its file is gone.
    Returns the ids of the jobs whose files were removed.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(hours=settings.EXPORT_KEEP_HOURS)
    removed = []
    for job in ExportJob.objects.filter(finished_at__lt=cutoff).order_by("pk"):
        folder = export_folder() / str(job.pk)
        if not folder.exists():
            continue
        shutil.rmtree(folder)
        with transaction.atomic():
            if job.status == ExportStatus.DONE:  # a failed job keeps the reason it failed
                ExportJob.objects.filter(pk=job.pk).update(
                    message=f"The file was removed {settings.EXPORT_KEEP_HOURS} hours after it was ready; "
                    "start the export again."
                )
            record_audit(
                action="export.expire",
                actor=None,
                mission=job.mission_id,
                target=job,
                after={"file": job.file_name, "size": job.size},
            )
        removed.append(job.pk)
    return removed


def find_export_job(user: Any, job_id: int) -> ExportJob:
    """One of the user's own export jobs, in a mission they may still see; anyone else's is NotFound."""
    job = ExportJob.objects.of(user).select_related("mission").filter(pk=job_id).first()
    if job is None:
        raise NotFound("No export matches that reference.")
    return job


def download_export_job(*, job: ExportJob, actor: Any) -> tuple[Path, str, str]:
    """(path, file name, media type) of a finished export for its requester; the download is audited.

    Not the requester, or no longer a member: NotFound. Not finished yet: EditConflict (409)."""
    if job.requested_by_id != getattr(actor, "pk", None):
        raise NotFound("No export matches that reference.")
    require_action(actor, job.mission, Action.VIEW)
    if job.status != ExportStatus.DONE:
        raise EditConflict(f"This export is {job.get_status_display().lower()}; download it once it is done.")
    path = job_path(job)
    if not path.is_file() or _is_expired(job, timezone.now()):
        raise NotFound("This export's file is no longer kept; start the export again.")
    with transaction.atomic():
        record_audit(
            action="export.download",
            actor=actor,
            mission=job.mission,
            target=job,
            after={"format": job.format, "public": job.public, "size": job.size},
        )
    return path, job.file_name, FORMATS[job.format][1]
