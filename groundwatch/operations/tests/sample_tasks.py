"""A small task for the queue tests: takes a moment and says which process ran it."""

from __future__ import annotations

import os
import time

from django_tasks import task


@task()
def which_process(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()
