"""What `groundwatch import` and `groundwatch import_background` share: their arguments and how they are read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from groundwatch.accounts.models import Mission, User
from groundwatch.ingest.choices import ImportFormat
from groundwatch.ingest.imports import DEFAULT_BATCH_SIZE


@dataclass(frozen=True)
class ImportTarget:
    path: Path
    mission: Mission
    actor: User | None
    accept: bool


def add_import_arguments(parser: CommandParser) -> None:
    parser.add_argument("file", type=Path)
    parser.add_argument("--mission", required=True, help="The mission's short name (slug).")
    parser.add_argument("--format", default=ImportFormat.ACLED, choices=ImportFormat.values)
    parser.add_argument("--mapping", default="", help="Saved mapping (csv) or form id (kobo).")
    parser.add_argument("--user", default="", help="Import as this user (default: the system).")
    rule = parser.add_mutually_exclusive_group()
    rule.add_argument("--accept", action="store_true", help="Trusted dataset: rows become Events.")
    rule.add_argument("--review", action="store_true", help="Rows become Claims to review.")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)


def import_target(options: dict[str, Any]) -> ImportTarget:
    """Check the file, mission and user named on the command line. ACLED rows are accepted unless --review."""
    path: Path = options["file"].resolve()
    if not path.is_file():
        raise CommandError(f"No file at {path}.")
    mission = Mission.objects.filter(slug=options["mission"]).first()
    if mission is None:
        raise CommandError(f"No mission with the short name {options['mission']!r}.")
    actor = None
    if options["user"]:
        actor = User.objects.filter(username=options["user"]).first()
        if actor is None:
            raise CommandError(f"No user {options['user']!r}.")
    accept = options["accept"] or (options["format"] == ImportFormat.ACLED and not options["review"])
    return ImportTarget(path=path, mission=mission, actor=actor, accept=accept)
