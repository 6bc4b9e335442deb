"""Reading values people type into forms and spreadsheets: dates, coordinates, numbers. No database."""

from __future__ import annotations

import datetime as dt
import re
import time
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")
EARLIEST = dt.date(1900, 1, 1)
_ISO_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]")


def parse_date(raw: str) -> dt.date:
    """A calendar date from ISO (2023-09-19, or an ISO timestamp) or a spelled-out day (19 September 2023)."""
    text = raw.strip()
    if len(text) > 10 and _ISO_TIMESTAMP.match(text):
        text = text[:10]
    if len(text) == 10 and text[4] == "-":
        try:
            return _plausible(dt.date.fromisoformat(text), raw)
        except ValueError:
            pass
    for pattern in _DATE_FORMATS:
        try:
            value = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        return _plausible(value, raw)
    raise ValueError(f"{raw!r} is not a date; write it as YYYY-MM-DD")


def _plausible(value: dt.date, raw: str) -> dt.date:
    if value < EARLIEST or value > _latest(int(time.time()) // 60):
        raise ValueError(f"{raw!r} is not a plausible date (before 1900 or in the future)")
    return value


@lru_cache(maxsize=1)
def _latest(minute: int) -> dt.date:
    """Tomorrow: the latest plausible date (asked once a minute, not once a row)."""
    return dt.date.today() + dt.timedelta(days=1)


def parse_geopoint(raw: str) -> tuple[Decimal, Decimal]:
    """Latitude and longitude from an ODK geopoint ('lat lon [alt acc]') or 'lat,lon'."""
    parts = raw.replace(",", " ").split()
    if len(parts) < 2:
        raise ValueError(f"{raw!r} is not a coordinate pair; give latitude and longitude")
    try:
        latitude, longitude = Decimal(parts[0]), Decimal(parts[1])
    except InvalidOperation:
        raise ValueError(f"{raw!r} is not a coordinate pair of numbers") from None
    if not (latitude.is_finite() and -90 <= latitude <= 90):
        raise ValueError(f"latitude {parts[0]} is out of range (-90 to 90)")
    if not (longitude.is_finite() and -180 <= longitude <= 180):
        raise ValueError(f"longitude {parts[1]} is out of range (-180 to 180)")
    quantum = Decimal("0.00001")
    return latitude.quantize(quantum), longitude.quantize(quantum)
