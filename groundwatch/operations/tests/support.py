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


def admin_sql(statement: str, parameters: tuple[Any, ...] = ()) -> None:
    import psycopg

    with psycopg.connect(**PG_ADMIN, autocommit=True) as connection:  # type: ignore[arg-type]
        connection.execute(statement, parameters)  # type: ignore[arg-type]  # our own fixed statements


@contextmanager
def scratch_postgres_database(name: str, template: str = "template0") -> Iterator[str]:
    """A database of our own (created, then dropped even if the test fails); yields its URL."""
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def migrated_database(tmp_path: Path, label: str) -> Iterator[tuple[dict[str, str], Any]]:
    """A copy of the suite's migrated test database (with what the test committed so far) that other
    processes can use; yields (environment, DatabaseTarget). Needs ``transactional_db``."""
    import sqlite3

    from django.db import connection, connections

    from groundwatch.operations.databases import DatabaseTarget

    data_dir = tmp_path / label
    data_dir.mkdir()
    if not on_postgresql():
        connection.ensure_connection()
        copy = sqlite3.connect(data_dir / "groundwatch.sqlite3")
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=WAL")
        copy.close()
        yield environment(data_dir), DatabaseTarget("sqlite", str(data_dir / "groundwatch.sqlite3"))
        return
    template = connection.settings_dict["NAME"]
    connections.close_all()
    # PostgreSQL copies a template only when no one else is connected to it. The suite's live server
    # (session-wide, started by an earlier browser test) can hold an idle connection from one of its request
    # threads; it is not in use, and Django opens a new one for the next request.
    admin_sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
        (template,),
    )
    name = f"gw_ops_{label}_{os.getpid()}"
    with scratch_postgres_database(name, template=template) as url:
        target = DatabaseTarget("postgresql", name, host="127.0.0.1", port="5432", user="postgres")
        yield environment(data_dir, url), target


def count_rows(target: Any, sql: str, parameters: tuple[Any, ...]) -> int:
    """Run a COUNT query on a database another process writes (SQLite file or PostgreSQL)."""
    if target.vendor == "sqlite":
        import sqlite3

        with sqlite3.connect(target.name) as connection:
            return int(connection.execute(sql.replace("%s", "?"), parameters).fetchone()[0])
    import psycopg

    with psycopg.connect(
        host=target.host, port=target.port, user=target.user, dbname=target.name
    ) as connection:
        row = connection.execute(sql, parameters).fetchone()
        return int(row[0]) if row else 0


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
