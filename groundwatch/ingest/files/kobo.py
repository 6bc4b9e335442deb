"""KoBo/ODK exports (CSV or JSON, one row per submission) read through the form's own mapping.

Exports name columns by their group path (``event/event_date``); the leaf name is the form field the
mapping uses. ``meta/instanceID`` (or KoBo's ``_uuid``, given back its ``uuid:``) keys each submission,
so a re-exported file only adds what is new, and a submission a field app already sent is not counted twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from groundwatch.ingest.files.pipelines import FilePipeline, mapped
from groundwatch.ingest.files.reader import FileInvalid, Table, read_table
from groundwatch.ingest.mapping import FormMapping

MAX_JSON_BYTES = 200 * 1024 * 1024


def _leaf(column: str) -> str:
    return column.rsplit("/", 1)[-1].strip()


def read_export(path: Path) -> Table:
    table = _read_json(path) if path.suffix.lower() == ".json" else read_table(path)
    header = [_leaf(column) for column in table.header]
    if "instanceID" not in header and "_uuid" in header:  # KoBo exports without the meta group
        column = header.index("_uuid")
        header[column] = "instanceID"
        return Table(header=header, rows=_with_uuid_prefix(table.rows, column))
    return Table(header=header, rows=table.rows)


def _with_uuid_prefix(rows: Iterator[tuple[int, list[str]]], column: int) -> Iterator[tuple[int, list[str]]]:
    """KoBo's ``_uuid`` is the instanceID without its ``uuid:`` scheme; put it back so the keys match."""
    for number, cells in rows:
        if column < len(cells) and cells[column] and ":" not in cells[column]:
            cells = [*cells[:column], f"uuid:{cells[column]}", *cells[column + 1 :]]
        yield number, cells


def _read_json(path: Path) -> Table:
    if path.stat().st_size > MAX_JSON_BYTES:
        raise FileInvalid(f"{path.name} is larger than {MAX_JSON_BYTES:,} bytes; export it as CSV.")
    try:
        data = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise FileInvalid(f"{path.name} is not UTF-8 JSON ({error}).") from None
    records = data.get("results", data) if isinstance(data, dict) else data
    if not isinstance(records, list) or not all(isinstance(item, dict) for item in records):
        raise FileInvalid(f"{path.name} is not a list of submissions.")
    header: list[str] = []
    for record in records:
        header.extend(_leaf(key) for key in record if _leaf(key) not in header)

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, record in enumerate(records, start=1):
            leaves = {_leaf(key): value for key, value in record.items()}
            yield number, ["" if leaves.get(name) is None else str(leaves[name]) for name in header]

    return Table(header=header, rows=rows())


def pipeline(form_id: str, mapping: FormMapping) -> FilePipeline:
    keyed = mapping.model_copy(update={"external_id_field": mapping.external_id_field or "instanceID"})
    return mapped("kobo", f"kobo:{form_id}", keyed, read=read_export)
