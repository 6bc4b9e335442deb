"""File imports in the browser: upload → background task → progress page, its JSON and the API."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from groundwatch.accounts.services import issue_api_token
from groundwatch.ingest.choices import ImportStatus
from groundwatch.ingest.models import ImportRun
from groundwatch.ingest.tasks import import_file
from groundwatch.ingest.tests.conftest import FIXTURES
from groundwatch.sources.models import Report

BAD_ROWS = FIXTURES / "acled_bad_rows.csv"


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def upload(client, mission, path=BAD_ROWS, **fields):
    data = {"format": "acled", "rule": "accept", **fields}
    data["file"] = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
    return client.post(f"/m/{mission.slug}/imports/", data)


def run_queued_tasks() -> None:
    """What a worker does: run each queued import task with its arguments."""
    for queued in DBTaskResult.objects.filter(status="READY"):
        import_file.call(**queued.args_kwargs["kwargs"])
        queued.delete()


def test_an_upload_starts_a_background_import_and_shows_its_progress(client, mission, analyst):
    client.force_login(analyst)
    response = upload(client, mission)
    run = ImportRun.objects.get(mission=mission)
    assert response.status_code == 302
    assert response["Location"] == f"/m/{mission.slug}/imports/{run.pk}/"
    assert run.file_name == "acled_bad_rows.csv" and run.started_by == analyst
    assert run.status == ImportStatus.RUNNING and run.rows_total == 6 and run.rows_done == 0
    assert Report.objects.filter(pk=run.report_id, channel="file").exists()
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    waiting = client.get(response["Location"]).content.decode()
    assert '<progress id="progress-bar" max="100" value="0' in waiting
    assert 'src="/static/web/job_progress.js"' in waiting
    assert '<meta http-equiv="refresh"' in waiting  # inside <noscript>: the page without JavaScript
    assert "<script>" not in waiting  # no inline script: the CSP forbids it
    assert f"/imports/{run.pk}/errors.csv" in waiting

    run_queued_tasks()
    data = client.get(f"/m/{mission.slug}/imports/{run.pk}/progress.json").json()
    assert data["finished"] is True and data["status"] == "completed"
    assert data["rows_total"] == 6 and data["rows_done"] == 6
    assert data["rows_failed"] == 4 and data["rows_created"] == 2
    assert data["percent"] == 100.0 and data["rows_per_second"] > 0
    assert data["error_file_url"] == f"/imports/{run.pk}/errors.csv"
    done = client.get(response["Location"]).content.decode()
    assert 'id="progress-rows_failed">4<' in done
    assert "web/job_progress.js" not in done  # a finished import is not polled
    errors = b"".join(client.get(data["error_file_url"]).streaming_content).decode()
    assert "NTH2" in errors


def test_the_api_returns_the_same_progress(client, mission, analyst):
    client.force_login(analyst)
    upload(client, mission)
    run_queued_tasks()
    run = ImportRun.objects.get()
    page = client.get(f"/m/{mission.slug}/imports/{run.pk}/progress.json").json()
    token = issue_api_token(user=analyst, actor=analyst, name="progress")
    api = client.get(
        f"/api/v1/intake/imports/{run.pk}/progress", headers={"Authorization": f"Bearer {token}"}
    ).json()
    assert api == page


def test_progress_while_the_import_runs(client, mission, analyst):
    client.force_login(analyst)
    upload(client, mission)
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(rows_done=3, rows_failed=1)
    data = client.get(f"/m/{mission.slug}/imports/{run.pk}/progress.json").json()
    assert (data["rows_done"], data["rows_total"], data["percent"], data["finished"]) == (3, 6, 50.0, False)
    assert data["rows_failed"] == 1


def test_the_same_file_again_goes_to_the_existing_run(client, mission, analyst):
    client.force_login(analyst)
    first = upload(client, mission)
    run_queued_tasks()
    again = upload(client, mission)
    assert again["Location"] == first["Location"]
    assert ImportRun.objects.count() == 1
    assert not DBTaskResult.objects.filter(status="READY").exists()  # completed: nothing to queue


def test_a_file_missing_columns_is_refused_on_the_page(client, mission, analyst):
    client.force_login(analyst)
    response = upload(client, mission, FIXTURES / "acled_missing_columns.csv")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="import-file-error"' in html and "The file was not imported." in html
    assert not ImportRun.objects.exists() and not DBTaskResult.objects.exists()


def test_an_unknown_mapping_is_shown_beside_its_field(client, mission, analyst):
    client.force_login(analyst)
    response = upload(client, mission, FIXTURES / "partner_generic.csv", format="csv", mapping="nope")
    assert 'id="import-mapping-error"' in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_monitor_sees_imports_but_may_not_upload(client, mission, monitor):
    client.force_login(monitor)
    listing = client.get(f"/m/{mission.slug}/imports/")
    assert listing.status_code == 200 and 'type="file"' not in listing.content.decode()
    assert upload(client, mission).status_code == 403
    assert not ImportRun.objects.exists()


def test_another_missions_run_is_404(client, mission, other_mission, analyst, outsider):
    client.force_login(analyst)
    upload(client, mission)
    run = ImportRun.objects.get()
    client.force_login(outsider)
    assert client.get(f"/m/{mission.slug}/imports/{run.pk}/").status_code == 404
    assert client.get(f"/m/{mission.slug}/imports/{run.pk}/progress.json").status_code == 404
    assert client.get(f"/m/{other_mission.slug}/imports/{run.pk}/progress.json").status_code == 404


def test_an_upload_is_removed_once_imported_and_the_report_keeps_the_file(client, mission, analyst, tmp_path):
    import hashlib
    import shutil

    from groundwatch.sources.models import Attachment

    client.force_login(analyst)
    upload(client, mission)
    sha = hashlib.sha256(BAD_ROWS.read_bytes()).hexdigest()
    waiting = tmp_path / "imports" / sha / "acled_bad_rows.csv"
    assert waiting.read_bytes() == BAD_ROWS.read_bytes()  # where a worker on any host finds it
    queued = dict(DBTaskResult.objects.get(status="READY").args_kwargs["kwargs"])
    run_queued_tasks()
    assert not waiting.parent.exists()
    attachment = Attachment.objects.get(report=ImportRun.objects.get().report_id)
    assert attachment.sha256 == sha  # the file as received stays with its Report

    # the task delivered a second time (its worker died after the import) finds the import done
    assert import_file.call(**queued)["status"] == "completed"
    # the same file uploaded again: nothing to do, and nothing left behind
    upload(client, mission)
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert list((tmp_path / "imports").iterdir()) == []

    # a file given on the command line is the user's own: imported, never removed
    own = tmp_path / "mine" / "acled.csv"
    own.parent.mkdir()
    shutil.copy(FIXTURES / "acled_current.csv", own)
    result = import_file.call(mission_id=mission.pk, path=str(own), format="acled", user_id=analyst.pk)
    assert result["status"] == "completed" and own.exists()


def test_a_file_over_the_import_limit_is_refused_on_the_page(client, mission, analyst, settings):
    settings.IMPORT_MAX_BYTES = BAD_ROWS.stat().st_size - 1
    client.force_login(analyst)
    response = upload(client, mission)
    assert response.status_code == 200
    assert "GROUNDWATCH_IMPORT_MAX_BYTES" in response.content.decode()
    assert not ImportRun.objects.exists() and not DBTaskResult.objects.exists()
