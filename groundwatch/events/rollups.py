"""Roll-up columns kept on every event, so dashboards and the map group on plain indexed columns.

``week_start`` (the Monday of the ISO week of ``date_start``), ``month_start`` (the first of its month) and
``grid_cell`` (the map cell of the event's point at ``CELL_ZOOM``) are derived from ``date_start``,
``latitude`` and ``longitude``. The day key is ``date_start`` itself.

Every write path fills them: ``Event.save()`` (the services), ``EventQuerySet.bulk_create`` and ``update``,
the batch import writer (through ``event_rollups``) and the migration that added them (a backfill).

The grid is the map's: at zoom ``z`` a cell is a quarter of a 256-pixel web-map tile wide, ``90 / 2**z``
degrees, counted from 90°S and 180°W. ``grid_cell`` interleaves the bits of the cell's row and column at
``CELL_ZOOM`` (a Z-order key), so the cell at any coarser zoom is the key shifted right by two bits per zoom
level: one column serves every zoom, and ``GROUP BY grid_cell >> k`` is a plain integer expression in SQLite
and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_FLOOR, Decimal
from typing import Any

CELL_ZOOM = 18  # the map never asks for finer cells (its zoom is clamped to 18)
_BITS = CELL_ZOOM + 3  # a column index at CELL_ZOOM is below 2**(CELL_ZOOM + 3)
SOURCE_FIELDS = frozenset({"date_start", "latitude", "longitude"})
ROLLUP_FIELDS = ("week_start", "month_start", "grid_cell")


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def cell_degrees(zoom: int) -> float:
    """The width (and height) of one map cell at ``zoom``, in degrees."""
    return 90.0 / float(2 ** _zoom(zoom))


def _zoom(zoom: int) -> int:
    return max(0, min(int(zoom), CELL_ZOOM))


def _index(value: Any, offset: int) -> int:
    """Which cell along one axis a coordinate falls in, at CELL_ZOOM, computed exactly on decimals."""
    position = (Decimal(str(value)) + offset) * (2**CELL_ZOOM) / 90
    return int(position.to_integral_value(rounding=ROUND_FLOOR))


def _spread(value: int) -> int:
    """The bits of ``value`` moved to the even positions (bit i to bit 2i)."""
    result = 0
    for bit in range(_BITS):
        result |= ((value >> bit) & 1) << (2 * bit)
    return result


def _gather(value: int) -> int:
    result = 0
    for bit in range(_BITS):
        result |= ((value >> (2 * bit)) & 1) << bit
    return result


def grid_cell(latitude: Any, longitude: Any) -> int | None:
    """The Z-order key of the point's cell at CELL_ZOOM; None without a point."""
    if latitude is None or longitude is None:
        return None
    row, column = _index(latitude, 90), _index(longitude, 180)
    return (_spread(row) << 1) | _spread(column)


def cell_shift(zoom: int) -> int:
    """How many bits to shift a ``grid_cell`` right to get the cell at ``zoom``."""
    return 2 * (CELL_ZOOM - _zoom(zoom))


def cell_row_column(key: int) -> tuple[int, int]:
    """Row and column of a (possibly shifted) cell key, at the zoom it was shifted to."""
    return _gather(key >> 1), _gather(key)


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def event_rollups(date_start: Any, latitude: Any, longitude: Any) -> dict[str, Any]:
    """The roll-up column values for an event with this start date and point (for raw inserts/updates)."""
    day = _as_date(date_start)
    return {
        "week_start": week_start(day) if day else None,
        "month_start": month_start(day) if day else None,
        "grid_cell": grid_cell(latitude, longitude),
    }
