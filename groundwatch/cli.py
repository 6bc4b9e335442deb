"""The ``groundwatch`` command.

``groundwatch demo``, ``serve`` and ``init`` are groundwatch's own; any other word is passed to Django's
management commands (``groundwatch migrate``, ``groundwatch check``, ``groundwatch audit_verify`` …).
"""

from __future__ import annotations

import os
import sys

USAGE = """\
usage: groundwatch COMMAND [options]

groundwatch's own commands:
  init      create the data directory and database, load the seed gazetteer
  demo      set up the demo mission (Nagorno-Karabakh, September 2023) and serve it
  serve     serve the web interface and API
  help      this text; `groundwatch help COMMAND` for a command's options,
            `groundwatch help --commands` for every command

Any other command is a groundwatch or Django management command, e.g.:
  import, extract, ingest, feeds, audit verify, export_case, backup, restore,
  run_worker, rotate_field_keys, migrate, check, createsuperuser
  (`groundwatch help --commands` lists them all; docs/cli.md describes each)

Settings come from environment variables; see docs/configuration.md.
"""


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundwatch.settings")
    if not args or args[0] in ("-h", "--help"):
        print(USAGE)
        return 0
    if args[0] == "help":
        if len(args) == 1:
            print(USAGE)
            return 0
        # `help --commands` is Django's list of every command; `help NAME` is that command's options.
        args = ["help"] if args[1] == "--commands" else [args[1], "--help"]
    from groundwatch.lib.env import EnvError

    try:
        import django

        django.setup()
    except EnvError as error:
        print(f"groundwatch: configuration error: {error}", file=sys.stderr)
        return 2
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["groundwatch", *args])
    except KeyboardInterrupt:
        return 130
    return 0
