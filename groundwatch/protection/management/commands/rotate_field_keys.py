from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from groundwatch.protection.services import rotate_field_keys


class Command(BaseCommand):
    help = "Add a new field-encryption key and re-encrypt every protected field with it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--retire-old",
            action="store_true",
            help="Remove the old keys from the key file once everything is re-encrypted.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = rotate_field_keys(actor=None, retire_old=options["retire_old"])
        self.stdout.write(
            f"Active key is now {result.new_key_id}; {result.re_encrypted} fields re-encrypted."
        )
        if result.retired:
            self.stdout.write(f"Removed old keys: {', '.join(result.retired)}.")
        else:
            self.stdout.write(
                "Old keys kept for now; run again with --retire-old after backing up the key file."
            )
