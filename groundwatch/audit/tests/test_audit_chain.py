import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from groundwatch.audit.models import AuditRecord
from groundwatch.audit.services import record_audit, verify_chain
from groundwatch.core.errors import ImmutableRecord

pytestmark = pytest.mark.django_db


def _write(count):
    for number in range(count):
        record_audit(
            action="test.write", actor=None, object_type="test", object_id=str(number), after={"n": number}
        )


def test_each_record_links_to_the_one_before():
    _write(3)
    records = list(AuditRecord.objects.order_by("sequence"))
    assert [r.sequence for r in records] == [1, 2, 3]
    assert records[1].previous_hash == records[0].record_hash
    assert records[2].previous_hash == records[1].record_hash
    assert verify_chain().is_intact


def test_records_appended_together_are_the_records_appended_one_by_one():
    from groundwatch.audit import services

    record_audit(action="trial.first", actor=None, object_type="trial", object_id="0")
    together = services.record_audits(
        [
            services.audit_entry(action="trial.many", actor=None, object_type="trial", object_id=str(n))
            for n in (1, 2, 3)
        ]
    )
    services._known_tip.value = (0, "0" * 64)  # as if another writer had moved the head meanwhile
    services.record_audits(
        [
            services.audit_entry(action="trial.late", actor=None, object_type="trial", object_id=str(n))
            for n in (4, 5)
        ]
    )
    stored = list(
        AuditRecord.objects.order_by("sequence").values_list(
            "sequence", "object_id", "previous_hash", "record_hash"
        )
    )
    assert [(sequence, object_id) for sequence, object_id, _, _ in stored] == [
        (n + 1, str(n)) for n in range(6)
    ]
    assert all(stored[n][2] == stored[n - 1][3] for n in range(1, 6))  # each links to the one before
    assert [record.sequence for record in together] == [2, 3, 4]
    assert verify_chain().is_intact


def test_changed_content_is_found_at_the_exact_record():
    _write(5)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditrecord SET actor_label = 'someone-else' WHERE sequence = 3")
    report = verify_chain()
    assert report.problem is not None
    assert report.problem.sequence == 3
    assert "changed" in report.problem.reason
    assert report.checked == 2


def test_a_deleted_record_is_found():
    _write(4)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord WHERE sequence = 2")
    report = verify_chain()
    assert report.problem is not None and report.problem.sequence == 2


def test_a_truncated_tail_is_found_through_the_chain_head():
    _write(4)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord WHERE sequence = 4")
    report = verify_chain()
    assert report.problem is not None and report.problem.sequence == 4


def test_records_cannot_be_changed_or_deleted_through_the_orm():
    _write(1)
    record = AuditRecord.objects.get()
    record.action = "tampered"
    with pytest.raises(ImmutableRecord):
        record.save()
    with pytest.raises(ImmutableRecord):
        record.delete()
    with pytest.raises(ImmutableRecord):
        AuditRecord.objects.all().delete()
    with pytest.raises(ImmutableRecord):
        AuditRecord.objects.update(action="tampered")


def test_verify_command_reports_ok_and_fails_on_tampering(capsys):
    _write(2)
    call_command("audit_verify")
    assert "Audit log intact: 2 records" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditrecord SET action = 'x' WHERE sequence = 1")
    with pytest.raises(CommandError, match="broken at record 1"):
        call_command("audit_verify")


def test_an_anchor_catches_a_chain_rewritten_from_scratch(capsys):
    _write(3)
    call_command("audit", "anchor")
    anchor = capsys.readouterr().out.strip()
    assert anchor.startswith("3:")
    call_command("audit", "verify", "--anchor", anchor)
    assert "1 anchors match" in capsys.readouterr().out
    # Someone with database access rewrites history and recomputes every hash: the chain is consistent again…
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord")
        cursor.execute("UPDATE audit_auditchainhead SET sequence = 0, last_hash = %s", ["0" * 64])
    for number in range(3):
        record_audit(action="test.forged", actor=None, object_type="test", object_id=str(number))
    assert verify_chain().is_intact
    # …but not with the anchor kept outside the server.
    with pytest.raises(CommandError, match="no longer has the anchored hash"):
        call_command("audit", "verify", "--anchor", anchor)
    with pytest.raises(CommandError, match="not an anchor"):
        call_command("audit", "verify", "--anchor", "yesterday")


def test_a_record_after_a_rolled_back_write_links_to_what_was_kept():
    """The writer remembers the tip it wrote; when that write is rolled back, the next record must not link to it."""
    from django.db import transaction

    _write(2)
    with pytest.raises(RuntimeError), transaction.atomic():
        _write(3)
        raise RuntimeError("the caller's work failed")
    _write(1)
    records = list(AuditRecord.objects.order_by("sequence"))
    assert [r.sequence for r in records] == [1, 2, 3]
    assert records[2].previous_hash == records[1].record_hash
    assert verify_chain().is_intact


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain():
    """Writers in several threads (own connections, own transactions, some rolled back) never fork the chain."""
    import threading

    from django.db import connections, transaction

    if connection.vendor == "sqlite":
        pytest.skip(
            "the in-memory SQLite test database locks whole tables; test_concurrent_writers covers SQLite"
        )
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            for round_ in range(15):
                try:
                    with transaction.atomic():
                        record_audit(
                            action="test.write", actor=None, object_type="w", object_id=f"{number}-{round_}"
                        )
                        record_audit(
                            action="test.write", actor=None, object_type="w", object_id=f"{number}-{round_}b"
                        )
                        if round_ % 5 == 4:
                            raise LookupError("rolled back on purpose")
                except LookupError:
                    pass
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    records = list(AuditRecord.objects.order_by("sequence"))
    assert len(records) == 4 * 12 * 2  # 3 of each writer's 15 rounds were rolled back
    assert [r.sequence for r in records] == list(range(1, len(records) + 1))
    assert verify_chain().is_intact
