"""Raw multi-row inserts for the batch write path: ``executemany`` on SQLite, ``COPY`` on PostgreSQL.

Rows are given as dicts of attribute names (``Table.insert``), or — on the hot path of a file import — as
tuples already in database form for a fixed list of columns (``Table.columns(...).insert``); columns the
caller leaves out get the field's default. Primary keys are allocated up front so rows of several tables can point at each other within a batch
(safe because the batch runs in one transaction that holds the write lock on SQLite and takes ids
from the sequence on PostgreSQL).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models

Converter = Callable[[Any], Any]


def _converter(field: models.Field[Any, Any]) -> Converter:
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(value, ensure_ascii=False)
    if isinstance(field, models.DateTimeField):
        return _LastValue(connection.ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return lambda value: None if value is None else value.isoformat()
    if isinstance(field, models.DecimalField):
        return lambda value: None if value is None else str(value)
    return lambda value: value


class _LastValue:
    """Remembers the last conversion: a batch stamps every row with the same time."""

    def __init__(self, convert: Converter) -> None:
        self.convert = convert
        self.last: tuple[Any, Any] = (object(), None)

    def __call__(self, value: Any) -> Any:
        if value is not self.last[0]:
            self.last = (value, self.convert(value))
        return self.last[1]


class Table:
    """One model's table, ready for fast inserts of plain rows."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.name = model._meta.db_table
        fields = [field for field in model._meta.concrete_fields]
        self.attnames = [field.attname for field in fields]
        self.columns = [str(field.column) for field in fields]
        self.defaults = {field.attname: field.get_default() for field in fields}
        self.converters = [_converter(field) for field in fields]

    def tuples(self, rows: Iterable[dict[str, Any]]) -> list[tuple[Any, ...]]:
        out = []
        names, defaults, converters = self.attnames, self.defaults, self.converters
        for row in rows:
            out.append(
                tuple(
                    convert(row[name] if name in row else defaults[name])
                    for name, convert in zip(names, converters, strict=True)
                )
            )
        return out

    def insert(self, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            _write(self.name, self.columns, self.tuples(rows))

    def columns_of(self, *attnames: str) -> Columns:
        """An insert of these columns, given as tuples of database values in this order."""
        return Columns(self, attnames)

    def allocate_ids(self, count: int) -> list[int]:
        """``count`` fresh primary keys for rows inserted in this transaction."""
        if count == 0:
            return []
        table = connection.ops.quote_name(self.name)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [self.name, count],
                )
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
            start = int(cursor.fetchone()[0]) + 1
        return list(range(start, start + count))


class Columns:
    """Inserts of one table's rows given as tuples of database-ready values for a fixed list of columns.

    The other columns get their field's default, converted once (on SQLite written into the statement as
    constants, so they are neither copied into every row nor bound again for each). Values must already be
    what the database takes: text for dates, decimals and JSON, ``connection.ops.adapt_datetimefield_value``
    for date-times.
    """

    def __init__(self, table: Table, attnames: Sequence[str]) -> None:
        unknown = set(attnames) - set(table.attnames)
        if unknown:
            raise ValueError(f"{table.name} has no column(s) {', '.join(sorted(unknown))}")
        by_name = dict(zip(table.attnames, zip(table.columns, table.converters, strict=True), strict=True))
        rest = [name for name in table.attnames if name not in attnames]
        self.table = table
        self.given = [by_name[name][0] for name in attnames]
        self.columns = [*self.given, *(by_name[name][0] for name in rest)]
        self.tail = tuple(by_name[name][1](table.defaults[name]) for name in rest)
        literals = [_sql_literal(value) for value in self.tail]
        self.constants = None if None in literals else [str(literal) for literal in literals]

    def insert(self, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if connection.vendor == "sqlite" and self.constants is not None:
            _write(self.table.name, self.columns, rows, constants=self.constants)
            return
        tail = self.tail
        _write(self.table.name, self.columns, [row + tail for row in rows] if tail else rows)


def _sql_literal(value: Any) -> str | None:
    """``value`` as an SQL constant inside a statement for Django's SQLite cursor (``%`` doubled); None if not."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, str):
        return "'" + value.replace("'", "''").replace("%", "%%") + "'"
    return None


def _write(
    table: str, columns: Sequence[str], values: Sequence[tuple[Any, ...]], constants: Sequence[str] = ()
) -> None:
    """One ``COPY`` (PostgreSQL) or one ``executemany`` (SQLite) of ``values`` into ``table``.

    ``constants`` (SQLite only) are SQL literals for the last columns, the same in every row.
    """
    quote = connection.ops.quote_name
    quoted = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor, for COPY
            with raw.copy(f"COPY {quote(table)} ({quoted}) FROM STDIN") as copy:
                write_row = copy.write_row
                for value in values:
                    write_row(value)
            return
        marks = ", ".join([*(["%s"] * (len(columns) - len(constants))), *constants])
        cursor.executemany(f"INSERT INTO {quote(table)} ({quoted}) VALUES ({marks})", values)  # noqa: S608
