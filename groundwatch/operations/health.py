"""Readiness checks: can this process serve requests right now (database reachable, Redis if configured)?

Each check returns a short status word and never the connection details, so the endpoint can be public.
"""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "not ready"; details go to the log, not the reply
        return "unavailable"
    return "ok"


def check_redis(url: str, timeout: float = 2.0) -> str:
    """PING the Redis server with the protocol's inline command (no client library needed)."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout) as sock:
            if parts.password:
                user = parts.username or "default"
                sock.sendall(f"AUTH {user} {parts.password}\r\n".encode())
                if not sock.recv(64).startswith(b"+OK"):
                    return "unavailable"
            sock.sendall(b"PING\r\n")
            return "ok" if sock.recv(64).startswith(b"+PONG") else "unavailable"
    except OSError:
        return "unavailable"


def readiness() -> dict[str, str]:
    checks = {"database": check_database()}
    redis_url = getattr(settings, "REDIS_URL", "")
    if redis_url:
        checks["redis"] = check_redis(redis_url)
    return checks
