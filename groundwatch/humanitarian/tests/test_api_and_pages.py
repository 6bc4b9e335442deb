from __future__ import annotations

import datetime as dt

import pytest

from groundwatch.geo.models import Place
from groundwatch.humanitarian.services import ItemInput, record_access_constraint, record_consignment


@pytest.fixture
def convoy(mission, analyst, places):
    return record_consignment(
        mission=mission,
        actor=analyst,
        reference="CONV-1",
        title="Food convoy",
        destination=Place.objects.search("Khankendi").first(),
        items=[ItemInput("food", 70)],
    )


def test_api_creates_and_moves_a_consignment(mission, analyst, api, claim_for, places):
    client = api(analyst)
    goris = Place.objects.search("Goris").first()
    response = client.post_json(
        "/api/v1/consignments",
        {
            "mission": mission.slug,
            "reference": "C-9",
            "title": "Relief",
            "origin": goris.pk,
            "items": [{"commodity": "food", "quantity": "12.5"}],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["origin"] == "Goris" and body["items"][0]["quantity"] == 12.5
    constraint = record_access_constraint(
        mission=mission,
        actor=analyst,
        category="impediments_to_entry",
        title="Border shut",
        started_on=dt.date(2023, 9, 1),
    )
    claim = claim_for("The relief convoy was refused at the border.")
    response = client.post_json(
        f"/api/v1/consignments/{body['id']}/status",
        {
            "status": "denied",
            "changed_on": "2023-09-20",
            "claim": claim.pk,
            "access_constraint": constraint.pk,
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "denied"
    assert response.json()["access_constraints"] == [constraint.pk]
    assert response.json()["status_history"][0]["claim"] == claim.pk


def test_api_refuses_a_transition_with_a_json_error(convoy, analyst, api, claim_for):
    claim = claim_for("Arrived")
    response = api(analyst).post_json(
        f"/api/v1/consignments/{convoy.pk}/status",
        {"status": "delivered", "changed_on": "2023-09-20", "claim": claim.pk},
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "status"


def test_viewer_gets_403_and_outsider_404_on_status_change(convoy, viewer, outsider, api):
    payload = {"status": "en_route", "changed_on": "2023-09-20"}
    assert api(viewer).post_json(f"/api/v1/consignments/{convoy.pk}/status", payload).status_code == 403
    assert api(outsider).post_json(f"/api/v1/consignments/{convoy.pk}/status", payload).status_code == 404
    assert api(outsider).get(f"/api/v1/consignments/{convoy.pk}").status_code == 404
    assert api(outsider).get("/api/v1/consignments").json()["count"] == 0


def test_api_lists_access_constraints_and_needs(mission, analyst, api, places, convoy):
    client = api(analyst)
    response = client.post_json(
        "/api/v1/access-constraints",
        {
            "mission": mission.slug,
            "category": "mines_uxo",
            "title": "Mined road",
            "started_on": "2023-09-01",
            "consignments": [convoy.pk],
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["consignments"] == [convoy.pk]
    assert (
        client.get(f"/api/v1/access-constraints?mission={mission.slug}&category=mines_uxo").json()["count"]
        == 1
    )
    goris = Place.objects.search("Goris").first()
    response = client.post_json(
        "/api/v1/needs",
        {
            "mission": mission.slug,
            "place": goris.pk,
            "sector": "shelter",
            "severity": 4,
            "assessed_on": "2023-09-26",
            "people_in_need": 20000,
        },
    )
    assert response.status_code == 201, response.json()
    assert client.get("/api/v1/needs?min_severity=4").json()["items"][0]["place_name"] == "Goris"


def test_pages_show_convoys_to_members_only(mission, convoy, viewer, outsider, browser):
    page = browser(viewer).get(f"/m/{mission.slug}/convoys/")
    assert page.status_code == 200 and b"Food convoy" in page.content
    detail = browser(viewer).get(f"/m/{mission.slug}/convoys/{convoy.pk}/")
    assert detail.status_code == 200 and b"70 tonnes" in detail.content
    assert browser(outsider).get(f"/m/{mission.slug}/convoys/{convoy.pk}/").status_code == 404
    assert browser(viewer).get(f"/m/{mission.slug}/access/").status_code == 200
    assert browser(viewer).get(f"/m/{mission.slug}/needs/").status_code == 200
