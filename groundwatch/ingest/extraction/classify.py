"""Taxonomy classification of one sentence by trigger rules (``triggers.toml``), with a confidence."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Span, Token

from groundwatch.events.taxonomy import get_taxonomy

# Words that say the thing did not (yet) happen; such sentences are kept with a much lower confidence.
HEDGES = frozenset(
    {"may", "might", "could", "would", "will", "plan", "threaten", "if", "should", "expect", "possible"}
)
NEGATIONS = frozenset({"not", "no", "never", "n't", "deny"})
# Types that are about words, not deeds: the weakest proposals.
SPEECH_TYPES = frozenset({"appeal", "demand", "statement", "announcement"})
# A deed named under one of these verbs was asked for or criticised, not reported as done.
WANTING = frozenset(
    {
        "call",
        "urge",
        "demand",
        "request",
        "appeal",
        "ask",
        "seek",
        "propose",
        "plan",
        "want",
        "hope",
        "aim",
        "prepare",
        "should",
    }
)
CRITICISING = frozenset({"condemn", "denounce", "criticise", "criticize", "deplore"})
BACKGROUND = frozenset({"since", "before", "during"})


@dataclass(frozen=True)
class Rule:
    type: str
    sub_type: str
    any: tuple[str, ...]
    with_: tuple[str, ...]
    without: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class Classification:
    category: str
    type: str
    sub_type: str
    confidence: float
    trigger: str
    trigger_start: int  # character offsets in the document
    trigger_end: int


@cache
def rules() -> tuple[Rule, ...]:
    data = tomllib.loads(resources.files(__package__).joinpath("triggers.toml").read_text("utf-8"))
    taxonomy = get_taxonomy()
    loaded = []
    for raw in data["rule"]:
        taxonomy.validate(raw["type"], raw.get("sub_type", ""))  # a typo in the rules fails loudly
        loaded.append(
            Rule(
                raw["type"],
                raw.get("sub_type", ""),
                tuple(raw["any"]),
                tuple(raw.get("with", ())),
                tuple(raw.get("without", ())),
                float(raw["weight"]),
            )
        )
    return tuple(loaded)


# Tokens inside these entities never trigger a type: "March" the month is not a march, "Rally" a surname.
NOT_TRIGGERS = frozenset({"DATE", "TIME", "PERSON"})


def _is_trigger_word(token: Token) -> bool:
    return token.ent_type_ not in NOT_TRIGGERS


def _views(sentence: Span) -> tuple[str, str]:
    kept = [token for token in sentence if not token.is_punct]
    lemmas = " " + " ".join(t.lemma_.lower() if _is_trigger_word(t) else "_" for t in kept) + " "
    words = " " + " ".join(t.lower_ if _is_trigger_word(t) else "_" for t in kept) + " "
    return lemmas, words


def _find(term: str, lemmas: str, words: str) -> int:
    needle = f" {term} "
    for view in (lemmas, words):
        position = view.find(needle)
        if position >= 0:
            return position
    return -1


def _any(terms: tuple[str, ...], lemmas: str, words: str) -> str:
    return next((term for term in terms if _find(term, lemmas, words) >= 0), "")


def classify(sentence: Span) -> list[Classification]:
    """Every type the sentence reports (one per type, the most specific rule first), best first."""
    lemmas, words = _views(sentence)
    taxonomy = get_taxonomy()
    found: dict[str, Classification] = {}
    for rule in rules():
        if rule.type in found:
            continue
        trigger = _any(rule.any, lemmas, words)
        if not trigger or (rule.with_ and not _any(rule.with_, lemmas, words)):
            continue
        if rule.without and _any(rule.without, lemmas, words):
            continue
        start, end = _trigger_span(sentence, trigger)
        if rule.type not in SPEECH_TYPES and _is_not_a_report(sentence, start):
            continue
        confidence = rule.weight * _modality(sentence, start)
        found[rule.type] = Classification(
            taxonomy.category_of(rule.type),
            rule.type,
            rule.sub_type,
            round(confidence, 2),
            trigger,
            start,
            end,
        )
    if "battles" in found:  # ACLED precedence: a clash that kills civilians is coded as the clash
        found.pop("violence_against_civilians", None)
    deeds = [item for item in found.values() if item.type not in SPEECH_TYPES]
    words_only = [item for item in found.values() if item.type in SPEECH_TYPES]
    # A sentence that reports a deed is not also proposed as a statement about it.
    chosen = deeds or sorted(words_only, key=lambda item: -item.confidence)[:1]
    return sorted(chosen, key=lambda item: -item.confidence)


def _trigger_span(sentence: Span, trigger: str) -> tuple[int, int]:
    first = trigger.split()[0]
    for token in sentence:
        if not _is_trigger_word(token):
            continue
        if token.lemma_.lower() == first or token.lower_ == first or token.lower_.startswith(first):
            last = token.doc[min(token.i + len(trigger.split()) - 1, sentence.end - 1)]
            return token.idx, last.idx + len(last.text)
    match = re.search(re.escape(first), sentence.text, re.IGNORECASE)
    if match:
        return sentence.start_char + match.start(), sentence.start_char + match.end()
    return sentence.start_char, sentence.end_char


def _is_not_a_report(sentence: Span, trigger_start: int) -> bool:
    """The deed is asked for ("called for the deployment"), criticised, or only background ("since the war")."""
    token = next((token for token in sentence if token.idx >= trigger_start), sentence.root)
    for ancestor in token.ancestors:
        lemma = ancestor.lemma_.lower()
        if any(
            child.dep_ == "aux" and child.lower_ in ("should", "must", "would", "could", "might")
            for child in ancestor.children
        ):
            return True
        if lemma in WANTING or lemma in CRITICISING:
            return True
        if ancestor.dep_ == "prep" and lemma in BACKGROUND:
            return True
    return False


def _modality(sentence: Span, trigger_start: int) -> float:
    """1.0 for a plain report; lower when the trigger's verb is hedged, negated or in the future."""
    token = next((token for token in sentence if token.idx >= trigger_start), sentence.root)
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    around = {child.lemma_.lower() for child in verb.children} | {
        verb.lemma_.lower(),
        verb.head.lemma_.lower(),
    }
    if around & NEGATIONS:
        return 0.4
    if around & HEDGES:
        return 0.6
    return 1.0
