"""``groundwatch extract FILE... [--published YYYY-MM-DD] [--area AZ,AM] [--format json|text]``.

Runs extraction only: no database, no server, no migrations needed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groundwatch.ingest.articles.reading import ReadRefused, read_file
from groundwatch.ingest.extraction import ExtractionRefused, extract_text
from groundwatch.ingest.extraction.output import extraction_json, extraction_text


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    requires_migrations_checks = False
    help = "Extract events, places and organisations from article files and print them (no database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--published", default="", help="Publication date YYYY-MM-DD (default: from the text)."
        )
        parser.add_argument(
            "--area", default="", help="Comma-separated ISO country codes to prefer for places."
        )
        parser.add_argument("--format", default="json", choices=["json", "text"])

    def handle(self, *args: Any, **options: Any) -> None:
        published = None
        if options["published"]:
            try:
                published = dt.date.fromisoformat(options["published"])
            except ValueError:
                raise CommandError(
                    f"--published {options['published']!r} is not a date like 2023-09-24."
                ) from None
        area = [code.strip() for code in options["area"].split(",") if code.strip()]
        failures = 0
        for path in options["files"]:
            try:
                article = read_file(path)
                extraction = extract_text(
                    article.text, published_on=published or article.published_on, area_countries=area
                )
            except (ReadRefused, ExtractionRefused) as error:
                failures += 1
                self.stderr.write(f"{path}: {error}")
                continue
            data = extraction_json(str(path), extraction)
            if options["format"] == "json":
                self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            else:
                self.stdout.write(extraction_text(data))
        if failures:
            raise CommandError(f"{failures} of {len(options['files'])} files could not be read.")
