"""Reading the next batch of an import while the database writes the current one.

On PostgreSQL the import spends much of its time waiting for the server (the ``COPY`` and, above all, the
commit, where the deferred foreign-key checks run). Python releases its lock while it waits, so a reader
thread can parse, check and hash the next batch meanwhile. The reader never touches the database; the
batches are still written one after the other by the caller's thread, each in its own transaction, so a
kill leaves whole batches only, exactly as without it.

Not used on SQLite: its driver releases and retakes Python's lock around every row it inserts, and a busy
reader thread would make each of those hand-overs wait.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterator
from typing import TypeVar

T = TypeVar("T")
_END = object()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def read_ahead(items: Iterator[T], depth: int = 1) -> Generator[T]:
    """``items`` produced by a background thread, at most ``depth`` ahead of the consumer.

    An exception raised while producing is raised again in the consumer, at the item where it happened.
    When the consumer stops early (an error while writing), the thread stops at its next item.
    """
    handoff: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(item):
                    return
            put(_END)
        except BaseException as error:  # handed to the consumer, which raises it
            put(_Failed(error))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    thread = threading.Thread(target=produce, name="import-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            item = handoff.get()
            if item is _END:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item  # type: ignore[misc]  # everything else in the queue came from ``items``
    finally:
        stop.set()
        thread.join()
