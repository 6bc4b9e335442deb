"""Events through the API: coding, editing with versions, verification, evidence, merging, filters."""

from __future__ import annotations

import datetime as dt

import pytest

from groundwatch.api.tests.conftest import error_fields
from groundwatch.core.choices import Confidentiality
from groundwatch.events.services import MeasureInput, link_evidence, set_verification
from groundwatch.tests.factories import make_actor, make_claim, make_event, make_report, make_source


def _event_payload(mission, **fields):
    payload = {
        "mission": mission.slug,
        "title": "Convoy delivers food to Khankendi",
        "event_type": "aid_delivery",
        "date_start": "2023-09-23",
    }
    payload.update(fields)
    return payload


def test_analyst_codes_an_event_with_figures_actors_and_evidence(client_for, mission, analyst, places):
    report = make_report(mission, "An ICRC convoy brought 70 tonnes of food to Khankendi.")
    claim = make_claim(report, "70 tonnes of food")
    icrc = make_actor(mission, "ICRC", kind="humanitarian")
    khankendi = client_for(analyst).get("/api/v1/places?q=Khankendi").json()["items"][0]

    response = client_for(analyst).post_json(
        "/api/v1/events",
        _event_payload(
            mission,
            place=khankendi["id"],
            measures=[{"item": "food", "value": "70", "unit": "tonnes", "claim": claim.pk}],
            actors=[{"actor": icrc.pk, "role": "provider"}],
            evidence=[claim.pk],
        ),
    )

    assert response.status_code == 201, response.json()
    event = response.json()
    assert event["category"] == "humanitarian"
    assert event["place_name"] == "Khankendi"
    assert event["latitude"] == pytest.approx(39.8153)
    assert [(m["item"], m["value"], m["unit"]) for m in event["measures"]] == [("food", 70.0, "tonnes")]
    assert event["actors"] == [{"actor": icrc.pk, "name": "ICRC", "kind": "humanitarian", "role": "provider"}]
    assert [(e["claim"], e["stance"], e["quote"], e["report"]) for e in event["evidence"]] == [
        (claim.pk, "supports", "70 tonnes of food", report.pk)
    ]
    assert event["version"] == 1
    assert event["verification_status"] == "reported"


def test_viewer_cannot_code_an_event_but_can_list_events(client_for, mission, viewer):
    make_event(mission, "Checkpoint closed")
    client = client_for(viewer)

    refused = client.post_json("/api/v1/events", _event_payload(mission))

    assert refused.status_code == 403
    assert [item["title"] for item in client.get("/api/v1/events").json()["items"]] == ["Checkpoint closed"]


def test_viewer_cannot_see_a_confidential_event_but_an_analyst_can(client_for, mission, viewer, analyst):
    secret = make_event(mission, "Detention of a witness", confidentiality=Confidentiality.CONFIDENTIAL)
    make_event(mission, "Aid delivered")

    viewer_client, analyst_client = client_for(viewer), client_for(analyst)

    assert [e["title"] for e in viewer_client.get("/api/v1/events").json()["items"]] == ["Aid delivered"]
    assert viewer_client.get(f"/api/v1/events/{secret.pk}").status_code == 404
    assert analyst_client.get(f"/api/v1/events/{secret.pk}").json()["confidentiality"] == "confidential"
    assert analyst_client.get("/api/v1/events").json()["count"] == 2


def test_outsider_gets_404_for_an_event_and_lists_nothing(client_for, mission, outsider):
    event = make_event(mission, "Shelling of Askeran")
    client = client_for(outsider)

    assert client.get(f"/api/v1/events/{event.pk}").status_code == 404
    assert client.patch_json(f"/api/v1/events/{event.pk}", {"version": 1, "title": "x"}).status_code == 404
    assert client.get(f"/api/v1/events/{event.pk}/measures").status_code == 404
    assert client.get("/api/v1/events").json() == {"items": [], "count": 0}
    assert client.post_json("/api/v1/events", _event_payload(mission)).status_code == 404


def test_evidence_from_a_report_the_viewer_may_not_see_is_left_out(client_for, mission, viewer):
    event = make_event(mission, "Aid delivered")
    open_claim = make_claim(make_report(mission, "Trucks arrived."))
    secret_claim = make_claim(
        make_report(mission, "Source inside says 40 trucks.", confidentiality=Confidentiality.CONFIDENTIAL)
    )
    link_evidence(event=event, claim=open_claim, actor=None)
    link_evidence(event=event, claim=secret_claim, actor=None)

    evidence = client_for(viewer).get(f"/api/v1/events/{event.pk}").json()["evidence"]

    assert [item["claim"] for item in evidence] == [open_claim.pk]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date_start": "not-a-date"}, "date_start"),
        ({"title": None}, "title"),
        ({"measures": [{"item": "food"}]}, "measures.0.value"),
        ({"latitude": 123}, "latitude"),
    ],
)
def test_malformed_event_is_refused_naming_the_field(client_for, mission, analyst, changes, field):
    payload = {key: value for key, value in _event_payload(mission, **changes).items() if value is not None}

    response = client_for(analyst).post_json("/api/v1/events", payload)

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_payload"
    assert error_fields(response) == {field}


def test_unknown_event_type_is_refused(client_for, mission, analyst):
    response = client_for(analyst).post_json(
        "/api/v1/events", _event_payload(mission, event_type="alien_landing")
    )

    assert response.status_code == 422
    assert error_fields(response) == {"event_type"}
    assert "alien_landing" in response.json()["error"]["message"]


def test_edit_with_current_version_changes_the_event_and_raises_the_version(client_for, mission, analyst):
    event = make_event(mission, "Convoy")

    response = client_for(analyst).patch_json(
        f"/api/v1/events/{event.pk}",
        {"version": 1, "title": "Convoy of 12 trucks", "confidentiality": "public"},
    )

    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "Convoy of 12 trucks"
    assert response.json()["confidentiality"] == "public"
    assert response.json()["version"] == 2


def test_stale_edit_is_refused_with_409_instead_of_overwriting(client_for, mission, analyst):
    event = make_event(mission, "Convoy")
    client = client_for(analyst)
    assert (
        client.patch_json(f"/api/v1/events/{event.pk}", {"version": 1, "title": "First edit"}).status_code
        == 200
    )

    response = client.patch_json(f"/api/v1/events/{event.pk}", {"version": 1, "title": "Second edit"})

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "edit_conflict"
    assert client.get(f"/api/v1/events/{event.pk}").json()["title"] == "First edit"


def test_edit_without_version_is_refused(client_for, mission, analyst):
    event = make_event(mission, "Convoy")

    response = client_for(analyst).patch_json(f"/api/v1/events/{event.pk}", {"title": "No version"})

    assert response.status_code == 422
    assert error_fields(response) == {"version"}


def test_viewer_cannot_edit_an_event(client_for, mission, viewer):
    event = make_event(mission, "Convoy")

    assert (
        client_for(viewer).patch_json(f"/api/v1/events/{event.pk}", {"version": 1, "title": "x"}).status_code
        == 403
    )


def test_only_coordinators_set_verification_and_it_is_kept_in_history(
    client_for, mission, analyst, coordinator
):
    event = make_event(mission, "Convoy")
    body = {
        "status": "verified",
        "standard_of_proof": "reasonable_grounds",
        "rationale": "Seen by two monitors.",
    }

    assert client_for(analyst).post_json(f"/api/v1/events/{event.pk}/verification", body).status_code == 403
    response = client_for(coordinator).post_json(f"/api/v1/events/{event.pk}/verification", body)

    assert response.status_code == 200, response.json()
    assert response.json()["verification_status"] == "verified"
    assert [
        (step["from_status"], step["to_status"], step["changed_by"])
        for step in response.json()["verification_history"]
    ] == [("reported", "verified", "coordinator")]


def test_verified_without_rationale_is_refused_naming_the_field(client_for, mission, coordinator):
    event = make_event(mission, "Convoy")

    response = client_for(coordinator).post_json(
        f"/api/v1/events/{event.pk}/verification",
        {"status": "verified", "standard_of_proof": "reasonable_grounds"},
    )

    assert response.status_code == 422
    assert error_fields(response) == {"rationale"}


def test_analyst_links_a_contradicting_claim(client_for, mission, analyst):
    event = make_event(mission, "Convoy")
    claim = make_claim(make_report(mission, "No convoy came that day."))

    response = client_for(analyst).post_json(
        f"/api/v1/events/{event.pk}/evidence", {"claim": claim.pk, "stance": "contradicts"}
    )

    assert response.status_code == 201, response.json()
    assert response.json()["quote"] == "No convoy came that day."
    evidence = client_for(analyst).get(f"/api/v1/events/{event.pk}").json()["evidence"]
    assert [(item["claim"], item["stance"]) for item in evidence] == [(claim.pk, "contradicts")]


def test_claim_of_another_mission_cannot_be_linked(client_for, mission, other_mission, analyst):
    event = make_event(mission, "Convoy")
    foreign = make_claim(make_report(other_mission, "Elsewhere."))

    response = client_for(analyst).post_json(f"/api/v1/events/{event.pk}/evidence", {"claim": foreign.pk})

    assert response.status_code == 422
    assert error_fields(response) == {"claim"}


def test_merged_duplicate_leaves_the_list_unless_asked_for(client_for, mission, analyst):
    kept = make_event(mission, "Convoy reaches Khankendi")
    duplicate = make_event(mission, "Aid trucks arrive")
    client = client_for(analyst)

    response = client.post_json(
        f"/api/v1/events/{kept.pk}/merge", {"duplicates": [duplicate.pk], "rationale": "Same convoy."}
    )

    assert response.status_code == 200, response.json()
    assert [e["id"] for e in client.get("/api/v1/events").json()["items"]] == [kept.pk]
    listed = client.get("/api/v1/events?include_merged=true").json()["items"]
    assert {e["id"]: e["merged_into"] for e in listed} == {kept.pk: None, duplicate.pk: kept.pk}


def test_analyst_adds_a_figure_to_an_event(client_for, mission, analyst):
    event = make_event(mission, "Displacement from Khankendi", event_type="displacement")
    client = client_for(analyst)

    added = client.post_json(
        f"/api/v1/events/{event.pk}/measures",
        {"item": "people_displaced", "value": 10000, "qualifier": "more_than", "as_of_on": "2023-09-26"},
    )

    assert added.status_code == 201, added.json()
    assert added.json()["unit"] == "people"
    listed = client.get(f"/api/v1/events/{event.pk}/measures").json()
    assert [(m["item"], m["value"], m["qualifier"]) for m in listed] == [
        ("people_displaced", 10000.0, "more_than")
    ]


def test_figure_in_the_wrong_unit_is_refused(client_for, mission, analyst):
    event = make_event(mission, "Convoy")

    response = client_for(analyst).post_json(
        f"/api/v1/events/{event.pk}/measures", {"item": "food", "value": 70, "unit": "rounds"}
    )

    assert response.status_code == 422
    assert error_fields(response) == {"unit"}


class TestEventFilters:
    @pytest.fixture
    def events(self, mission, places):
        convoy = make_event(
            mission, "Convoy reaches Khankendi", place="Khankendi", date_start=dt.date(2023, 9, 25)
        )
        shelling = make_event(
            mission,
            "Shelling near the bridge",
            event_type="explosions_remote_violence",
            sub_event_type="shelling_artillery_missile_attack",
            place="Goris",
            date_start=dt.date(2023, 9, 19),
            date_end=dt.date(2023, 9, 20),
            description="Artillery fire hit houses.",
        )
        statement = make_event(
            mission,
            "Ministry statement",
            event_type="statement",
            place="Yerevan",
            date_start=dt.date(2023, 10, 3),
        )
        set_verification(
            event=convoy,
            actor=None,
            status="verified",
            standard_of_proof="reasonable_grounds",
            rationale="Seen.",
        )
        return {"convoy": convoy.pk, "shelling": shelling.pk, "statement": statement.pk}

    @pytest.fixture
    def titles(self, client_for, analyst, events):
        client = client_for(analyst)
        names = {pk: name for name, pk in events.items()}

        def list_names(query: str) -> set[str]:
            response = client.get(f"/api/v1/events?{query}")
            assert response.status_code == 200, response.json()
            return {names[item["id"]] for item in response.json()["items"]}

        return list_names

    def test_by_type_and_category(self, titles, mission):
        assert titles("event_type=explosions_remote_violence") == {"shelling"}
        assert titles("sub_event_type=shelling_artillery_missile_attack") == {"shelling"}
        assert titles("category=humanitarian") == {"convoy"}
        assert titles(f"mission={mission.slug}") == {"convoy", "shelling", "statement"}

    def test_by_verification_status(self, titles):
        assert titles("status=verified") == {"convoy"}
        assert titles("status=reported") == {"shelling", "statement"}

    def test_by_overlapping_date_range(self, titles):
        assert titles("date_from=2023-09-20&date_to=2023-09-30") == {"convoy", "shelling"}
        assert titles("date_from=2023-10-01") == {"statement"}
        assert titles("date_to=2023-09-19") == {"shelling"}

    def test_by_bounding_box(self, titles):
        # Around Khankendi (46.75 E, 39.82 N); Goris and Yerevan lie outside.
        assert titles("bbox=46.6,39.7,46.9,39.9") == {"convoy"}
        assert titles("bbox=44,39,47,41") == {"convoy", "shelling", "statement"}

    def test_by_place(self, titles, events):
        from groundwatch.events.models import Event

        assert titles(f"place={Event.objects.get(pk=events['statement']).place_id}") == {"statement"}

    def test_by_words_in_title_description_or_location(self, titles):
        assert titles("q=ministry") == {"statement"}
        assert titles("q=artillery") == {"shelling"}
        assert titles("q=goris") == {"shelling"}

    def test_malformed_bbox_is_refused(self, client_for, analyst, events):
        response = client_for(analyst).get("/api/v1/events?bbox=46,39,47")

        assert response.status_code == 422
        assert error_fields(response) == {"bbox"}


def test_list_is_paged_with_a_total_count(client_for, mission, analyst):
    for day in range(1, 8):
        make_event(mission, f"Day {day}", date_start=dt.date(2023, 9, day))
    client = client_for(analyst)

    first = client.get("/api/v1/events?limit=3").json()
    last = client.get("/api/v1/events?limit=3&offset=6").json()

    assert first["count"] == 7
    assert [e["title"] for e in first["items"]] == ["Day 7", "Day 6", "Day 5"]
    assert [e["title"] for e in last["items"]] == ["Day 1"]
    assert client.get("/api/v1/events?limit=100000").status_code == 422


def test_listing_many_events_takes_no_more_queries_than_listing_one(
    client_for, mission, analyst, django_assert_max_num_queries
):
    make_event(mission, measures=[MeasureInput(item="food", value=1, unit="tonnes")])
    client = client_for(analyst)
    client.get("/api/v1/events")  # warm the token's last-used stamp
    with django_assert_max_num_queries(8) as few:
        client.get("/api/v1/events")
    for _ in range(10):
        make_event(mission, measures=[MeasureInput(item="food", value=1, unit="tonnes")])

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/events").json()["count"] == 11


def test_corroboration_needs_two_independent_sources(client_for, mission, coordinator):
    event = make_event(mission, "Convoy")
    first = make_claim(make_report(mission, "Convoy seen.", source=make_source(mission, "Monitor A")))
    link_evidence(event=event, claim=first, actor=None)

    response = client_for(coordinator).post_json(
        f"/api/v1/events/{event.pk}/verification", {"status": "corroborated"}
    )

    assert response.status_code == 422
    assert "two independent sources" in response.json()["error"]["message"]


def test_edit_may_clear_the_place_but_not_the_title(client_for, mission, analyst, places):
    event = make_event(mission, "Convoy", place="Khankendi")
    client = client_for(analyst)

    refused = client.patch_json(f"/api/v1/events/{event.pk}", {"version": 1, "title": None})
    cleared = client.patch_json(f"/api/v1/events/{event.pk}", {"version": 1, "place": None})

    assert refused.status_code == 422
    assert error_fields(refused) == {"title"}
    assert cleared.status_code == 200, cleared.json()
    assert cleared.json()["place"] is None
    assert cleared.json()["title"] == "Convoy"
