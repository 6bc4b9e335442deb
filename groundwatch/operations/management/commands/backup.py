"""``groundwatch backup``: a consistent online backup of the database and the attachment store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from groundwatch.operations.backup import applied_migrations, create_backup
from groundwatch.operations.databases import OperationFailed, default_target
from groundwatch.operations.encryption import parse_public_key


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup or pg_dump) and the attachment store into a new folder "
        "with a manifest of SHA-256s. Safe while the server and workers are writing. The field-key file and "
        "the secret key are not included: back them up separately. With --encrypt-to, the backup is one file "
        "sealed for a backup public key (X25519 + AES-256-GCM); the secret key to restore it stays off the server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out", default="", help="Folder to write the backup folder into (default <data dir>/backups)."
        )
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Re-read and re-hash the backup after writing it (before sealing it, with --encrypt-to).",
        )
        parser.add_argument(
            "--encrypt-to",
            default="",
            metavar="PUBLIC_KEY",
            help="Write one encrypted file instead of a folder, readable only with the matching secret key: "
            "a backup public key (gwbackup-pub1-…) or the .pub file from `groundwatch backup_key generate`.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"]) if options["out"] else settings.DATA_DIR / "backups"
        try:
            recipient = parse_public_key(options["encrypt_to"]) if options["encrypt_to"] else None
            result = create_backup(
                out.resolve(),
                database=default_target(),
                store_root=Path(settings.ATTACHMENT_STORE_DIR),
                progress=self.stdout.write,
                migrations=applied_migrations(),
                encrypt_to=recipient,
                verify=options["verify"],
            )
        except OperationFailed as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backup written to {result.path}: database {result.database_bytes:,} bytes, "
            f"{result.attachments:,} attachments ({result.attachment_bytes:,} bytes) in {result.seconds:.1f} s."
        )
        if result.encrypted_for:
            self.stdout.write(
                f"Encrypted for backup key {result.encrypted_for}; restoring it needs that secret key."
            )
        if options["verify"]:
            self.stdout.write(
                "Verified: the database file and every attachment re-hashed equal to the manifest."
            )
