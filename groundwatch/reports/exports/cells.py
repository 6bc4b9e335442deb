"""Spreadsheet-safe cells: text that a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@")
# First characters that make a text cell unsafe: formula starts and control characters (C0 and DEL).
UNSAFE_FIRST = frozenset(FORMULA_STARTS) | {chr(code) for code in range(32)} | {chr(127)}


def neutralise(text: str) -> str:
    """Prefix a text cell that starts like a formula (``= + - @``) or with a control character with ``'``.

    Only text is neutralised: numbers are written as numbers (a negative longitude stays a number).
    """
    if text and text[0] in UNSAFE_FIRST:
        return "'" + text
    return text


def _text(value: str) -> str:
    return "'" + value if value and value[0] in UNSAFE_FIRST else value


def _decimal(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _bool(value: bool) -> str:
    return "true" if value else "false"


# Exact types → how they are written; anything else goes through ``cell``'s slower checks.
_BY_TYPE: dict[type, Callable[[Any], str]] = {
    str: _text,
    int: str,
    float: str,
    Decimal: _decimal,
    bool: _bool,
    dt.date: dt.date.isoformat,
    dt.datetime: dt.datetime.isoformat,
    type(None): lambda _value: "",
}


def cell(value: object) -> str:
    """One CSV cell: numbers and dates as written, text neutralised, None as empty."""
    write = _BY_TYPE.get(type(value))
    if write is not None:
        return write(value)
    if isinstance(value, bool):
        return _bool(value)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Decimal):
        return _decimal(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))


def cells(row: list[object]) -> list[object]:
    """A whole row of cells (the CSV writers' inner loop)."""
    get = _BY_TYPE.get
    return [(get(type(value)) or cell)(value) for value in row]
