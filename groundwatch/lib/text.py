"""Text helpers for showing where a claim sits in its report."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    is_highlight: bool


def split_highlight(text: str, start: int | None, end: int | None) -> list[Segment]:
    """Split ``text`` into plain and highlighted segments for a character span.

    Spans outside the text are clipped; an empty or missing span gives the text unhighlighted.
    Templates escape each segment, so no markup is ever built from report text.
    """
    if start is None or end is None:
        return [Segment(text, False)]
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    if start == end:
        return [Segment(text, False)]
    segments = [Segment(text[:start], False), Segment(text[start:end], True), Segment(text[end:], False)]
    return [segment for segment in segments if segment.text]


def excerpt(text: str, start: int, end: int, context: int = 80) -> str:
    """The span with some context either side, for lists and tooltips."""
    left = max(0, start - context)
    right = min(len(text), end + context)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(text) else ""
    return f"{prefix}{text[left:right].strip()}{suffix}"
