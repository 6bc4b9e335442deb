"""Merging claim spans into non-overlapping highlights (no database)."""

from __future__ import annotations

from groundwatch.lib.text import Segment
from groundwatch.web.highlighting import highlight_spans, merge_spans


def test_overlapping_and_touching_spans_merge_into_their_union():
    assert merge_spans(100, [(10, 20), (15, 30), (30, 35), (50, 60)]) == [(10, 35), (50, 60)]


def test_spans_outside_the_text_are_clipped_and_empty_or_missing_ones_dropped():
    assert merge_spans(10, [(5, 50), (20, 30), (3, 3), (None, None), (None, 4)]) == [(5, 10)]


def test_text_splits_into_plain_and_highlighted_segments():
    assert highlight_spans("abcdefgh", [(2, 4), (3, 5), (7, 8)]) == [
        Segment("ab", False),
        Segment("cde", True),
        Segment("fg", False),
        Segment("h", True),
    ]


def test_text_without_spans_is_one_plain_segment():
    assert highlight_spans("plain", []) == [Segment("plain", False)]
    assert highlight_spans("", [(0, 3)]) == []
