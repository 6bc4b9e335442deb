"""``groundwatch task_status ID``: a background task's state, attempts and result, as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tasks import default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist


class Command(BaseCommand):
    help = "Print a background task's status, workers, times and return value (import progress) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("task_id")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = default_task_backend.get_result(options["task_id"])
        except TaskResultDoesNotExist:
            raise CommandError(f"No task {options['task_id']!r}.") from None
        state: dict[str, Any] = {
            "id": result.id,
            "task": result.task.module_path,
            "status": str(result.status),
            "worker_ids": result.worker_ids,
            "enqueued_at": result.enqueued_at,
            "started_at": result.started_at,
            "finished_at": result.finished_at,
            "errors": [error.exception_class_path for error in result.errors],
        }
        if result.is_finished and result.status == "SUCCESSFUL":
            state["return_value"] = result.return_value
        state.update(import_progress(result.kwargs))
        self.stdout.write(json.dumps(state, default=str, indent=1))


def import_progress(kwargs: dict[str, Any]) -> dict[str, Any]:
    """For an import task: the import's own counters, readable while it runs."""
    from groundwatch.ingest.imports import file_sha256
    from groundwatch.ingest.models import ImportRun

    if "mission_id" not in kwargs or "path" not in kwargs:
        return {}
    try:
        sha = file_sha256(Path(kwargs["path"]))
    except OSError:
        return {}
    run = ImportRun.objects.filter(mission_id=kwargs["mission_id"], file_sha256=sha).order_by("-pk").first()
    if run is None:
        return {"progress": None}
    return {"progress": {"status": run.status, "rows_total": run.rows_total, "rows_done": run.rows_done}}
