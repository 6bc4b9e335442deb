"""The HXL-tagged table (CSV and XLSX share it): a header row, an HXL hashtag row, one row per event."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from groundwatch.events.choices import MeasureItem
from groundwatch.reports.exports.cells import neutralise
from groundwatch.reports.exports.records import ExportRecord

# (header, HXL hashtag) — tags from the HXL 1.1 core dictionary (docs/outputs.md lists them).
COLUMNS: list[tuple[str, str]] = [
    ("Reference", "#meta+id"),
    ("Start date", "#date+start"),
    ("End date", "#date+end"),
    ("Date precision", "#meta+date_precision"),
    ("Category", "#event+category"),
    ("Event type", "#event+type"),
    ("Sub-event type", "#event+type+sub"),
    ("Event type label", "#event+type+name"),
    ("Title", "#event+name"),
    ("Actors", "#group+name"),
    ("Location", "#loc+name"),
    ("Country", "#country+code"),
    ("Admin 1", "#adm1+name"),
    ("Admin 2", "#adm2+name"),
    ("Latitude", "#geo+lat"),
    ("Longitude", "#geo+lon"),
    ("Killed", "#affected+killed"),
    ("Injured", "#affected+injured"),
    ("Detained", "#affected+abducted"),
    ("Displaced", "#affected+displaced"),
    ("Verification", "#status+verification"),
    ("Sources", "#meta+source"),
    ("Description", "#description"),
]


def _same(value: Any) -> Any:
    return value


PEOPLE = (
    MeasureItem.PEOPLE_KILLED,
    MeasureItem.PEOPLE_INJURED,
    MeasureItem.PEOPLE_DETAINED,
    MeasureItem.PEOPLE_DISPLACED,
)


def table_row(record: ExportRecord, number: Callable[[Any], Any] = _same) -> list[object]:
    """One event's cells: text neutralised here (only the free-text columns can start like a formula),
    numbers through ``number`` (CSV writes them as text, XLSX as numbers), dates and None as they are."""
    measures = record.measures
    people = [number(measures[item].value) if item in measures else None for item in PEOPLE]
    return [
        record.reference,
        record.date_start,
        record.date_end,
        record.date_precision,
        neutralise(record.category),
        neutralise(record.event_type),
        neutralise(record.sub_event_type),
        neutralise(record.type_label),
        neutralise(record.title),
        neutralise("; ".join(dict.fromkeys(name for name, _role, _kind in record.actors))),
        neutralise(record.location),
        neutralise(record.country_code),
        neutralise(record.admin1),
        neutralise(record.admin2),
        number(record.latitude),
        number(record.longitude),
        *people,
        record.verification_status,
        neutralise("; ".join(record.sources)),
        neutralise(record.description),
    ]


def hxl_rows(records: Iterator[ExportRecord], number: Callable[[Any], Any] = _same) -> Iterator[list[object]]:
    yield [header for header, _tag in COLUMNS]
    yield [tag for _header, tag in COLUMNS]
    for record in records:
        yield table_row(record, number)
