"""Resolve date phrases against the publication date, keeping their precision.

Only the words spaCy marks as a DATE go through here. Weekdays, "yesterday", "last week" and the like are
resolved by rule (a weekday is the latest such day on or before publication); explicit dates go to
dateparser with the publication date as its base. A year alone stays a year: no day is ever invented.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): index for index, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = re.compile(r"^(?:in |during |since |by |of |early |late |mid-?)*((?:19|20)\d\d)$")
_MONTH_YEAR = re.compile(rf"^(?:in |during |early |late |mid-?)*({_MONTH})(?:,? ((?:19|20)\d\d))?$", re.I)
_DAY_RANGE = re.compile(
    rf"(\d{{1,2}})\s*(?:-|–|to|and)\s*(\d{{1,2}})\s+({_MONTH})(?:,?\s+((?:19|20)\d\d))?", re.I
)
_DAY_RANGE_US = re.compile(
    rf"({_MONTH})\s+(\d{{1,2}})\s*(?:-|–|to|and)\s*(\d{{1,2}})(?:,?\s+((?:19|20)\d\d))?", re.I
)
_HAS_DAY = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\b")
_RELATIVE_DAYS = {"today": 0, "yesterday": 1, "tonight": 0, "this morning": 0, "last night": 1}


def _week(day: dt.date) -> tuple[dt.date, dt.date]:
    start = day - dt.timedelta(days=day.weekday())
    return start, start + dt.timedelta(days=6)


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _latest(weekday: int, published: dt.date, before: bool) -> dt.date:
    """The latest ``weekday`` on (or, for "last Monday", strictly before) the publication date."""
    back = (published.weekday() - weekday) % 7
    if back == 0 and before:
        back = 7
    return published - dt.timedelta(days=back)


@lru_cache(maxsize=4096)
def resolve_date(phrase: str, published: dt.date | None) -> tuple[dt.date, dt.date, str] | None:
    """(start, end, precision) for a DATE phrase, or None when it names no resolvable time."""
    text = " ".join(phrase.lower().replace(",", " ,").split()).replace(" ,", ",").strip(" .")
    text = re.sub(r"^(?:on|since|by|from|until|as of|early on|late on)\s+", "", text)
    found = _relative(text, published) if published else None
    if found:
        return found
    return _explicit(text, published)


def _relative(text: str, published: dt.date) -> tuple[dt.date, dt.date, str] | None:
    for words, days in _RELATIVE_DAYS.items():
        if text == words or text.startswith(words + " "):
            day = published - dt.timedelta(days=days)
            return day, day, "day"
    match = re.fullmatch(
        r"(last |this |past |on )?(" + "|".join(WEEKDAYS) + r")(?: (?:morning|afternoon|evening|night))?",
        text,
    )
    if match:
        day = _latest(WEEKDAYS[match.group(2)], published, before=match.group(1) == "last ")
        return day, day, "day"
    if text in ("last week", "the previous week", "the past week", "past week"):
        if text == "last week":
            return (*_week(published - dt.timedelta(days=7)), "week")
        return published - dt.timedelta(days=6), published, "range"
    if text in ("this week", "earlier this week", "the week"):
        return _week(published)[0], published, "week"
    if text in ("last month", "the previous month"):
        previous = published.replace(day=1) - dt.timedelta(days=1)
        return (*_month(previous.year, previous.month), "month")
    if text in ("this month", "earlier this month"):
        return published.replace(day=1), published, "month"
    if text in ("last year", "the previous year"):
        return dt.date(published.year - 1, 1, 1), dt.date(published.year - 1, 12, 31), "year"
    if text in ("this year", "earlier this year"):
        return dt.date(published.year, 1, 1), published, "year"
    match = re.fullmatch(r"(?:the )?(?:last|past) (\d+|two|three|four|five|six|seven|ten) days", text)
    if match:
        number = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}.get(
            match.group(1)
        )
        days = number or int(match.group(1))
        return published - dt.timedelta(days=days), published, "range"
    return None


def _explicit(text: str, published: dt.date | None) -> tuple[dt.date, dt.date, str] | None:
    default_year = published.year if published else None
    match = _YEAR.match(text)
    if match:
        year = int(match.group(1))
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    match = _MONTH_YEAR.match(text)
    if match:
        month_year = int(match.group(2)) if match.group(2) else default_year
        if month_year is None:
            return None
        return (*_month(month_year, MONTHS[match.group(1).lower().rstrip(".")]), "month")
    for pattern, day_groups, month_group, year_group in (
        (_DAY_RANGE, (1, 2), 3, 4),
        (_DAY_RANGE_US, (2, 3), 1, 4),
    ):
        match = pattern.search(text)
        if match:
            range_year = int(match.group(year_group)) if match.group(year_group) else default_year
            month = MONTHS[match.group(month_group).lower().rstrip(".")]
            try:
                start, end = (
                    (dt.date(range_year, month, int(match.group(group))) for group in day_groups)
                    if range_year
                    else (None, None)
                )
            except ValueError:
                return None
            if start and end and start <= end:
                return start, end, "range"
    if not _HAS_DAY.search(text) or (
        not re.search(_MONTH, text, re.I) and not re.search(r"\d{4}-\d\d-\d\d", text)
    ):
        return None
    return _dateparser(text, published)


def _dateparser(text: str, published: dt.date | None) -> tuple[dt.date, dt.date, str] | None:
    import dateparser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]}
    if published:
        settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time(12))
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    day = parsed.date()
    return day, day, "day"
