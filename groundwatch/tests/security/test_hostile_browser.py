"""Hostile text shown in a real browser (Debian's chromium driven by Playwright) against a live server:
on the event list, every event page and the report page, no dialog opens, no injected element or script
runs, the console stays free of errors, and the text reads as it was typed. Screenshots go to ``screenshots/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from groundwatch.core.choices import Confidentiality
from groundwatch.tests.factories import make_event, make_report
from groundwatch.tests.security import hostile
from groundwatch.tests.security.summary import count

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "screenshots"

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extras")
pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is missing: apt-get install -y chromium"
    ),
    pytest.mark.django_db(transaction=True),
]


def _pages(mission: Any) -> list[str]:
    events = [
        make_event(mission, text[:300], description=text, confidentiality=Confidentiality.INTERNAL)
        for text in hostile.XSS
    ]
    report = make_report(mission, "\n".join(hostile.XSS), title=hostile.XSS[1])
    base = f"/m/{mission.slug}"
    return [f"{base}/events/", f"{base}/reports/{report.pk}/"] + [f"{base}/events/{e.pk}/" for e in events]


def test_hostile_text_is_inert_in_a_real_browser(live_server, mission, viewer, monkeypatch) -> None:
    urls = _pages(mission)
    client = Client()
    client.force_login(viewer)
    session = client.cookies["sessionid"].value
    monkeypatch.setenv(
        "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
    )  # the live server's ORM runs beside Playwright's loop
    SCREENSHOTS.mkdir(exist_ok=True)
    dialogs: list[str] = []
    errors: list[str] = []
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context()
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        missing: list[str] = []
        page.on("response", lambda answer: missing.append(answer.url) if answer.status >= 400 else None)
        for number, url in enumerate(urls):
            response = page.goto(live_server.url + url, wait_until="load")
            assert response is not None and response.status == 200, url
            page.wait_for_timeout(50)  # let onload/onerror/autofocus handlers fire if anything was injected
            assert page.evaluate("typeof window.__gw_pwned") == "undefined", f"a script ran on {url}"
            assert page.locator("#gw-pwned").count() == 0, f"an injected element exists on {url}"
            if number < 3:
                page.screenshot(path=str(SCREENSHOTS / f"hostile-{number}.png"), full_page=True)
        body = page.inner_text("body")
        browser.close()
    assert hostile.XSS[-1][:40] in body, "the hostile title is not shown as text"
    assert not dialogs, f"dialogs opened: {dialogs}"
    if not missing:  # the browser's own /favicon.ico request is not a page request and has no handler
        errors = [error for error in errors if not error.startswith("Failed to load resource")]
    assert not errors, f"console errors: {errors} (failed loads: {missing})"
    count("hostile", inert=len(urls), executed=len(dialogs), channels=1)
