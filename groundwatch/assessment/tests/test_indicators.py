"""Indicator figures against hand-computed values, verified-only and with unverified events."""

from __future__ import annotations

import datetime as dt

import pytest

from groundwatch.assessment.indicators import IndicatorQuery, Scope, compute_indicator, period_label
from groundwatch.core.choices import Confidentiality
from groundwatch.events.services import MeasureInput, set_verification
from groundwatch.tests.factories import make_event, verify


@pytest.fixture
def picture(mission, places):
    e1 = make_event(
        mission,
        "Clash 1",
        event_type="battles",
        sub_event_type="armed_clash",
        place="Khankendi",
        date_start=dt.date(2023, 9, 19),
        measures=[MeasureInput("people_killed", 10, low=8, high=15)],
    )
    e2 = make_event(
        mission,
        "Clash 2",
        event_type="battles",
        sub_event_type="armed_clash",
        place="Khankendi",
        date_start=dt.date(2023, 9, 20),
        measures=[MeasureInput("people_killed", 5)],
    )
    e3 = make_event(
        mission,
        "Rumour",
        event_type="battles",
        place="Khankendi",
        date_start=dt.date(2023, 9, 20),
        measures=[MeasureInput("people_killed", 100)],
    )
    e4 = make_event(
        mission,
        "Arrivals 1",
        event_type="displacement",
        place="Goris",
        date_start=dt.date(2023, 9, 25),
        measures=[MeasureInput("people_displaced", 20000)],
    )
    e5 = make_event(
        mission,
        "Arrivals 2",
        event_type="displacement",
        place="Goris",
        date_start=dt.date(2023, 9, 26),
        measures=[MeasureInput("people_displaced", 30000)],
    )
    make_event(
        mission,
        "Secret arrivals",
        event_type="displacement",
        place="Goris",
        date_start=dt.date(2023, 9, 26),
        measures=[MeasureInput("people_displaced", 7)],
        confidentiality=Confidentiality.CONFIDENTIAL,
    )
    verify(e1)
    verify(e4)
    set_verification(event=e3, actor=None, status="discounted", rationale="Not borne out.")
    return e1, e2, e3, e4, e5


def series(mission, user, indicator, **fields):
    return compute_indicator(Scope(mission, user), IndicatorQuery(indicator=indicator, **fields))


def figures(result):
    return [(row.area, row.period_label, row.key, row.values) for row in result.rows]


def test_fatalities_low_best_high_verified_only(picture, mission, viewer):
    result = series(mission, viewer, "fatalities", area_level="country", period="month")
    assert result.verified_only
    assert figures(result) == [("AZ", "2023-09", "people_killed", {"low": 8.0, "best": 10.0, "high": 15.0})]
    assert result.rows[0].event_ids == {picture[0].pk}


def test_fatalities_including_unverified_leave_discounted_out(picture, mission, viewer):
    result = series(
        mission, viewer, "fatalities", area_level="country", period="month", include_unverified=True
    )
    assert not result.verified_only
    assert figures(result) == [("AZ", "2023-09", "people_killed", {"low": 13.0, "best": 15.0, "high": 20.0})]


def test_events_by_type_per_iso_week(picture, mission, viewer):
    verified = series(mission, viewer, "events", area_level="admin1", period="week")
    assert figures(verified) == [
        ("Khankendi", "2023-W38", "security/battles", {"events": 1.0}),
        ("Syunik", "2023-W39", "humanitarian/displacement", {"events": 1.0}),
    ]
    everything = series(
        mission, viewer, "events", area_level="country", period="week", include_unverified=True
    )
    assert [(row.area, row.period_label, row.values["events"]) for row in everything.rows] == [
        ("AZ", "2023-W38", 2.0),
        ("AM", "2023-W39", 2.0),
    ]


def test_people_displaced_by_day_and_place_respects_clearance(picture, mission, viewer, analyst):
    verified = series(mission, viewer, "people_displaced", area_level="place", period="day")
    assert figures(verified) == [("Goris", "2023-09-25", "people_displaced", {"people": 20000.0})]
    everything = series(
        mission, viewer, "people_displaced", area_level="place", period="day", include_unverified=True
    )
    assert [row.values["people"] for row in everything.rows] == [20000.0, 30000.0]
    cleared = series(
        mission, analyst, "people_displaced", area_level="place", period="day", include_unverified=True
    )
    assert [row.values["people"] for row in cleared.rows] == [20000.0, 30007.0]


def test_outsiders_see_nothing(picture, mission, outsider):
    assert series(mission, outsider, "fatalities", include_unverified=True).rows == []


def test_period_labels():
    assert period_label(dt.date(2023, 9, 18), "week") == "2023-W38"
    assert period_label(dt.date(2023, 9, 1), "month") == "2023-09"
    assert period_label(dt.date(2023, 9, 23), "day") == "2023-09-23"


def test_unknown_dimensions_are_refused(mission, viewer):
    with pytest.raises(ValueError):
        series(mission, viewer, "fatalities", area_level="1=1; drop table")
    with pytest.raises(ValueError):
        series(mission, viewer, "secrets")


def test_api_takes_only_allow_listed_dimensions(picture, mission, viewer, outsider, api):
    client = api(viewer)
    body = client.get(f"/api/v1/indicators/fatalities?mission={mission.slug}&include_unverified=true").json()
    assert body["verified_only"] is False and body["rows"][0]["values"]["best"] == 15.0
    assert (
        client.get(f"/api/v1/indicators/fatalities?mission={mission.slug}&area=province").status_code == 422
    )
    assert client.get(f"/api/v1/indicators/drop_table?mission={mission.slug}").status_code == 422
    assert api(outsider).get(f"/api/v1/indicators/fatalities?mission={mission.slug}").status_code == 404


def test_indicator_page_says_which_events_count(picture, mission, viewer, browser):
    page = browser(viewer).get(f"/m/{mission.slug}/indicators/?indicator=fatalities")
    assert page.status_code == 200 and b"verified events only" in page.content
    page = browser(viewer).get(f"/m/{mission.slug}/indicators/?indicator=fatalities&include_unverified=1")
    assert b"verified and unverified" in page.content


def test_successive_figures_of_one_event_are_not_added_up(mission, places):
    make_event(
        mission,
        "Arrivals at Kornidzor",
        event_type="displacement",
        place="Kornidzor",
        date_start=dt.date(2023, 9, 24),
        date_end=dt.date(2023, 9, 27),
        date_precision="range",
        measures=[
            MeasureInput("people_displaced", 6000, as_of_on=dt.date(2023, 9, 25)),
            MeasureInput("people_displaced", 28000, as_of_on=dt.date(2023, 9, 27)),
        ],
    )
    query = IndicatorQuery(indicator="people_displaced", period="month", include_unverified=True)
    result = compute_indicator(Scope(mission=mission), query)
    assert [row.values["people"] for row in result.rows] == [28000]
