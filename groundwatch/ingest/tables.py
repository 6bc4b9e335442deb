"""Raw multi-row inserts for the batch write path: ``executemany`` on SQLite, ``COPY`` on PostgreSQL.

Rows are given as dicts of attribute names; columns the caller leaves out get the field's default.
Primary keys are allocated up front so rows of several tables can point at each other within a batch
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
        self.columns = [field.column for field in fields]
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
        if not rows:
            return
        values = self.tuples(rows)
        quoted = ", ".join(connection.ops.quote_name(str(column)) for column in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # the psycopg cursor, for COPY
                with raw.copy(f"COPY {connection.ops.quote_name(self.name)} ({quoted}) FROM STDIN") as copy:
                    for value in values:
                        copy.write_row(value)
                return
            marks = ", ".join(["%s"] * len(self.columns))
            cursor.executemany(
                f"INSERT INTO {connection.ops.quote_name(self.name)} ({quoted}) VALUES ({marks})",  # noqa: S608
                values,
            )

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
