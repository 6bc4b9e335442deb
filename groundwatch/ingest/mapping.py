"""Form and column mappings: which field is the date, the place, the type, the counts, the actors.

One mapping shape serves every channel that arrives as named values: OpenRosa submissions (field
names), KoBo/ODK exports (column paths), HXL files (hashtags) and generic CSVs (column names). Applying
a mapping is plain Python: values in, ``RowResult`` out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation

from pydantic import BaseModel, Field

from groundwatch.ingest.drafts import (
    ActorDraft,
    EventDraft,
    MeasureDraft,
    RowProblem,
    RowResult,
    check_draft,
)
from groundwatch.ingest.values import parse_date, parse_geopoint

_Getter = Callable[[str], str]
_TEMPLATE_FIELD = re.compile(r"\{([A-Za-z0-9_#+:/.-]+)\}")


class MeasureMap(BaseModel):
    field: str
    item: str
    unit: str = ""
    qualifier: str = "exact"
    qualifier_field: str = ""


class ActorMap(BaseModel):
    field: str
    role: str
    kind: str = "civilians"
    kind_field: str = ""


class FormMapping(BaseModel):
    """How values map to an Event. Stored as JSON on a form or a saved column mapping."""

    title: str = Field(description="Template, e.g. '{event_type} in {place}'. Fields in braces.")
    event_type: str = Field("", description="A fixed event type, or empty to read it from a field.")
    event_type_field: str = ""
    event_type_values: dict[str, str] = Field(
        default_factory=dict, description="Field value → 'type' or 'type/sub_type'."
    )
    sub_event_type: str = ""
    date_field: str
    date_end_field: str = ""
    geopoint_field: str = ""
    latitude_field: str = ""
    longitude_field: str = ""
    place_field: str = Field("", description="A gazetteer place (a place-list choice or a name).")
    location_name_field: str = ""
    admin1_field: str = ""
    description_field: str = ""
    external_id_field: str = ""
    measures: list[MeasureMap] = Field(default_factory=list)
    actors: list[ActorMap] = Field(default_factory=list)
    confidentiality: int = 1

    def fields_used(self) -> set[str]:
        names = {
            self.event_type_field,
            self.date_field,
            self.date_end_field,
            self.geopoint_field,
            self.latitude_field,
            self.longitude_field,
            self.place_field,
            self.location_name_field,
            self.admin1_field,
            self.description_field,
            self.external_id_field,
            *(m.field for m in self.measures),
            *(m.qualifier_field for m in self.measures),
            *(a.field for a in self.actors),
            *(a.kind_field for a in self.actors),
            *_TEMPLATE_FIELD.findall(self.title),
        }
        return {name for name in names if name}


def apply_mapping(mapping: FormMapping, values: Mapping[str, str], row: int = 0) -> RowResult:
    """Read one set of named values through ``mapping``. Missing or bad values become problems."""
    cells = {key: str(value) for key, value in values.items()}
    problems: list[RowProblem] = []

    def get(name: str) -> str:
        return cells.get(name, "").strip() if name else ""

    event_type, sub_event_type = _event_type(mapping, get, row, problems)
    date_start = _date(get(mapping.date_field), mapping.date_field, row, problems, required=True)
    date_end = _date(get(mapping.date_end_field), mapping.date_end_field, row, problems, required=False)
    latitude, longitude = _coordinates(mapping, get, row, problems)
    measures = [m for spec in mapping.measures if (m := _measure(spec, get, row, problems))]
    actors = [a for spec in mapping.actors for a in _actors(spec, get)]
    if problems or date_start is None or not event_type:
        return RowResult(row=row, cells=cells, problems=problems)
    place_ref = get(mapping.place_field)
    location = get(mapping.location_name_field) or (place_ref if not place_ref.startswith("place_") else "")
    draft = EventDraft(
        title=_title(mapping.title, cells)[:300] or event_type,
        event_type=event_type,
        sub_event_type=sub_event_type,
        date_start=date_start,
        date_end=date_end,
        date_precision="day" if date_end in (None, date_start) else "range",
        description=get(mapping.description_field),
        location_name=location[:200],
        place_ref=place_ref,
        latitude=latitude,
        longitude=longitude,
        geo_precision=1 if latitude is not None else None,
        admin1=get(mapping.admin1_field)[:120],
        measures=measures,
        actors=actors,
        external_id=get(mapping.external_id_field),
        quote="\n".join(
            f"{name}: {cells[name]}" for name in sorted(mapping.fields_used()) if cells.get(name)
        ),
        confidentiality=mapping.confidentiality,
    )
    if date_end is not None and date_end < date_start:
        problems.append(RowProblem(row, mapping.date_end_field, "the end date is before the start date"))
    problems.extend(check_draft(draft, row, mapping.event_type_field))
    if problems:
        return RowResult(row=row, cells=cells, problems=problems)
    return RowResult(row=row, cells=cells, draft=draft)


def _event_type(mapping: FormMapping, get: _Getter, row: int, problems: list[RowProblem]) -> tuple[str, str]:
    if mapping.event_type:
        return mapping.event_type, mapping.sub_event_type
    raw = get(mapping.event_type_field)
    if not raw:
        problems.append(RowProblem(row, mapping.event_type_field, "the event type is missing"))
        return "", ""
    coded = mapping.event_type_values.get(raw, raw)
    event_type, _, sub_event_type = coded.partition("/")
    return event_type, sub_event_type


def _date(raw: str, column: str, row: int, problems: list[RowProblem], *, required: bool) -> dt.date | None:
    if not raw:
        if required:
            problems.append(RowProblem(row, column, "the date is missing"))
        return None
    try:
        return parse_date(raw)
    except ValueError as error:
        problems.append(RowProblem(row, column, str(error)))
        return None


def _coordinates(
    mapping: FormMapping, get: _Getter, row: int, problems: list[RowProblem]
) -> tuple[Decimal | None, Decimal | None]:
    try:
        if mapping.geopoint_field and get(mapping.geopoint_field):
            return parse_geopoint(get(mapping.geopoint_field))
        if mapping.latitude_field and get(mapping.latitude_field):
            return parse_geopoint(f"{get(mapping.latitude_field)} {get(mapping.longitude_field)}")
    except ValueError as error:
        column = mapping.geopoint_field or mapping.latitude_field
        problems.append(RowProblem(row, column, str(error)))
    return None, None


def _measure(spec: MeasureMap, get: _Getter, row: int, problems: list[RowProblem]) -> MeasureDraft | None:
    raw = get(spec.field).replace(",", "")
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        problems.append(RowProblem(row, spec.field, f"{raw!r} is not a number"))
        return None
    if not value.is_finite() or value < 0:
        problems.append(RowProblem(row, spec.field, "a count must be zero or more"))
        return None
    qualifier = get(spec.qualifier_field) or spec.qualifier
    return MeasureDraft(item=spec.item, value=value, unit=spec.unit, qualifier=qualifier)


def _actors(spec: ActorMap, get: _Getter) -> list[ActorDraft]:
    kind = get(spec.kind_field) or spec.kind
    names = [name.strip() for name in re.split(r"[;\n]", get(spec.field)) if name.strip()]
    return [ActorDraft(name=name[:200], role=spec.role, kind=kind) for name in names]


def _title(template: str, cells: Mapping[str, str]) -> str:
    return _TEMPLATE_FIELD.sub(lambda match: cells.get(match.group(1), "").strip(), template).strip(" -–,")
