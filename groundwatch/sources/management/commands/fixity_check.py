import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from groundwatch.sources.custody import check_fixity


class Command(BaseCommand):
    help = (
        "Re-hash every stored attachment and report files that are missing or no longer match their SHA-256."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] > 2 or done == total:
                last[0] = now
                self.stderr.write(f"  checked {done:,}/{total:,} files")

        report = check_fixity(progress=progress)
        seconds = time.monotonic() - started
        for digest in report.missing:
            self.stderr.write(f"MISSING  {digest}")
        for digest in report.changed:
            self.stderr.write(f"CHANGED  {digest}")
        if not report.is_intact:
            raise CommandError(
                f"{len(report.missing)} missing and {len(report.changed)} changed of {report.checked} files. "
                "Restore them from backup; the audit log records who stored each one."
            )
        self.stdout.write(f"All {report.checked} stored files match their SHA-256 ({seconds:.1f} s).")
