"""``groundwatch backup_key generate``: the key pair for encrypted backups (secret key kept off the server)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groundwatch.operations.databases import OperationFailed
from groundwatch.operations.encryption import generate_key_pair, read_secret_key, write_key_pair


class Command(BaseCommand):
    help = (
        "Keys for encrypted backups. `generate` writes NAME.secret (mode 600; keep it off the server, in two "
        "places) and NAME.pub (give it to `groundwatch backup --encrypt-to`). `public KEYFILE` prints the "
        "public key and key id of a secret key file. Works offline."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["generate", "public"])
        parser.add_argument("keyfile", nargs="?", default="", help="For `public`: the secret key file.")
        parser.add_argument(
            "--out", default=".", help="For `generate`: the folder to write the two files into."
        )
        parser.add_argument(
            "--name",
            default="groundwatch-backup-key",
            help="For `generate`: the files' name (without suffix).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "public":
                if not options["keyfile"]:
                    raise OperationFailed("Give the secret key file: groundwatch backup_key public KEYFILE")
                public = read_secret_key(Path(options["keyfile"])).public
                self.stdout.write(f"{public.text}\n# key id {public.id}")
                return
            secret_path, public_path = write_key_pair(
                generate_key_pair(), Path(options["out"]), options["name"]
            )
        except OperationFailed as error:
            raise CommandError(str(error)) from None
        public = read_secret_key(secret_path).public
        self.stdout.write(
            f"Backup key {public.id}\n  secret key: {secret_path} (move it OFF this machine; keep two copies)\n"
            f"  public key: {public_path}\nOn the server: groundwatch backup --encrypt-to {public_path}"
        )
