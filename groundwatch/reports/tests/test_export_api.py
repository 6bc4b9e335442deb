"""The export and sitrep API: small exports stream, large ones run as background jobs with progress; only
the requester may follow or download a job; sitreps are listed, generated, edited, drawn and published."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from groundwatch.accounts.models import Membership
from groundwatch.accounts.services import issue_api_token
from groundwatch.audit.models import AuditRecord
from groundwatch.core.choices import Confidentiality
from groundwatch.reports.models import ExportJob, PublishedSitrep
from groundwatch.reports.tasks import export_file
from groundwatch.tests.factories import make_event


@pytest.fixture(autouse=True)
def _exports_in_tmp(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def api(user) -> Client:
    token = issue_api_token(user=user, actor=user, name="test")
    return Client(headers={"Authorization": f"Bearer {token}"})


def run_queued_tasks() -> int:
    """What a worker does: run each queued export task with its arguments."""
    ran = 0
    for queued in DBTaskResult.objects.filter(status="READY", task_path__endswith="export_file"):
        export_file.call(**queued.args_kwargs["kwargs"])
        queued.delete()
        ran += 1
    return ran


def _rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _events(mission, count: int) -> None:
    for number in range(count):
        make_event(mission, f"Clash {number}", event_type="battles", sub_event_type="armed_clash")


def test_a_small_export_streams_at_once(mission, viewer):
    _events(mission, 2)
    response = api(viewer).post(
        "/api/v1/exports", {"mission": mission.slug, "format": "hxl"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.streaming
    rows = _rows(b"".join(response.streaming_content))
    assert rows[1][0] == "#meta+id" and sorted(row[8] for row in rows[2:]) == ["Clash 0", "Clash 1"]
    assert AuditRecord.objects.filter(action="export.hxl", actor=viewer).exists()


def test_a_large_export_runs_in_the_background_with_progress_and_downloads(mission, viewer, monkeypatch):
    from groundwatch.reports import services

    _events(mission, 3)
    make_event(
        mission, "Above the viewer", event_type="battles", confidentiality=Confidentiality.CONFIDENTIAL
    )
    monkeypatch.setattr(services, "STREAM_LIMIT", 2)  # three visible clashes: more, so a background job
    client = api(viewer)
    response = client.post(
        "/api/v1/exports",
        {"mission": mission.slug, "format": "acled", "filters": {"q": "Clash"}},
        content_type="application/json",
    )
    assert response.status_code == 202, response.content
    job = response.json()
    assert job["status"] == "queued" and job["rows_total"] == 3 and job["rows_done"] == 0
    assert job["download_url"] is None and job["filters"] == {"q": "Clash"}
    assert client.get(f"/api/v1/exports/{job['id']}/download").status_code == 409  # not written yet

    assert run_queued_tasks() == 1
    done = client.get(f"/api/v1/exports/{job['id']}").json()
    assert done["status"] == "done" and done["rows_done"] == 3 and done["percent"] == 100
    assert done["size"] > 0 and done["download_url"] == f"/api/v1/exports/{job['id']}/download"
    download = client.get(done["download_url"])
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    rows = _rows(b"".join(download.streaming_content))
    assert len(rows) == 4 and rows[0][0] == "event_id_cnty"  # header and the three visible clashes
    assert AuditRecord.objects.filter(action="export.download", actor=viewer).count() == 1
    assert AuditRecord.objects.filter(action="export.queue", actor=viewer).count() == 1
    listed = client.get(f"/api/v1/exports?mission={mission.slug}").json()
    assert [item["id"] for item in listed["items"]] == [job["id"]]


def test_only_the_requester_may_follow_or_download_a_job(mission, viewer, analyst, outsider):
    from groundwatch.reports.services import run_export_job, start_export_job

    _events(mission, 1)
    job = run_export_job(start_export_job(mission=mission, actor=viewer, format="hxl").pk)
    assert job.status == "done"
    for other in (analyst, outsider):  # a colleague with more rights, and another mission's admin
        client = api(other)
        assert client.get(f"/api/v1/exports/{job.pk}").status_code == 404
        assert client.get(f"/api/v1/exports/{job.pk}/download").status_code == 404
        assert client.get(f"/api/v1/exports?mission={mission.slug}").status_code in (200, 404)
        if other == analyst:
            assert client.get(f"/api/v1/exports?mission={mission.slug}").json()["count"] == 0
    page = Client()
    page.force_login(analyst)
    assert page.get(f"/m/{mission.slug}/exports/jobs/{job.pk}/download/").status_code == 404
    assert page.get(f"/m/{mission.slug}/exports/jobs/{job.pk}/progress.json").status_code == 404
    # The requester who has since left the mission cannot download what they exported either.
    client = api(viewer)
    Membership.objects.filter(user=viewer, mission=mission).delete()
    assert client.get(f"/api/v1/exports/{job.pk}/download").status_code == 404
    assert not AuditRecord.objects.filter(action="export.download").exists()


def test_unknown_filters_and_formats_are_refused(mission, viewer):
    client = api(viewer)
    bad_format = client.post(
        "/api/v1/exports", {"mission": mission.slug, "format": "pdf"}, content_type="application/json"
    )
    assert bad_format.status_code == 422
    bad_filter = client.post(
        "/api/v1/exports",
        {"mission": mission.slug, "format": "hxl", "filters": {"status": "rumour"}, "background": True},
        content_type="application/json",
    )
    assert bad_filter.status_code == 422 and "status" in bad_filter.content.decode()
    assert not ExportJob.objects.exists()


def test_the_export_page_starts_a_job_and_shows_its_progress_bar(client, mission, viewer):
    _events(mission, 2)
    client.force_login(viewer)
    response = client.post(f"/m/{mission.slug}/exports/jobs/", {"format": "geojson", "q": "Clash 1"})
    job = ExportJob.objects.get(requested_by=viewer)
    assert response.status_code == 302 and response["Location"] == f"/m/{mission.slug}/exports/jobs/{job.pk}/"
    assert job.filters == {"q": "Clash 1"} and job.rows_total == 1
    page = client.get(response["Location"]).content.decode()
    assert '<progress id="export-bar"' in page and "web/job_progress.js" in page
    assert "<script>" not in page  # CSP: no inline script, only the static file
    progress = client.get(f"/m/{mission.slug}/exports/jobs/{job.pk}/progress.json").json()
    assert progress == {
        "status": "queued",
        "status_label": "Queued",
        "rows_done": 0,
        "rows_total": 1,
        "percent": 0,
        "finished": False,
        "message": "",
        "download_url": None,
    }
    run_queued_tasks()
    progress = client.get(f"/m/{mission.slug}/exports/jobs/{job.pk}/progress.json").json()
    assert progress["finished"] and progress["percent"] == 100 and progress["rows_done"] == 1
    download = client.get(progress["download_url"])
    assert download.status_code == 200
    assert b"Clash 1" in b"".join(download.streaming_content)


# --- sitreps -----------------------------------------------------------------------------------------


def test_sitreps_through_the_api(mission, analyst, viewer):
    make_event(mission, "Shelling near Aghdam", event_type="battles", sub_event_type="armed_clash")
    client = api(analyst)
    created = client.post(
        "/api/v1/sitreps",
        {"mission": mission.slug, "kind": "weekly", "last_day": "2023-09-24"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    sitrep = created.json()
    assert sitrep["period_start"] == "2023-09-18" and sitrep["confidentiality"] == "internal"
    listed = api(viewer).get(f"/api/v1/sitreps?mission={mission.slug}").json()
    assert [item["id"] for item in listed["items"]] == [sitrep["id"]]

    edited = client.patch(
        f"/api/v1/sitreps/{sitrep['id']}",
        {"version": sitrep["version"], "highlights": "Calm after the clash."},
        content_type="application/json",
    )
    assert edited.status_code == 200 and edited.json()["highlights"] == "Calm after the clash."
    stale = client.patch(
        f"/api/v1/sitreps/{sitrep['id']}",
        {"version": sitrep["version"], "overview": "Old version."},
        content_type="application/json",
    )
    assert stale.status_code == 409
    refused = api(viewer).patch(
        f"/api/v1/sitreps/{sitrep['id']}", {"version": 2, "overview": "x"}, content_type="application/json"
    )
    assert refused.status_code == 403

    html = client.get(f"/api/v1/sitreps/{sitrep['id']}/html")
    assert html.status_code == 200 and "Calm after the clash." in html.content.decode()
    published = client.post(f"/api/v1/sitreps/{sitrep['id']}/publish")
    assert published.status_code == 201 and published.json()["number"] == 1
    issue = PublishedSitrep.objects.get(sitrep_id=sitrep["id"])
    assert "Calm after the clash." in issue.html
    assert api(viewer).post(f"/api/v1/sitreps/{sitrep['id']}/publish").status_code == 403
    issues = api(viewer).get(f"/api/v1/sitreps/{sitrep['id']}/issues").json()
    assert [item["number"] for item in issues] == [1]


def test_sitrep_pdf_through_the_api(mission, analyst):
    from groundwatch.reports.sitreps.pdf import pdf_problem

    client = api(analyst)
    sitrep = client.post(
        "/api/v1/sitreps",
        {"mission": mission.slug, "kind": "daily", "last_day": "2023-09-24"},
        content_type="application/json",
    ).json()
    response = client.get(f"/api/v1/sitreps/{sitrep['id']}/pdf")
    if pdf_problem():
        assert response.status_code == 503 and "pango" in response.content.decode()
    else:
        assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_outsiders_see_no_sitreps(mission, analyst, outsider):
    sitrep = (
        api(analyst)
        .post(
            "/api/v1/sitreps",
            {"mission": mission.slug, "kind": "daily", "last_day": "2023-09-24"},
            content_type="application/json",
        )
        .json()
    )
    client = api(outsider)
    assert client.get(f"/api/v1/sitreps/{sitrep['id']}").status_code == 404
    assert client.get(f"/api/v1/sitreps/{sitrep['id']}/html").status_code == 404
    assert client.get(f"/api/v1/sitreps?mission={mission.slug}").status_code == 404


def test_an_export_file_is_removed_after_the_keep_time_and_no_longer_served(
    client, mission, viewer, settings
):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    from groundwatch.reports.services import job_path

    settings.EXPORT_KEEP_HOURS = 72
    _events(mission, 2)
    client.force_login(viewer)
    client.post(f"/m/{mission.slug}/exports/jobs/", {"format": "hxl"})
    client.post(f"/m/{mission.slug}/exports/jobs/", {"format": "geojson"})
    run_queued_tasks()
    old, recent = ExportJob.objects.order_by("pk")
    ExportJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - dt.timedelta(hours=73))
    old_file, recent_file = job_path(old), job_path(recent)
    assert old_file.is_file() and recent_file.is_file()
    # past the keep time the download is refused at once, before any sweep
    assert client.get(f"/m/{mission.slug}/exports/jobs/{old.pk}/download/").status_code == 404

    out = io.StringIO()
    call_command("expire_exports", stdout=out)
    assert f"older than 72 hours: {old.pk}." in out.getvalue()
    assert not old_file.parent.exists() and recent_file.is_file()
    assert AuditRecord.objects.filter(action="export.expire", object_id=str(old.pk)).count() == 1
    page = client.get(f"/m/{mission.slug}/exports/jobs/{old.pk}/").content.decode()
    assert "removed 72 hours after it was ready" in page
    assert client.get(f"/m/{mission.slug}/exports/jobs/{recent.pk}/download/").status_code == 200
    again = io.StringIO()
    call_command("expire_exports", stdout=again)
    assert "nothing removed" in again.getvalue()


def test_a_failed_export_loses_its_partial_file_but_keeps_its_reason(client, mission, viewer, settings):
    import datetime as dt

    from django.utils import timezone

    from groundwatch.reports.models import ExportStatus
    from groundwatch.reports.services import export_folder, remove_expired_exports

    client.force_login(viewer)
    client.post(f"/m/{mission.slug}/exports/jobs/", {"format": "hxl"})
    job = ExportJob.objects.get()
    partial = export_folder() / str(job.pk) / "events.hxl.csv.part"
    partial.parent.mkdir(parents=True)
    partial.write_text("half a file")
    old = timezone.now() - dt.timedelta(hours=settings.EXPORT_KEEP_HOURS + 1)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.FAILED, message="disk full", finished_at=old
    )
    assert remove_expired_exports() == [job.pk]
    job.refresh_from_db()
    assert not partial.parent.exists() and job.message == "disk full"
