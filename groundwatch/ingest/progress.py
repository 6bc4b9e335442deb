"""How far an import run is: one dict for the progress page, its JSON, the API and the CLI's figures."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from groundwatch.ingest.choices import ImportStatus
from groundwatch.ingest.models import ImportRun


def progress(run: ImportRun) -> dict[str, Any]:
    """How far an import is: the figures the progress page, its JSON and the API show."""
    end = run.finished_at or timezone.now()
    seconds = max((end - run.started_at).total_seconds(), 0.0)
    total = max(run.rows_total, run.rows_done)
    return {
        "id": run.pk,
        "status": run.status,
        "status_label": run.get_status_display(),
        "finished": run.status != ImportStatus.RUNNING,
        "rows_total": run.rows_total,
        "rows_done": run.rows_done,
        "rows_created": run.rows_created,
        "rows_updated": run.rows_updated,
        "rows_unchanged": run.rows_unchanged,
        "rows_failed": run.rows_failed,
        "percent": round(100 * run.rows_done / total, 1) if total else (100.0 if run.finished_at else 0.0),
        "rows_per_second": round(run.rows_done / seconds, 1) if seconds > 0 else 0.0,
        "seconds": round(seconds, 1),
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "message": run.message,
        "error_file_url": reverse("ingest:import-errors", kwargs={"run_id": run.pk}),
    }
