"""Exports as a service: check the user may see the mission, record the audit event, hand back a stream."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from groundwatch.accounts.models import Mission
from groundwatch.audit.services import record_audit
from groundwatch.core.access import require_action
from groundwatch.core.choices import Action, Confidentiality
from groundwatch.events.models import Event
from groundwatch.reports.exports.acled import acled_coded, acled_rows
from groundwatch.reports.exports.records import ExportRecord, member_events, member_records, public_records
from groundwatch.reports.exports.tabular import hxl_rows
from groundwatch.reports.exports.writers import (
    csv_chunks,
    decimal_text,
    float_or_none,
    geojson_chunks,
    xlsx_file,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS: dict[str, tuple[str, str, str]] = {  # format → (label, media type, file extension)
    "acled": ("ACLED CSV (31 columns)", "text/csv; charset=utf-8", "acled.csv"),
    "hxl": ("HXL-tagged CSV", "text/csv; charset=utf-8", "hxl.csv"),
    "geojson": ("GeoJSON", "application/geo+json", "geojson"),
    "xlsx": ("Excel workbook (XLSX, HXL-tagged)", XLSX_TYPE, "xlsx"),
}
Narrow = Callable[[QuerySet[Event]], QuerySet[Event]]


@dataclass
class ExportStream:
    file_name: str
    media_type: str
    chunks: Iterator[bytes] | None = None
    file: IO[bytes] | None = None


def export_events(
    *,
    mission: Mission,
    actor: Any,
    format: str,
    public: bool = False,
    narrow: Narrow | None = None,
    filters: dict[str, str] | None = None,
) -> ExportStream:
    """Start an export of the events ``actor`` may see (or of the public, sanitised view) and audit it.

    Outsiders get NotFound. ``narrow`` applies the page's filters; ``filters`` is what they were, for the
    audit record. Unknown formats raise ValueError.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    require_action(actor, mission, Action.VIEW)
    events = member_events(actor, mission)
    if public:
        events = events.filter(confidentiality=Confidentiality.PUBLIC)
    if narrow is not None:
        events = narrow(events)
    if format == "acled":
        events = events.filter(acled_coded())
    with transaction.atomic():
        record_audit(
            action=f"export.{format}",
            actor=actor,
            mission=mission,
            object_type="reports.export",
            object_id=format,
            after={"format": format, "public": public, "filters": filters or {}},
        )
    records: Iterator[ExportRecord] = (
        public_records(mission, events)
        if public
        else member_records(actor, events, timestamps=format == "acled")
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    _label, media_type, extension = FORMATS[format]
    name = f"{mission.slug}-{'public-' if public else ''}{stamp}.{extension}"
    if format == "acled":
        return ExportStream(name, media_type, chunks=csv_chunks(acled_rows(records), ready=True))
    if format == "hxl":
        return ExportStream(name, media_type, chunks=csv_chunks(hxl_rows(records, decimal_text), ready=True))
    if format == "geojson":
        return ExportStream(name, media_type, chunks=geojson_chunks(records))
    return ExportStream(name, media_type, file=xlsx_file(hxl_rows(records, float_or_none)))
