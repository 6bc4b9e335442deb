"""Run as a separate process by ``test_at_rest``: register protected persons whose every encrypted field holds
a canary, reveal them once (a reveal is audited), with every logger at DEBUG (SQL included) writing to a file.

Usage: python -m groundwatch.tests.security.seed_canaries CANARY LOGFILE SNAPSHOT_DIR
The database and key file come from the environment (GROUNDWATCH_DATA_DIR or DATABASE_URL). Before exiting,
the SQLite files (database, -wal, -shm) are copied to SNAPSHOT_DIR while the connection is still open, so
the write-ahead log is caught before a checkpoint folds it into the database.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sys
from pathlib import Path


def main(canary: str, log_file: str, snapshot: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundwatch.settings")
    import django

    django.setup()
    logging.basicConfig(level=logging.DEBUG, filename=log_file, force=True)
    for name in ("django", "django.db.backends", "groundwatch"):
        logging.getLogger(name).setLevel(logging.DEBUG)
        logging.getLogger(name).addHandler(logging.FileHandler(log_file))
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.DEBUG = True  # Django logs SQL with its parameters only in DEBUG
    call_command("migrate", verbosity=0)
    _seed(canary)
    if connection.vendor == "sqlite":
        database = Path(settings.DATABASES["default"]["NAME"])
        for suffix in ("", "-wal", "-shm"):
            source = database.with_name(database.name + suffix)
            if source.exists():
                shutil.copy(source, Path(snapshot) / source.name)


def _seed(canary: str) -> None:
    from groundwatch.core.choices import Role
    from groundwatch.protection.choices import ENCRYPTED_FIELDS
    from groundwatch.protection.models import ProtectedPerson
    from groundwatch.protection.services import register_person, reveal
    from groundwatch.tests.factories import make_member, make_mission

    mission = make_mission("At rest")
    analyst = make_member(mission, Role.ANALYST, "at-rest-analyst")
    person = register_person(
        mission=mission,
        actor=analyst,
        code="W-0001",
        role="witness",
        retain_until=dt.date(2030, 1, 1),
        protected={name: f"{name} {canary}" for name in ENCRYPTED_FIELDS},
    )
    person = ProtectedPerson.objects.get(pk=person.pk)
    shown = reveal(person=person, actor=analyst, fields=ENCRYPTED_FIELDS, reason="At-rest check")
    assert all(canary in value for value in shown.values()), "the canaries did not round-trip"
    print(f"seeded {len(ENCRYPTED_FIELDS)} fields")


if __name__ == "__main__":
    main(*sys.argv[1:4])
