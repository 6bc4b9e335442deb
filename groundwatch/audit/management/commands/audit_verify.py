from typing import Any

from django.core.management.base import BaseCommand, CommandError

from groundwatch.audit.services import verify_chain


class Command(BaseCommand):
    help = "Re-hash the audit log and report the first broken link, if any."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if report.problem is not None:
            raise CommandError(
                f"Audit log broken at record {report.problem.sequence}: {report.problem.reason}. "
                f"{report.checked} records before it are intact."
            )
        self.stdout.write(f"Audit log intact: {report.checked} records. Latest hash: {report.last_hash}")
