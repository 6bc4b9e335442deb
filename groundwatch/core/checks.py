"""Configuration mistakes reported as Django system checks (``groundwatch check``)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register

SUPPORTED_ENGINES = ("django.db.backends.sqlite3", "django.db.backends.postgresql")


@register()
def check_secret_key(app_configs: Any, **kwargs: Any) -> list[Error]:
    errors = []
    if settings.SECRET_KEY_ORIGIN == "missing":  # noqa: S105  (where the key came from)
        errors.append(
            Error(
                "GROUNDWATCH_SECRET_KEY is not set, and production mode never generates one.",
                hint="Set GROUNDWATCH_SECRET_KEY to a random value of at least 50 characters, e.g. the output of "
                "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`, kept outside the database.",
                id="groundwatch.E001",
            )
        )
    elif len(settings.SECRET_KEY) < 50:
        errors.append(
            Error(
                "GROUNDWATCH_SECRET_KEY is shorter than 50 characters.",
                hint="Use a longer random value; sessions and tokens are only as safe as this key.",
                id="groundwatch.E002",
            )
        )
    return errors


@register()
def check_database(app_configs: Any, **kwargs: Any) -> list[Error | Warning]:
    problems: list[Error | Warning] = []
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine not in SUPPORTED_ENGINES:
        problems.append(
            Error(
                f"DATABASE_URL points at an unsupported database ({engine}).",
                hint="Use postgres://user:password@host:5432/name, or leave DATABASE_URL unset for SQLite.",
                id="groundwatch.E003",
            )
        )
    if settings.PRODUCTION and engine == "django.db.backends.sqlite3":
        problems.append(
            Warning(
                "Production mode is running on SQLite.",
                hint="SQLite suits one laptop or field office. A mission server with several users should set "
                "DATABASE_URL to PostgreSQL.",
                id="groundwatch.W001",
            )
        )
    return problems


@register()
def check_data_dir(app_configs: Any, **kwargs: Any) -> list[Error]:
    data_dir = settings.DATA_DIR
    if data_dir.exists() and not os.access(data_dir, os.W_OK):
        return [
            Error(
                f"The data directory {data_dir} is not writable.",
                hint="Fix its permissions, or point GROUNDWATCH_DATA_DIR at a writable folder.",
                id="groundwatch.E004",
            )
        ]
    return []


@register(deploy=True)
def check_production_hosts(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.PRODUCTION and set(settings.ALLOWED_HOSTS) <= {"localhost", "127.0.0.1", "[::1]"}:
        return [
            Warning(
                "GROUNDWATCH_ALLOWED_HOSTS only lists local addresses.",
                hint="Add the server's public host name, e.g. GROUNDWATCH_ALLOWED_HOSTS=monitor.example.org.",
                id="groundwatch.W002",
            )
        ]
    return []
