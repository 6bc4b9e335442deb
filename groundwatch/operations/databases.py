"""Where a database lives, as the backup tools need it: a SQLite file, or PostgreSQL connection details."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class OperationFailed(Exception):
    """A backup or restore step could not be done; the message says what and what to do."""


@dataclass(frozen=True)
class DatabaseTarget:
    vendor: str  # "sqlite" or "postgresql"
    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, database: dict[str, Any]) -> DatabaseTarget:
        engine = str(database.get("ENGINE", ""))
        if engine.endswith("sqlite3"):
            return cls(vendor="sqlite", name=str(database["NAME"]))
        if "postgresql" in engine:
            return cls(
                vendor="postgresql",
                name=str(database["NAME"]),
                host=str(database.get("HOST") or ""),
                port=str(database.get("PORT") or ""),
                user=str(database.get("USER") or ""),
                password=str(database.get("PASSWORD") or ""),
            )
        raise OperationFailed(f"Backups support SQLite and PostgreSQL, not {engine!r}.")

    @property
    def sqlite_path(self) -> Path:
        return Path(self.name)

    def pg_arguments(self) -> list[str]:
        """Connection options for pg_dump/pg_restore/psql; the password travels in the environment."""
        arguments = []
        if self.host:
            arguments += ["--host", self.host]
        if self.port:
            arguments += ["--port", self.port]
        if self.user:
            arguments += ["--username", self.user]
        return arguments

    def pg_environment(self) -> dict[str, str]:
        environment = dict(os.environ)
        if self.password:
            environment["PGPASSWORD"] = self.password
        return environment

    def describe(self) -> str:
        """For messages: never includes the password."""
        if self.vendor == "sqlite":
            return f"SQLite file {self.name}"
        where = f"{self.host or 'localhost'}:{self.port or '5432'}"
        return f"PostgreSQL database {self.name!r} on {where}"


def default_target() -> DatabaseTarget:
    from django.conf import settings

    return DatabaseTarget.from_settings(dict(settings.DATABASES["default"]))
