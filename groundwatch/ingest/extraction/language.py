"""Which language a text is in, cheaply: the script, then common function words (no model needed).

Only English is extracted; other texts are stored and flagged "not extracted: language xx".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "is",
            "was",
            "that",
            "for",
            "on",
            "with",
            "as",
            "by",
            "at",
            "from",
            "has",
            "have",
            "were",
            "are",
            "said",
            "it",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "des",
            "du",
            "un",
            "une",
            "est",
            "dans",
            "que",
            "pour",
            "sur",
            "avec",
            "par",
            "au",
            "pas",
            "été",
            "sont",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "y",
            "de",
            "del",
            "que",
            "en",
            "un",
            "una",
            "es",
            "por",
            "con",
            "para",
            "se",
            "al",
            "fue",
            "han",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "nicht",
            "mit",
            "von",
            "den",
            "dem",
            "ein",
            "eine",
            "zu",
            "auf",
            "für",
            "sich",
            "wurde",
        ]
    ),
    "pt": frozenset(
        [
            "o",
            "a",
            "os",
            "as",
            "e",
            "de",
            "do",
            "da",
            "que",
            "em",
            "um",
            "uma",
            "para",
            "com",
            "não",
            "foi",
            "são",
            "pelo",
            "pela",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "lo",
            "la",
            "gli",
            "le",
            "e",
            "di",
            "del",
            "della",
            "che",
            "in",
            "un",
            "una",
            "per",
            "con",
            "non",
            "è",
            "sono",
        ]
    ),
    "nl": frozenset(
        ["de", "het", "een", "en", "van", "in", "is", "op", "dat", "met", "voor", "zijn", "werd", "niet"]
    ),
    "tr": frozenset(["ve", "bir", "bu", "da", "de", "ile", "için", "olarak", "gibi", "daha", "çok", "olan"]),
    "az": frozenset(["və", "bir", "bu", "ilə", "üçün", "olan", "da", "də", "isə", "kimi", "daha", "çox"]),
}
SCRIPTS = {
    "CYRILLIC": "ru",
    "ARMENIAN": "hy",
    "ARABIC": "ar",
    "GEORGIAN": "ka",
    "HEBREW": "he",
    "GREEK": "el",
    "CJK": "zh",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "HANGUL": "ko",
    "DEVANAGARI": "hi",
    "THAI": "th",
    "ETHIOPIC": "am",
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def detect_language(text: str) -> str:
    """A two-letter code ('en', 'ru', …), or 'und' when too little text to tell."""
    letters = [char for char in text[:20000] if char.isalpha()]
    if len(letters) < 20:
        return "und"
    scripts: Counter[str] = Counter()
    for char in letters[:5000]:
        if char.isascii():
            scripts["LATIN"] += 1
            continue
        name = unicodedata.name(char, "")
        scripts[next((key for key in SCRIPTS if name.startswith(key)), "LATIN")] += 1
    script, count = scripts.most_common(1)[0]
    if script != "LATIN" and count > 0.4 * len(letters[:5000]):
        return SCRIPTS[script]
    words = [word.lower() for word in _WORD.findall(text[:20000])]
    if not words:
        return "und"
    scores = {code: sum(word in vocabulary for word in words) for code, vocabulary in FUNCTION_WORDS.items()}
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] >= max(2, len(words) // 50) else "und"
