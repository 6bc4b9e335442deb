"""Spreadsheet-safe cells: text that a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@")


def neutralise(text: str) -> str:
    """Prefix a text cell that starts like a formula (``= + - @``) or with a control character with ``'``.

    Only text is neutralised: numbers are written as numbers (a negative longitude stays a number).
    """
    if text and (text.startswith(FORMULA_STARTS) or ord(text[0]) < 32 or ord(text[0]) == 127):
        return "'" + text
    return text


def cell(value: object) -> str:
    """One CSV cell: numbers and dates as written, text neutralised, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))
