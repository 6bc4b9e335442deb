"""The extraction pipeline: text in, an ``Extraction`` (events, places, organisations) out. No database.

Steps: language check → spaCy (sentences, tags, parse, entities, actor and gazetteer rulers) → per
sentence: trigger classification, quantities, dates, places, actors → event proposals. A sentence with
no date or place of its own inherits the nearest earlier one in the text (flagged as inferred).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span

from groundwatch.geo.gazetteer.index import get_gazetteer
from groundwatch.ingest.extraction import actors as actor_step
from groundwatch.ingest.extraction.classify import Classification, classify
from groundwatch.ingest.extraction.dates import resolve_date
from groundwatch.ingest.extraction.language import detect_language
from groundwatch.ingest.extraction.measures import fatalities, quantities_in
from groundwatch.ingest.extraction.nlp import get_nlp
from groundwatch.ingest.extraction.places import SPAN_KEY, countries_named, resolve
from groundwatch.ingest.extraction.results import (
    ActorMention,
    DateMention,
    EventProposal,
    Extraction,
    PlaceMention,
    Quantity,
)

PIPELINE = "groundwatch.extraction"
PIPELINE_VERSION = "1.0.0"
MAX_CHARACTERS = 500_000  # about 80,000 words: far more than any article

# Which measure items belong with which event types (the others stay with the sentence's first event).
ITEM_TYPES: dict[str, tuple[str, ...]] = {
    "personnel_deployed": ("force_deployment",),
    "small_arms": ("weapons_handover",),
    "ammunition": ("weapons_handover",),
    "armoured_vehicles": ("weapons_handover", "force_deployment"),
    "anti_tank_weapons": ("weapons_handover",),
    "air_defence_systems": ("weapons_handover",),
    "artillery_pieces": ("weapons_handover", "force_deployment"),
    "food": ("aid_delivery", "access_constraint"),
    "non_food_aid": ("aid_delivery", "access_constraint"),
    "medical_supplies": ("aid_delivery", "access_constraint"),
    "fuel": ("aid_delivery", "access_constraint"),
    "trucks": ("aid_delivery", "access_constraint"),
    "people_displaced": ("displacement", "forced_displacement"),
    "households_displaced": ("displacement", "forced_displacement"),
}


class ExtractionRefused(ValueError):
    """The text cannot be extracted (empty, binary, too long); the message says why."""


def check_text(text: str) -> str:
    if not text or not text.strip():
        raise ExtractionRefused("The text is empty.")
    if len(text) > MAX_CHARACTERS:
        raise ExtractionRefused(
            f"The text has {len(text):,} characters; extraction reads at most {MAX_CHARACTERS:,}."
        )
    controls = sum(1 for char in text[:10000] if ord(char) < 32 and char not in "\n\r\t\f")
    if "\x00" in text[:10000] or controls > len(text[:10000]) * 0.05:
        raise ExtractionRefused("The text looks like binary data, not writing.")
    return text


def find_published(text: str) -> dt.date | None:
    """A dateline near the top ('Sept 24, 2023', '24 September 2023', '2023-09-24'), when not given."""
    head = text[:800]
    pattern = r"\b(?:\d{1,2} [A-Z][a-z]{2,8}\.? \d{4}|[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{4}-\d\d-\d\d)\b"
    for match in re.finditer(pattern, head):
        found = resolve_date(match.group(0), None)
        if found and found[2] == "day":
            return found[0]
    return None


def extract_text(
    text: str, *, published_on: dt.date | None = None, area_countries: Sequence[str] = ()
) -> Extraction:
    """Read one article. Raises ExtractionRefused for unusable text; other languages are flagged."""
    check_text(text)
    language = detect_language(text)
    if language not in ("en", "und"):
        return Extraction(PIPELINE, PIPELINE_VERSION, language, False, f"not extracted: language {language}")
    published = published_on or find_published(text)
    doc = get_nlp()(text)
    return read_doc(doc, published, {code.upper() for code in area_countries}, language)


def read_doc(doc: Doc, published: dt.date | None, area: set[str], language: str = "en") -> Extraction:
    gazetteer = get_gazetteer()
    place_spans = list(doc.spans.get(SPAN_KEY, []))
    named = countries_named(place_spans, gazetteer)
    places = [mention for span in place_spans if (mention := resolve(span, gazetteer, area, named))]
    result = Extraction(PIPELINE, PIPELINE_VERSION, language or "en", True, published_on=published)
    result.places = places
    place_names = {place.text.lower() for place in places} | {place.location.lower() for place in places}
    result.organizations = [org for org in _organizations(doc) if org.name.lower() not in place_names]
    last_date: DateMention | None = None
    last_place: PlaceMention | None = None
    for sentence in doc.sents:
        sentence_places = [
            place for place in places if sentence.start_char <= place.start < sentence.end_char
        ]
        dates = list(_dates(sentence, published))
        found = classify(sentence)
        if found:
            quantities = quantities_in(sentence)
            place = _main_place(_event_places(sentence, sentence_places))
            for classification, share in _share(found, quantities):
                result.events.append(
                    _proposal(sentence, classification, share, dates, place, last_date, last_place, published)
                )
        days = [date for date in dates if date.precision != "year"]  # "in 2020" is background, not carried
        last_date = days[-1] if days else last_date
        last_place = _main_place(_event_places(sentence, sentence_places)) or last_place
    result.events = _without_repeated_headline(doc, result.events)
    return result


def _headline_end(doc: Doc) -> int | None:
    """End offset of a title line: the first line, without final punctuation, followed by a blank line."""
    first_line, _, rest = doc.text.lstrip().partition("\n")
    offset = len(doc.text) - len(doc.text.lstrip())
    if not rest.strip() or not first_line.strip() or first_line.rstrip()[-1:] in ".!?\"”'":
        return None
    if not rest.startswith("\n") and not rest.lstrip(" \t").startswith("\n"):
        return None
    return offset + len(first_line)


def _without_repeated_headline(doc: Doc, events: list[EventProposal]) -> list[EventProposal]:
    """A headline's event that the body reports again ("Shells hit market in X" over "Shells struck the
    market in X on Sunday…") is the same event: keep the body's, with its date and figures."""
    end = _headline_end(doc)
    if end is None:
        return events
    body_types = {event.type for event in events if event.span_start >= end}
    return [event for event in events if event.span_start >= end or event.type not in body_types]


def _organizations(doc: Doc) -> list[ActorMention]:
    seen: dict[str, ActorMention] = {}
    for span in doc.spans.get(actor_step.SPAN_KEY, []):
        name, kind = actor_step.describe(span)
        if span.root.ent_type_ in ("GPE", "NORP"):
            continue  # countries and peoples are listed under places, not organisations
        name = re.sub(r"^(?:an?|the) ", "", name, flags=re.IGNORECASE)
        if (kind or span.root.ent_type_ == "ORG") and name not in seen:
            seen[name] = ActorMention(name, kind, "", span.text, span.start_char, span.end_char)
    return list(seen.values())


def _dates(sentence: Span, published: dt.date | None) -> Iterable[DateMention]:
    for entity in sentence.ents:
        if entity.label_ != "DATE":
            continue
        resolved = resolve_date(entity.text, published)
        if resolved:
            yield DateMention(entity.text, entity.start_char, entity.end_char, *resolved)


def _event_places(sentence: Span, places: list[PlaceMention]) -> list[PlaceMention]:
    """Places where something happens, not actors: drop "Russia announced", "Baku's offensive"."""
    kept = []
    for place in places:
        span = sentence.doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is not None and span.root.dep_ in ("nsubj", "nsubjpass", "poss", "compound", "amod"):
            continue
        kept.append(place)
    return kept


def _main_place(places: list[PlaceMention]) -> PlaceMention | None:
    """The most precise place of a sentence: a town before a region before a country."""
    if not places:
        return None
    return min(places, key=lambda place: (place.geo_precision, place.is_country))


def _share(
    found: list[Classification], quantities: list[Quantity]
) -> list[tuple[Classification, list[Quantity]]]:
    """Give each quantity to the event its item belongs to; the rest go to the sentence's first event."""
    shares: dict[int, list[Quantity]] = {index: [] for index in range(len(found))}
    for quantity in quantities:
        fitting = [
            index for index, item in enumerate(found) if item.type in ITEM_TYPES.get(quantity.item, ())
        ]
        if not fitting and quantity.item in ITEM_TYPES and any(ITEM_TYPES[quantity.item]):
            continue  # e.g. peacekeepers in a sentence with no deployment: not a figure of the events here
        shares[fitting[0] if fitting else 0].append(quantity)
    return [(item, shares[index]) for index, item in enumerate(found)]


def _proposal(
    sentence: Span,
    classification: Classification,
    quantities: list[Quantity],
    dates: list[DateMention],
    place: PlaceMention | None,
    last_date: DateMention | None,
    last_place: PlaceMention | None,
    published: dt.date | None,
) -> EventProposal:
    date = _nearest_date(dates, classification.trigger_start)
    inferred_date = date is None
    if date is None:
        date = last_date or _publication_week(published)
    proposal = EventProposal(
        category=classification.category,
        type=classification.type,
        sub_type=classification.sub_type,
        confidence=classification.confidence,
        evidence=sentence.text,
        span_start=sentence.start_char,
        span_end=sentence.end_char,
        trigger=classification.trigger,
        trigger_start=classification.trigger_start,
        trigger_end=classification.trigger_end,
        date=date,
        date_is_inferred=inferred_date,
        place=place or last_place,
        place_is_inferred=place is None and last_place is not None,
        actors=actor_step.actors_in(sentence, classification.type, classification.trigger_start),
        quantities=quantities,
        fatalities=fatalities(quantities, "people_killed"),
        injured=fatalities(quantities, "people_injured"),
    )
    proposal.confidence = _confidence(proposal)
    return proposal


def _nearest_date(dates: list[DateMention], position: int) -> DateMention | None:
    recent = [date for date in dates if date.precision != "year" or len(dates) == 1]
    if not recent:
        return None
    return min(recent, key=lambda date: abs(date.start - position))


def _publication_week(published: dt.date | None) -> DateMention | None:
    if published is None:
        return None
    return DateMention("", 0, 0, published - dt.timedelta(days=6), published, "range")


def _confidence(proposal: EventProposal) -> float:
    """The rule's weight, raised a little by an own date, place and figures, lowered by inferred ones."""
    score = proposal.confidence
    score += 0.05 if proposal.date and not proposal.date_is_inferred else -0.05
    score += 0.05 if proposal.place and not proposal.place_is_inferred else -0.05
    score += 0.05 if proposal.quantities else 0
    return round(max(0.05, min(0.99, score)), 2)
