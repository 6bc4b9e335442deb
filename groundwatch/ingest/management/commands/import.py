"""``groundwatch import FILE --mission SLUG [--format acled|hxl|kobo|csv] [--mapping NAME]``."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groundwatch.core.errors import GroundwatchError
from groundwatch.ingest.commands import add_import_arguments, import_target
from groundwatch.ingest.files.reader import FileInvalid
from groundwatch.ingest.formats import pipeline_for
from groundwatch.ingest.imports import Progress, run_import


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # fast start; a long import must not wait on URL checks
    help = "Import a file (ACLED, HXL, KoBo/ODK export, CSV with a saved mapping) into a mission; re-run to resume."

    def add_arguments(self, parser: CommandParser) -> None:
        add_import_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        target = import_target(options)
        mission, actor, path, accept = target.mission, target.actor, target.path, target.accept
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
