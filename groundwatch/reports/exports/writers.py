"""Writers that turn rows into bytes as they come: CSV and GeoJSON stream; XLSX spools to a temporary file."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO

from openpyxl import Workbook

from groundwatch.reports.exports.cells import cells, neutralise
from groundwatch.reports.exports.records import ExportRecord
from groundwatch.reports.exports.tabular import table_row

ROWS_PER_CHUNK = 500


def csv_chunks(rows: Iterable[list[object]], *, ready: bool = False) -> Iterator[bytes]:
    """UTF-8 CSV (with a BOM so spreadsheets read it as UTF-8), a few hundred rows per chunk.

    ``ready`` rows were made for CSV by their format (text neutralised, numbers as text: ``acled_row``,
    ``table_row`` with ``decimal_text``) and are written as they are; others go through ``cells``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    batch: list[list[object]] = []
    for row in rows:
        batch.append(row if ready else cells(row))
        if len(batch) == ROWS_PER_CHUNK:
            writer.writerows(batch)
            batch = []
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    writer.writerows(batch)
    yield buffer.getvalue().encode("utf-8")


def decimal_text(value: Decimal | float | None) -> str | None:
    """A number for a CSV cell: "40.16", not "40.16000"; None stays empty."""
    if value is None:
        return None
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        text = repr(value)
        return text if "e" not in text else f"{value:.10f}".rstrip("0")  # 1e-05 → 0.00001
    return f"{value.normalize():f}"


def float_or_none(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def _number(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def feature(record: ExportRecord) -> dict[str, object]:
    geometry = None
    if record.latitude is not None and record.longitude is not None:
        geometry = {"type": "Point", "coordinates": [_number(record.longitude), _number(record.latitude)]}
    properties: dict[str, object] = {
        "reference": record.reference,
        "category": record.category,
        "event_type": record.event_type,
        "sub_event_type": record.sub_event_type,
        "type_label": record.type_label,
        "date_start": record.date_start.isoformat(),
        "date_end": record.date_end.isoformat(),
        "date_precision": record.date_precision,
        "location": record.location,
        "country_code": record.country_code,
        "admin1": record.admin1,
        "admin2": record.admin2,
        "verification_status": record.verification_status,
        "measures": {item: _number(figure.value) for item, figure in record.measures.items()},
    }
    if not record.is_public:
        properties |= {"title": record.title, "actors": [name for name, _r, _k in record.actors]}
        properties["sources"] = record.sources
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def geojson_chunks(records: Iterable[ExportRecord]) -> Iterator[bytes]:
    yield b'{"type": "FeatureCollection", "features": [\n'
    separator = ""
    for record in records:
        yield (separator + json.dumps(feature(record), ensure_ascii=False)).encode("utf-8")
        separator = ",\n"
    yield b"\n]}\n"


def xlsx_file(rows: Iterable[list[object]]) -> IO[bytes]:
    """An .xlsx written row by row in openpyxl's write-only mode, spooled to a temporary file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("events")
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])  # numbers: hxl_rows(…, float_or_none)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 -- handed to the response, which closes it
    workbook.save(handle)
    handle.seek(0)
    return handle


def _xlsx_value(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return neutralise(value)  # openpyxl would store "=…" as a formula
    return value


__all__ = ["csv_chunks", "decimal_text", "float_or_none", "geojson_chunks", "table_row", "xlsx_file"]
