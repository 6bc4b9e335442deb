"""Highlighting several claim spans in one report text.

Spans may overlap (two claims quoting the same words); the union is highlighted, so each character is
either inside one ``<mark>`` or outside all of them. Templates escape every segment.
"""

from __future__ import annotations

from collections.abc import Iterable

from groundwatch.lib.text import Segment


def merge_spans(text_length: int, spans: Iterable[tuple[int | None, int | None]]) -> list[tuple[int, int]]:
    """Clip spans to the text, drop empty ones and merge those that overlap or touch."""
    clipped = sorted(
        (max(0, min(start, text_length)), max(0, min(end, text_length)))
        for start, end in spans
        if start is not None and end is not None
    )
    merged: list[tuple[int, int]] = []
    for start, end in clipped:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def highlight_spans(text: str, spans: Iterable[tuple[int | None, int | None]]) -> list[Segment]:
    """Split ``text`` into plain and highlighted segments for the union of ``spans``."""
    segments: list[Segment] = []
    position = 0
    for start, end in merge_spans(len(text), spans):
        if start > position:
            segments.append(Segment(text[position:start], False))
        segments.append(Segment(text[start:end], True))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:], False))
    return segments
