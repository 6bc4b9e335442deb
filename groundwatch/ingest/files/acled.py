"""ACLED exports: header check and one row → one EventDraft. Plain Python, no database.

Accepts the current 31-column export and the legacy columns (event_id_no_cnty, data_id, iso3, numeric
inter codes). ``event_id_cnty`` is the record's stable id: a newer download updates the same Event.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache

from groundwatch.ingest.drafts import ActorDraft, EventDraft, MeasureDraft, RowProblem, RowResult, check_draft
from groundwatch.ingest.files.reader import FileInvalid
from groundwatch.ingest.values import parse_date, parse_geopoint
from groundwatch.lib.dates import month

PIPELINE = "acled"
PIPELINE_VERSION = "1"
COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
LEGACY_COLUMNS = ("event_id_no_cnty", "data_id", "iso3")
REQUIRED = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "location",
    "latitude",
    "longitude",
)

INTER_KINDS = {
    "state forces": "state_forces",
    "rebel group": "rebel_group",
    "political militia": "political_militia",
    "identity militia": "identity_militia",
    "rioters": "rioters",
    "protesters": "protesters",
    "civilians": "civilians",
    "external/other forces": "external_forces",
    **{
        str(code): kind
        for code, kind in enumerate(
            (
                "state_forces",
                "rebel_group",
                "political_militia",
                "identity_militia",
                "rioters",
                "protesters",
                "civilians",
                "external_forces",
            ),
            start=1,
        )
    },
}
_PRECISION = {"1": "day", "2": "week", "3": "month"}


def check_header(header: list[str]) -> None:
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise FileInvalid(
            f"This is not an ACLED export: the column(s) {', '.join(missing)} are missing. "
            f"Expected the ACLED columns ({', '.join(COLUMNS[:6])}, …)."
        )


@lru_cache(maxsize=4096)  # a file repeats a handful of type labels on every row
def slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def parse_row(cells: dict[str, str], row: int) -> RowResult:
    """One ACLED row → an EventDraft (or the problems, each with its column)."""
    problems: list[RowProblem] = []
    get = cells.get
    event_id = (get("event_id_cnty") or "").strip()
    if not event_id:
        problems.append(RowProblem(row, "event_id_cnty", "the ACLED event id is missing"))
    dates = _dates(get("event_date") or "", get("time_precision") or "1", row, problems)
    latitude, longitude = _point(get("latitude") or "", get("longitude") or "", row, problems)
    fatalities = _fatalities(get("fatalities") or "0", row, problems)
    geo_precision = (get("geo_precision") or "").strip()
    if geo_precision and geo_precision not in ("1", "2", "3"):
        problems.append(RowProblem(row, "geo_precision", f"{geo_precision!r} is not 1, 2 or 3"))
    event_type = slug(get("event_type") or "")
    sub_event_type = slug(get("sub_event_type") or "")
    if problems or dates is None:
        return RowResult(row=row, cells=cells, problems=problems)
    location = (get("location") or "").strip()
    draft = EventDraft(
        title=f"{(get('sub_event_type') or '').strip()} in {location}"[:300],
        event_type=event_type,
        sub_event_type=sub_event_type,
        date_start=dates[0],
        date_end=dates[1],
        date_precision=dates[2],
        description=(get("notes") or "").strip(),
        location_name=location[:200],
        latitude=latitude,
        longitude=longitude,
        geo_precision=int(geo_precision) if geo_precision else None,
        admin1=(get("admin1") or "").strip()[:120],
        admin2=(get("admin2") or "").strip()[:120],
        measures=[MeasureDraft("people_killed", Decimal(fatalities), "people", "at_least")]
        if fatalities
        else [],
        actors=_actors(cells),
        external_id=event_id,
        confidentiality=0,
    )
    problems = check_draft(draft, row, "sub_event_type" if sub_event_type else "event_type")
    return RowResult(row=row, cells=cells, draft=None if problems else draft, problems=problems)


def _dates(
    raw: str, precision_code: str, row: int, problems: list[RowProblem]
) -> tuple[dt.date, dt.date, str] | None:
    try:
        day = parse_date(raw)
    except ValueError as error:
        problems.append(RowProblem(row, "event_date", str(error)))
        return None
    precision = _PRECISION.get(precision_code.strip() or "1")
    if precision is None:
        problems.append(RowProblem(row, "time_precision", f"{precision_code!r} is not 1, 2 or 3"))
        return None
    if precision == "week":
        return day - dt.timedelta(days=3), day + dt.timedelta(days=3), precision
    if precision == "month":
        whole = month(day.year, day.month)
        return whole.start, whole.end, precision
    return day, day, precision


def _point(lat: str, lon: str, row: int, problems: list[RowProblem]) -> tuple[Decimal | None, Decimal | None]:
    try:
        return parse_geopoint(f"{lat} {lon}")
    except ValueError as error:
        column = "longitude" if "longitude" in str(error) else "latitude"
        problems.append(RowProblem(row, column, str(error)))
        return None, None


def _fatalities(raw: str, row: int, problems: list[RowProblem]) -> int:
    text = raw.strip() or "0"
    if not text.isdigit():
        problems.append(RowProblem(row, "fatalities", f"{raw!r} is not a whole number of zero or more"))
        return 0
    return int(text)


_ACTOR_COLUMNS = (
    ("inter1", "actor1", "assoc_actor_1", "actor1", "assoc_actor1"),
    ("inter2", "actor2", "assoc_actor_2", "actor2", "assoc_actor2"),
)


def _actors(cells: dict[str, str]) -> list[ActorDraft]:
    found: list[ActorDraft] = []
    get = cells.get
    for inter, actor, assoc, main_role, assoc_role in _ACTOR_COLUMNS:
        kind = INTER_KINDS.get((get(inter) or "").strip().lower(), "civilians")
        main = (get(actor) or "").strip()
        if main:
            found.append(ActorDraft(main[:200], main_role, kind))
        associated = get(assoc)
        if associated:
            for name in associated.split(";"):
                if name.strip():
                    found.append(ActorDraft(name.strip()[:200], assoc_role, kind))
    return found
