"""Extraction pipeline, no database: types, numbers, dates, places and refusals on fixture articles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from groundwatch.ingest.extraction import PIPELINE_VERSION, ExtractionRefused, extract_text
from groundwatch.ingest.extraction.dates import resolve_date
from groundwatch.ingest.extraction.output import extraction_json

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
PUBLISHED = dt.date(2023, 9, 24)  # a Sunday


@pytest.fixture(scope="module")
def wire():
    text = (ARTICLES / "karabakh_wire.txt").read_text("utf-8")
    return extraction_json("karabakh_wire.txt", extract_text(text, area_countries=["AZ", "AM"]))


def _events(data, event_type):
    return [event for event in data["events"] if event["type"] == event_type]


def _figures(event):
    return {(quantity["item"], quantity["value"], quantity["qualifier"]) for quantity in event["quantities"]}


def test_publication_date_is_read_from_the_dateline(wire):
    assert wire["published"] == "2023-09-24"
    assert wire["pipeline"].endswith(PIPELINE_VERSION)


def test_ceasefire_is_dated_to_the_wednesday_before_publication(wire):
    (ceasefire,) = _events(wire, "ceasefire_agreement")
    assert ceasefire["date"] == "2023-09-20" and ceasefire["date_precision"] == "day"
    assert ceasefire["country_iso3"] == "AZE"


def test_convoy_with_its_trucks_is_placed_in_khankendi(wire):
    convoy = next(event for event in _events(wire, "aid_delivery") if "convoy" in event["evidence"])
    assert ("trucks", 70, "exact") in _figures(convoy)
    assert convoy["location"] == "Khankendi" and convoy["geo_precision"] == 1
    assert convoy["date"] == "2023-09-23"


def test_food_tonnage_keeps_its_qualifier(wire):
    food = next(event for event in _events(wire, "aid_delivery") if "tonnes" in event["evidence"])
    assert ("food", 50, "more_than") in _figures(food)
    assert food["sub_type"] == "food" and food["location"] == "Karabakh"


def test_weapons_handover_counts_what_each_number_counts(wire):
    handover = next(
        event for event in _events(wire, "weapons_handover") if "peacekeepers" in event["evidence"]
    )
    assert handover["sub_type"] == "to_peacekeepers"
    assert {
        ("armoured_vehicles", 6, "exact"),
        ("small_arms", 800, "more_than"),
        ("ammunition", 22000, "exact"),
    } <= _figures(handover)
    (deployment,) = _events(wire, "force_deployment")
    assert ("personnel_deployed", 2000, "exact") in _figures(deployment)


def test_contested_places_are_found_under_either_name(wire):
    names = {place["location"] for place in wire["places"]}
    assert {"Khankendi", "Aghdam", "Karabakh", "Azerbaijan", "Armenia"} <= names


def test_every_event_points_at_its_words(wire):
    text = (ARTICLES / "karabakh_wire.txt").read_text("utf-8")
    for event in wire["events"]:
        start, end = event["evidence_span"]
        assert text[start:end].strip() == event["evidence"]


def test_fatalities_follow_acled_lowest_figure():
    text = (ARTICLES / "clash.txt").read_text("utf-8")
    data = extraction_json("clash.txt", extract_text(text, published_on=PUBLISHED))
    clash = next(event for event in _events(data, "battles") if event["fatalities"])
    assert clash["fatalities"] == 14 and clash["injured"] == 30
    assert clash["date"] == "2023-09-19"
    assert clash["location"] == "Goma" and clash["geo_precision"] == 2  # "near Goma"
    (fled,) = _events(data, "displacement")
    assert fled["date_precision"] == "week"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Saturday", ("2023-09-23", "2023-09-23", "day")),
        ("yesterday", ("2023-09-23", "2023-09-23", "day")),
        ("last week", ("2023-09-11", "2023-09-17", "week")),
        ("in 2020", ("2020-01-01", "2020-12-31", "year")),
        ("March 2022", ("2022-03-01", "2022-03-31", "month")),
        ("18-20 September", ("2023-09-18", "2023-09-20", "range")),
        ("19 September 2023", ("2023-09-19", "2023-09-19", "day")),
    ],
)
def test_dates_resolve_against_publication_and_keep_precision(phrase, expected):
    start, end, precision = resolve_date(phrase, PUBLISHED)
    assert (start.isoformat(), end.isoformat(), precision) == expected


def test_dozens_killed_counts_as_twelve():
    data = extraction_json(
        "x",
        extract_text(
            "Dozens of people were killed in an air strike on Aleppo on Monday.", published_on=PUBLISHED
        ),
    )
    (strike,) = data["events"]
    assert strike["sub_type"] == "air_drone_strike" and strike["fatalities"] == 12


def test_other_languages_are_flagged_not_extracted():
    text = (ARTICLES / "french.txt").read_text("utf-8")
    result = extract_text(text)
    assert not result.is_extracted and result.reason == "not extracted: language fr"


@pytest.mark.parametrize("text", ["", "   \n\t ", "\x00\x01\x02binary" * 50])
def test_unusable_text_is_refused_with_a_reason(text):
    with pytest.raises(ExtractionRefused):
        extract_text(text)


def test_every_gazetteer_place_gets_its_admin1_and_country_not_only_curated_ones():
    text = "Floods near Maiduguri displaced 2,000 families on Tuesday.\n\nFighting near Goma killed 3 people."
    data = extraction_json("x", extract_text(text, published_on=PUBLISHED))
    places = {place["location"]: place for place in data["places"]}
    assert (places["Maiduguri"]["admin1"], places["Maiduguri"]["country_iso3"]) == ("Borno", "NGA")
    assert (places["Goma"]["admin1"], places["Goma"]["country_iso3"]) == ("Nord Kivu", "COD")
    (displacement,) = _events(data, "displacement")
    assert displacement["admin1"] == "Borno"


def test_admin1_table_covers_the_gazetteer_towns():
    from groundwatch.geo.gazetteer import get_gazetteer
    from groundwatch.geo.gazetteer.admin1 import admin1_names

    assert admin1_names()[("SY", "09")] == "Aleppo" and admin1_names()[("US", "AK")] == "Alaska"
    assert get_gazetteer().lookup("Kharkiv")[0].admin1 == "Kharkiv"
    assert get_gazetteer().lookup("Mosul")[0].admin1 == "Ninawa"


def test_month_names_and_hits_are_not_protests():
    text = (
        "Prices rose 5 percent in March, the statistics office said.\n\n"
        "A shell struck a school in Kharkiv on Monday, killing two children."
    )
    data = extraction_json("x", extract_text(text, published_on=PUBLISHED))
    assert not _events(data, "protests")
    teachers = extraction_json(
        "x", extract_text("Teachers in Nairobi went on strike on Monday.", published_on=PUBLISHED)
    )
    assert _events(teachers, "protests")


def test_a_town_the_model_calls_an_organisation_is_still_found_after_in():
    data = extraction_json(
        "x",
        extract_text("Rival gangs fought inside a prison in Guayaquil on Tuesday.", published_on=PUBLISHED),
    )
    assert [place["location"] for place in data["places"]] == ["Guayaquil"]
    assert data["events"][0]["location"] == "Guayaquil" and data["events"][0]["admin1"] == "Guayas"


def test_titles_possessives_and_adjectives_are_not_organisations():
    text = (
        "Several of Armenia’s Western allies condemned the military operation, "
        "and the US Secretary of State said talks would continue."
    )
    names = {
        org["name"]
        for org in extraction_json("x", extract_text(text, published_on=PUBLISHED))["organizations"]
    }
    assert not names & {"State", "Military", "Armenia’s Western"}


def test_a_lone_number_the_model_calls_a_date_still_counts_the_wounded():
    text = "Artillery shells hit a market in Aleppo on Monday, killing at least 15 people and wounding 40."
    (strike,) = extraction_json("x", extract_text(text, published_on=PUBLISHED))["events"]
    assert ("people_injured", 40, "exact") in _figures(strike) and strike["injured"] == 40


def test_a_headline_that_the_body_repeats_is_one_event_not_two():
    text = (
        "Missile strike kills seven in Kharkiv\n\n"
        "A missile strike on a printing house in Kharkiv on Saturday killed seven people, officials said."
    )
    data = extraction_json("x", extract_text(text, published_on=PUBLISHED))
    (strike,) = _events(data, "explosions_remote_violence")
    assert strike["date"] == "2023-09-23" and strike["fatalities"] == 7
    alone = extraction_json(
        "x",
        extract_text(
            "Missile strike kills seven in Kharkiv\n\nOfficials gave no details.", published_on=PUBLISHED
        ),
    )
    assert len(_events(alone, "explosions_remote_violence")) == 1  # a headline with nothing after it is kept


def test_names_are_single_spaced_even_where_the_model_runs_over_a_paragraph_break(wire):
    names = [org["name"] for org in wire["organizations"]]
    names += [actor["name"] for event in wire["events"] for actor in event["actors"]]
    assert names and all(name == " ".join(name.split()) for name in names), names
