"""File pipelines: a file → its rows as ``RowResult``s. Plain Python; the runner does the writing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from groundwatch.ingest.drafts import RowProblem, RowResult
from groundwatch.ingest.files import acled
from groundwatch.ingest.files.reader import FileInvalid, Table, read_table
from groundwatch.ingest.mapping import FormMapping, apply_mapping


@dataclass(frozen=True)
class FilePipeline:
    """How one format is read: table reader, header check, and one row → RowResult."""

    name: str
    version: str
    dataset: str
    read: Callable[[Path], Table]
    check_header: Callable[[list[str]], None]
    parse: Callable[[dict[str, str], int], RowResult]

    def rows(self, path: Path, skip: int = 0, after_row: int = 0) -> Iterator[RowResult]:
        """Every data row, after the first ``skip`` ones and after file row ``after_row`` (already imported)."""
        table = self.read(path)
        self.check_header(table.header)
        header = table.header
        for index, (number, cells) in enumerate(table.rows):
            if index < skip or number <= after_row:
                continue
            values = dict(zip(header, cells, strict=False))
            if len(cells) > len(header):
                result = RowResult(row=number, cells=values)
                result.problems.append(_extra_cells(number, len(header), len(cells)))
                yield result
                continue
            yield self.parse(values, number)


def _extra_cells(row: int, expected: int, found: int) -> RowProblem:
    return RowProblem(row, "", f"the row has {found} cells but the header has {expected} columns")


ACLED = FilePipeline(
    name=acled.PIPELINE,
    version=acled.PIPELINE_VERSION,
    dataset="acled",
    read=read_table,
    check_header=acled.check_header,
    parse=acled.parse_row,
)


def mapped(
    name: str, dataset: str, mapping: FormMapping, read: Callable[[Path], Table] = read_table
) -> FilePipeline:
    """A pipeline for columns named by a mapping (generic CSV, KoBo export, HXL hashtags)."""

    def check_header(header: list[str]) -> None:
        required = {mapping.date_field, mapping.event_type_field} - {""}
        missing = sorted(required - set(header))
        if missing:
            raise FileInvalid(
                f"The column(s) {', '.join(missing)} that the mapping needs are missing from the file."
            )

    return FilePipeline(
        name=name,
        version="1",
        dataset=dataset,
        read=read,
        check_header=check_header,
        parse=lambda values, row: apply_mapping(mapping, values, row),
    )
