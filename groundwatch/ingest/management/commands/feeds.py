"""``groundwatch feeds add URL --mission SLUG`` · ``feeds list [--mission SLUG]`` · ``feeds poll [--mission SLUG]``
· ``feeds poll --background`` (queue the scheduled background poll)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groundwatch.core.errors import GroundwatchError
from groundwatch.ingest.articles.services import add_feed, poll_feed
from groundwatch.ingest.management.commands.ingest import mission_and_user
from groundwatch.ingest.review.models import Feed


class Command(BaseCommand):
    help = "Add, list and poll the RSS/Atom feeds missions read."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["add", "list", "poll"])
        parser.add_argument("url", nargs="?", default="")
        parser.add_argument("--mission", default="", help="The mission's short name (required for add).")
        parser.add_argument("--user", default="", help="Record the work as this user (default: the system).")
        parser.add_argument("--title", default="")
        parser.add_argument(
            "--background",
            action="store_true",
            help="poll: queue the scheduled background poll (a worker polls due feeds every "
            "GROUNDWATCH_FEED_POLL_MINUTES) instead of polling now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        feeds = Feed.objects.filter(is_active=True).select_related("mission")
        if options["mission"]:
            mission, user = mission_and_user(options)
            feeds = feeds.filter(mission=mission)
        elif options["action"] == "add":
            raise CommandError("Say which mission the feed is for: --mission SLUG.")
        else:
            user = None
        if options["action"] == "add":
            if not options["url"]:
                raise CommandError("Give the feed's address: groundwatch feeds add URL --mission SLUG.")
            try:
                feed = add_feed(mission=mission, actor=user, url=options["url"], title=options["title"])
            except GroundwatchError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(f"Feed {feed.pk} added to {mission.slug}: {feed.url}")
        elif options["action"] == "list":
            for feed in feeds:
                polled = feed.last_polled_at.isoformat(timespec="minutes") if feed.last_polled_at else "never"
                self.stdout.write(
                    f"{feed.pk}\t{feed.mission.slug}\t{feed.url}\tpolled {polled}\t{feed.last_error}"
                )
        elif options["background"]:
            from groundwatch.ingest.articles.tasks import schedule_next_poll

            when = schedule_next_poll(after=dt.timedelta(0))
            self.stdout.write(
                f"Background feed polling queued (first run {when}); `groundwatch run_worker` runs it."
                if when
                else "A background feed poll is already queued (or this task queue cannot schedule polls; "
                "run `groundwatch feeds poll` from cron)."
            )
        else:
            errors = 0
            for feed in feeds:
                result = poll_feed(
                    feed=feed, actor=user, progress=lambda line: self.stdout.write(f"  {line}")
                )
                errors += bool(result.error)
                summary = (
                    result.error
                    or f"{result.new} new, {result.seen} seen before, {result.skipped} skipped by the prefilter, {result.failed} failed"
                )
                self.stdout.write(f"{feed.url}: {summary}")
            if errors:
                raise CommandError(f"{errors} feeds could not be read.")
