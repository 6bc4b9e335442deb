"""Background file imports, as a task of Django's Tasks API (django-tasks backport).

The backend is chosen by ``GROUNDWATCH_TASK_BACKEND`` (see ``groundwatch.operations.queue``): ``database``
(default; no extra server) or ``redis`` (shared by workers on several hosts). The task is idempotent, because
a task whose worker died is delivered again: the import's ledger makes a rerun resume, not repeat.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django_tasks import task

from groundwatch.ingest.imports import DEFAULT_BATCH_SIZE


@task()
def import_file(
    *,
    mission_id: int,
    path: str,
    format: str,
    mapping: str = "",
    user_id: int | None = None,
    accept: bool = True,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> dict[str, Any]:
    """Import a file into a mission. Re-running it resumes from the import's ledger: no row twice."""
    from groundwatch.accounts.models import Mission, User
    from groundwatch.ingest.choices import ImportStatus
    from groundwatch.ingest.formats import pipeline_for
    from groundwatch.ingest.imports import run_import
    from groundwatch.ingest.models import ImportRun
    from groundwatch.ingest.uploads import discard_upload, upload_sha256

    mission = Mission.objects.get(pk=mission_id)
    source = Path(path)
    sha = upload_sha256(source)
    done = ImportRun.objects.filter(
        mission=mission, file_sha256=sha, format=format, mapping_name=mapping, status=ImportStatus.COMPLETED
    ).first()
    if sha is not None and done is not None:  # a second delivery after the upload was imported and removed
        discard_upload(source)
        return _summary(done)
    actor = User.objects.get(pk=user_id) if user_id is not None else None
    run = run_import(
        mission=mission,
        actor=actor,
        path=source,
        pipeline=pipeline_for(mission, format, mapping),
        format=format,
        mapping_name=mapping,
        accept=accept,
        batch_size=batch_size,
    )
    if run.status == ImportStatus.COMPLETED:
        discard_upload(source)  # an upload's hand-over copy; the Report keeps the file
    return _summary(run)


def _summary(run: Any) -> dict[str, Any]:
    return {
        "import_run": run.pk,
        "status": run.status,
        "rows_total": run.rows_total,
        "rows_done": run.rows_done,
        "rows_created": run.rows_created,
        "rows_failed": run.rows_failed,
    }
