"""Hostile text shown in a real browser (Debian's chromium driven by Playwright) against a live server:
on the event list, every event page, the report page and the map's popups and tooltips, no dialog opens, no
injected element or script runs, the console stays free of errors, and the text reads as it was typed.
Screenshots go to ``screenshots/``.
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


# ---- the map: hostile titles and place names in popups, counts in tooltips ------------------------------

MAP_CENTRE = (39.9, 46.5)


def _map_events(mission: Any) -> list[Any]:
    """One event per XSS payload, at known coordinates a few pixels apart around the map's centre."""
    events = []
    for number, text in enumerate(hostile.XSS):
        row, column = divmod(number, 5)
        events.append(
            make_event(
                mission,
                text[:300],
                description=text,
                location_name=text[:200],
                latitude=MAP_CENTRE[0] + (row - 2) * 0.004,
                longitude=MAP_CENTRE[1] + (column - 2) * 0.006,
                confidentiality=Confidentiality.INTERNAL,
            )
        )
    return events


def _watch(page: Any, dialogs: list[str], errors: list[str]) -> None:
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))


def _assert_inert(page: Any, where: str) -> None:
    page.wait_for_timeout(50)  # let onload/onerror/autofocus handlers fire if anything was injected
    assert page.evaluate("typeof window.__gw_pwned") == "undefined", f"a script ran in {where}"
    assert page.locator("#gw-pwned").count() == 0, f"an injected element exists in {where}"


def test_hostile_titles_are_inert_in_map_popups_and_tooltips(
    live_server, mission, viewer, monkeypatch
) -> None:
    events = _map_events(mission)
    titles = {event.title for event in events}
    places = {event.location_name for event in events}
    client = Client()
    client.force_login(viewer)
    session = client.cookies["sessionid"].value
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(exist_ok=True)
    dialogs: list[str] = []
    errors: list[str] = []
    shown_titles: set[str] = set()
    shown_places: set[str] = set()
    url = f"{live_server.url}/m/{mission.slug}/map/"
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 1400})
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        _watch(page, dialogs, errors)
        # Zoomed in: one marker per event; each popup shows the title and place as text.
        page.goto(f"{url}#13/{MAP_CENTRE[0]}/{MAP_CENTRE[1]}", wait_until="networkidle")
        markers = page.locator("path.event-marker")
        markers.first.wait_for(state="attached", timeout=15_000)
        assert markers.count() == len(events), "every hostile event has its marker"
        for number in range(len(events)):
            markers.nth(number).dispatch_event("click")
            popup = page.locator(".leaflet-popup-content .map-popup")
            popup.wait_for(state="visible", timeout=5_000)
            shown_titles.add(popup.locator(".popup-title").text_content() or "")
            shown_places.add((popup.locator("div").nth(1).text_content() or "").split(" · ", 1)[-1])
            assert (
                popup.locator("script, img, svg, iframe, details, input, a[href^='javascript']").count() == 0
            )
            _assert_inert(page, f"the popup of marker {number}")
            if number == 0:
                page.screenshot(path=str(SCREENSHOTS / "hostile-map-popup.png"))
            page.locator(".leaflet-popup-close-button").dispatch_event("click")
            popup.wait_for(state="detached", timeout=5_000)
        # Zoomed out: grid cells with a count tooltip and a popup of counts per category.
        page = context.new_page()
        _watch(page, dialogs, errors)
        page.goto(f"{url}#6/{MAP_CENTRE[0]}/{MAP_CENTRE[1]}", wait_until="networkidle")
        tooltips = page.locator(".leaflet-tooltip.cell-count")
        tooltips.first.wait_for(state="visible", timeout=15_000)
        assert sum(int(text) for text in tooltips.all_text_contents()) == len(events)
        page.locator("path.event-cell").first.dispatch_event("click")
        page.locator(".leaflet-popup-content").wait_for(state="visible", timeout=5_000)
        assert f"{len(events)} events here" in (page.locator(".leaflet-popup-content").text_content() or "")
        _assert_inert(page, "the cell tooltip and popup")
        browser.close()
    assert shown_titles == titles, "a popup title does not read as the text that was typed"
    assert shown_places == places, "a popup place does not read as the text that was typed"
    assert not dialogs, f"dialogs opened: {dialogs}"
    assert not errors, f"script errors: {errors}"
    count("hostile", inert=len(events) + 1, executed=len(dialogs))
