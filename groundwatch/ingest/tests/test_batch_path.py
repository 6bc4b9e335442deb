"""The fast batch path writes what the services would: same values, defaults, roll-ups and ledger."""

from __future__ import annotations

import contextlib
import threading
from decimal import Decimal

import pytest

from groundwatch.audit.models import AuditRecord
from groundwatch.events.models import Claim, Event, EventActor, Evidence
from groundwatch.events.rollups import event_rollups
from groundwatch.events.taxonomy import get_taxonomy
from groundwatch.ingest.batch import batch_content_sha256
from groundwatch.ingest.drafts import RowResult, cells_json
from groundwatch.ingest.files.pipelines import ACLED
from groundwatch.ingest.imports import run_import
from groundwatch.ingest.models import ImportBatch, ImportedRecord
from groundwatch.ingest.tables import Table
from groundwatch.lib.hashing import canonical_json, sha256_text

from .conftest import FIXTURES


def _import(mission, actor, batch_size=5):
    return run_import(
        mission=mission,
        actor=actor,
        path=FIXTURES / "acled_current.csv",
        pipeline=ACLED,
        format="acled",
        accept=True,
        batch_size=batch_size,
    )


def test_batch_rows_read_back_as_the_services_write_them(mission, analyst):
    _import(mission, analyst)
    record = ImportedRecord.objects.get(external_id="NTH1")
    event = Event.objects.get(pk=record.event_id)
    assert (event.title, event.event_type, event.sub_event_type) == (
        "Air/drone strike in Hillcrest",
        "explosions_remote_violence",
        "air_drone_strike",
    )
    assert event.category == get_taxonomy().category_of(event.event_type)
    assert (event.latitude, event.longitude) == (Decimal("39.9483"), Decimal("46.9333"))
    assert str(event.date_start) == str(event.date_end) == "2024-02-09"
    # columns the batch path leaves out get the model's defaults, as Event.objects.create would
    assert event.verification_status == Event._meta.get_field("verification_status").get_default()
    assert event.version == 1 and event.created_by_id == analyst.pk
    assert {key: getattr(event, key) for key in ("week_start", "month_start", "grid_cell")} == event_rollups(
        event.date_start, event.latitude, event.longitude
    )
    assert [(m.item, m.value, m.unit, m.qualifier) for m in event.measures.all()] == [
        ("people_killed", Decimal(3), "people", "at_least")
    ]
    roles = sorted((link.actor.name, link.role) for link in EventActor.objects.filter(event=event))
    assert roles == [("Civilians (Northland)", "actor2"), ("Military Forces of Southland (2015-)", "actor1")]
    claim = Claim.objects.get(pk=record.claim_id)
    assert claim.actors == [
        {"name": "Military Forces of Southland (2015-)", "role": "actor1"},
        {"name": "Civilians (Northland)", "role": "actor2"},
    ]
    assert claim.measures == [
        {"item": "people_killed", "qualifier": "at_least", "unit": "people", "value": "3"}
    ]
    assert claim.quote.startswith("NTH1 | 2024-02-09 | 2024 | 1 | Political violence")
    link = Evidence.objects.get(event=event)
    assert (link.claim_id, link.stance, link.linked_by_id) == (claim.pk, "supports", analyst.pk)


def test_each_ledger_row_and_its_audit_record_carry_the_hash_of_the_batch_rows(mission, analyst):
    run = _import(mission, analyst, batch_size=5)
    rows = list(ACLED.rows(FIXTURES / "acled_current.csv"))
    expected = [
        batch_content_sha256(rows[start : start + 5], [row.sha256 for row in rows[start : start + 5]])
        for start in range(0, len(rows), 5)
    ]
    ledger = list(ImportBatch.objects.filter(run=run).order_by("number"))
    assert [batch.content_sha256 for batch in ledger] == expected
    assert [(batch.first_row, batch.last_row) for batch in ledger] == [(2, 6), (7, 11), (12, 13)]
    audited = AuditRecord.objects.filter(action="import.batch", object_id=str(run.pk)).order_by("sequence")
    assert [record.after["sha256"] for record in audited] == expected


def test_the_hash_of_a_batch_changes_with_any_cell_or_row_number():
    rows = list(ACLED.rows(FIXTURES / "acled_current.csv"))[:3]
    original = batch_content_sha256(rows, [row.sha256 for row in rows])
    rows[1].cells["notes"] += "!"
    assert batch_content_sha256(rows, [row.sha256 for row in rows]) != original
    rows[1].cells["notes"] = rows[1].cells["notes"][:-1]
    rows[2].row += 1
    assert batch_content_sha256(rows, [row.sha256 for row in rows]) != original


@pytest.mark.django_db
def test_an_insert_naming_an_unknown_column_is_refused():
    with pytest.raises(ValueError, match="events_event has no column\\(s\\) colour"):
        Table(Event).columns_of("id", "colour")


@pytest.mark.parametrize(
    "cells",
    [
        {},
        {"only": "one"},
        {"notes": 'He said "stop"\n\ttwice \\ é 😀 \u2028', "event_id_cnty": "NTH1", "fatalities": "=1+2"},
        {"b": "", "a": None, "c": 3},  # not all text: the general encoder answers
    ],
)
def test_row_hashes_are_the_canonical_json_hash_of_the_cells(cells):
    assert cells_json(cells) == canonical_json(cells)
    assert RowResult(row=2, cells=cells).sha256 == sha256_text(canonical_json(cells))


def test_a_resume_with_another_batch_size_imports_each_row_once(mission, analyst, monkeypatch):
    from groundwatch.ingest import batch

    real_write = batch.BatchWriter.write
    calls = {"n": 0}

    def dying_write(self, *args):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # killed while writing the third batch
        return real_write(self, *args)

    monkeypatch.setattr(batch.BatchWriter, "write", dying_write)
    with pytest.raises(KeyboardInterrupt):
        _import(mission, analyst, batch_size=2)  # rows 2–5 committed in two batches
    monkeypatch.setattr(batch.BatchWriter, "write", real_write)
    run = _import(mission, analyst, batch_size=5)  # e.g. a new default batch size after an upgrade
    assert (run.status, run.rows_done, run.rows_created) == ("completed", 12, 12)
    assert Event.objects.filter(mission=mission).count() == 12
    ledger = [
        (b.number, b.first_row, b.last_row) for b in ImportBatch.objects.filter(run=run).order_by("number")
    ]
    assert ledger == [(0, 2, 3), (1, 4, 5), (2, 6, 10), (3, 11, 13)]


def test_an_actor_another_import_added_meanwhile_is_reused_not_a_failure(mission, analyst, monkeypatch):
    """Two workers importing into one mission: the other one may create the same actor first."""
    from groundwatch.events.models import Actor
    from groundwatch.ingest import batch

    real_ensure = batch.BatchWriter._ensure_actors
    added: dict[str, int] = {}

    def other_import_first(self, rows):
        for row in rows:
            for actor in row.draft.actors:
                if actor.name not in self.actor_ids and actor.name not in added:
                    added[actor.name] = Actor.objects.create(
                        mission=mission, name=actor.name, kind=actor.kind
                    ).pk
        return real_ensure(self, rows)

    monkeypatch.setattr(batch.BatchWriter, "_ensure_actors", other_import_first)
    run = _import(mission, analyst)
    assert run.status == "completed" and run.rows_created == 12
    assert added, "the file names actors"
    assert Actor.objects.filter(mission=mission).count() == len(added)  # none twice
    linked = set(EventActor.objects.filter(event__mission=mission).values_list("actor_id", flat=True))
    assert linked == set(added.values())


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_overlapping_files_at_once_record_each_event_once(
    mission, analyst, tmp_path, monkeypatch
):
    """Last month's download and this month's, imported by two workers at the same moment."""
    from django.db import connection

    from groundwatch.ingest import batch

    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite writers take the database lock when they begin; the in-memory test database can't run two"
        )
    newer = tmp_path / "acled_newer.csv"
    newer.write_bytes((FIXTURES / "acled_current.csv").read_bytes() + b"\n")  # another file, the same rows
    real_existing = batch.BatchWriter._existing
    both_read = threading.Barrier(2)

    def read_together(self, keys):
        found = real_existing(self, keys)
        # without a lock both imports get here having found nothing, then both insert
        with contextlib.suppress(threading.BrokenBarrierError):
            both_read.wait(timeout=3)
        return found

    monkeypatch.setattr(batch.BatchWriter, "_existing", read_together)
    runs, errors = [], []

    def worker(path):
        try:
            runs.append(
                run_import(
                    mission=mission, actor=analyst, path=path, pipeline=ACLED, format="acled", accept=True
                )
            )
        except Exception as error:  # the failure this test is about
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(path,)) for path in (FIXTURES / "acled_current.csv", newer)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted((run.status, run.rows_created, run.rows_unchanged) for run in runs) == [
        ("completed", 0, 12),
        ("completed", 12, 0),
    ]
    assert ImportedRecord.objects.filter(mission=mission).count() == 12
    assert Event.objects.filter(mission=mission).count() == 12
