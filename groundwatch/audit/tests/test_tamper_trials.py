"""Tampering trials against the audit chain: every modification, deletion, reordering, insertion and
truncation must be detected, and the report must point at the first record where the chain breaks."""

import random

import pytest
from django.db import connection, transaction

from groundwatch.audit.models import AuditRecord
from groundwatch.audit.services import compute_hash, record_audit, verify_chain
from groundwatch.tests.security.summary import count

pytestmark = pytest.mark.django_db(transaction=False)

CHAIN_LENGTH = 30
TRIALS_PER_KIND = 20
TABLE = "audit_auditrecord"


class Rollback(Exception):
    pass


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _modify(rng):
    target = rng.randint(1, CHAIN_LENGTH)
    _sql(f"UPDATE {TABLE} SET object_id = %s WHERE sequence = %s", ["forged", target])  # noqa: S608
    return target


def _delete(rng):
    target = rng.randint(1, CHAIN_LENGTH - 1)
    _sql(f"DELETE FROM {TABLE} WHERE sequence = %s", [target])  # noqa: S608
    return target


def _reorder(rng):
    """Swap the positions of two records, as if someone changed the order of history."""
    first = rng.randint(1, CHAIN_LENGTH - 1)
    second = rng.randint(first + 1, CHAIN_LENGTH)
    _sql(f"UPDATE {TABLE} SET sequence = 999999 WHERE sequence = %s", [first])  # noqa: S608
    _sql(f"UPDATE {TABLE} SET sequence = %s WHERE sequence = %s", [first, second])  # noqa: S608
    _sql(f"UPDATE {TABLE} SET sequence = %s WHERE sequence = 999999", [second])  # noqa: S608
    return first


def _insert(rng):
    """Slip a well-formed record into the middle: it links to its predecessor and hashes correctly."""
    position = rng.randint(2, CHAIN_LENGTH)
    _sql(f"UPDATE {TABLE} SET sequence = sequence + 1000 WHERE sequence >= %s", [position])  # noqa: S608
    _sql(f"UPDATE {TABLE} SET sequence = sequence - 999 WHERE sequence >= %s", [position + 1000])  # noqa: S608
    before = AuditRecord.objects.get(sequence=position - 1)
    template = AuditRecord.objects.get(sequence=position + 1)
    forged = AuditRecord(
        sequence=position,
        mission=None,
        actor=None,
        actor_label="forger",
        action="event.delete",
        object_type="events.event",
        object_id="1",
        at=template.at,
        before=None,
        after=None,
        previous_hash=before.record_hash,
    )
    forged.record_hash = compute_hash(forged)
    forged.save()
    return position + 1  # the forged record is self-consistent; the record after it no longer links


def _truncate(rng):
    keep = rng.randint(1, CHAIN_LENGTH - 1)
    _sql(f"DELETE FROM {TABLE} WHERE sequence > %s", [keep])  # noqa: S608
    return keep + 1


TAMPERING = {
    "modify": _modify,
    "delete": _delete,
    "reorder": _reorder,
    "insert": _insert,
    "truncate": _truncate,
}


@pytest.mark.parametrize("kind", list(TAMPERING))
def test_every_tampering_trial_is_detected_at_the_right_record(kind):
    for number in range(CHAIN_LENGTH):
        record_audit(action="trial.write", actor=None, object_type="trial", object_id=str(number))
    assert verify_chain().is_intact
    rng = random.Random(f"{kind}-2023-09-23")
    detected, missed = 0, []
    for _trial in range(TRIALS_PER_KIND):
        try:
            with transaction.atomic():
                expected = TAMPERING[kind](rng)
                problem = verify_chain().problem
                if problem is not None and problem.sequence == expected:
                    detected += 1
                else:
                    missed.append((expected, problem))
                raise Rollback
        except Rollback:
            pass
    count("audit", kinds=1, trials=TRIALS_PER_KIND, detected=detected)  # the security suite's summary line
    assert not missed, f"{kind}: expected the first bad record, got {missed}"
    assert detected == TRIALS_PER_KIND
    assert verify_chain().is_intact
