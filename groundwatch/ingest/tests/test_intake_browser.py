"""The intake pages in a real browser (Debian's chromium, Playwright) under the site's CSP.

The import and export progress pages update themselves from their progress.json through one static script,
and the monitor web form is filled in and sent with the keyboard; no page logs a console error (a CSP refusal
would).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from groundwatch.geo.models import Place
from groundwatch.ingest.models import ImportRun
from groundwatch.ingest.tests.conftest import FIXTURES
from groundwatch.sources.models import Report

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extras")
pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def browser_page(live_server, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the live server's ORM beside Playwright's loop
    errors: list[str] = []
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context()

        def sign_in(user: Any) -> Any:
            client = Client()
            client.force_login(user)
            cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
            context.add_cookies([cookie])
            page = context.new_page()
            page.on(
                "console", lambda message: errors.append(message.text) if message.type == "error" else None
            )
            page.on("pageerror", lambda error: errors.append(str(error)))
            return page

        yield sign_in, errors
        browser.close()


def test_the_progress_page_follows_the_import(
    live_server, browser_page, mission, analyst, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    sign_in, errors = browser_page
    page = sign_in(analyst)
    page.goto(f"{live_server.url}/m/{mission.slug}/imports/")
    page.set_input_files("#import-file", str(FIXTURES / "acled_bad_rows.csv"))
    page.select_option("#import-format", "acled")
    page.click("button.primary")
    page.wait_for_url("**/imports/*/")
    run = ImportRun.objects.get()
    assert page.inner_text("#progress-rows_done") == "0"
    ImportRun.objects.filter(pk=run.pk).update(rows_done=3, rows_failed=2)  # a worker's batch commits
    expect = playwright_api.expect  # polls the element (the CSP forbids wait_for_function's eval)
    expect(page.locator("#progress-rows_done")).to_have_text("3", timeout=10000)
    expect(page.locator("#progress-rows_failed")).to_have_text("2")
    expect(page.locator("#progress-percent")).to_have_text("50.0")
    assert not errors, errors


def test_a_monitor_fills_in_the_form_with_the_keyboard(live_server, browser_page, mission, monitor, forms):
    place = Place.objects.search("Khankendi").first()
    sign_in, errors = browser_page
    page = sign_in(monitor)
    page.goto(f"{live_server.url}/m/{mission.slug}/forms/site_count/")
    page.fill("#f-count_date", "2023-09-20")  # a date input's typed digits follow the locale: filled
    page.select_option("#f-place", f"place_{place.pk}")
    page.focus("#f-site_name")
    page.keyboard.type("Goris school")
    page.keyboard.press("Tab")  # on to the kind of site
    assert page.evaluate("document.activeElement.id") == "f-site_type"
    page.select_option("#f-site_type", "collective_centre")
    page.focus("#f-people_present")
    page.keyboard.type("240")
    page.focus("button.primary")
    page.keyboard.press("Enter")
    page.wait_for_url("**/reports/*/")
    report = Report.objects.get(channel="web_form")
    assert report.claims.count() == 1
    assert "Report stored" in page.inner_text("main")
    assert not errors, errors


def test_the_export_page_reveals_the_download_when_the_job_is_done(
    live_server, browser_page, mission, viewer, settings, tmp_path
):
    """Background exports share the progress script: the bar fills and the download link appears."""
    from groundwatch.reports.models import ExportJob
    from groundwatch.reports.tests.test_export_api import run_queued_tasks
    from groundwatch.tests.factories import make_event

    settings.DATA_DIR = tmp_path
    make_event(mission, "Clash at the crossing", event_type="battles", sub_event_type="armed_clash")
    sign_in, errors = browser_page
    page = sign_in(viewer)
    page.goto(f"{live_server.url}/m/{mission.slug}/exports/")
    page.select_option("#job-format", "geojson")
    page.click("text=Prepare in the background")
    page.wait_for_url("**/exports/jobs/*/")
    assert not page.is_visible("#export-download")
    assert run_queued_tasks() == 1  # what a worker does
    expect = playwright_api.expect
    expect(page.locator("#export-status")).to_have_text("Ready to download", timeout=10000)
    expect(page.locator("#export-percent")).to_have_text("100")
    expect(page.locator("#export-download")).to_be_visible()
    job = ExportJob.objects.get(requested_by=viewer)
    assert (
        page.get_attribute("#export-download", "href") == f"/m/{mission.slug}/exports/jobs/{job.pk}/download/"
    )
    assert not errors, errors
