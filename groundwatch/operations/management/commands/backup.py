"""``groundwatch backup``: a consistent online backup of the database and the attachment store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from groundwatch.operations.backup import applied_migrations, create_backup
from groundwatch.operations.databases import OperationFailed, default_target
from groundwatch.operations.restore import verify_backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup or pg_dump) and the attachment store into a new folder "
        "with a manifest of SHA-256s. Safe while the server and workers are writing. The field-key file and "
        "the secret key are not included: back them up separately."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out", default="", help="Folder to write the backup folder into (default <data dir>/backups)."
        )
        parser.add_argument(
            "--verify", action="store_true", help="Re-read and re-hash the backup after writing it."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"]) if options["out"] else settings.DATA_DIR / "backups"
        try:
            result = create_backup(
                out.resolve(),
                database=default_target(),
                store_root=Path(settings.ATTACHMENT_STORE_DIR),
                progress=self.stdout.write,
                migrations=applied_migrations(),
            )
        except OperationFailed as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backup written to {result.path}: database {result.database_bytes:,} bytes, "
            f"{result.attachments:,} attachments ({result.attachment_bytes:,} bytes) in {result.seconds:.1f} s."
        )
        if options["verify"]:
            checked = verify_backup(result.path)
            if not checked.is_intact:
                raise CommandError("The backup does not verify: " + "; ".join(checked.problems[:10]))
            self.stdout.write(f"Verified: {checked.attachments_checked:,} attachments re-hashed equal.")
