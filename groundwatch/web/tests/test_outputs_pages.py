"""Dashboard, map (and its data) and timeline: restricted, filtered like the event list, escaped, offline."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from groundwatch.core.choices import Confidentiality
from groundwatch.events.services import MeasureInput, set_verification
from groundwatch.tests.factories import make_event
from groundwatch.web.mapdata import Bounds, cell_degrees

pytestmark = pytest.mark.django_db

KILLED = [MeasureInput(item="people_killed", value=4, unit="people", low=3, high=6)]


def _battle(mission, title="Clash", day=dt.date(2023, 9, 19), verified=True, **fields):
    fields = {"latitude": 40.0, "longitude": 46.9, **fields}
    event = make_event(
        mission,
        title,
        event_type="battles",
        sub_event_type="armed_clash",
        date_start=day,
        location_name="Aghdam",
        **fields,
    )
    if verified:
        event = set_verification(
            event=event,
            actor=None,
            status="verified",
            standard_of_proof="reasonable_grounds",
            rationale="Seen.",
        )
    return event


def test_outsider_gets_404_on_dashboard_map_data_and_timeline(browser, mission, outsider):
    client = browser(outsider)
    for name in ("web:dashboard", "web:event_map", "web:map_data", "web:timeline"):
        assert client.get(reverse(name, args=[mission.slug])).status_code == 404, name


def test_dashboard_shows_key_figures_with_change_and_links(browser, mission, viewer):
    _battle(mission, measures=KILLED)
    _battle(mission, "Earlier clash", day=dt.date(2023, 9, 12))
    _battle(mission, "Unverified", verified=False)
    response = browser(viewer).get(
        reverse("web:dashboard", args=[mission.slug]) + "?period=week&on=2023-09-19"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Security events" in page and "+0 since the previous period" in page  # 1 now, 1 the week before
    assert "low 3 · high 6" in page
    assert "status=verified" in page and "measure=people_killed" in page
    assert page.count("<svg") >= 1 and 'style="' not in page


def test_dashboard_can_include_unverified_events(browser, mission, viewer):
    _battle(mission, verified=False)
    url = reverse("web:dashboard", args=[mission.slug]) + "?period=week&on=2023-09-19&unverified=1"
    page = browser(viewer).get(url).content.decode()
    assert re.search(r'figure-value">1<', page)


def test_map_page_is_offline_and_has_no_inline_script(browser, mission, viewer):
    page = (
        browser(viewer)
        .get(reverse("web:event_map", args=[mission.slug]) + "?category=security")
        .content.decode()
    )
    assert "vendor/leaflet/leaflet.js" in page and "countries-50m.json" in page
    main = page.split("<main>")[1]
    assert "<script>" not in main and "https://" not in main and 'data-tile-url=""' in main
    assert 'data-query="category=security"' in page


def test_map_opens_on_the_events_the_user_may_see(browser, mission, viewer):
    """Any mission, any country: the first view is the extent of the visible events, not a fixed place."""
    url = reverse("web:event_map", args=[mission.slug])
    assert 'data-extent=""' in browser(viewer).get(url).content.decode()  # no events: the world view
    make_event(mission, "Juba", latitude=4.85, longitude=31.6)
    make_event(mission, "Malakal", latitude=9.53, longitude=31.66)
    make_event(
        mission, "Hidden", latitude=-30.0, longitude=120.0, confidentiality=Confidentiality.CONFIDENTIAL
    )
    page = browser(viewer).get(url).content.decode()
    assert re.search(r'data-extent="4\.85\d*,31\.6\d*,9\.53\d*,31\.66\d*"', page), page.split("event-map")[1][
        :400
    ]


def test_map_allows_the_tile_server_only_when_configured(browser, mission, viewer, settings):
    client = browser(viewer)
    url = reverse("web:event_map", args=[mission.slug])
    assert "tile.example.org" not in client.get(url)["Content-Security-Policy"]
    settings.MAP_TILE_URL = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    assert "img-src 'self' data: https://*.tile.example.org" in client.get(url)["Content-Security-Policy"]


def test_map_data_groups_events_into_cells_when_zoomed_out(browser, mission, viewer):
    for _ in range(3):
        _battle(mission)
    make_event(
        mission,
        "Secret",
        event_type="battles",
        latitude=40.0,
        longitude=46.9,
        confidentiality=Confidentiality.CONFIDENTIAL,
    )
    data = browser(viewer).get(reverse("web:map_data", args=[mission.slug]), {"zoom": 4}).json()
    assert data["kind"] == "cells" and data["total"] == 3
    assert data["cells"] == [
        {"count": 3, "categories": {"security": 3}, "lat": 40.0, "lon": 46.9, "category": "security"}
    ]


def test_map_cells_match_a_hand_count_with_filters_and_restriction(browser, mission, viewer):
    # At zoom 6 a cell is 90/64 = 1.40625 degrees: 40.0N 46.9E and 40.3N 47.5E share the cell
    # (row 92, column 161); 39.0N 46.9E is in row 91.
    _battle(mission, "A", latitude=40.0, longitude=46.9)
    _battle(mission, "B", latitude=40.3, longitude=47.5)
    _battle(mission, "C", latitude=39.0, longitude=46.9)
    _battle(mission, "Unverified", latitude=40.3, longitude=47.5, verified=False)
    make_event(mission, "Aid", event_type="aid_delivery", latitude=40.3, longitude=46.9)
    make_event(mission, "No point", event_type="aid_delivery")
    make_event(mission, "Secret", latitude=40.0, longitude=46.9, confidentiality=Confidentiality.CONFIDENTIAL)
    url = reverse("web:map_data", args=[mission.slug])
    data = browser(viewer).get(url, {"zoom": 6}).json()
    cells = sorted(data["cells"], key=lambda cell: cell["lat"])
    assert data["total"] == 5 and cells == [
        {"count": 1, "categories": {"security": 1}, "lat": 39.0, "lon": 46.9, "category": "security"},
        {
            "count": 4,
            "categories": {"security": 3, "humanitarian": 1},
            "lat": 40.225,
            "lon": 47.2,
            "category": "security",
        },
    ]
    verified = browser(viewer).get(url, {"zoom": 6, "status": "verified"}).json()
    assert verified["total"] == 3 and sorted(cell["count"] for cell in verified["cells"]) == [1, 2]


def test_map_data_sends_points_when_zoomed_in_with_the_shared_filters(browser, mission, viewer):
    _battle(mission, "<img src=x onerror=alert(1)>")
    make_event(mission, "Aid", event_type="aid_delivery", latitude=40.0, longitude=46.9)
    url = reverse("web:map_data", args=[mission.slug])
    data = browser(viewer).get(url, {"zoom": 12, "bbox": "39,46,41,47", "category": "security"}).json()
    assert data["kind"] == "points" and [point["title"] for point in data["points"]] == [
        "<img src=x onerror=alert(1)>"  # sent as data; the page sets it with textContent
    ]
    assert data["points"][0]["url"].endswith(f"/events/{data['points'][0]['id']}/")
    outside = browser(viewer).get(url, {"zoom": 12, "bbox": "10,10,11,11"}).json()
    assert outside["total"] == 0


def test_bounds_and_cells():
    assert Bounds.parse("1,2,3,4") == Bounds(1, 2, 3, 4)
    assert Bounds.parse("nonsense") is None and Bounds.parse("3,2,1,4") is None
    assert cell_degrees(0) == 90.0


def test_timeline_groups_by_day_with_the_event_list_filters(browser, mission, viewer):
    _battle(mission, "First", day=dt.date(2023, 9, 19))
    _battle(mission, "Second", day=dt.date(2023, 9, 20))
    make_event(mission, "Convoy QX7", event_type="aid_delivery", date_start=dt.date(2023, 9, 20))
    page = (
        browser(viewer)
        .get(reverse("web:timeline", args=[mission.slug]) + "?category=security")
        .content.decode()
    )
    assert page.index("First") < page.index("Second") and "Convoy QX7" not in page
    assert "Tuesday 19 September 2023" in page


def test_event_list_filters_by_actor_and_figure(browser, mission, viewer):
    _battle(mission, "With figure", measures=KILLED)
    _battle(mission, "Without")
    page = (
        browser(viewer)
        .get(reverse("web:event_list", args=[mission.slug]) + "?measure=people_killed")
        .content.decode()
    )
    assert "With figure" in page and "Without" not in page
