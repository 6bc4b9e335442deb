"""Writes for feeds and URLs: add a feed, poll it (new entries only), ingest a URL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from groundwatch.accounts.models import Mission
from groundwatch.audit.services import record_audit, snapshot
from groundwatch.core.access import require_action
from groundwatch.core.choices import Action
from groundwatch.core.errors import GroundwatchError, ValidationFailed
from groundwatch.ingest.articles.feeds import FeedRefused, parse_feed
from groundwatch.ingest.articles.fetch import Fetched, FetchRefused, fetch
from groundwatch.ingest.articles.reading import Article, ReadRefused, read_bytes
from groundwatch.ingest.extraction.prefilter import is_relevant
from groundwatch.ingest.review.models import Feed, FeedEntry
from groundwatch.ingest.review.services import IngestResult, ingest_article
from groundwatch.sources.choices import Channel

Fetcher = Callable[[str], Fetched]


def _fetcher() -> Fetcher:
    allow = bool(getattr(settings, "FETCH_PRIVATE_ADDRESSES", False))
    return lambda url: fetch(url, allow_private=allow)


def read_url(url: str, fetcher: Fetcher | None = None) -> Article:
    try:
        fetched = (fetcher or _fetcher())(url)
        return read_bytes(fetched.body, name=url, media_type=fetched.media_type, url=url)
    except (FetchRefused, ReadRefused) as error:
        raise ValidationFailed(str(error), field="url") from None


def ingest_url(*, mission: Mission, actor: Any, url: str, fetcher: Fetcher | None = None) -> IngestResult:
    article = read_url(url, fetcher)
    return ingest_article(
        mission=mission, actor=actor, article=article, channel=Channel.ARTICLE, external_id=url[:200]
    )


def add_feed(*, mission: Mission, actor: Any, url: str, title: str = "") -> Feed:
    require_action(actor, mission, Action.ANALYSE)
    if not url.startswith(("http://", "https://")):
        raise ValidationFailed(f"{url!r} is not an http(s) address.", field="url")
    with transaction.atomic():
        try:
            with transaction.atomic():
                feed = Feed.objects.create(mission=mission, url=url, title=title, added_by=actor)
        except IntegrityError:
            raise ValidationFailed("This mission already polls that feed.", field="url") from None
        record_audit(action="feed.add", actor=actor, mission=mission, target=feed, after=snapshot(feed))
    return feed


@dataclass
class PollResult:
    new: int = 0
    seen: int = 0
    skipped: int = 0
    failed: int = 0
    error: str = ""


def poll_feed(
    *, feed: Feed, actor: Any, fetcher: Fetcher | None = None, progress: Callable[[str], None] | None = None
) -> PollResult:
    """Read the feed; each entry not seen before becomes a Report (the linked page, or the entry's summary)."""
    require_action(actor, feed.mission, Action.ANALYSE)
    get = fetcher or _fetcher()
    result = PollResult()
    try:
        title, items = parse_feed(get(feed.url).body)
    except (FetchRefused, FeedRefused) as error:
        result.error = str(error)
        Feed.objects.filter(pk=feed.pk).update(last_polled_at=timezone.now(), last_error=result.error[:500])
        return result
    for item in items:
        if FeedEntry.objects.filter(feed=feed, entry_key=item.key).exists():
            result.seen += 1
            continue
        text = f"{item.title}\n\n{item.summary}"
        reason = "" if is_relevant(text) else "prefilter: no event words"
        report = None
        if not reason:
            try:
                article = (
                    read_url(item.link, get) if item.link else read_bytes(text.encode(), name=item.title)
                )
                article = article if article.title else Article(**{**article.__dict__, "title": item.title})
                ingested = ingest_article(
                    mission=feed.mission,
                    actor=actor,
                    article=article,
                    channel=Channel.FEED,
                    external_id=item.key[:200],
                    published_on=item.published_on,
                )
                report = ingested.report
                result.new += 1
            except (GroundwatchError, ReadRefused) as error:
                reason = str(error)[:200]
                result.failed += 1
        else:
            result.skipped += 1
        FeedEntry.objects.create(feed=feed, entry_key=item.key, report=report, skipped_reason=reason)
        if progress:
            progress(f"{item.title[:70]}: {reason or 'read'}")
    Feed.objects.filter(pk=feed.pk).update(
        last_polled_at=timezone.now(), last_error="", title=feed.title or title[:300]
    )
    return result


def poll_due_feeds(
    *,
    interval: dt.timedelta,
    now: dt.datetime | None = None,
    fetcher: Fetcher | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Poll, as the system, every active feed not polled within ``interval`` (the background schedule).

    Each feed is claimed first (its ``last_polled_at`` moves to now only if nobody else moved it), so two
    workers running this at once never poll the same feed twice; entries already seen are never re-read."""
    now = now or timezone.now()
    totals = {"feeds": 0, "new": 0, "seen": 0, "skipped": 0, "failed": 0, "errors": 0}
    due = Feed.objects.filter(is_active=True).filter(
        Q(last_polled_at__isnull=True) | Q(last_polled_at__lte=now - interval)
    )
    for feed in due.select_related("mission").order_by("pk"):
        was = (
            Q(last_polled_at__isnull=True)
            if feed.last_polled_at is None
            else Q(last_polled_at=feed.last_polled_at)
        )
        if not Feed.objects.filter(was, pk=feed.pk).update(last_polled_at=now):
            continue  # another worker took it
        result = poll_feed(feed=feed, actor=None, fetcher=fetcher, progress=progress)
        totals["feeds"] += 1
        totals["errors"] += bool(result.error)
        for key in ("new", "seen", "skipped", "failed"):
            totals[key] += getattr(result, key)
    return totals
