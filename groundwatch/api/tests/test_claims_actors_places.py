"""Claims, actors and the gazetteer through the API."""

from __future__ import annotations

from django.test import Client

from groundwatch.api.tests.conftest import error_fields
from groundwatch.core.choices import Confidentiality
from groundwatch.tests.factories import make_actor, make_claim, make_report


def test_analyst_records_a_claim_by_its_span_and_gets_the_exact_words(client_for, mission, analyst):
    report = make_report(mission, "On 19 September two civilians were killed in Askeran.")
    start = report.text.index("two civilians")

    response = client_for(analyst).post_json(
        "/api/v1/claims",
        {
            "report": report.pk,
            "span_start": start,
            "span_end": start + len("two civilians were killed"),
            "event_type": "killing",
            "date_start": "2023-09-19",
            "credibility": 3,
        },
    )

    assert response.status_code == 201, response.json()
    claim = response.json()
    assert claim["quote"] == "two civilians were killed"
    assert claim["report"] == report.pk
    assert claim["produced_by"] == "analyst"
    assert claim["date_end"] == "2023-09-19"


def test_claim_from_a_form_field_needs_no_span(client_for, mission, analyst):
    report = make_report(mission, "form submission", channel="field_app")

    response = client_for(analyst).post_json(
        "/api/v1/claims", {"report": report.pk, "field_path": "/data/casualties", "quote": "3"}
    )

    assert response.status_code == 201
    assert response.json()["field_path"] == "/data/casualties"


def test_claim_pointing_at_nothing_is_refused(client_for, mission, analyst):
    report = make_report(mission, "Something happened.")

    response = client_for(analyst).post_json("/api/v1/claims", {"report": report.pk})

    assert response.status_code == 422
    assert error_fields(response) == {"span_start"}


def test_claim_span_outside_the_text_is_refused(client_for, mission, analyst):
    report = make_report(mission, "Short.")

    response = client_for(analyst).post_json(
        "/api/v1/claims", {"report": report.pk, "span_start": 0, "span_end": 99}
    )

    assert response.status_code == 422
    assert error_fields(response) == {"span_end"}


def test_monitor_cannot_record_claims(client_for, mission, monitor):
    report = make_report(mission, "Something happened.")

    response = client_for(monitor).post_json(
        "/api/v1/claims", {"report": report.pk, "span_start": 0, "span_end": 9}
    )

    assert response.status_code == 403


def test_claims_are_listed_by_report(client_for, mission, analyst):
    first = make_report(mission, "Trucks arrived at noon.")
    second = make_report(mission, "Shots were heard.")
    claim = make_claim(first, "Trucks arrived")
    make_claim(second)
    client = client_for(analyst)

    listed = client.get(f"/api/v1/claims?mission={mission.slug}&report={first.pk}").json()

    assert [item["id"] for item in listed["items"]] == [claim.pk]
    assert client.get(f"/api/v1/claims?mission={mission.slug}").json()["count"] == 2


def test_outsider_gets_404_for_a_claim_and_cannot_add_one(client_for, mission, outsider):
    report = make_report(mission, "Trucks arrived at noon.")
    claim = make_claim(report)
    client = client_for(outsider)

    assert client.get(f"/api/v1/claims/{claim.pk}").status_code == 404
    assert client.get("/api/v1/claims").json()["count"] == 0
    assert (
        client.post_json("/api/v1/claims", {"report": report.pk, "span_start": 0, "span_end": 6}).status_code
        == 404
    )


def test_claims_of_a_confidential_report_are_hidden_from_viewers(client_for, mission, viewer, analyst):
    report = make_report(mission, "Witness names the unit.", confidentiality=Confidentiality.CONFIDENTIAL)
    claim = make_claim(report)

    assert client_for(viewer).get(f"/api/v1/claims/{claim.pk}").status_code == 404
    assert client_for(viewer).get("/api/v1/claims").json()["count"] == 0
    assert client_for(analyst).get(f"/api/v1/claims/{claim.pk}").status_code == 200


def test_analyst_records_an_actor_and_finds_it_by_alias(client_for, mission, analyst):
    client = client_for(analyst)

    created = client.post_json(
        "/api/v1/actors",
        {
            "mission": mission.slug,
            "name": "International Committee of the Red Cross",
            "kind": "humanitarian",
            "aliases": ["ICRC", "CICR"],
            "country_code": "ch",
        },
    )
    make_actor(mission, "Local police", kind="authority")

    assert created.status_code == 201, created.json()
    assert created.json()["country_code"] == "CH"
    found = client.get(f"/api/v1/actors?mission={mission.slug}&q=icrc").json()["items"]
    assert [actor["name"] for actor in found] == ["International Committee of the Red Cross"]
    by_kind = client.get("/api/v1/actors?kind=authority").json()["items"]
    assert [actor["name"] for actor in by_kind] == ["Local police"]


def test_duplicate_actor_name_is_refused(client_for, mission, analyst):
    make_actor(mission, "Local police", kind="authority")

    response = client_for(analyst).post_json(
        "/api/v1/actors", {"mission": mission.slug, "name": "Local police", "kind": "authority"}
    )

    assert response.status_code == 422
    assert error_fields(response) == {"name"}


def test_outsider_sees_no_actors(client_for, mission, outsider):
    actor = make_actor(mission, "Local police", kind="authority")

    assert client_for(outsider).get(f"/api/v1/actors/{actor.pk}").status_code == 404
    assert client_for(outsider).get("/api/v1/actors").json()["count"] == 0


def test_searching_stepanakert_finds_khankendi(client_for, viewer, places):
    response = client_for(viewer).get("/api/v1/places?q=Stepanakert")

    assert response.status_code == 200
    [place] = response.json()["items"]
    assert place["name"] == "Khankendi"
    assert "Stepanakert" in place["alternate_names"]
    detail = client_for(viewer).get(f"/api/v1/places/{place['id']}").json()
    assert detail["country_code"] == "AZ"


def test_places_need_a_signed_in_user(places):
    assert Client().get("/api/v1/places?q=Stepanakert").status_code == 401


def test_unknown_place_gives_404(client_for, viewer, places):
    assert client_for(viewer).get("/api/v1/places/999999").status_code == 404
