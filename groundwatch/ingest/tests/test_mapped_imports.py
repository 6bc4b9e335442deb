"""HXL, KoBo/ODK exports and generic CSVs with a saved mapping, and the import command."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from groundwatch.events.models import Claim, Event
from groundwatch.ingest.files import hxl, kobo
from groundwatch.ingest.files.pipelines import mapped
from groundwatch.ingest.imports import run_import
from groundwatch.ingest.mapping import FormMapping, MeasureMap
from groundwatch.ingest.models import ImportRun
from groundwatch.ingest.services import save_mapping
from groundwatch.ingest.xlsform.library import SHIPPED_FORMS

from .conftest import FIXTURES

GENERIC = FormMapping(
    title="{what} at {town}",
    event_type_field="what",
    date_field="when",
    place_field="town",
    description_field="notes",
    external_id_field="ref",
    measures=[MeasureMap(field="dead", item="people_killed")],
)


def test_hxl_rows_are_read_by_hashtag():
    results = list(hxl.pipeline().rows(FIXTURES / "hxl_incidents.csv"))
    assert [r.is_valid for r in results] == [True, True, False]
    first = results[0].draft
    assert (first.external_id, first.sub_event_type) == ("INC-1", "shelling_artillery_missile_attack")
    assert [(m.item, m.value) for m in first.measures] == [("people_killed", 2), ("people_injured", 5)]
    assert results[2].problems[0].column == "#date+occurred" and results[2].row == 5


@pytest.mark.parametrize("name", ["kobo_incident_export.csv", "kobo_incident_export.json"])
def test_kobo_exports_use_the_form_mapping_and_instance_ids(name):
    pipeline = kobo.pipeline("incident_report", SHIPPED_FORMS["incident_report"].mapping)
    results = list(pipeline.rows(FIXTURES / name))
    assert all(r.is_valid for r in results), [r.problems for r in results]
    assert [r.draft.external_id for r in results] == ["uuid:k-0001", "uuid:k-0002"]
    assert results[0].draft.event_type == "killing"


def test_generic_csv_reads_through_a_mapping():
    results = list(mapped("csv", "csv:partner", GENERIC).rows(FIXTURES / "partner_generic.csv"))
    assert [r.is_valid for r in results] == [True, True, False]
    assert results[2].problems[0].column == "when"


def test_hxl_import_writes_events(mission, analyst):
    run = run_import(
        mission=mission,
        actor=analyst,
        path=FIXTURES / "hxl_incidents.csv",
        pipeline=hxl.pipeline(),
        format="hxl",
        accept=True,
    )
    assert (run.rows_created, run.rows_failed) == (2, 1)
    assert Event.objects.filter(mission=mission).count() == 2


def test_import_command_with_a_saved_mapping(mission, analyst, capsys):
    save_mapping(mission=mission, actor=analyst, name="partner", mapping=GENERIC.model_dump())
    call_command(
        "import",
        str(FIXTURES / "partner_generic.csv"),
        "--mission",
        mission.slug,
        "--format",
        "csv",
        "--mapping",
        "partner",
        "--user",
        analyst.username,
    )
    run = ImportRun.objects.get()
    assert (run.rows_created, run.rows_failed, run.accept_rule) == (2, 1, "review")
    assert Claim.objects.filter(report_id=run.report_id).count() == 2 and Event.objects.count() == 0
    captured = capsys.readouterr()
    assert "2 new" in captured.out and "1 refused" in captured.out
    assert "rows/s" in captured.err


def test_import_command_acled_accepts_by_default(mission):
    call_command("import", str(FIXTURES / "acled_current.csv"), "--mission", mission.slug)
    assert Event.objects.filter(mission=mission).count() == 12


def test_import_command_explains_a_bad_file(mission):
    with pytest.raises(CommandError, match="missing"):
        call_command("import", str(FIXTURES / "acled_missing_columns.csv"), "--mission", mission.slug)
    with pytest.raises(CommandError, match="No mission"):
        call_command("import", str(FIXTURES / "acled_current.csv"), "--mission", "nope")
