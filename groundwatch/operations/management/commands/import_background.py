"""``groundwatch import_background FILE --mission SLUG``: queue an import as a background task."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from groundwatch.ingest.commands import add_import_arguments, import_target
from groundwatch.ingest.tasks import import_file


class Command(BaseCommand):
    help = (
        "Queue an import (like `groundwatch import`) for a worker (`groundwatch run_worker`) and print the "
        "task id. Follow it with `groundwatch task_status ID`. The file must be readable by the workers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_import_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        target = import_target(options)
        result = import_file.enqueue(
            mission_id=target.mission.pk,
            path=str(target.path),
            format=options["format"],
            mapping=options["mapping"],
            user_id=target.actor.pk if target.actor else None,
            accept=target.accept,
            batch_size=options["batch_size"],
        )
        self.stdout.write(result.id)
