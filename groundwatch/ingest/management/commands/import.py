"""``groundwatch import FILE --mission SLUG [--format acled|hxl|kobo|csv] [--mapping NAME]``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groundwatch.accounts.models import Mission, User
from groundwatch.core.errors import GroundwatchError
from groundwatch.ingest.choices import ImportFormat
from groundwatch.ingest.files.reader import FileInvalid
from groundwatch.ingest.formats import pipeline_for
from groundwatch.ingest.imports import DEFAULT_BATCH_SIZE, Progress, run_import


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # fast start; a long import must not wait on URL checks
    help = "Import a file (ACLED, HXL, KoBo/ODK export, CSV with a saved mapping) into a mission; re-run to resume."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--mission", required=True, help="The mission's short name (slug).")
        parser.add_argument("--format", default=ImportFormat.ACLED, choices=ImportFormat.values)
        parser.add_argument("--mapping", default="", help="Saved mapping (csv) or form id (kobo).")
        parser.add_argument("--user", default="", help="Import as this user (default: the system).")
        rule = parser.add_mutually_exclusive_group()
        rule.add_argument("--accept", action="store_true", help="Trusted dataset: rows become Events.")
        rule.add_argument("--review", action="store_true", help="Rows become Claims to review.")
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
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
        try:
            pipeline = pipeline_for(mission, options["format"], options["mapping"])
            run = run_import(
                mission=mission,
                actor=actor,
                path=path,
                pipeline=pipeline,
                format=options["format"],
                mapping_name=options["mapping"],
                accept=accept,
                batch_size=options["batch_size"],
                progress=self._progress,
            )
        except (FileInvalid, GroundwatchError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"\n{run.file_name}: {run.rows_done:,} rows — {run.rows_created:,} new, {run.rows_updated:,} "
            f"updated, {run.rows_unchanged:,} unchanged, {run.rows_failed:,} refused (import #{run.pk})."
        )
        if run.rows_failed:
            self.stdout.write(f"Refused rows and reasons: /imports/{run.pk}/errors.csv")

    def _progress(self, progress: Progress) -> None:
        total = max(progress.rows_total, 1)
        sys.stderr.write(
            f"\r{progress.rows_done:,}/{progress.rows_total:,} rows ({100 * progress.rows_done // total}%), "
            f"{progress.rate:,.0f} rows/s, {progress.rows_failed:,} errors   "
        )
        sys.stderr.flush()
