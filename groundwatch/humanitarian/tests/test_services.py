from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from groundwatch.audit.models import AuditRecord
from groundwatch.core.choices import Confidentiality
from groundwatch.core.errors import NotFound, PermissionDenied, ValidationFailed
from groundwatch.geo.models import Place
from groundwatch.humanitarian.models import Consignment
from groundwatch.humanitarian.services import (
    ItemInput,
    change_consignment_status,
    link_access_constraint,
    record_access_constraint,
    record_consignment,
    record_need,
)
from groundwatch.tests.factories import make_actor, make_event

DAY = dt.date(2023, 9, 18)


@pytest.fixture
def convoy(mission, analyst, places):
    return record_consignment(
        mission=mission,
        actor=analyst,
        reference="CONV-1",
        title="Food convoy to Khankendi",
        provider=make_actor(mission, "ICRC", kind="humanitarian"),
        origin=Place.objects.search("Goris").first(),
        destination=Place.objects.search("Khankendi").first(),
        route="Lachin corridor",
        planned_departure_on=DAY,
        items=[ItemInput("food", 70), ItemInput("medical_supplies", 5, "tonnes")],
    )


@pytest.fixture
def checkpoint_closure(mission, analyst):
    return record_access_constraint(
        mission=mission,
        actor=analyst,
        category="restriction_of_movement",
        title="Checkpoint closed to relief traffic",
        started_on=dt.date(2023, 6, 15),
    )


def test_a_consignment_is_registered_with_its_items_and_audited(convoy):
    assert convoy.status == "planned"
    assert [str(item) for item in convoy.items.all()] == ["70 tonnes food", "5 tonnes medical_supplies"]
    assert AuditRecord.objects.filter(action="consignment.create", object_id=str(convoy.pk)).exists()


def test_a_blocked_convoy_must_name_its_access_constraint_and_is_linked_to_it(
    convoy, analyst, claim_for, checkpoint_closure
):
    claim = claim_for("The convoy was stopped at the checkpoint.")
    with pytest.raises(ValidationFailed) as error:
        change_consignment_status(
            consignment=convoy, actor=analyst, status="blocked", changed_on=DAY, claim=claim
        )
    assert error.value.field == "access_constraint"
    change = change_consignment_status(
        consignment=convoy,
        actor=analyst,
        status="blocked",
        changed_on=DAY,
        claim=claim,
        access_constraint=checkpoint_closure,
    )
    assert convoy.status == "blocked"
    assert change.from_status == "planned"
    assert list(checkpoint_closure.consignments.all()) == [convoy]


def test_every_status_change_needs_evidence(convoy, analyst):
    with pytest.raises(ValidationFailed) as error:
        change_consignment_status(consignment=convoy, actor=analyst, status="en_route", changed_on=DAY)
    assert error.value.field == "claim"


def test_only_allowed_transitions(convoy, analyst, claim_for):
    claim = claim_for("The convoy arrived.")
    with pytest.raises(ValidationFailed, match="can move to"):
        change_consignment_status(
            consignment=convoy, actor=analyst, status="delivered", changed_on=DAY, claim=claim
        )


def test_delivery_records_what_arrived(convoy, analyst, claim_for):
    claim = claim_for("The convoy left and arrived.")
    change_consignment_status(
        consignment=convoy, actor=analyst, status="en_route", changed_on=DAY, claim=claim
    )
    change_consignment_status(
        consignment=convoy,
        actor=analyst,
        status="delivered",
        changed_on=DAY + dt.timedelta(days=1),
        claim=claim,
    )
    convoy.refresh_from_db()
    assert convoy.departed_on == DAY and convoy.arrived_on == DAY + dt.timedelta(days=1)
    assert [item.delivered_quantity for item in convoy.items.all()] == [Decimal(70), Decimal(5)]
    with pytest.raises(ValidationFailed, match="final"):
        change_consignment_status(
            consignment=convoy, actor=analyst, status="blocked", changed_on=DAY, claim=claim
        )


def test_partial_delivery_takes_quantities_per_line(convoy, analyst, claim_for):
    claim = claim_for("Only part of the food arrived.")
    food, medical = convoy.items.all()
    change_consignment_status(
        consignment=convoy, actor=analyst, status="en_route", changed_on=DAY, claim=claim
    )
    with pytest.raises(ValidationFailed, match="More delivered"):
        change_consignment_status(
            consignment=convoy,
            actor=analyst,
            status="partially_delivered",
            changed_on=DAY,
            claim=claim,
            delivered={food.pk: 80},
        )
    change_consignment_status(
        consignment=convoy,
        actor=analyst,
        status="partially_delivered",
        changed_on=DAY,
        claim=claim,
        delivered={food.pk: 40},
    )
    food.refresh_from_db()
    medical.refresh_from_db()
    assert (food.delivered_quantity, medical.delivered_quantity) == (Decimal(40), Decimal(0))


def test_commodities_and_units_come_from_the_vocabulary(mission, analyst):
    with pytest.raises(ValidationFailed) as error:
        record_consignment(
            mission=mission, actor=analyst, reference="X", title="X", items=[ItemInput("gold", 1)]
        )
    assert error.value.field == "commodity"
    with pytest.raises(ValidationFailed) as error:
        record_consignment(
            mission=mission, actor=analyst, reference="X", title="X", items=[ItemInput("food", 1, "rounds")]
        )
    assert error.value.field == "unit"


def test_viewer_may_not_register_and_outsider_gets_not_found(mission, viewer, outsider):
    with pytest.raises(PermissionDenied):
        record_consignment(mission=mission, actor=viewer, reference="X", title="X", items=[])
    with pytest.raises(NotFound):
        record_consignment(mission=mission, actor=outsider, reference="X", title="X", items=[])


def test_access_constraints_use_ochas_categories_and_link_events(
    mission, analyst, checkpoint_closure, convoy
):
    with pytest.raises(ValidationFailed):
        record_access_constraint(
            mission=mission, actor=analyst, category="bad_weather", title="x", started_on=DAY
        )
    event = make_event(
        mission,
        "Convoy turned back",
        event_type="access_constraint",
        sub_event_type="restriction_of_movement",
    )
    link_access_constraint(constraint=checkpoint_closure, actor=analyst, event=event, consignment=convoy)
    assert list(checkpoint_closure.events.all()) == [event]
    assert checkpoint_closure.pillar == "Agencies' access to people"


def test_evidence_from_another_mission_is_refused(convoy, analyst, other_mission):
    foreign = make_event(other_mission, "Elsewhere")
    with pytest.raises(ValidationFailed):
        change_consignment_status(
            consignment=convoy, actor=analyst, status="en_route", changed_on=DAY, event=foreign
        )


def test_needs_have_a_severity_from_one_to_five(mission, analyst, places):
    place = Place.objects.search("Goris").first()
    with pytest.raises(ValidationFailed):
        record_need(
            mission=mission, actor=analyst, place=place, sector="shelter", severity=6, assessed_on=DAY
        )
    need = record_need(
        mission=mission,
        actor=analyst,
        place=place,
        sector="shelter",
        severity=4,
        people_in_need=20000,
        assessed_on=DAY,
        confidentiality=Confidentiality.CONFIDENTIAL,
    )
    assert str(need) == "Shelter and non-food items at Goris: severity 4"


def test_confidential_consignments_are_hidden_from_viewers(mission, analyst, viewer):
    record_consignment(
        mission=mission,
        actor=analyst,
        reference="SECRET",
        title="Sensitive delivery",
        items=[],
        confidentiality=Confidentiality.CONFIDENTIAL,
    )
    assert Consignment.objects.restrict(viewer).count() == 0
    assert Consignment.objects.restrict(analyst).count() == 1
