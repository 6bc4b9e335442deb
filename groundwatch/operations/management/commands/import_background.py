"""``groundwatch import_background FILE --mission SLUG``: queue an import as a background task."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groundwatch.accounts.models import Mission, User
from groundwatch.ingest.choices import ImportFormat
from groundwatch.operations.tasks import import_file


class Command(BaseCommand):
    help = (
        "Queue an import (like `groundwatch import`) for a worker (`groundwatch run_worker`) and print the "
        "task id. Follow it with `groundwatch task_status ID`. The file must be readable by the workers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--mission", required=True, help="The mission's short name (slug).")
        parser.add_argument("--format", default=ImportFormat.ACLED, choices=ImportFormat.values)
        parser.add_argument("--mapping", default="", help="Saved mapping (csv) or form id (kobo).")
        parser.add_argument("--user", default="", help="Import as this user (default: the system).")
        parser.add_argument("--review", action="store_true", help="Rows become Claims to review.")
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"].resolve()
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        mission = Mission.objects.filter(slug=options["mission"]).first()
        if mission is None:
            raise CommandError(f"No mission with the short name {options['mission']!r}.")
        user_id = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']!r}.")
            user_id = user.pk
        result = import_file.enqueue(
            mission_id=mission.pk,
            path=str(path),
            format=options["format"],
            mapping=options["mapping"],
            user_id=user_id,
            accept=not options["review"],
            batch_size=options["batch_size"],
        )
        self.stdout.write(result.id)
