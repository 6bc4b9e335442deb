from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groundwatch.accounts.models import User
from groundwatch.core.errors import GroundwatchError
from groundwatch.events.bundles import build_bundle, verify_bundle


class Command(BaseCommand):
    help = (
        "Write an evidence bundle for one event: its supporting files, a manifest with their SHA-256 and "
        "the claims, and the custody trail. Only what the named user may see is included."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("event", type=int, help="Event id.")
        parser.add_argument(
            "--as", dest="username", required=True, help="User the export is made by and for."
        )
        parser.add_argument("--out", type=Path, help="Zip file to write (default: event-<id>-bundle.zip).")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {options['username']!r}.")
        destination = options["out"] or Path(f"event-{options['event']}-bundle.zip")
        try:
            result = build_bundle(event_id=options["event"], actor=user, destination=destination)
        except GroundwatchError as error:
            raise CommandError(error.message) from None
        problems = verify_bundle(result.path)
        if problems:
            raise CommandError("The bundle failed its own check: " + "; ".join(problems))
        self.stdout.write(
            f"Wrote {result.path}: {result.files} files, {result.claims} claims, all hashes checked."
        )
        self.stdout.write("Anyone can re-check it with: unzip the bundle, then `sha256sum -c SHA256SUMS`.")
