"""Background jobs, as tasks of Django's Tasks API (django-tasks backport).

The backend is chosen by ``GROUNDWATCH_TASK_BACKEND``: ``database`` (default; no extra server, the
``django_tasks_db`` worker) or ``redis`` (``RedisBackend``: shared by workers on several hosts). Every task
here is idempotent, because a task whose worker died is delivered again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django_tasks import task


@task()
def import_file(
    *,
    mission_id: int,
    path: str,
    format: str,
    mapping: str = "",
    user_id: int | None = None,
    accept: bool = True,
    batch_size: int = 2000,
) -> dict[str, Any]:
    """Import a file into a mission. Re-running it resumes from the import's ledger: no row twice."""
    from groundwatch.accounts.models import Mission, User
    from groundwatch.ingest.formats import pipeline_for
    from groundwatch.ingest.imports import run_import

    mission = Mission.objects.get(pk=mission_id)
    actor = User.objects.get(pk=user_id) if user_id is not None else None
    run = run_import(
        mission=mission,
        actor=actor,
        path=Path(path),
        pipeline=pipeline_for(mission, format, mapping),
        format=format,
        mapping_name=mapping,
        accept=accept,
        batch_size=batch_size,
    )
    return {
        "import_run": run.pk,
        "status": run.status,
        "rows_total": run.rows_total,
        "rows_done": run.rows_done,
        "rows_created": run.rows_created,
        "rows_failed": run.rows_failed,
    }
