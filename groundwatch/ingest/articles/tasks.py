"""Feed polling as a background task: a worker polls the due feeds, then queues the next poll.

``groundwatch feeds poll --background`` queues the first run; from then on each run queues its successor
``GROUNDWATCH_FEED_POLL_MINUTES`` later (both queues, database and Redis, defer it; at most one poll waits).
Idempotent like every task: a repeated run finds no due feed, and entries already seen are never re-read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus


def poll_interval() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "FEED_POLL_MINUTES", 30)))


@task()
def poll_feeds(*, reschedule: bool = True) -> dict[str, Any]:
    """Poll every active feed that is due, then (``reschedule``) queue the next run."""
    from groundwatch.ingest.articles.services import poll_due_feeds

    totals: dict[str, Any] = dict(poll_due_feeds(interval=poll_interval()))
    if reschedule:
        totals["next_run"] = schedule_next_poll()
    return totals


def _waiting_poll_exists() -> bool:
    backend = poll_feeds.get_backend()
    if backend.__class__.__module__.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.filter(
            task_path=poll_feeds.module_path, status=TaskResultStatus.READY
        ).exists()
    waiting = getattr(backend, "waiting", None)  # the Redis queue (groundwatch.operations.queue)
    return bool(waiting(poll_feeds.module_path, poll_feeds.queue_name)) if waiting else False


def schedule_next_poll(*, after: dt.timedelta | None = None) -> str | None:
    """Queue the next poll ``after`` from now (default: the poll interval), unless one already waits.

    Returns when it will run (ISO time), or None when nothing was queued: one already waits, or the queue
    cannot defer tasks (a third-party backend without run_after; there, run ``groundwatch feeds poll`` from
    cron instead)."""
    backend = poll_feeds.get_backend()
    if not backend.supports_defer or _waiting_poll_exists():
        return None
    run_after = timezone.now() + (poll_interval() if after is None else after)
    poll_feeds.using(run_after=run_after).enqueue(reschedule=True)
    return run_after.isoformat(timespec="seconds")
