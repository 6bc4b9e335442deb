from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from groundwatch.geo.services import load_seed_places


class Command(BaseCommand):
    help = "Create the data directory and database, apply migrations and load the seed gazetteer."

    def handle(self, *args: Any, **options: Any) -> None:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        settings.ATTACHMENT_STORE_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        places = load_seed_places()
        self.stdout.write(f"Data directory: {settings.DATA_DIR}")
        self.stdout.write(f"Database ready; {places} gazetteer places loaded.")
