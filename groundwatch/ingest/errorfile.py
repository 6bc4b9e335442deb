"""The error file of an import: the refused rows, their original cells, and where and why.

Cells that a spreadsheet would run as a formula (starting with = + - @) are prefixed with a quote so
the file is safe to open in Excel or LibreOffice; the cells stored in the database are left as sent.
"""

from __future__ import annotations

from collections.abc import Iterator

from groundwatch.ingest.models import ImportRowError, ImportRun

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Make a cell inert for spreadsheets (OWASP CSV injection advice)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def error_rows(run: ImportRun) -> Iterator[list[str]]:
    """Header, then one line per problem: row number, column, reason, then the row's cells."""
    errors = ImportRowError.objects.filter(run=run).order_by("row_number", "id")
    columns: list[str] = []
    for error in errors.iterator():
        columns = list(error.cells)
        break
    yield ["error_row", "error_column", "error_reason", *columns]
    for error in errors.iterator():
        cells = [neutralise(str(error.cells.get(column, ""))) for column in columns]
        yield [str(error.row_number), error.column, neutralise(error.reason), *cells]
