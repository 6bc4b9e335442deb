"""Numbers in a sentence → quantities: the value, what it counts (from the dependency parse), the unit
and the qualifier; fatalities and injured read conservatively as ACLED does (FORMATS.md §1)."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from groundwatch.ingest.extraction.lexicon import (
    COUNTED_ITEMS,
    NATIONALITY_PEOPLE,
    PEOPLE_CONTEXT,
    PEOPLE_NOUNS,
    QUALIFIER_WORDS,
    SCALE_WORDS,
    UNIT_WORDS,
    VAGUE_NUMBERS,
    WORD_NUMBERS,
)
from groundwatch.ingest.extraction.results import Quantity

_SKIP_ENTITIES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "ORDINAL"})
_NUMBER = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
_VAGUE_FIRST = {phrase.split()[0] for phrase in VAGUE_NUMBERS}


def parse_number(words: list[str]) -> float | None:
    """'22,000' → 22000; 'six' → 6; '2.5 million' → 2500000; 'a dozen' → 12."""
    total: float | None = None
    for word in words:
        lower = word.lower()
        if _NUMBER.match(lower):
            total = float(lower.replace(",", ""))
        elif lower in WORD_NUMBERS:
            total = (
                float(WORD_NUMBERS[lower]) + (total or 0)
                if total and total >= 20
                else float(WORD_NUMBERS[lower])
            )
        elif lower in SCALE_WORDS and total is not None:
            total *= SCALE_WORDS[lower]
        elif lower in ("a", "an") and total is None:
            total = 1.0
        elif lower not in ("-", "and"):
            return None
    return total


def _qualifier(sentence_text: str, offset: int) -> str:
    before = sentence_text[max(0, offset - 24) : offset].lower().rstrip()
    for words, qualifier in QUALIFIER_WORDS:
        if before.endswith(" " + words) or before == words:
            return qualifier
    return "exact"


def _is_bare_number_called_date(token: Token) -> bool:
    """'wounding 40': the small model sometimes calls a lone number a date; one with no date word around it
    (and not a year) that a verb takes as its object is a count."""
    if token.ent_type_ != "DATE" or not token.is_digit or len(token.text) == 4:
        return False
    entity = next((ent for ent in token.doc.ents if ent.start <= token.i < ent.end), None)
    return entity is not None and len(entity) == 1 and token.dep_ == "dobj" and token.head.pos_ == "VERB"


def _number_tokens(sentence: Span) -> list[list[Token]]:
    """Runs of number tokens ('2.5 million', 'twenty - two') outside dates, times, money and ordinals."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for token in sentence:
        is_number = (token.like_num or token.lower_ in SCALE_WORDS) and (
            token.ent_type_ not in _SKIP_ENTITIES or _is_bare_number_called_date(token)
        )
        if is_number and not (token.is_digit and len(token.text) == 4 and token.text[:2] in ("19", "20")):
            current.append(token)
            continue
        if current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _phrase(noun: Token) -> str:
    """The counted noun with its compounds and adjectives: 'small arms', 'anti-tank weapons'."""
    left = [child for child in noun.lefts if child.dep_ in ("compound", "amod") and not child.like_num]
    words = [*(child.lemma_.lower() for child in left), noun.lemma_.lower()]
    return " ".join(words)


def _item_for(phrase: str, noun: Token | None) -> tuple[str, str]:
    words = phrase.split()
    for size in range(len(words), 0, -1):
        found = COUNTED_ITEMS.get(" ".join(words[-size:]))
        if found:
            return found
    if noun is not None and (noun.lemma_.lower() in PEOPLE_NOUNS or noun.ent_type_ in NATIONALITY_PEOPLE):
        return "", "people"
    return "", ""


def _people_item(noun: Token | None, number: Token) -> str:
    """What a count of people counts, from the words the noun or number hangs on."""
    anchor = noun or number
    near: list[Token] = [
        anchor,
        *anchor.children,
        *(
            child
            for child in anchor.children
            if child.dep_ in ("acl", "relcl", "amod")
            for child in child.subtree
        ),
    ]
    head = anchor.head
    for _ in range(3):
        near.append(head)
        near.extend(
            child
            for child in head.children
            if child.dep_ in ("acomp", "attr", "conj", "dobj", "xcomp", "prep", "pobj")
        )
        if head.head is head:
            break
        head = head.head
    for token in near:
        item = PEOPLE_CONTEXT.get(token.lemma_.lower()) or PEOPLE_CONTEXT.get(token.lower_)
        if item:
            return item
    return ""


def _counted_noun(first: Token, last: Token) -> tuple[Token | None, Token | None]:
    """(noun the number counts, unit noun) for a number run: '22,000 rounds of ammunition' → (rounds, None)."""
    head = last.head if last.dep_ in ("nummod", "quantmod", "compound", "nmod", "amod") else None
    if head is None and last.head.lower_ == "of" and last.head.head.pos_ in ("NOUN", "PROPN"):
        head = last.head.head  # "thousands of people" parsed as pobj
    if head is None or head.pos_ not in ("NOUN", "PROPN", "ADJ"):
        after = last.nbor(1) if last.i + 1 < len(last.doc) else None
        if after is not None and after.pos_ in ("NOUN", "PROPN"):
            head = after
        else:
            return None, None
    unit = head if head.lemma_.lower() in UNIT_WORDS or head.lower_ in UNIT_WORDS else None
    of_object = next(
        (
            grand
            for child in head.children
            if child.lower_ == "of"
            for grand in child.children
            if grand.dep_ == "pobj"
        ),
        None,
    )
    if of_object is not None and (
        unit is not None or head.lemma_.lower() in ("thousand", "hundred", "dozen", "ten", "million")
    ):
        return of_object, unit
    return head, unit


def quantities_in(sentence: Span) -> list[Quantity]:
    found = [quantity for run in _number_tokens(sentence) if (quantity := _read(sentence, run)) is not None]
    return found + _vague_in(sentence, {q.start for q in found})


def _read(sentence: Span, run: list[Token]) -> Quantity | None:
    value = parse_number([token.text for token in run])
    if value is None:
        return None
    first, last = run[0], run[-1]
    noun, unit_token = _counted_noun(first, last)
    return _quantity(sentence, first, last, value, noun, unit_token)


def _quantity(
    sentence: Span, first: Token, last: Token, value: float, noun: Token | None, unit_token: Token | None
) -> Quantity | None:
    phrase = _phrase(noun) if noun is not None else ""
    item, unit = _item_for(phrase, noun)
    if unit_token is not None:
        unit = UNIT_WORDS.get(unit_token.lemma_.lower()) or UNIT_WORDS.get(unit_token.lower_, unit)
    if unit == "people" or (noun is None and not item):
        people_item = _people_item(noun, last)
        if people_item:
            item, unit = people_item, "people"
        elif noun is None:
            return None
    elif item == "personnel_deployed" and (people_item := _people_item(noun, last)) in (
        "people_killed",
        "people_injured",
        "people_detained",
    ):
        item = people_item
    if (
        item == "trucks"
        and unit_token is None
        and noun is not None
        and noun.lemma_.lower() == "vehicle"
        and any(token.lemma_.lower() in ("armored", "armoured", "military") for token in noun.lefts)
    ):
        item = "armoured_vehicles"
    end = _phrase_end(first, last, noun, unit_token)
    start = first.idx
    offset = start - sentence.start_char
    qualifier = _qualifier(sentence.text, offset)
    return Quantity(
        value=value,
        unit=unit or "",
        item=item,
        qualifier=qualifier,
        text=sentence.doc.text[start:end],
        start=start,
        end=end,
        counted=phrase,
    )


def _phrase_end(first: Token, last: Token, noun: Token | None, unit_token: Token | None) -> int:
    """Where the quantity's words end: '22,000 rounds of ammunition', 'six armored vehicles'."""
    ends = [last]
    for token in (noun, unit_token):
        if token is not None and token.i > last.i:
            ends.append(token)
            if token is unit_token or token.lower_ == "of":
                continue
    if unit_token is not None and noun is not None and noun.i > unit_token.i:
        ends.append(noun)
    end_token = max(ends, key=lambda token: token.i)
    if end_token.i - first.i > 12:  # a parse that wandered off: keep the number and the next word
        end_token = last.nbor(1) if last.i + 1 < len(last.doc) else last
    return end_token.idx + len(end_token.text)


def _vague_in(sentence: Span, taken: set[int]) -> list[Quantity]:
    """'dozens of people were killed' → 12 killed, at least; 'tens of thousands of people' → 10,000."""
    found: list[Quantity] = []
    lower = sentence.text.lower()
    for phrase, value in sorted(VAGUE_NUMBERS.items(), key=lambda pair: -len(pair[0])):
        for match in re.finditer(rf"\b{re.escape(phrase)}\b", lower):
            start = sentence.start_char + match.start()
            if any(abs(start - other) < 25 for other in taken):
                continue
            tokens = [token for token in sentence if start <= token.idx < start + len(phrase)]
            if not tokens:
                continue
            noun = _vague_noun(tokens[-1])
            quantity = _quantity(sentence, tokens[0], tokens[-1], value, noun, None)
            if quantity is not None and quantity.unit in ("people", "households") and quantity.item:
                found.append(quantity.__class__(**{**quantity.__dict__, "qualifier": "at_least"}))
                taken.add(start)
    return found


def _vague_noun(last: Token) -> Token | None:
    of_object = next(
        (grand for child in last.children if child.lower_ == "of" for grand in child.children), None
    )
    if of_object is not None:
        return of_object
    if last.head.pos_ in ("NOUN", "PROPN") and last.head is not last:
        return last.head
    return None


def fatalities(quantities: list[Quantity], item: str) -> int:
    """ACLED's conservative count: different groups add up; the same group counted twice takes the lowest."""
    lowest: dict[str, float] = {}
    for quantity in quantities:
        if quantity.item == item:
            key = quantity.counted or "people"
            lowest[key] = min(lowest.get(key, quantity.value), quantity.value)
    return int(sum(lowest.values()))
