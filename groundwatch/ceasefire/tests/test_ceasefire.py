from __future__ import annotations

import datetime as dt

import pytest

from groundwatch.ceasefire.compliance import agreement_compliance
from groundwatch.ceasefire.services import add_commitment, link_agreement_event, record_agreement
from groundwatch.core.errors import NotFound, PermissionDenied, ValidationFailed
from groundwatch.events.models import Evidence
from groundwatch.events.services import MeasureInput, set_verification
from groundwatch.tests.factories import make_actor, make_event, verify


@pytest.fixture
def scenario(mission, analyst, claim_for):
    forces = make_actor(mission, "Local armed formations", kind="rebel_group")
    government = make_actor(mission, "Government", kind="state_forces")
    agreement = record_agreement(
        mission=mission,
        actor=analyst,
        title="Ceasefire of 20 September",
        signed_on=dt.date(2023, 9, 20),
        parties=[forces, government],
    )
    vehicles = add_commitment(
        agreement=agreement,
        actor=analyst,
        party=forces,
        item="armoured_vehicles",
        declared_quantity=10,
        deadline_on=dt.date(2023, 9, 30),
    )
    arms = add_commitment(
        agreement=agreement, actor=analyst, party=forces, item="small_arms", declared_quantity=1000
    )
    first = make_event(
        mission,
        "First handover",
        event_type="weapons_handover",
        date_start=dt.date(2023, 9, 21),
        measures=[
            MeasureInput("armoured_vehicles", 6),
            MeasureInput("small_arms", 800, qualifier="more_than"),
        ],
        evidence=[claim_for("Six armoured vehicles and more than 800 small arms were handed over.")],
    )
    second = make_event(
        mission,
        "Second handover",
        event_type="weapons_handover",
        date_start=dt.date(2023, 9, 23),
        measures=[MeasureInput("armoured_vehicles", 2), MeasureInput("ammunition", 22000)],
    )
    verify(first)
    link_agreement_event(agreement=agreement, actor=analyst, event=first, role="handover", party=forces)
    link_agreement_event(agreement=agreement, actor=analyst, event=second, role="handover", party=forces)
    return agreement, vehicles, arms, first, second


def test_compliance_is_handed_over_over_declared_from_verified_events(scenario, analyst):
    agreement, _vehicles, _arms, first, _second = scenario
    result = agreement_compliance(agreement, analyst)
    assert result.verified_only
    by_item = {entry.commitment.item: entry for entry in result.commitments}
    assert (by_item["armoured_vehicles"].handed_over, by_item["armoured_vehicles"].ratio) == (6, 0.6)
    assert (by_item["small_arms"].handed_over, by_item["small_arms"].ratio) == (800, 0.8)
    assert [figure.event for figure in by_item["armoured_vehicles"].figures] == [first]
    assert by_item["small_arms"].figures[0].claims[0].quote.startswith("Six armoured vehicles")
    assert result.parties[0].ratio == 0.7


def test_including_unverified_counts_the_second_handover(scenario, analyst):
    agreement = scenario[0]
    result = agreement_compliance(agreement, analyst, include_unverified=True)
    vehicles = next(entry for entry in result.commitments if entry.commitment.item == "armoured_vehicles")
    assert (vehicles.handed_over, vehicles.ratio) == (8, 0.8)
    assert [(p.on, p.handed_over, p.ratio) for p in vehicles.series] == [
        (dt.date(2023, 9, 21), 6, 0.6),
        (dt.date(2023, 9, 23), 8, 0.8),
    ]
    assert vehicles.is_overdue(dt.date(2023, 10, 1)) and not vehicles.is_overdue(dt.date(2023, 9, 25))
    assert not result.verified_only


def test_as_of_cuts_the_count(scenario, analyst):
    result = agreement_compliance(scenario[0], analyst, include_unverified=True, as_of=dt.date(2023, 9, 22))
    vehicles = next(entry for entry in result.commitments if entry.commitment.item == "armoured_vehicles")
    assert vehicles.handed_over == 6


def test_discounted_events_never_count(scenario, analyst):
    agreement, *_rest, second = scenario
    set_verification(event=second, actor=None, status="discounted", rationale="Duplicate of another report.")
    result = agreement_compliance(agreement, analyst, include_unverified=True)
    vehicles = next(entry for entry in result.commitments if entry.commitment.item == "armoured_vehicles")
    assert vehicles.handed_over == 6


def test_links_check_event_type_and_party(scenario, mission, analyst):
    agreement = scenario[0]
    clash = make_event(mission, "Firing", event_type="ceasefire_violation", sub_event_type="firing")
    with pytest.raises(ValidationFailed, match="weapons_handover"):
        link_agreement_event(agreement=agreement, actor=analyst, event=clash, role="handover")
    outsider_party = make_actor(mission, "Third party")
    with pytest.raises(ValidationFailed, match="not a party"):
        link_agreement_event(
            agreement=agreement, actor=analyst, event=clash, role="violation", party=outsider_party
        )
    link_agreement_event(agreement=agreement, actor=analyst, event=clash, role="violation")
    with pytest.raises(ValidationFailed, match="already linked"):
        link_agreement_event(agreement=agreement, actor=analyst, event=clash, role="violation")


def test_commitments_count_weapon_items_of_parties(scenario, mission, analyst):
    agreement = scenario[0]
    party = agreement.parties.first()
    with pytest.raises(ValidationFailed):
        add_commitment(agreement=agreement, actor=analyst, party=party, item="food", declared_quantity=1)
    with pytest.raises(ValidationFailed):
        add_commitment(
            agreement=agreement, actor=analyst, party=party, item="small_arms", declared_quantity=0
        )


def test_roles_and_outsiders(scenario, viewer, outsider):
    agreement = scenario[0]
    party = agreement.parties.first()
    with pytest.raises(PermissionDenied):
        add_commitment(agreement=agreement, actor=viewer, party=party, item="ammunition", declared_quantity=5)
    with pytest.raises(NotFound):
        add_commitment(
            agreement=agreement, actor=outsider, party=party, item="ammunition", declared_quantity=5
        )


def test_evidence_above_clearance_is_left_out(scenario, viewer):
    agreement = scenario[0]
    result = agreement_compliance(agreement, viewer)
    assert result.commitments[0].handed_over == 6  # internal events are visible to viewers
    assert Evidence.objects.restrict(viewer).exists()


def test_api_compliance_and_links(scenario, mission, analyst, viewer, outsider, api):
    agreement, _vehicles, *_ = scenario
    body = api(viewer).get(f"/api/v1/agreements/{agreement.pk}/compliance").json()
    assert body["verified_only"] is True
    entry = next(c for c in body["commitments"] if c["item"] == "armoured_vehicles")
    assert (entry["declared"], entry["handed_over"], entry["compliance"]) == (10, 6, 0.6)
    assert entry["figures"][0]["claims"]
    body = api(viewer).get(f"/api/v1/agreements/{agreement.pk}/compliance?include_unverified=true").json()
    assert next(c for c in body["commitments"] if c["item"] == "armoured_vehicles")["handed_over"] == 8
    assert api(outsider).get(f"/api/v1/agreements/{agreement.pk}/compliance").status_code == 404
    party = agreement.parties.order_by("name").last()
    payload = {"party": party.pk, "item": "ammunition", "declared_quantity": 100}
    assert api(viewer).post_json(f"/api/v1/agreements/{agreement.pk}/commitments", payload).status_code == 403
    response = api(analyst).post_json(f"/api/v1/agreements/{agreement.pk}/commitments", payload)
    assert response.status_code == 201, response.json()
    assert len(response.json()["commitments"]) == 3
    response = api(analyst).post_json(
        "/api/v1/agreements",
        {"mission": mission.slug, "title": "Second", "signed_on": "2023-10-01", "parties": [party.pk]},
    )
    assert response.status_code == 201, response.json()


def test_handover_page_shows_compliance_and_evidence(scenario, mission, viewer, outsider, browser):
    agreement = scenario[0]
    page = browser(viewer).get(f"/m/{mission.slug}/ceasefire/{agreement.pk}/")
    assert page.status_code == 200
    assert (
        b"60 %" in page.content
        and b"verified events only" in page.content
        and b"First handover" in page.content
    )
    page = browser(viewer).get(f"/m/{mission.slug}/ceasefire/{agreement.pk}/?include_unverified=1")
    assert b"80 %" in page.content
    assert browser(viewer).get(f"/m/{mission.slug}/ceasefire/").status_code == 200
    assert browser(outsider).get(f"/m/{mission.slug}/ceasefire/{agreement.pk}/").status_code == 404
