"""``groundwatch serve``: check the configuration, bring the database up to date, and serve with waitress."""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = (
        "Serve the web interface and API with waitress. Runs the system checks first and refuses to start "
        "on errors. In embedded mode (GROUNDWATCH_PRODUCTION off) it creates the data directory and applies "
        "pending migrations; in production mode it refuses to start while migrations are pending."
    )
    requires_system_checks: list[str] = []  # the checks run in handle(), so their errors read as a refusal

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default 8000).")
        parser.add_argument("--threads", type=int, default=8, help="Worker threads (default 8).")
        parser.add_argument(
            "--production",
            action="store_true",
            help="Insist on production mode: refuse to start unless GROUNDWATCH_PRODUCTION is on, and run "
            "Django's deployment checks as well.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["threads"] < 1:
            raise CommandError("--threads must be 1 or more.")
        if options["production"] and not settings.PRODUCTION:
            raise CommandError(
                "--production was given but GROUNDWATCH_PRODUCTION is off. Set GROUNDWATCH_PRODUCTION=1 "
                "(with GROUNDWATCH_SECRET_KEY and DATABASE_URL), or drop --production for embedded mode."
            )
        call_command("check", deploy=options["production"], stdout=self.stdout, stderr=self.stderr)
        self._prepare_database()
        self._serve(options["host"], options["port"], options["threads"])

    def _prepare_database(self) -> None:
        if settings.PRODUCTION:
            pending = pending_migrations()
            if pending:
                raise CommandError(
                    f"{pending} database migration(s) are not applied. Run `groundwatch migrate` first "
                    "(after a backup), then start the server again."
                )
            return
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        settings.ATTACHMENT_STORE_DIR.mkdir(parents=True, exist_ok=True)
        if pending_migrations():
            self.stdout.write("Applying database migrations…")
            call_command("migrate", interactive=False, verbosity=0)

    def _serve(self, host: str, port: int, threads: int) -> None:
        from waitress import create_server

        from groundwatch.wsgi import application

        proxy: dict[str, Any] = {}
        if settings.HTTPS_PROXY:
            # waitress drops X-Forwarded-* headers from untrusted peers; without this, Django would never see
            # `X-Forwarded-Proto: https` and redirect every request to HTTPS again. GROUNDWATCH_HTTPS_PROXY
            # already declares that only the reverse proxy reaches this port.
            proxy = {
                "trusted_proxy": "*",
                "trusted_proxy_headers": {"x-forwarded-proto", "x-forwarded-for"},
                "trusted_proxy_count": 1,
            }
        # waitress refuses bodies over 1 GiB by default; let the largest file groundwatch takes through
        # (an import, up to GROUNDWATCH_IMPORT_MAX_BYTES), with room for the multipart envelope.
        largest = max(settings.IMPORT_MAX_BYTES, settings.ATTACHMENT_MAX_BYTES) + 1024 * 1024
        server = create_server(
            application,
            host=host,
            port=port,
            threads=threads,
            ident="groundwatch",
            max_request_body_size=largest,
            **proxy,
        )
        mode = "production" if settings.PRODUCTION else "embedded"
        listening = f"http://{_url_host(str(server.effective_host))}:{server.effective_port}/"
        self.stdout.write(f"groundwatch ({mode} mode) listening on {listening} — press Ctrl-C to stop.")
        self.stdout.flush()
        _stop_on_sigterm()
        try:
            server.run()  # returns after Ctrl-C or SIGTERM: waitress closes its sockets on KeyboardInterrupt
        finally:
            server.close()
        self.stdout.write("Stopped.")


def pending_migrations() -> int:
    """How many migrations the database still lacks."""
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _stop_on_sigterm() -> None:
    """Let a service manager's SIGTERM stop the server the same clean way as Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
