"""Reported dates keep their precision: a day, a week, a month or a year is a range, not a day."""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from dataclasses import dataclass


class DatePrecision(enum.StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"


@dataclass(frozen=True)
class DateRange:
    start: dt.date
    end: dt.date
    precision: DatePrecision

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"date range ends ({self.end}) before it starts ({self.start})")

    @property
    def midpoint(self) -> dt.date:
        """The day ACLED codes for a week or month precision (its midpoint)."""
        return self.start + (self.end - self.start) / 2

    def __str__(self) -> str:
        return format_range(self.start, self.end, self.precision)


def day(value: dt.date) -> DateRange:
    return DateRange(value, value, DatePrecision.DAY)


def iso_week(year: int, week: int) -> DateRange:
    start = dt.date.fromisocalendar(year, week, 1)
    return DateRange(start, start + dt.timedelta(days=6), DatePrecision.WEEK)


def month(year: int, month_number: int) -> DateRange:
    last = calendar.monthrange(year, month_number)[1]
    return DateRange(dt.date(year, month_number, 1), dt.date(year, month_number, last), DatePrecision.MONTH)


def year(year_number: int) -> DateRange:
    return DateRange(dt.date(year_number, 1, 1), dt.date(year_number, 12, 31), DatePrecision.YEAR)


def span(start: dt.date, end: dt.date) -> DateRange:
    if start == end:
        return day(start)
    return DateRange(start, end, DatePrecision.RANGE)


def format_range(start: dt.date, end: dt.date, precision: str) -> str:
    """Human wording of a date with its precision, e.g. 'September 2023' or '19–20 Sep 2023'."""
    if precision == DatePrecision.DAY or start == end:
        return start.strftime("%d %b %Y").lstrip("0")
    if precision == DatePrecision.MONTH:
        return start.strftime("%B %Y")
    if precision == DatePrecision.YEAR:
        return str(start.year)
    if precision == DatePrecision.WEEK:
        iso = start.isocalendar()
        return f"week {iso.week} of {iso.year} ({start:%d %b}–{end:%d %b %Y})"
    return f"{start:%d %b %Y} – {end:%d %b %Y}"
