"""Sources, reports (JSON and multipart with files) and attachment downloads through the API."""

from __future__ import annotations

import datetime as dt
import hashlib

from groundwatch.api.tests.conftest import error_fields
from groundwatch.core.choices import Confidentiality
from groundwatch.sources.custody import custody_trail
from groundwatch.sources.models import Attachment
from groundwatch.tests.factories import make_report, make_source


def test_analyst_records_a_source_and_regrades_it_keeping_the_history(client_for, mission, analyst):
    client = client_for(analyst)

    created = client.post_json(
        "/api/v1/sources",
        {"mission": mission.slug, "name": "SRC-014", "kind": "person", "reliability": "C"},
    )
    assert created.status_code == 201, created.json()
    source_id = created.json()["id"]
    assert created.json()["confidentiality"] == "internal"

    graded = client.post_json(
        f"/api/v1/sources/{source_id}/grade", {"reliability": "B", "rationale": "Three reports confirmed."}
    )

    assert graded.status_code == 200
    assert graded.json()["reliability"] == "B"
    assert [grade["reliability"] for grade in graded.json()["gradings"]] == ["B", "C"]
    assert client.get(f"/api/v1/sources?mission={mission.slug}").json()["count"] == 1


def test_viewer_cannot_record_a_source(client_for, mission, viewer):
    response = client_for(viewer).post_json(
        "/api/v1/sources", {"mission": mission.slug, "name": "SRC-1", "kind": "person"}
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_outsider_gets_404_for_a_source_and_sees_none(client_for, mission, outsider):
    source = make_source(mission, "Local NGO")
    client = client_for(outsider)

    assert client.get(f"/api/v1/sources/{source.pk}").status_code == 404
    assert (
        client.post_json(
            f"/api/v1/sources/{source.pk}/grade", {"reliability": "A", "rationale": "x"}
        ).status_code
        == 404
    )
    assert client.get("/api/v1/sources").json() == {"items": [], "count": 0}


def test_monitor_submits_a_report_as_json(client_for, mission, monitor):
    response = client_for(monitor).post_json(
        "/api/v1/reports",
        {
            "mission": mission.slug,
            "channel": "field_note",
            "title": "Convoy at the checkpoint",
            "text": "Twelve trucks passed the checkpoint at 09:00.",
            "received_at": "2023-09-20T09:15:00+04:00",
            "confidentiality": "confidential",
        },
    )

    assert response.status_code == 201, response.json()
    report = response.json()
    assert (
        report["content_sha256"]
        == hashlib.sha256(b"Twelve trucks passed the checkpoint at 09:00.").hexdigest()
    )
    assert report["confidentiality"] == "confidential"
    assert report["submitted_by"] == "monitor"
    assert report["received_at"].startswith("2023-09-20T05:15:00")
    assert report["attachments"] == []


def test_viewer_cannot_submit_a_report_but_can_list_them(client_for, mission, viewer):
    make_report(mission, "Shelling reported overnight.")
    client = client_for(viewer)

    refused = client.post_json("/api/v1/reports", {"mission": mission.slug, "text": "Something happened."})

    assert refused.status_code == 403
    assert client.get(f"/api/v1/reports?mission={mission.slug}").json()["count"] == 1


def test_monitor_uploads_a_file_and_downloads_the_same_bytes(client_for, mission, monitor):
    photo = bytes(range(256)) * 300 + b"end of photo"
    client = client_for(monitor)
    upload = _named_file("checkpoint.jpg", photo)

    response = client.post(
        "/api/v1/reports/files",
        {"mission": mission.slug, "channel": "field_app", "title": "Photo", "files": [upload]},
    )

    assert response.status_code == 201, response.json()
    [attachment] = response.json()["attachments"]
    assert attachment["sha256"] == hashlib.sha256(photo).hexdigest()
    assert attachment["size"] == len(photo)
    assert attachment["original_name"] == "checkpoint.jpg"
    download = client.get(attachment["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == photo
    assert download["Content-Disposition"].startswith("attachment")
    assert "checkpoint.jpg" in download["Content-Disposition"]
    trail = custody_trail(Attachment.objects.get(pk=attachment["id"]))
    assert [(step["action"], step["by"]) for step in trail][-1] == ("attachment.download", "monitor")


def test_report_with_two_files_keeps_both(client_for, mission, monitor):
    files = [_named_file("a.txt", b"first"), _named_file("b.txt", b"second")]

    response = client_for(monitor).post(
        "/api/v1/reports/files", {"mission": mission.slug, "text": "Two statements.", "files": files}
    )

    assert response.status_code == 201
    assert {item["original_name"] for item in response.json()["attachments"]} == {"a.txt", "b.txt"}


def test_outsider_gets_404_for_a_report_and_its_attachment(client_for, mission, outsider):
    report = make_report(mission, "Statement by the ministry.", files=[("statement.pdf", b"%PDF-1.4")])
    attachment = Attachment.objects.get(report=report)
    client = client_for(outsider)

    assert client.get(f"/api/v1/reports/{report.pk}").status_code == 404
    assert client.get(f"/api/v1/attachments/{attachment.pk}/download").status_code == 404
    assert client.get("/api/v1/reports").json()["count"] == 0
    assert client.get(f"/api/v1/reports?mission={mission.slug}").status_code == 404


def test_viewer_cannot_open_a_confidential_report_or_its_file(client_for, mission, viewer, analyst):
    report = make_report(
        mission,
        "Witness statement.",
        files=[("w.txt", b"names")],
        confidentiality=Confidentiality.CONFIDENTIAL,
    )
    attachment = Attachment.objects.get(report=report)

    assert client_for(viewer).get(f"/api/v1/reports/{report.pk}").status_code == 404
    assert client_for(viewer).get(f"/api/v1/attachments/{attachment.pk}/download").status_code == 404
    assert client_for(analyst).get(f"/api/v1/reports/{report.pk}").status_code == 200


def test_report_detail_lists_its_claims(client_for, mission, analyst):
    from groundwatch.tests.factories import make_claim

    report = make_report(mission, "Two civilians were injured in Askeran.")
    claim = make_claim(report, "Two civilians were injured")

    body = client_for(analyst).get(f"/api/v1/reports/{report.pk}").json()

    assert [(item["id"], item["quote"]) for item in body["claims"]] == [
        (claim.pk, "Two civilians were injured")
    ]


def test_report_filters_by_channel_source_date_and_words(client_for, mission, analyst):
    ngo = make_source(mission, "Local NGO")
    sep = dt.datetime(2023, 9, 20, 12, tzinfo=dt.UTC)
    oct_ = dt.datetime(2023, 10, 2, 12, tzinfo=dt.UTC)
    from_ngo = make_report(
        mission, "Fuel shortage in Khankendi.", source=ngo, channel="partner", received_at=sep
    )
    later = make_report(mission, "Bread queues reported.", channel="article", received_at=oct_)
    client = client_for(analyst)

    def ids(query: str) -> set[int]:
        return {item["id"] for item in client.get(f"/api/v1/reports?{query}").json()["items"]}

    assert ids("channel=partner") == {from_ngo.pk}
    assert ids(f"source={ngo.pk}") == {from_ngo.pk}
    assert ids("received_from=2023-10-01") == {later.pk}
    assert ids("received_to=2023-09-30") == {from_ngo.pk}
    assert ids("q=bread") == {later.pk}


def test_unknown_confidentiality_is_refused_naming_the_field(client_for, mission, monitor):
    response = client_for(monitor).post_json(
        "/api/v1/reports", {"mission": mission.slug, "text": "x", "confidentiality": "secret"}
    )

    assert response.status_code == 422
    assert error_fields(response) == {"confidentiality"}
    assert "strictly_confidential" in response.json()["error"]["fields"][0]["message"]


def test_report_time_without_a_timezone_is_refused(client_for, mission, monitor):
    response = client_for(monitor).post_json(
        "/api/v1/reports", {"mission": mission.slug, "text": "x", "received_at": "2023-09-20T09:15:00"}
    )

    assert response.status_code == 422
    assert error_fields(response) == {"received_at"}


def test_report_naming_a_source_of_another_mission_is_refused(client_for, mission, other_mission, monitor):
    elsewhere = make_source(other_mission, "Elsewhere")

    response = client_for(monitor).post_json(
        "/api/v1/reports", {"mission": mission.slug, "text": "x", "source": elsewhere.pk}
    )

    assert response.status_code == 422
    assert error_fields(response) == {"source"}


def _named_file(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")
