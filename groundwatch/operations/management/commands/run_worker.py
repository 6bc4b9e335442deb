"""``groundwatch run_worker``: run background tasks from the configured queue (database or Redis)."""

from __future__ import annotations

import signal
from types import FrameType
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django_tasks import task_backends

from groundwatch.operations.queue import RedisBackend, RedisWorker


class Command(BaseCommand):
    help = (
        "Run background tasks (imports and other long jobs) until stopped. Uses the queue chosen by "
        "GROUNDWATCH_TASK_BACKEND: the database (django-tasks-db worker) or Redis (several workers on several "
        "hosts share it; a task whose worker dies is delivered again)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queue", action="append", default=[], help="Queue name(s) (default: default).")
        parser.add_argument("--batch", action="store_true", help="Exit when the queue is empty.")

    def handle(self, *args: Any, **options: Any) -> None:
        queues = options["queue"] or ["default"]
        backend = task_backends["default"]
        if not isinstance(backend, RedisBackend):
            call_command("db_worker", queue_name=",".join(queues), batch=options["batch"])
            return
        worker = RedisWorker(backend, queues)

        def stop(signum: int, frame: FrameType | None) -> None:
            worker.is_stopping = True  # finish the running task, then exit

        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"Worker {worker.worker_id} on Redis queue(s) {', '.join(queues)}.")
        self.stdout.flush()
        done = worker.run(idle_exit=options["batch"])
        self.stdout.write(f"Stopped after {done} task(s).")
