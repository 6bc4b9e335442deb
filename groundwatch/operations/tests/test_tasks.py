"""Background tasks: the Redis queue shared by two worker processes, a killed worker's task retried."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from groundwatch.events.models import Event
from groundwatch.ingest.tasks import import_file
from groundwatch.operations.tests.sample_tasks import which_process
from groundwatch.operations.tests.support import count_rows, migrated_database, wait_for

ROOT = Path(__file__).resolve().parents[3]
ROWS = 3000


def _acled_csv(path: Path, rows: int) -> Path:
    sys.path.insert(0, str(ROOT))
    try:
        from bench.acled_rows import write_csv
    finally:
        sys.path.remove(str(ROOT))
    return write_csv(path, rows)


def test_import_task_is_idempotent(db, mission, tmp_path):
    csv_path = _acled_csv(tmp_path / "acled.csv", 30)
    arguments = {"mission_id": mission.pk, "path": str(csv_path), "format": "acled", "batch_size": 10}
    first = import_file.call(**arguments)
    again = import_file.call(**arguments)
    assert first["rows_created"] == 30
    assert again == first
    assert Event.objects.filter(mission=mission).count() == 30


def test_two_workers_share_the_redis_queue_and_a_killed_workers_import_is_retried(
    transactional_db, tmp_path, redis_backend
):
    from groundwatch.tests.factories import make_mission

    mission = make_mission("Queue mission")
    csv_path = _acled_csv(tmp_path / "acled.csv", ROWS)
    with migrated_database(tmp_path, "tasks") as (env, target):
        env.update(
            GROUNDWATCH_TASK_BACKEND="redis",
            GROUNDWATCH_REDIS_URL=redis_backend.url,
            GROUNDWATCH_TASK_REDIS_PREFIX=redis_backend.prefix,
            GROUNDWATCH_TASK_VISIBILITY_TIMEOUT="2",
        )
        arguments = {"mission_id": mission.pk, "path": str(csv_path), "format": "acled", "batch_size": 50}
        imported = redis_backend.enqueue(import_file, [], arguments)
        small = [redis_backend.enqueue(which_process, [0.2], {}) for _ in range(8)]
        workers = [
            subprocess.Popen(
                [sys.executable, "-m", "groundwatch", "run_worker"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(2)
        ]
        try:
            lease = redis_backend.key("lease", imported.id)
            progress_sql = "SELECT coalesce(max(rows_done), 0) FROM ingest_importrun WHERE mission_id = %s"
            # Kill as soon as a few batches are committed: mid-import, whatever the machine's speed.
            wait_for(lambda: count_rows(target, progress_sql, (mission.pk,)) >= 100, timeout=90)
            status = redis_backend.get_result(imported.id).status
            holder = redis_backend.client.get(lease)
            assert status == "RUNNING" and holder, "the import finished before it could be interrupted"
            os.kill(int(holder.rsplit("-", 1)[1]), signal.SIGKILL)

            def all_finished() -> bool:
                return all(redis_backend.get_result(r.id).is_finished for r in [imported, *small])

            wait_for(all_finished, timeout=120)
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.send_signal(signal.SIGTERM)
            for worker in workers:
                worker.wait(timeout=30)

        result = redis_backend.get_result(imported.id)
        assert result.status == "SUCCESSFUL", result.errors
        assert redis_backend.attempts(imported.id) == 2
        assert len(set(result.worker_ids)) == 2
        events = count_rows(target, "SELECT count(*) FROM events_event WHERE mission_id = %s", (mission.pk,))
        assert events == ROWS  # resumed from the ledger: no row lost, none twice
        assert result.return_value["rows_done"] == ROWS
        pids = {redis_backend.get_result(r.id).return_value for r in small}
        assert all(redis_backend.get_result(r.id).status == "SUCCESSFUL" for r in small)
        assert pids <= {worker.pid for worker in workers}
        every_worker = {w for r in [imported, *small] for w in redis_backend.get_result(r.id).worker_ids}
        assert len(every_worker) == 2


def test_a_deferred_task_waits_for_its_time_on_the_redis_queue(redis_backend):
    import datetime as dt
    import time

    from django.utils import timezone

    from groundwatch.operations.queue import RedisWorker

    later = which_process.using(run_after=timezone.now() + dt.timedelta(seconds=1.5))
    queued = redis_backend.enqueue(later, [], {"seconds": 0})
    assert redis_backend.get_result(queued.id).task.run_after is not None
    assert redis_backend.waiting(which_process.module_path)
    worker = RedisWorker(redis_backend, ["default"], worker_id="w1")
    assert worker.claim() is None  # not yet
    time.sleep(1.7)
    assert worker.claim() == queued.id
    assert not redis_backend.waiting(which_process.module_path)


def test_two_workers_racing_for_due_deferred_tasks_take_each_once(redis_backend):
    import datetime as dt
    import threading
    import time

    from django.utils import timezone

    from groundwatch.operations.queue import RedisWorker

    soon = which_process.using(run_after=timezone.now() + dt.timedelta(seconds=0.5))
    queued = {redis_backend.enqueue(soon, [], {"seconds": 0}).id for _ in range(60)}
    time.sleep(0.7)
    taken: dict[str, list[str]] = {"a": [], "b": []}

    def take(name: str) -> None:
        worker = RedisWorker(redis_backend, ["default"], worker_id=name)
        while (claimed := worker.claim()) is not None:
            taken[name].append(claimed)

    threads = [threading.Thread(target=take, args=(name,)) for name in taken]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    both = taken["a"] + taken["b"]
    assert sorted(both) == sorted(queued)  # every task once, none twice


def test_feed_polling_schedules_itself_on_the_redis_queue(redis_backend, monkeypatch):
    from django_tasks import task_backends

    from groundwatch.ingest.articles.tasks import poll_feeds, schedule_next_poll

    monkeypatch.setattr(task_backends._connections, "default", redis_backend)  # this test's Redis queue
    assert poll_feeds.get_backend() is redis_backend
    first = schedule_next_poll()
    assert first is not None  # deferred by the poll interval
    assert schedule_next_poll() is None  # one already waits: nothing more is queued
    assert redis_backend.client.zcard(redis_backend.key("delayed", "default")) == 1
