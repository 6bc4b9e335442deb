"""``groundwatch restore BACKUP``: restore into an empty data dir / empty database, then verify it."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from groundwatch.operations.databases import OperationFailed, default_target
from groundwatch.operations.encryption import decrypted_backup, read_secret_key
from groundwatch.operations.restore import restore_files, verify_backup, verify_restored


class Command(BaseCommand):
    help = (
        "Restore a backup made by `groundwatch backup` into an empty database (the SQLite file in "
        "GROUNDWATCH_DATA_DIR, or the empty PostgreSQL database of DATABASE_URL) and an empty attachment "
        "store, then verify it: every attachment re-hashed, the audit chain re-verified. "
        "With --check-only, only verifies the backup against its manifest. An encrypted backup (.gwbackup) "
        "needs --key: it is decrypted and authenticated in full before anything is restored."
    )
    requires_system_checks: list[str] = []  # the database may not exist yet

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "backup", help="The backup folder (groundwatch-backup-…) or encrypted .gwbackup file."
        )
        parser.add_argument(
            "--check-only", action="store_true", help="Verify the backup's hashes; restore nothing."
        )
        parser.add_argument(
            "--key", default="", help="The backup secret key file, for an encrypted backup (.gwbackup)."
        )
        parser.add_argument(
            "--work-dir",
            default="",
            help="Where an encrypted backup is decrypted before restoring (default: the system temporary "
            "folder); needs room for the whole backup. Deleted afterwards.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backup = Path(options["backup"]).resolve()
        store_root = Path(settings.ATTACHMENT_STORE_DIR)
        try:
            with ExitStack() as stack:
                if backup.is_file():
                    if not options["key"]:
                        raise OperationFailed(
                            f"{backup} is an encrypted backup: give its secret key with --key KEYFILE."
                        )
                    secret = read_secret_key(Path(options["key"]))
                    self.stdout.write(f"Decrypting with backup key {secret.public.id}…")
                    work_dir = Path(options["work_dir"]) if options["work_dir"] else None
                    backup = stack.enter_context(decrypted_backup(backup, secret, work_dir))
                    self.stdout.write("Decrypted; every chunk authenticated.")
                if options["check_only"]:
                    checked = verify_backup(backup)
                else:
                    connections.close_all()
                    restore_files(
                        backup, database=default_target(), store_root=store_root, progress=self.stdout.write
                    )
                    self.stdout.write("Verifying the restored data…")
                    checked = verify_restored(store_root)
        except OperationFailed as error:
            raise CommandError(str(error)) from None
        if not checked.is_intact:
            raise CommandError("Verification failed: " + "; ".join(checked.problems[:10]))
        if options["check_only"]:
            self.stdout.write(f"Backup intact: {checked.attachments_checked:,} attachments re-hashed equal.")
            return
        self.stdout.write(
            f"Verified: {checked.attachments_checked:,} attachments re-hashed equal, "
            f"{checked.audit_records_checked:,} audit records in an intact chain."
        )
