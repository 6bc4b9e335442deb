"""A cheap prefilter: does an item mention anything the pipeline could turn into an event?

Run on feed items before the expensive steps. One compiled regular expression over the trigger
vocabulary (``triggers.toml``, as words and their common inflections); no parsing.
"""

from __future__ import annotations

import re
from functools import cache

from groundwatch.ingest.extraction.classify import SPEECH_TYPES, rules


@cache
def _pattern() -> re.Pattern[str]:
    stems: set[str] = set()
    for rule in rules():
        if rule.type in SPEECH_TYPES:
            continue
        for term in rule.any:
            word = term.split()[0]
            stems.add(re.escape(word[:-1] if word.endswith("e") and len(word) > 4 else word))
    return re.compile(r"\b(?:" + "|".join(sorted(stems, key=len, reverse=True)) + r")", re.IGNORECASE)


def is_relevant(text: str) -> bool:
    """True when the text names at least one event trigger (clash, convoy, ceasefire, killed …)."""
    return _pattern().search(text) is not None
