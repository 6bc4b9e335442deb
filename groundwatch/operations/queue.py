"""A Redis-backed backend for Django's Tasks API (the django-tasks backport), with at-least-once delivery.

Layout under the key prefix (``GROUNDWATCH_TASK_REDIS_PREFIX``):

* ``<prefix>:queue:<queue name>`` — a list of task ids waiting; producers LPUSH, workers take from the right.
* ``<prefix>:running`` — ids a worker has claimed. Claiming is one Lua script: move the id from the queue to
  ``running`` and set ``<prefix>:lease:<id>`` (the worker's id, expiring after the visibility timeout).
* ``<prefix>:result:<id>`` — the task's JSON record: task path, arguments, status, attempts, return value.

A running worker renews its lease every third of the timeout. A worker that dies (kill -9, lost host)
stops renewing; any worker's reaper then moves the id from ``running`` back onto its queue, and the task
runs again. Tasks must therefore be idempotent; groundwatch's imports are (they resume from their ledger).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.module_loading import import_string
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskError, TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.utils import get_exception_traceback, get_random_id, normalize_json

logger = logging.getLogger("groundwatch.operations.queue")

# KEYS: queue, running, lease-prefix. ARGV: worker id, lease milliseconds. Returns the claimed id or nil.
CLAIM = """
local id = redis.call('RPOPLPUSH', KEYS[1], KEYS[2])
if id then redis.call('SET', KEYS[3] .. id, ARGV[1], 'PX', ARGV[2]) end
return id
"""
# KEYS: delayed (sorted by run-after time), queue. ARGV: now. Moves the due ids to the queue; a script runs
# whole, so with several workers each due id is moved exactly once.
PROMOTE = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)
for _, id in ipairs(due) do
  if redis.call('ZREM', KEYS[1], id) == 1 then redis.call('LPUSH', KEYS[2], id) end
end
return #due
"""
# KEYS: running, lease-prefix, result-prefix, queue-prefix. Returns the ids put back on their queues.
REAP = """
local moved = {}
for _, id in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  if redis.call('EXISTS', KEYS[2] .. id) == 0 then
    local queue = redis.call('HGET', KEYS[3] .. id, 'queue') or 'default'
    if redis.call('LREM', KEYS[1], 1, id) == 1 then
      redis.call('RPUSH', KEYS[4] .. queue, id)
      redis.call('HSET', KEYS[3] .. id, 'status', 'READY')
      table.insert(moved, id)
    end
  end
end
return moved
"""
# KEYS: lease. ARGV: worker id, milliseconds. Renews only a lease this worker still holds.
RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""


class RedisBackend(BaseTaskBackend):
    supports_get_result = True
    supports_defer = True  # run_after: a sorted set per queue, moved to the queue when due (PROMOTE)
    supports_priority = False

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        options = params.get("OPTIONS", {})
        self.url: str = options.get("URL") or "redis://127.0.0.1:6379/0"
        self.prefix: str = options.get("PREFIX") or "groundwatch:tasks"
        self.visibility_timeout: float = float(options.get("VISIBILITY_TIMEOUT") or 300)
        self._client: Any = None

    @property
    def client(self) -> Any:
        if self._client is None:
            import redis

            self._client = redis.Redis.from_url(self.url, decode_responses=True)
        return self._client

    def key(self, *parts: str) -> str:
        return ":".join([self.prefix, *parts])

    def enqueue(self, task: Task[Any, Any], args: Any, kwargs: Any) -> TaskResult[Any]:
        self.validate_task(task)
        result_id = get_random_id()
        now = timezone.now()
        record = {
            "task": task.module_path,
            "queue": task.queue_name,
            "args": json.dumps(normalize_json(args)),
            "kwargs": json.dumps(normalize_json(kwargs)),
            "status": TaskResultStatus.READY,
            "enqueued_at": now.isoformat(),
            "attempts": 0,
            "worker_ids": "[]",
            "errors": "[]",
        }
        pipe = self.client.pipeline()
        if task.run_after is not None:
            record["run_after"] = task.run_after.isoformat()
            pipe.hset(self.key("result", result_id), mapping=record)
            pipe.zadd(self.key("delayed", task.queue_name), {result_id: task.run_after.timestamp()})
        else:
            pipe.hset(self.key("result", result_id), mapping=record)
            pipe.lpush(self.key("queue", task.queue_name), result_id)
        pipe.execute()
        return self.get_result(result_id)

    def get_result(self, result_id: str) -> TaskResult[Any]:
        record = self.client.hgetall(self.key("result", result_id))
        if not record:
            raise TaskResultDoesNotExist(result_id)
        return self._to_result(result_id, record)

    def _to_result(self, result_id: str, record: dict[str, str]) -> TaskResult[Any]:
        task: Task[Any, Any] = import_string(record["task"])
        task = replace(
            task, backend=self.alias, queue_name=record["queue"], run_after=_when(record.get("run_after"))
        )
        result: TaskResult[Any] = TaskResult(
            task=task,
            id=result_id,
            status=TaskResultStatus(record["status"]),
            enqueued_at=_when(record.get("enqueued_at")),
            started_at=_when(record.get("started_at")),
            finished_at=_when(record.get("finished_at")),
            last_attempted_at=_when(record.get("started_at")),
            args=json.loads(record["args"]),
            kwargs=json.loads(record["kwargs"]),
            backend=self.alias,
            errors=[TaskError(**error) for error in json.loads(record.get("errors", "[]"))],
            worker_ids=json.loads(record.get("worker_ids", "[]")),
        )
        if "return_value" in record:
            object.__setattr__(result, "_return_value", json.loads(record["return_value"]))
        return result

    def waiting(self, task_path: str, queue: str = "default") -> bool:
        """Whether a task of ``task_path`` waits in ``queue`` (deferred or ready), not yet taken by a worker."""
        ids = [
            *self.client.zrange(self.key("delayed", queue), 0, -1),
            *self.client.lrange(self.key("queue", queue), 0, -1),
        ]
        return any(self.client.hget(self.key("result", result_id), "task") == task_path for result_id in ids)

    def attempts(self, result_id: str) -> int:
        return int(self.client.hget(self.key("result", result_id), "attempts") or 0)


def _when(value: str | None) -> Any:
    return parse_datetime(value) if value else None


class RedisWorker:
    """Takes tasks from the queues, runs them, and puts back those of workers that died."""

    def __init__(self, backend: RedisBackend, queues: list[str], worker_id: str = "") -> None:
        self.backend = backend
        self.queues = queues
        self.worker_id = worker_id or f"{socket.gethostname()}-{os.getpid()}"
        self.lease_ms = int(backend.visibility_timeout * 1000)
        self.is_stopping = False
        client = backend.client
        self._claim: Callable[..., Any] = client.register_script(CLAIM)
        self._promote: Callable[..., Any] = client.register_script(PROMOTE)
        self._reap: Callable[..., Any] = client.register_script(REAP)
        self._renew: Callable[..., Any] = client.register_script(RENEW)

    def reap(self) -> list[str]:
        key = self.backend.key
        moved: list[str] = self._reap(
            keys=[key("running"), key("lease", ""), key("result", ""), key("queue", "")]
        )
        for result_id in moved:
            logger.warning("task %s: its worker stopped renewing the lease; queued again", result_id)
        return moved

    def claim(self) -> str | None:
        key = self.backend.key
        now = time.time()
        for queue in self.queues:
            self._promote(keys=[key("delayed", queue), key("queue", queue)], args=[now])
            claimed = self._claim(
                keys=[key("queue", queue), key("running"), key("lease", "")],
                args=[self.worker_id, self.lease_ms],
            )
            if claimed:
                return str(claimed)
        return None

    def run(self, *, max_tasks: int | None = None, idle_exit: bool = False, poll: float = 0.2) -> int:
        done = 0
        next_reap = 0.0
        while not self.is_stopping and (max_tasks is None or done < max_tasks):
            if time.monotonic() >= next_reap:
                self.reap()
                next_reap = time.monotonic() + max(self.backend.visibility_timeout / 3, 0.5)
            result_id = self.claim()
            if result_id is None:
                if idle_exit:
                    break
                time.sleep(poll)
                continue
            self.execute(result_id)
            done += 1
        return done

    def execute(self, result_id: str) -> None:
        from django.db import close_old_connections

        client, key = self.backend.client, self.backend.key
        record_key = key("result", result_id)
        record = client.hgetall(record_key)
        worker_ids = [*json.loads(record.get("worker_ids", "[]")), self.worker_id]
        client.hset(
            record_key,
            mapping={
                "status": TaskResultStatus.RUNNING,
                "started_at": timezone.now().isoformat(),
                "worker_ids": json.dumps(worker_ids),
            },
        )
        client.hincrby(record_key, "attempts", 1)
        stop_renewing = threading.Event()
        renewer = threading.Thread(target=self._keep_lease, args=(result_id, stop_renewing), daemon=True)
        renewer.start()
        close_old_connections()
        try:
            result = self.backend._to_result(result_id, record)
            value = result.task.call(*result.args, **result.kwargs)
            outcome = {
                "status": TaskResultStatus.SUCCESSFUL,
                "return_value": json.dumps(normalize_json(value)),
            }
        except Exception as error:
            logger.exception("task %s failed", result_id)
            errors = [*json.loads(record.get("errors", "[]"))]
            errors.append(
                {
                    "exception_class_path": f"{type(error).__module__}.{type(error).__qualname__}",
                    "traceback": get_exception_traceback(error),
                }
            )
            outcome = {"status": TaskResultStatus.FAILED, "errors": json.dumps(errors)}
        finally:
            stop_renewing.set()
            renewer.join()
            close_old_connections()
        pipe = client.pipeline()
        pipe.hset(record_key, mapping={**outcome, "finished_at": timezone.now().isoformat()})
        pipe.lrem(key("running"), 1, result_id)
        pipe.delete(key("lease", result_id))
        pipe.execute()

    def _keep_lease(self, result_id: str, stop: threading.Event) -> None:
        lease = self.backend.key("lease", result_id)
        while not stop.wait(self.backend.visibility_timeout / 3):
            self._renew(keys=[lease], args=[self.worker_id, self.lease_ms])
