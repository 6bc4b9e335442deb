from typing import Any

from django.core.management.base import BaseCommand

from groundwatch.protection.services import destroy_expired


class Command(BaseCommand):
    help = "Destroy the identifying data of protected persons whose retention date has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        codes = destroy_expired(actor=None)
        if codes:
            self.stdout.write(f"Destroyed identifying data of {len(codes)} persons: {', '.join(codes)}.")
        else:
            self.stdout.write("No retention date has passed; nothing destroyed.")
