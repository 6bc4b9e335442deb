"""The demo mission in a real browser (Debian's chromium driven by Playwright, never a downloaded browser):
sign in, open the dashboard, filter the map, open an event from a popup, draft a sitrep and get its PDF;
no JavaScript errors in the console. Screenshots (and the PDF) go to ``screenshots/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
from groundwatch.reports.sitreps.pdf import pdf_problem  # noqa: E402  (after the skip-if-missing imports above)

SCREENSHOTS = Path(__file__).resolve().parents[3] / "screenshots"
KHANKENDI_VIEW = "#9/39.7500/46.6000"  # Khankendi, Aghdam, the Lachin corridor crossing and Goris in view

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extras")
pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is missing: apt-get install -y chromium"
    ),
    pytest.mark.skipif(bool(pdf_problem()), reason=pdf_problem() or "PDF output is available"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo_analyst(settings, tmp_path):
    from groundwatch.core.choices import Role
    from groundwatch.demo.loader import load_demo

    settings.DATA_DIR = tmp_path / "data"
    demo = load_demo()
    credential = next(c for c in demo.credentials if c.role == Role.ANALYST)
    return demo.mission, credential


def test_demo_mission_in_a_real_browser(live_server, demo_analyst, monkeypatch) -> None:
    mission, credential = demo_analyst
    monkeypatch.setenv(
        "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
    )  # the live server's ORM runs beside Playwright's loop
    SCREENSHOTS.mkdir(exist_ok=True)
    base = f"{live_server.url}/m/{mission.slug}"
    errors: list[str] = []
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "response",
            lambda answer: errors.append(f"{answer.status} {answer.url}") if answer.status >= 400 else None,
        )

        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", credential.username)
        page.fill("input[name=password]", credential.password)
        page.click("button[type=submit]")
        page.wait_for_load_state()

        page.goto(f"{base}/dashboard/")
        assert page.locator(".key-figure").count() >= 8
        assert page.locator("svg.chart").count() >= 1
        page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)

        page.goto(f"{base}/map/")
        page.select_option("select[name=category]", "humanitarian")
        page.click("#event-filters button[type=submit]")
        page.wait_for_url("**category=humanitarian**")
        page.wait_for_selector("path.event-cell, path.event-marker")
        filtered = page.url.split("#")[0]
        page.goto("about:blank")  # a fresh load at the bookmarked view: no markers left from the first view
        page.goto(filtered + KHANKENDI_VIEW)
        page.wait_for_selector("path.event-marker")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SCREENSHOTS / "map.png"), full_page=True)
        page.locator("path.event-marker").first.click(force=True)
        link = page.locator(".leaflet-popup a.popup-title")
        link.wait_for()
        title = link.inner_text()
        link.click()
        page.wait_for_url("**/events/*/")
        assert title in page.inner_text("h1")
        page.screenshot(path=str(SCREENSHOTS / "event-from-popup.png"), full_page=True)

        # Every category at the same view: the places the demo's events happen at are drawn as markers.
        page.goto("about:blank")
        page.goto(f"{base}/map/{KHANKENDI_VIEW}")
        page.wait_for_selector("path.event-marker")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SCREENSHOTS / "map-all-categories.png"), full_page=True)
        shown = page.request.get(f"{base}/map/data.json?zoom=9&bbox=39.3,45.8,40.3,47.4").json()
        assert shown["kind"] == "points"
        places = " ".join(point["place"] for point in shown["points"])
        for place in ("Khankendi", "Aghdam", "Kornidzor", "Goris"):
            assert place in places, (place, places)
        assert page.locator("path.event-marker").count() >= 4

        page.goto(f"{base}/timeline/?category=security")
        page.screenshot(path=str(SCREENSHOTS / "timeline.png"), full_page=True)

        page.goto(f"{base}/sitreps/")
        page.select_option("select[name=kind]", "weekly")
        page.fill("input[name=last_day]", "2023-09-30")
        page.click("button.primary")
        page.wait_for_url("**/sitreps/*/")
        pdf = page.request.get(page.locator("#draft-pdf").get_attribute("href") and page.url + "sitrep.pdf")
        assert pdf.ok and pdf.body().startswith(b"%PDF")
        (SCREENSHOTS / "sitrep.pdf").write_bytes(pdf.body())
        page.goto(page.url + "preview/")
        page.screenshot(path=str(SCREENSHOTS / "sitrep.png"), full_page=True)
        browser.close()
    assert errors == [], errors
