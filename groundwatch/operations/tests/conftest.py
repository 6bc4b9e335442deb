"""Fixtures of the operations tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from groundwatch.operations.queue import RedisBackend


@pytest.fixture
def redis_backend() -> Iterator[RedisBackend]:
    """A Redis task queue of this test's own (a fresh key prefix on the real Redis), removed afterwards."""
    prefix = f"gwtest:{uuid.uuid4().hex}"
    backend = RedisBackend(
        "default", {"OPTIONS": {"URL": "redis://127.0.0.1:6379/0", "PREFIX": prefix, "VISIBILITY_TIMEOUT": 2}}
    )
    try:
        backend.client.ping()
    except Exception:
        pytest.skip("no Redis at 127.0.0.1:6379")
    yield backend
    keys = list(backend.client.scan_iter(f"{prefix}:*"))
    if keys:
        backend.client.delete(*keys)
