"""Readiness and logs: what load balancers and log shippers see."""

from __future__ import annotations

import json
import logging
import socket

import pytest

from groundwatch.operations.health import check_redis
from groundwatch.operations.logs import JsonLinesFormatter


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_ready_when_the_database_answers(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


def test_not_ready_when_configured_redis_is_down(client, db, settings):
    settings.REDIS_URL = f"redis://:secret-password@127.0.0.1:{_free_port()}/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "redis": "unavailable"}
    assert b"secret-password" not in response.content
    assert b"127.0.0.1" not in response.content


def test_redis_check_pings_the_local_server():
    try:
        socket.create_connection(("127.0.0.1", 6379), 1).close()
    except OSError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    assert check_redis("redis://127.0.0.1:6379/0") == "ok"


def test_json_log_lines_carry_no_exception_message():
    formatter = JsonLinesFormatter()
    try:
        raise ValueError("witness name Jane Roe")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "groundwatch.x", logging.ERROR, __file__, 1, "import failed", (), sys.exc_info()
        )
    line = formatter.format(record)
    entry = json.loads(line)
    assert entry["message"] == "import failed"
    assert entry["exception"]["type"] == "ValueError"
    assert "Jane Roe" not in line
