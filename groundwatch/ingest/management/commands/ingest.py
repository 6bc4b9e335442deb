"""``groundwatch ingest (FILE|URL)... --mission SLUG [--user NAME] [--published YYYY-MM-DD]``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groundwatch.accounts.models import Mission, User
from groundwatch.core.errors import GroundwatchError
from groundwatch.ingest.articles.reading import ReadRefused, read_file
from groundwatch.ingest.articles.services import ingest_url
from groundwatch.ingest.review.services import ingest_article
from groundwatch.sources.choices import Channel


def mission_and_user(options: dict[str, Any]) -> tuple[Mission, User | None]:
    mission = Mission.objects.filter(slug=options["mission"]).first()
    if mission is None:
        raise CommandError(f"No mission with the short name {options['mission']!r}.")
    user = None
    if options.get("user"):
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}.")
    return mission, user


class Command(BaseCommand):
    help = "Store articles (files or URLs) as reports, extract them and queue their proposals for review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("inputs", nargs="+")
        parser.add_argument("--mission", required=True, help="The mission's short name (slug).")
        parser.add_argument("--user", default="", help="Record the work as this user (default: the system).")
        parser.add_argument("--published", default="", help="Publication date YYYY-MM-DD for files.")

    def handle(self, *args: Any, **options: Any) -> None:
        mission, user = mission_and_user(options)
        published = dt.date.fromisoformat(options["published"]) if options["published"] else None
        failures = 0
        total = len(options["inputs"])
        for number, given in enumerate(options["inputs"], start=1):
            try:
                if given.startswith(("http://", "https://")):
                    result = ingest_url(mission=mission, actor=user, url=given)
                else:
                    article = read_file(Path(given))
                    result = ingest_article(
                        mission=mission,
                        actor=user,
                        article=article,
                        channel=Channel.ARTICLE,
                        published_on=published,
                    )
            except (ReadRefused, GroundwatchError) as error:
                failures += 1
                self.stderr.write(f"[{number}/{total}] {given}: {error}")
                continue
            note = result.read.note or f"{result.proposals} proposals for review"
            self.stdout.write(f"[{number}/{total}] {given}: report {result.report.pk}, {note}")
        if failures:
            raise CommandError(f"{failures} of {total} inputs were not stored.")
