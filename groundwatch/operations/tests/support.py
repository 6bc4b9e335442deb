"""Helpers for operations tests that run groundwatch in other processes against their own databases."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings

PG_ADMIN = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "dbname": "postgres"}


def on_postgresql() -> bool:
    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


def admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(**PG_ADMIN, autocommit=True) as connection:  # type: ignore[arg-type]
        connection.execute(statement)


@contextmanager
def scratch_postgres_database(name: str, template: str = "template0") -> Iterator[str]:
    """A database of our own (created, then dropped even if the test fails); yields its URL."""
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(data_dir: Path, database_url: str = "") -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GROUNDWATCH_")}
    env.pop("DATABASE_URL", None)
    env["GROUNDWATCH_DATA_DIR"] = str(data_dir)
    env["GROUNDWATCH_REQUIRE_TWO_FACTOR"] = "false"
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def groundwatch(
    *arguments: str, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "groundwatch", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def python_module(module: str, *arguments: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", module, *arguments],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(condition: Any, *, timeout: float, process: subprocess.Popen[str] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process is not None and process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise AssertionError(f"helper process ended early ({process.returncode}):\n{output[-3000:]}")
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the helper process")
        time.sleep(0.1)
