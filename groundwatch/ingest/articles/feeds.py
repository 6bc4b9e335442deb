"""Read RSS/Atom feeds with feedparser, after refusing DTDs and entities (XML bombs). No database."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


class FeedRefused(ValueError):
    """The feed cannot be read; the message says why."""


@dataclass(frozen=True)
class FeedItem:
    key: str  # the entry's id, or its link
    title: str
    link: str
    summary: str
    published_on: dt.date | None


def parse_feed(data: bytes) -> tuple[str, list[FeedItem]]:
    """(feed title, items). Refuses DTDs (entity expansion bombs) and feeds feedparser cannot read."""
    import feedparser

    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise FeedRefused(
            "The feed declares a DTD or entities; groundwatch refuses those (XML bomb protection)."
        )
    parsed = feedparser.parse(data)
    problem = parsed.get("bozo_exception")
    if parsed.bozo and not isinstance(problem, feedparser.CharacterEncodingOverride):
        reason = type(problem).__name__
        raise FeedRefused(f"The feed is not well-formed RSS or Atom ({reason}).")
    items = []
    for entry in parsed.entries:
        link = entry.get("link", "")
        link = link if link.startswith(("http://", "https://")) else ""
        key = entry.get("id") or link or entry.get("title", "")
        if not key:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
        summary = re.sub(r"<[^>]+>", " ", entry.get("summary", ""))
        items.append(
            FeedItem(str(key)[:500], entry.get("title", ""), link, " ".join(summary.split()), published)
        )
    return parsed.feed.get("title", ""), items
