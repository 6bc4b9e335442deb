"""File imports through the batch path: upsert, error rows, error file, resume."""

from __future__ import annotations

import csv
import io

import pytest

from groundwatch.audit.models import AuditRecord
from groundwatch.audit.services import verify_chain
from groundwatch.events.models import Actor, Claim, Event, Evidence, Measure
from groundwatch.ingest.errorfile import error_rows
from groundwatch.ingest.files.pipelines import ACLED
from groundwatch.ingest.files.reader import FileInvalid
from groundwatch.ingest.imports import run_import
from groundwatch.ingest.models import ImportBatch, ImportedRecord, ImportRun
from groundwatch.sources.models import Report

from .conftest import FIXTURES


def acled(mission, actor, name, **options):
    options.setdefault("accept", True)
    return run_import(
        mission=mission, actor=actor, path=FIXTURES / name, pipeline=ACLED, format="acled", **options
    )


def test_an_acled_file_becomes_a_report_claims_and_events(mission, analyst):
    run = acled(mission, analyst, "acled_current.csv", batch_size=5)
    assert (run.status, run.rows_done, run.rows_created, run.rows_failed) == ("completed", 12, 12, 0)
    report = Report.objects.get(pk=run.report_id)
    assert report.channel == "file" and report.attachments.count() == 1
    assert Claim.objects.filter(report=report).count() == 12
    assert Claim.objects.filter(field_path="row 2").exists()
    assert Event.objects.filter(mission=mission).count() == 12
    assert Evidence.objects.filter(event__mission=mission).count() == 12
    assert ImportBatch.objects.filter(run=run).count() == 3
    event = Event.objects.get(pk=ImportedRecord.objects.get(external_id="NTH1").event_id)
    assert event.category == "security" and event.evidence.get().claim.report == report
    assert verify_chain().is_intact


def test_a_newer_download_updates_in_place(mission, analyst):
    acled(mission, analyst, "acled_current.csv")
    run = acled(mission, analyst, "acled_newer.csv")
    assert (run.rows_created, run.rows_updated, run.rows_unchanged) == (1, 1, 11)
    assert Event.objects.filter(mission=mission).count() == 13
    event = Event.objects.get(pk=ImportedRecord.objects.get(external_id="NTH1").event_id)
    assert event.version == 2 and "five killed" in event.description
    assert Measure.objects.get(event=event).value == 5
    assert event.evidence.count() == 2  # the old row's claim and the newer one


def test_the_same_file_twice_changes_nothing(mission, analyst):
    first = acled(mission, analyst, "acled_current.csv")
    counts = (Event.objects.count(), Claim.objects.count(), Report.objects.count())
    again = acled(mission, analyst, "acled_current.csv")
    assert again.pk == first.pk
    assert (Event.objects.count(), Claim.objects.count(), Report.objects.count()) == counts


def test_bad_rows_are_listed_and_valid_rows_kept(mission, analyst):
    run = acled(mission, analyst, "acled_bad_rows.csv")
    assert (run.rows_created, run.rows_failed) == (2, 4)
    lines = list(error_rows(run))
    assert lines[0][:3] == ["error_row", "error_column", "error_reason"]
    assert {(line[0], line[1]) for line in lines[1:]} == {
        ("3", "event_date"),
        ("4", "latitude"),
        ("5", "sub_event_type"),
        ("6", "fatalities"),
    }


def test_rerunning_the_fixed_file_imports_only_what_was_missing(mission, analyst):
    acled(mission, analyst, "acled_bad_rows.csv")
    run = acled(mission, analyst, "acled_bad_rows_fixed.csv")
    assert (run.rows_created, run.rows_unchanged, run.rows_failed) == (4, 2, 0)
    assert Event.objects.filter(mission=mission).count() == 6


def test_formula_cells_are_stored_as_text_and_neutralised_in_the_error_file(mission, analyst, tmp_path):
    acled(mission, analyst, "acled_bad_rows.csv")
    assert Actor.objects.filter(name__startswith="=HYPERLINK(").exists()
    source = (FIXTURES / "acled_bad_rows.csv").read_text()
    bad = tmp_path / "formula.csv"
    bad.write_text(source.replace("NTH1,2024", "NTH1,=1+1", 1))
    formula_run = run_import(
        mission=mission, actor=analyst, path=bad, pipeline=ACLED, format="acled", accept=True
    )
    row = next(line for line in error_rows(formula_run) if line[1] == "event_date" and line[0] == "2")
    assert "'=1+1-02-09" in row  # the cell, made inert for spreadsheets


def test_review_rule_keeps_rows_as_claims_without_events(mission, analyst):
    run = acled(mission, analyst, "acled_current.csv", accept=False)
    assert run.rows_created == 12
    assert Claim.objects.filter(report_id=run.report_id).count() == 12
    assert Event.objects.count() == 0


@pytest.mark.parametrize("name", ["acled_latin1.csv", "acled_missing_columns.csv"])
def test_an_unreadable_file_is_refused_whole_and_audited(mission, analyst, name):
    with pytest.raises(FileInvalid):
        acled(mission, analyst, name)
    assert ImportRun.objects.count() == 0 and Report.objects.count() == 0
    assert AuditRecord.objects.filter(action="import.reject").exists()


def test_a_viewer_cannot_import(mission, viewer):
    from groundwatch.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        acled(mission, viewer, "acled_current.csv")


def test_an_interrupted_import_resumes_after_its_last_batch(mission, analyst, monkeypatch):
    from groundwatch.ingest import batch

    real_write = batch.BatchWriter.write
    calls = {"n": 0}

    def dying_write(self, number, *args):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # killed while writing the second batch
        return real_write(self, number, *args)

    monkeypatch.setattr(batch.BatchWriter, "write", dying_write)
    with pytest.raises(KeyboardInterrupt):
        acled(mission, analyst, "acled_current.csv", batch_size=5)
    run = ImportRun.objects.get()
    assert (run.status, run.rows_done) == ("running", 5)
    monkeypatch.setattr(batch.BatchWriter, "write", real_write)
    run = acled(mission, analyst, "acled_current.csv", batch_size=5)
    assert (run.status, run.rows_done, run.rows_created) == ("completed", 12, 12)
    assert Event.objects.count() == 12
    assert [b.number for b in ImportBatch.objects.filter(run=run)] == [0, 1, 2]


def test_error_file_download_is_restricted(client, mission, analyst, outsider):
    run = acled(mission, analyst, "acled_bad_rows.csv")
    client.force_login(outsider)
    assert client.get(f"/imports/{run.pk}/errors.csv").status_code == 404
    client.force_login(analyst)
    response = client.get(f"/imports/{run.pk}/errors.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 5


def test_an_import_file_may_be_larger_than_an_attachment(mission, analyst, settings):
    size = (FIXTURES / "acled_current.csv").stat().st_size
    settings.ATTACHMENT_MAX_BYTES = size // 10  # a full ACLED export is far over the 100 MiB of a photo
    run = acled(mission, analyst, "acled_current.csv")
    assert run.rows_created == 12
    assert Report.objects.get(pk=run.report_id).attachments.get().size == size


def test_a_file_over_the_import_limit_is_refused_before_anything_is_written(mission, analyst, settings):
    settings.IMPORT_MAX_BYTES = (FIXTURES / "acled_current.csv").stat().st_size - 1
    with pytest.raises(
        FileInvalid, match=r"over the import limit of [\d,]+ bytes \(GROUNDWATCH_IMPORT_MAX_BYTES\)"
    ):
        acled(mission, analyst, "acled_current.csv")
    assert not ImportRun.objects.exists() and not Report.objects.exists()
    rejection = AuditRecord.objects.get(action="import.reject")
    assert rejection.object_id == "acled_current.csv" and rejection.after["status"] == 413
