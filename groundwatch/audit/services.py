"""Writing and verifying the audit chain. Every service that changes data calls ``record_audit``."""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from groundwatch.audit.models import AuditChainHead, AuditRecord
from groundwatch.lib.hashing import canonical_json, sha256_text

GENESIS_HASH = "0" * 64


def snapshot(instance: models.Model, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """A JSON-safe picture of a model's concrete fields, for before/after in the audit log."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        value = field.value_from_object(instance)
        data[field.attname] = _json_safe(value)
    return data


def _json_safe(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    return value


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {key: after[key] for key in after if before.get(key) != after[key]}


def _record_payload(record: AuditRecord) -> str:
    return canonical_json(
        {
            "sequence": record.sequence,
            "mission": record.mission_id,
            "actor": record.actor_id,
            "actor_label": record.actor_label,
            "action": record.action,
            "object_type": record.object_type,
            "object_id": record.object_id,
            "at": record.at.isoformat(),
            "before": record.before,
            "after": record.after,
            "previous_hash": record.previous_hash,
        }
    )


def compute_hash(record: AuditRecord) -> str:
    return sha256_text(_record_payload(record))


def audit_entry(
    *,
    action: str,
    actor: Any,
    mission: Any = None,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditRecord:
    """One record, not yet in the chain (``record_audit`` or ``record_audits`` appends it)."""
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
    return AuditRecord(
        mission_id=getattr(mission, "pk", mission),
        actor_id=getattr(actor, "pk", None),
        actor_label=actor_label or (actor.get_username() if actor is not None else "system"),
        action=action,
        object_type=object_type,
        object_id=object_id,
        at=timezone.now(),
        before=_json_safe(before) if before is not None else None,
        after=_json_safe(after) if after is not None else None,
    )


def record_audit(
    *,
    action: str,
    actor: Any,
    mission: Any = None,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditRecord:
    """Append one record to the chain. Runs inside the caller's transaction (or its own)."""
    entry = audit_entry(
        action=action,
        actor=actor,
        mission=mission,
        target=target,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
        actor_label=actor_label,
    )
    return record_audits([entry])[0]


def record_audits(records: list[AuditRecord]) -> list[AuditRecord]:
    """Append records in this order with one move of the chain head and one insert: the same records and
    hashes as appending them one by one, for a service that writes several rows at once."""
    if not records:
        return records
    # No savepoint of its own: a failure here fails the caller's whole transaction, which is what we want.
    with transaction.atomic(savepoint=False):
        _link(records)
        _insert(records)
    return records


# The tip this thread last wrote or read: (sequence, hash). Only a guess, checked by the database.
_known_tip = threading.local()

# Every write appends records, so the two statements of an append are written once, in plain SQL: through
# the ORM, building them cost more than running them (about a tenth of an OpenRosa submission's CPU).
_INSERTED = [
    field
    for field in AuditRecord._meta.concrete_fields
    if not isinstance(field, models.AutoField | models.BigAutoField)
]


@functools.cache
def _statements(vendor: str) -> tuple[str, str]:
    quote = connection.ops.quote_name
    head = AuditChainHead._meta
    # Only model metadata (table and column names, quoted) goes into the text; values are parameters.
    table, sequence, last_hash = quote(head.db_table), quote("sequence"), quote("last_hash")
    move = (
        f"UPDATE {table} SET {sequence} = %s, {last_hash} = %s "  # noqa: S608
        f"WHERE {quote('singleton')} = 1 AND {sequence} = %s AND {last_hash} = %s"
    )
    columns = ", ".join(quote(field.column or field.attname) for field in _INSERTED)
    placeholders = ", ".join(["%s"] * len(_INSERTED))
    insert = f"INSERT INTO {quote(AuditRecord._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    return move, insert


def _insert(records: list[AuditRecord]) -> None:
    rows = [
        [field.get_db_prep_save(getattr(record, field.attname), connection) for field in _INSERTED]
        for record in records
    ]
    with connection.cursor() as cursor:
        cursor.executemany(_statements(connection.vendor)[1], rows)


def _link(records: list[AuditRecord]) -> None:
    """Give the records the next sequence numbers and each the previous record's hash, and move the head.

    The head row is the chain's lock. The fast path moves it with one compare-and-set UPDATE from the tip this
    thread last saw: it matches only when no one else has written since (and, on PostgreSQL, it waits for and
    then holds the row lock as SELECT … FOR UPDATE would). When it matches nothing — another writer, a rolled
    back transaction, the first record of the process — the head is read under lock and the records linked to
    it.
    """
    guess = getattr(_known_tip, "value", None)
    if guess is not None:
        sequence, last_hash = guess
        _fill(records, sequence, last_hash)
        tip = records[-1]
        with connection.cursor() as cursor:
            cursor.execute(
                _statements(connection.vendor)[0], [tip.sequence, tip.record_hash, sequence, last_hash]
            )
            moved = cursor.rowcount
        if moved:
            _known_tip.value = (tip.sequence, tip.record_hash)
            return
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(singleton=1)
    _fill(records, head.sequence, head.last_hash)
    tip = records[-1]
    AuditChainHead.objects.filter(singleton=1).update(sequence=tip.sequence, last_hash=tip.record_hash)
    _known_tip.value = (tip.sequence, tip.record_hash)


def _fill(records: list[AuditRecord], sequence: int, last_hash: str) -> None:
    for record in records:
        sequence += 1
        record.sequence = sequence
        record.previous_hash = last_hash
        record.record_hash = last_hash = compute_hash(record)


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    reason: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    last_hash: str
    problem: ChainProblem | None

    @property
    def is_intact(self) -> bool:
        return self.problem is None


def _iter_records(batch_size: int = 2000) -> Iterator[AuditRecord]:
    return AuditRecord.objects.order_by("sequence").iterator(chunk_size=batch_size)


def verify_chain() -> ChainReport:
    """Re-hash the whole log; report the first record whose content or link does not match."""
    previous = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    for record in _iter_records():
        if record.sequence != expected_sequence:
            problem = ChainProblem(expected_sequence, f"record {expected_sequence} is missing")
            return ChainReport(checked, previous, problem)
        if record.previous_hash != previous:
            problem = ChainProblem(record.sequence, "its link to the previous record does not match")
            return ChainReport(checked, previous, problem)
        if compute_hash(record) != record.record_hash:
            return ChainReport(checked, previous, ChainProblem(record.sequence, "its content was changed"))
        previous = record.record_hash
        expected_sequence += 1
        checked += 1
    head = AuditChainHead.objects.filter(singleton=1).first()
    if head is not None and head.sequence != checked:
        problem = ChainProblem(
            checked + 1, f"the chain head expects {head.sequence} records, found {checked}"
        )
        return ChainReport(checked, previous, problem)
    return ChainReport(checked, previous, None)


def check_anchor(anchor: str) -> str:
    """Compare an anchor ("SEQUENCE:HASH", recorded outside the server) with the log; "" when it matches.

    A whole rewritten chain can be internally consistent; it cannot reproduce a hash recorded elsewhere.
    """
    sequence_text, _, expected = anchor.partition(":")
    if not sequence_text.isdigit() or len(expected) != 64:
        return (
            f"{anchor!r} is not an anchor; expected SEQUENCE:HASH as printed by `groundwatch audit anchor`."
        )
    record = AuditRecord.objects.filter(sequence=int(sequence_text)).first()
    if record is None:
        return f"Record {sequence_text} of the anchor is gone: the log was cut back."
    if record.record_hash != expected:
        return f"Record {sequence_text} no longer has the anchored hash: the log was rewritten up to there."
    return ""
