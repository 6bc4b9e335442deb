"""One submission that came over a field app and again in a KoBo/ODK export is one record, not two."""

from __future__ import annotations

import csv

import pytest

from groundwatch.events.models import Claim, Event, Evidence
from groundwatch.ingest.formats import pipeline_for
from groundwatch.ingest.imports import run_import
from groundwatch.ingest.models import ImportedRecord
from groundwatch.sources.models import Attachment, Report

from .test_openrosa import PHOTO, incident_xml, send

SENT = "uuid:8b5b5c4a-0001"
HEADER = [
    "event/event_date",
    "event/violation_type",
    "event/place",
    "event/location",
    "event/description",
    "act/victims_killed",
    "involvement/perpetrator",
    "involvement/perpetrator_kind",
]


def export(path, rows, *, key_column="meta/instanceID"):
    """A KoBo export of the incident form: ``rows`` are (instanceID, victims killed)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*HEADER, key_column, "_id"])
        for number, (instance, killed) in enumerate(rows, start=1):
            writer.writerow(
                [
                    "2023-09-19",
                    "shelling",
                    "",
                    "39.8153 46.7519 0 5",
                    "Shells hit the central market in the morning.",
                    killed,
                    "Artillery unit",
                    "state_forces",
                    instance,
                    number,
                ]
            )
    return path


def import_export(mission, analyst, path):
    return run_import(
        mission=mission,
        actor=analyst,
        path=path,
        pipeline=pipeline_for(mission, "kobo", "incident_report"),
        format="kobo",
        accept=True,
    )


@pytest.mark.parametrize("key_column", ["meta/instanceID", "_uuid"])
def test_an_export_skips_the_submissions_the_phones_already_sent(
    client, mission, monitor, analyst, forms, khankendi, tmp_path, key_column
):
    assert send(client, mission, monitor, incident_xml(khankendi.pk)).status_code == 201
    sent_event = Event.objects.get(mission=mission)
    other = "uuid:0c1d2e3f-0002"
    if key_column == "_uuid":  # KoBo's _uuid is the instanceID without its scheme
        rows = [(SENT.removeprefix("uuid:"), "3"), (other.removeprefix("uuid:"), "1")]
    else:
        rows = [(SENT, "3"), (other, "1")]
    run = import_export(mission, analyst, export(tmp_path / "export.csv", rows, key_column=key_column))

    assert (run.rows_created, run.rows_unchanged, run.rows_failed) == (1, 1, 0)
    assert Event.objects.filter(mission=mission).count() == 2
    record = ImportedRecord.objects.get(mission=mission, external_id=SENT)
    assert record.event_id == sent_event.pk
    assert record.claim.report.channel == "field_app"
    assert ImportedRecord.objects.get(mission=mission, external_id=other).claim.report.channel == "file"

    client.force_login(analyst)
    page = client.get(f"/m/{mission.slug}/imports/{run.pk}/").content.decode()
    assert '<span id="progress-rows_unchanged">1</span>' in page and "sent by a phone" in page

    later = export(tmp_path / "later.csv", [*rows, ("0c1d-0003", "")], key_column=key_column)
    again = import_export(mission, analyst, later)
    assert (again.rows_created, again.rows_unchanged) == (1, 2)
    assert Event.objects.filter(mission=mission).count() == 3


def test_a_submission_already_in_an_export_supports_that_event(
    client, mission, monitor, analyst, forms, khankendi, tmp_path
):
    run = import_export(mission, analyst, export(tmp_path / "export.csv", [(SENT, "3")]))
    assert run.rows_created == 1
    imported = Event.objects.get(mission=mission)

    response = send(client, mission, monitor, incident_xml(khankendi.pk))

    assert response.status_code == 201
    assert Event.objects.filter(mission=mission).count() == 1
    report = Report.objects.get(mission=mission, channel="field_app", external_id=SENT)
    assert Attachment.objects.get(report=report, original_name="1695112345678.jpg").size == len(PHOTO)
    claim = Claim.objects.get(report=report)
    link = Evidence.objects.get(claim=claim)
    assert link.event_id == imported.pk and "KoBo" in link.note
    assert imported.evidence.count() == 2
