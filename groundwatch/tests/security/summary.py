"""Counts the families report; ``conftest.pytest_terminal_summary`` prints one line per family."""

from __future__ import annotations

from collections import Counter

COUNTS: dict[str, Counter[str]] = {}


def count(family: str, **amounts: int) -> None:
    COUNTS.setdefault(family, Counter()).update(amounts)
