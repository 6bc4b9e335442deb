from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from groundwatch.reports.services import remove_expired_exports


class Command(BaseCommand):
    help = (
        "Remove the files of background exports finished more than GROUNDWATCH_EXPORT_KEEP_HOURS ago "
        "(each removal is audited). Safe to run from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        removed = remove_expired_exports()
        hours = settings.EXPORT_KEEP_HOURS
        if removed:
            jobs = ", ".join(str(pk) for pk in removed)
            self.stdout.write(
                f"Removed the files of {len(removed)} exports older than {hours} hours: {jobs}."
            )
        else:
            self.stdout.write(f"No export file is older than {hours} hours; nothing removed.")
