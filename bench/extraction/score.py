"""Quality and speed of article extraction on the hand-annotated development set (devset.json).

    .venv/bin/python bench/extraction/score.py [--rounds 3]

Prints precision / recall / F1 per field (event type, place, date, fatalities, quantities) for the pipeline
and for a plain baseline (spaCy's entities + the first number in each sentence), on two hand-annotated sets:
``devset.json`` (written while the extractor was built) and ``heldout.json`` (written afterwards, never used
to change the extractor: floods, market shelling, detentions, a blocked convoy, a prison riot, attacks on
health workers, demining, and hard negatives such as sport, economy and historical retrospectives). Then
articles per second per core for the full extraction next to spaCy's own pipeline on the same texts, and the
prefilter's throughput. The texts are our own, written in news and agency style.

Places are compared as gazetteer places: a name (gold or predicted) that the gazetteer knows counts as its
best-ranked place's name, so "Gondar" and "Gonder" are the same town.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from groundwatch.geo.gazetteer.index import get_gazetteer, normalize_name
from groundwatch.ingest.extraction import extract_text
from groundwatch.ingest.extraction.dates import resolve_date
from groundwatch.ingest.extraction.measures import parse_number
from groundwatch.ingest.extraction.nlp import get_nlp, get_plain_nlp
from groundwatch.ingest.extraction.prefilter import is_relevant

DEVSET = Path(__file__).with_name("devset.json")
HELDOUT = Path(__file__).with_name("heldout.json")
FIELDS = ("event type", "place", "date", "fatalities", "quantities")


def place_key(name: str) -> str:
    found = get_gazetteer().lookup(name)
    return normalize_name(found[0].name if found else name)


def gold_sets(doc: dict[str, Any]) -> dict[str, set[Any]]:
    events = doc["events"]
    return {
        "event type": {event["type"] for event in events},
        "place": {place_key(event["place"]) for event in events},
        "date": {event["date"] for event in events},
        "fatalities": {event["fatalities"] for event in events if event["fatalities"]},
        "quantities": {(item, float(value)) for event in events for item, value in event["quantities"]},
    }


def pipeline_sets(doc: dict[str, Any]) -> dict[str, set[Any]]:
    published = dt.date.fromisoformat(doc["published"])
    result = extract_text(doc["text"], published_on=published)
    events = [
        event
        for event in result.events
        if event.type not in ("appeal", "demand", "statement", "announcement")
    ]
    return {
        "event type": {event.type for event in events},
        "place": {
            place_key(event.place.location) for event in events if event.place and not event.place.is_country
        },
        "date": {
            event.date.date_start.isoformat() for event in events if event.date and not event.date_is_inferred
        },
        "fatalities": {event.fatalities for event in events if event.fatalities},
        "quantities": {(q.item, float(q.value)) for event in events for q in event.quantities if q.item},
    }


def baseline_sets(doc: dict[str, Any], majority: str) -> dict[str, set[Any]]:
    """spaCy entities + first number: one event per sentence with a number, the dev set's most common type."""
    published = dt.date.fromisoformat(doc["published"])
    parsed = get_plain_nlp()(doc["text"])
    places = [ent.text for ent in parsed.ents if ent.label_ in ("GPE", "LOC", "FAC")]
    dates = [
        found for ent in parsed.ents if ent.label_ == "DATE" and (found := resolve_date(ent.text, published))
    ]
    sets: dict[str, set[Any]] = {field: set() for field in FIELDS}
    for sentence in parsed.sents:
        numbers = [ent for ent in sentence.ents if ent.label_ == "CARDINAL"]
        if not numbers:
            continue
        value = parse_number(numbers[0].text.split())
        sets["event type"].add(majority)
        if places:
            sets["place"].add(place_key(places[0]))
        if dates:
            sets["date"].add(dates[0][0].isoformat())
        if value is not None and any(token.lemma_ in ("kill", "die", "dead") for token in sentence):
            sets["fatalities"].add(value)
        if value is not None:
            noun = numbers[0].root.head.lemma_.lower()
            sets["quantities"].add((noun, value))
    return sets


def score(devset: list[dict[str, Any]], predict: Any) -> dict[str, tuple[float, float, float]]:
    counts = {field: [0, 0, 0] for field in FIELDS}  # true positives, predicted, gold
    for doc in devset:
        gold, found = gold_sets(doc), predict(doc)
        for field in FIELDS:
            counts[field][0] += len(gold[field] & found[field])
            counts[field][1] += len(found[field])
            counts[field][2] += len(gold[field])
    table = {}
    for field, (hits, predicted, expected) in counts.items():
        precision = hits / predicted if predicted else 0.0
        recall = hits / expected if expected else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[field] = (precision, recall, f1)
    return table


def print_quality(name: str, table: dict[str, tuple[float, float, float]]) -> None:
    print(f"\n{name}")
    print(f"  {'field':<12} {'precision':>9} {'recall':>7} {'F1':>6}")
    for field, (precision, recall, f1) in table.items():
        print(f"  {field:<12} {precision:>9.2f} {recall:>7.2f} {f1:>6.2f}")


def speed(devset: list[dict[str, Any]], rounds: int) -> None:
    texts = [doc["text"] for doc in devset]
    get_nlp(), get_plain_nlp()
    for text in texts:  # warm caches (gazetteer lookups, dateparser)
        extract_text(text)
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            get_plain_nlp()(text)
    plain = rounds * len(texts) / (time.perf_counter() - started)
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            extract_text(text)
    full = rounds * len(texts) / (time.perf_counter() - started)
    started = time.perf_counter()
    repeats = rounds * 200
    for _ in range(repeats):
        for text in texts:
            is_relevant(text)
    prefilter = repeats * len(texts) / (time.perf_counter() - started)
    words = sum(len(text.split()) for text in texts) / len(texts)
    print(
        f"\nspeed, one process (one core), {len(texts)} articles of {words:.0f} words on average, {rounds} rounds"
    )
    print(f"  spaCy en_core_web_sm alone      {plain:>9.1f} articles/s")
    print(f"  full extraction                 {full:>9.1f} articles/s  ({100 * full / plain:.0f}% of spaCy)")
    print(f"  prefilter (regular expression)  {prefilter:>9.0f} articles/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    devset = json.loads(DEVSET.read_text("utf-8"))
    heldout = json.loads(HELDOUT.read_text("utf-8"))
    types = [event["type"] for doc in devset for event in doc["events"]]
    majority = max(set(types), key=types.count)  # from the development set only
    for name, docs in (("development set", devset), ("held-out set", heldout)):
        events = sum(len(doc["events"]) for doc in docs)
        negatives = sum(not doc["events"] for doc in docs)
        print(f"\n== {name}: {len(docs)} articles ({negatives} with no event), {events} annotated events")
        print_quality("pipeline (groundwatch.extraction)", score(docs, pipeline_sets))
        print_quality(
            f"baseline (spaCy entities + first number, type = '{majority}')",
            score(docs, lambda doc: baseline_sets(doc, majority)),
        )
    speed(devset + heldout, args.rounds)


if __name__ == "__main__":
    main()
