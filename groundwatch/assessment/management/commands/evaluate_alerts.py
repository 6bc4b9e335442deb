"""Run every mission's alert rules (or one mission's) and print what fired."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groundwatch.accounts.models import Mission
from groundwatch.assessment.services import evaluate_rules


class Command(BaseCommand):
    help = "Evaluate alert rules and fire new alerts (e-mail and feed). Run it from cron or a task worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mission", help="A mission's slug; every mission if left out.")
        parser.add_argument("--as-of", help="Evaluate as on this date (YYYY-MM-DD); today if left out.")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = None
        if options["as_of"]:
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(f"--as-of {options['as_of']!r} is not a date like 2023-09-25.") from None
        missions = Mission.objects.all()
        if options["mission"]:
            missions = missions.filter(slug=options["mission"])
            if not missions.exists():
                raise CommandError(f"No mission with slug {options['mission']!r}.")
        total = 0
        for mission in missions:
            fired = evaluate_rules(mission=mission, actor=None, as_of=as_of)
            total += len(fired)
            for alert in fired:
                self.stdout.write(f"{mission.slug}: {alert.title}")
        self.stdout.write(self.style.SUCCESS(f"{total} new alert{'s' if total != 1 else ''}."))
