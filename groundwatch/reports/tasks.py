"""Background exports: the task a worker (``groundwatch run_worker``) runs for a queued export job."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def export_file(*, job_id: int) -> dict[str, Any]:
    """Write an export job's file; idempotent (a finished job is left alone, an interrupted one restarts)."""
    from groundwatch.reports.services import run_export_job

    job = run_export_job(job_id)
    return {"export_job": job.pk, "status": job.status, "rows_done": job.rows_done, "size": job.size}
