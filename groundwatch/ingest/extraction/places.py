"""Places: a gazetteer ruler finds place names in the text; resolution picks one place per mention.

The ruler looks every capitalised (or non-Latin) run of up to five tokens up in the gazetteer index,
longest first. Disambiguation: curated aliases, the mission's area countries, countries named in the text,
then population. Geo precision as ACLED: 1 the town, 2 "near" a town, 3 a region or a country.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from groundwatch.geo.gazetteer.index import (
    MAX_NAME_TOKENS,
    Gazetteer,
    GazetteerPlace,
    get_gazetteer,
    normalize_name,
)
from groundwatch.ingest.extraction.lexicon import ACTOR_ALIASES
from groundwatch.ingest.extraction.results import PlaceMention

NOT_PLACES = frozenset(
    [
        "the",
        "a",
        "an",
        "on",
        "in",
        "at",
        "of",
        "and",
        "for",
        "to",
        "by",
        "with",
        "from",
        "i",
        "we",
        "he",
        "she",
        "it",
        "they",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "today",
        "yesterday",
        "president",
        "minister",
        "prime",
        "foreign",
        "secretary",
        "general",
        "state",
        "united",
    ]
)
NEAR_WORDS = (
    "near",
    "outskirts of",
    "outside",
    "close to",
    "km from",
    "kilometres from",
    "miles from",
    "north of",
    "south of",
    "east of",
    "west of",
    "around",
)
# Prepositions after which a name is where something happened (a subset of LOCATIVE).
SPATIAL = frozenset(
    {"in", "near", "at", "outside", "around", "into", "toward", "towards", "across", "inside"}
)
PERSON_OR_ORG = frozenset({"PERSON", "ORG", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"})
SPAN_KEY = "gazetteer"
LOCATIVE = frozenset(
    {"in", "near", "at", "into", "outside", "around", "toward", "towards", "from", "to", "across", "of"}
)


def add_gazetteer_ruler(nlp: Language) -> None:
    if "gazetteer_ruler" not in nlp.pipe_names:
        nlp.add_pipe("gazetteer_ruler", last=True)


@Language.component("gazetteer_ruler")
def gazetteer_ruler(doc: Doc) -> Doc:
    """Mark every span that names a gazetteer place (``doc.spans["gazetteer"]``)."""
    doc.spans[SPAN_KEY] = list(find_place_spans(doc, get_gazetteer()))
    return doc


def _may_start(token: Any) -> bool:
    first = token.text[:1]
    return (first.isupper() or (first.isalpha() and not first.isascii())) and token.lower_ not in NOT_PLACES


def find_place_spans(doc: Doc, gazetteer: Gazetteer) -> Iterable[Span]:
    index = 0
    while index < len(doc):
        token = doc[index]
        if not _may_start(token):
            index += 1
            continue
        for size in range(min(MAX_NAME_TOKENS, len(doc) - index), 0, -1):
            span = doc[index : index + size]
            if size > 1 and not _may_end(span[-1]):
                continue
            if gazetteer.lookup_normalized(normalize_name(span.text)) and _looks_like_place(span, gazetteer):
                yield span
                index += size
                break
        else:
            index += 1


def _may_end(token: Any) -> bool:
    return token.text[:1].isupper() or not token.text[:1].isascii() or token.is_digit


def _looks_like_place(span: Span, gazetteer: Gazetteer) -> bool:
    labels = {token.ent_type_ for token in span}
    entity_start = next(
        (entity.start for entity in span.doc.ents if entity.start <= span.start < entity.end), None
    )
    if entity_start is not None and span.doc[entity_start].lower_ == "the":
        entity_start += 1
    if entity_start is not None and entity_start < span.start:
        return False  # the end of a longer name: "Union" in "the Soviet Union"
    if labels & {"GPE", "LOC", "FAC"}:
        return True
    candidates = gazetteer.lookup(span.text)
    if any(place.is_curated for place in candidates):
        return True  # curated names are places even where the model guesses a person
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    if before in LOCATIVE and not labels & {"ORG", "NORP"}:
        return True  # "near Goma" is a place even where the model guesses a person
    if before in SPATIAL and _is_whole_entity(span) and span.text.lower() not in ACTOR_ALIASES:
        # "in Omdurman", "around Sukkur": the small model often calls a town it does not know an
        # organisation or a people; after a spatial preposition a name that is exactly a gazetteer town is
        # the town ("from"/"of"/"to" are left out: "from Reuters", "of Hamas").
        return any(place.feature_class == "P" for place in candidates)
    if labels & PERSON_OR_ORG or labels & {"NORP"}:
        return False
    return all(token.pos_ == "PROPN" for token in span) and span[0].i != span.sent.start


def _is_whole_entity(span: Span) -> bool:
    return any(entity.start == span.start and entity.end == span.end for entity in span.doc.ents)


def countries_named(spans: Iterable[Span], gazetteer: Gazetteer) -> set[str]:
    named = set()
    for span in spans:
        best = gazetteer.lookup(span.text)
        if best and best[0].is_country:
            named.add(best[0].country_code)
    return named


def resolve(span: Span, gazetteer: Gazetteer, area: set[str], named: set[str]) -> PlaceMention | None:
    candidates = gazetteer.lookup(span.text)
    if not candidates:
        return None
    place = max(candidates, key=lambda candidate: _score(candidate, span.text, area, named))
    return _mention(span, place, gazetteer)


def _score(place: GazetteerPlace, text: str, area: set[str], named: set[str]) -> float:
    score = math.log10(place.population + 1) / 2
    if place.is_curated:
        score += 3
    if place.country_code in area:
        score += 4
    if place.country_code in named:
        score += 3
    if place.is_country and normalize_name(place.name) == normalize_name(text):
        score += 6
    return score


def _mention(span: Span, place: GazetteerPlace, gazetteer: Gazetteer) -> PlaceMention:
    before = span.doc.text[max(0, span.start_char - 24) : span.start_char].lower().rstrip()
    is_near = any(before.endswith(words) for words in NEAR_WORDS)
    precision = 3 if place.feature_class == "A" else 2 if is_near else 1
    has_point = not (place.latitude == 0 and place.longitude == 0)
    return PlaceMention(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        location=place.name,
        country_code=place.country_code,
        country_iso3=place.country_iso3 or gazetteer.iso3.get(place.country_code, ""),
        admin1=place.admin1,
        latitude=place.latitude if has_point else None,
        longitude=place.longitude if has_point else None,
        geo_precision=precision,
        population=place.population,
        is_country=place.is_country,
        geonames_id=place.geonames_id,
    )
