"""``groundwatch demo``: set up the demo mission, print how to sign in, and serve it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from groundwatch.demo.loader import DemoResult, load_demo
from groundwatch.events.models import Event
from groundwatch.sources.models import Report
from groundwatch.web.management.commands.serve import pending_migrations


class Command(BaseCommand):
    help = (
        "Create the data directory and database, load the demo mission (Nagorno-Karabakh, September 2023) "
        "with one user per role, print their credentials, and serve the web interface and API. "
        "Running it again changes nothing and prints the same credentials."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Set up and print, but do not serve.")
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default 8000).")

    def handle(self, *args: Any, **options: Any) -> None:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        settings.ATTACHMENT_STORE_DIR.mkdir(parents=True, exist_ok=True)
        if pending_migrations():
            call_command("migrate", interactive=False, verbosity=0)
        result = load_demo()
        self._print_summary(result, options["host"], options["port"])
        if not options["no_serve"]:
            # The printed demo passwords are the whole point here; `groundwatch serve` on the same data
            # asks analysts and above for an authenticator code as usual.
            settings.REQUIRE_TWO_FACTOR = False
            self.stdout.write(
                "Two-factor sign-in is off while the demo serves (`groundwatch serve` requires it)."
            )
            call_command("serve", host=options["host"], port=options["port"], stdout=self.stdout)

    def _print_summary(self, result: DemoResult, host: str, port: int) -> None:
        mission = result.mission
        reports = Report.objects.filter(mission=mission).count()
        events = Event.objects.filter(mission=mission).current().count()
        state = "created" if result.is_new else "already loaded; nothing changed"
        write = self.stdout.write
        write(f"Demo mission '{mission.name}' ({mission.slug}): {state}.")
        write(f"  {reports} reports, {events} events. Data directory: {settings.DATA_DIR}")
        write("")
        write(f"Demo users (saved in {result.credentials_file}, readable by you only):")
        write(f"  {'role':<12} {'username':<17} {'password':<18} API token")
        for credential in result.credentials:
            write(
                f"  {credential.role:<12} {credential.username:<17} {credential.password:<18} {credential.token}"
            )
        base = f"http://{_url_host(host)}:{port}"
        analyst = next(credential for credential in result.credentials if credential.role == "analyst")
        write("")
        write(f"Web interface:  {base}/")
        write(f"API docs:       {base}/api/v1/docs")
        write("Try the API:")
        write(
            f"  curl -H 'Authorization: Bearer {analyst.token}' '{base}/api/v1/events?mission={mission.slug}'"
        )
        monitor = next(credential for credential in result.credentials if credential.role == "monitor")
        write(
            "ODK Collect / KoBoCollect (Custom server; serve with --host 0.0.0.0 and use this machine's address):"
        )
        write(f"  server {base}/m/{mission.slug}/openrosa")
        write(f"  user name {monitor.username}, password {monitor.token} (its device token)")


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "", "::"):  # noqa: S104  (printing a URL, not binding)
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host
