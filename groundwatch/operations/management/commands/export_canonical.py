"""``groundwatch export_canonical MISSION_ID``: canonical JSON of a mission's records, for comparisons."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groundwatch.operations.canonical import canonical_export


class Command(BaseCommand):
    help = (
        "Write a mission's reports, attachments, claims, events and measures as canonical JSON (rows by id, "
        "keys sorted), so two databases can be compared byte for byte, e.g. after a restore. Contains "
        "confidential records: for operators only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("mission_ids", type=int, nargs="+", metavar="MISSION_ID")
        parser.add_argument(
            "--out",
            default="-",
            help="File to write (default standard output); with several missions, a folder that gets "
            "mission-<id>.json for each.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ids: list[int] = options["mission_ids"]
        if len(ids) > 1:
            if options["out"] == "-":
                raise CommandError("Give --out FOLDER to export several missions.")
            folder = Path(options["out"])
            folder.mkdir(parents=True, exist_ok=True)
            for mission_id in ids:
                (folder / f"mission-{mission_id}.json").write_bytes(canonical_export(mission_id))
        elif options["out"] == "-":
            sys.stdout.buffer.write(canonical_export(ids[0]))
        else:
            Path(options["out"]).write_bytes(canonical_export(ids[0]))
