from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groundwatch.audit.services import check_anchor, verify_chain


class Command(BaseCommand):
    help = (
        "The audit log. `verify` re-hashes the chain and reports the first broken link; with --anchor it also "
        "checks a hash recorded earlier outside the server. `anchor` prints the line to record."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "anchor"])
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="SEQUENCE:HASH",
            help="An anchor printed earlier by `groundwatch audit anchor` (may be given several times).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if options["action"] == "anchor":
            if report.problem is not None:
                raise CommandError(
                    f"Not anchoring a broken log (record {report.problem.sequence}: {report.problem.reason})."
                )
            self.stdout.write(f"{report.checked}:{report.last_hash}")
            self.stderr.write(
                "Keep this line outside the server (mission e-mail, printed sitrep) to check later with "
                "`groundwatch audit verify --anchor SEQUENCE:HASH`."
            )
            return
        if report.problem is not None:
            raise CommandError(
                f"Audit log broken at record {report.problem.sequence}: {report.problem.reason}. "
                f"{report.checked} records before it are intact."
            )
        for anchor in options["anchor"]:
            problem = check_anchor(anchor)
            if problem:
                raise CommandError(problem)
        anchored = f", {len(options['anchor'])} anchors match" if options["anchor"] else ""
        self.stdout.write(
            f"Audit log intact: {report.checked} records{anchored}. Latest hash: {report.last_hash}"
        )
