"""Streaming readers for tabular files (CSV, XLSX). Cells stay text; nothing is ever evaluated.

A cell such as ``=HYPERLINK(...)`` is kept exactly as sent; it is only neutralised when written back
out to a spreadsheet (see ``errorfile.neutralise``).
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any  # csv.reader objects have no public type name

MAX_UNPACKED_XLSX_BYTES = 2 * 1024 * 1024 * 1024
# Spreadsheets pack 5–20 times; a large one packing far tighter is a zip bomb (runs of one byte).
SUSPECT_UNPACKED_XLSX_BYTES = 64 * 1024 * 1024
MAX_XLSX_PACKING_RATIO = 200
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class FileInvalid(ValueError):
    """The file as a whole cannot be imported (encoding, missing columns, not a table)."""


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (row number in the file, header = 1; cells)


def _encoding(path: Path) -> str:
    with path.open("rb") as handle:
        start = handle.read(4)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8-sig"


def read_csv(path: Path) -> Table:
    """Open a CSV file as UTF-8 (with or without BOM) or UTF-16 with BOM; delimiter , ; or tab."""
    encoding = _encoding(path)
    handle = path.open("r", encoding=encoding, newline="", errors="strict")
    try:
        sample = handle.read(64 * 1024)
    except UnicodeDecodeError as error:
        handle.close()
        raise FileInvalid(
            f"{path.name} is not UTF-8 text (byte {error.start}: {error.reason}). Save it as "
            "'CSV UTF-8' and import it again."
        ) from None
    handle.seek(0)
    delimiter = _delimiter(sample)
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        handle.close()
        raise FileInvalid(f"{path.name} is empty.") from None
    return Table(header=header, rows=_rows(reader, handle, path))


def _delimiter(sample: str) -> str:
    first_line = sample.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first_line.count)


def _rows(reader: Any, handle: io.TextIOBase, path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield reader.line_num, cells
    except UnicodeDecodeError as error:
        raise FileInvalid(
            f"{path.name} is not UTF-8 text after line {reader.line_num} ({error.reason}). Save it as "
            "'CSV UTF-8' and import it again."
        ) from None
    finally:
        handle.close()


def read_xlsx(path: Path, sheet: str = "") -> Table:
    """The first (or named) sheet of an .xlsx file, streamed; refuses zip bombs."""
    import openpyxl

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            packed = sum(info.compress_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise FileInvalid(f"{path.name} is not an .xlsx spreadsheet.") from None
    bomb = unpacked > SUSPECT_UNPACKED_XLSX_BYTES and unpacked > MAX_XLSX_PACKING_RATIO * max(packed, 1)
    if unpacked > MAX_UNPACKED_XLSX_BYTES or bomb:
        raise FileInvalid(f"{path.name} unpacks to {unpacked:,} bytes; refused as a likely zip bomb.")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (KeyError, ValueError, OSError, zipfile.BadZipFile):
        # openpyxl raises these for a zip that is not a workbook (no [Content_Types].xml, broken parts).
        raise FileInvalid(f"{path.name} is a zip file but not an .xlsx spreadsheet.") from None
    worksheet = book[sheet] if sheet else book.worksheets[0]
    values = worksheet.iter_rows(values_only=True)
    try:
        header = ["" if cell is None else str(cell).strip() for cell in next(values)]
    except StopIteration:
        raise FileInvalid(f"{path.name} has an empty first sheet.") from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, row in enumerate(values, start=2):
            cells = ["" if cell is None else str(cell) for cell in row]
            if any(cell.strip() for cell in cells):
                yield number, cells
        book.close()

    return Table(header=header, rows=rows())


def read_table(path: Path) -> Table:
    return read_xlsx(path) if path.suffix.lower() in (".xlsx", ".xlsm") else read_csv(path)


def count_rows(path: Path) -> int:
    """Data rows in the file (for progress); a quick pass that parses no cells."""
    return sum(1 for _ in read_table(path).rows)
