"""The demo mission's picture: convoys and the corridor closure, Goris hotels filling up, the handover
against a commitment, and alert rules. Called at the end of the demo loader; reuses the coded events.

Wording is ours. Declared quantities and hotel counts marked "illustrative" are demo figures, not
reported facts: the real declared inventory and per-night hotel counts were not published.
"""

from __future__ import annotations

import datetime as dt

from groundwatch.accounts.models import Mission
from groundwatch.assessment.services import create_alert_rule, evaluate_rules
from groundwatch.ceasefire.services import add_commitment, link_agreement_event, record_agreement
from groundwatch.core.choices import Confidentiality
from groundwatch.demo import scenario
from groundwatch.displacement.services import record_movement, record_occupancy, record_site
from groundwatch.events.models import Actor, Event
from groundwatch.geo.models import Place
from groundwatch.humanitarian.models import AccessConstraint
from groundwatch.humanitarian.services import (
    ItemInput,
    change_consignment_status,
    record_access_constraint,
    record_consignment,
)

sept = scenario.sept
EVALUATED_ON = sept(25)


def _actor(mission: Mission, key: str) -> Actor:
    return Actor.objects.get(mission=mission, name=scenario.ACTORS[key].name)


def _event(mission: Mission, title: str) -> Event:
    return Event.objects.get(mission=mission, title=title)


def _place(name: str) -> Place | None:
    return Place.objects.search(name).first()


def load_picture(mission: Mission) -> None:
    closure = _corridor(mission)
    _convoys(mission, closure)
    _sites(mission)
    _ceasefire(mission)
    _alert_rules(mission)
    evaluate_rules(mission=mission, actor=None, as_of=EVALUATED_ON)


def _corridor(mission: Mission) -> AccessConstraint:
    return record_access_constraint(
        mission=mission,
        actor=None,
        category="restriction_of_movement",
        title="Lachin corridor closed to relief convoys",
        description=(
            "The only road between Armenia and Karabakh had been obstructed since December 2022; from mid-June "
            "2023 relief convoys could no longer pass the checkpoint at the Hakari bridge."
        ),
        place=_place("Hakari bridge checkpoint"),
        imposed_by=_actor(mission, "az_border"),
        started_on=dt.date(2023, 6, 15),
        confidentiality=Confidentiality.PUBLIC,
    )


def _convoys(mission: Mission, closure: AccessConstraint) -> None:
    goris, khankendi = _place("Goris"), _place("Khankendi")
    icrc_event = _event(mission, "First ICRC convoy since the offensive heads for Karabakh")
    closure.events.add(icrc_event)
    icrc = record_consignment(
        mission=mission,
        actor=None,
        reference="ICRC-KARABAKH-2023",
        title="ICRC relief convoy to Karabakh",
        provider=_actor(mission, "icrc"),
        origin=goris,
        destination=khankendi,
        route="Lachin corridor by the Hakari bridge",
        planned_arrival_on=sept(23),
        items=[
            ItemInput("food", 70, description="food, hygiene items and medical supplies, about 70 tonnes")
        ],
        confidentiality=Confidentiality.PUBLIC,
    )
    change_consignment_status(
        consignment=icrc,
        actor=None,
        status="blocked",
        changed_on=dt.date(2023, 6, 15),
        event=icrc_event,
        access_constraint=closure,
        note="Relief convoys could not use the corridor from mid-June; the update of 23 September calls this "
        "the first convoy to head for the region since the hostilities.",
    )
    for status in ("en_route", "delivered"):
        change_consignment_status(
            consignment=icrc, actor=None, status=status, changed_on=sept(23), event=icrc_event
        )
    russian_event = _event(mission, "Russian food and relief delivered to Karabakh")
    russian = record_consignment(
        mission=mission,
        actor=None,
        reference="RU-2023-09-21",
        title="Russian food deliveries",
        provider=_actor(mission, "ru_peacekeepers"),
        destination=khankendi,
        planned_departure_on=sept(21),
        planned_arrival_on=sept(23),
        items=[ItemInput("food", 50, description="more than 50 tonnes")],
    )
    change_consignment_status(
        consignment=russian, actor=None, status="en_route", changed_on=sept(21), event=russian_event
    )
    change_consignment_status(
        consignment=russian, actor=None, status="delivered", changed_on=sept(23), event=russian_event
    )


def _sites(mission: Mission) -> None:
    beds = _event(mission, "Hotels and a gym in Goris turned into lodging; medicines needed")
    hotels = record_site(
        mission=mission,
        actor=None,
        name="Goris hotels",
        kind="hotel",
        capacity=1400,
        place=_place("Goris"),
        opened_on=sept(24),
        description="Hotel rooms near the border taken over for arrivals; about 1,400 beds.",
    )
    counts = ((sept(24), 350, 350), (sept(25), 1300, 950), (sept(26), 1550, 250))  # illustrative counts
    for day, occupants, arrivals in counts:
        record_occupancy(
            site=hotels,
            actor=None,
            observed_on=day,
            occupants=occupants,
            arrivals=arrivals,
            event=beds if day == sept(25) else None,
            note="Illustrative count for the demo.",
        )
    registered = _event(mission, "Arrivals registered at Kornidzor")
    record_movement(
        mission=mission,
        actor=None,
        moved_on=sept(24),
        moved_until_on=sept(26),
        origin=_place("Khankendi"),
        destination=_place("Kornidzor"),
        individuals=28000,
        individuals_low=6000,
        event=registered,
        note="Government registration, cumulative to 26 September; the low figure is the 25 September count.",
    )


def _ceasefire(mission: Mission) -> None:
    formations, forces = _actor(mission, "ka_forces"), _actor(mission, "az_forces")
    agreement = record_agreement(
        mission=mission,
        actor=None,
        title="Ceasefire of 20 September 2023",
        signed_on=sept(20),
        effective_on=sept(20),
        parties=[formations, forces],
        terms="Fighting stops; the Karabakh Armenian formations lay down their arms, leave their positions, "
        "disband and hand over heavy equipment, with the Russian peacekeepers receiving the weapons.",
    )
    note = "Illustrative declared quantity: the real declared inventory was not published."
    for item, quantity in (("armoured_vehicles", 10), ("small_arms", 1000), ("ammunition", 50000)):
        add_commitment(
            agreement=agreement,
            actor=None,
            party=formations,
            item=item,
            declared_quantity=quantity,
            deadline_on=sept(30),
            note=note,
        )
    for title in (
        "Ceasefire declared in Karabakh",
        "Karabakh Armenian formations agree to disarm and disband",
    ):
        link_agreement_event(
            agreement=agreement, actor=None, event=_event(mission, title), role="declaration"
        )
    link_agreement_event(
        agreement=agreement,
        actor=None,
        event=_event(mission, "Weapons handed over to Russian peacekeepers"),
        role="handover",
        party=formations,
    )


def _alert_rules(mission: Mission) -> None:
    create_alert_rule(
        mission=mission,
        actor=None,
        name="Mass displacement",
        kind="threshold",
        indicator="people_displaced",
        period="day",
        threshold=4000,
        include_unverified=True,
        is_public=True,
        cap_category="Safety",
        cap_severity="Severe",
        cap_urgency="Immediate",
        cap_certainty="Likely",
    )
    create_alert_rule(
        mission=mission,
        actor=None,
        name="Convoy blocked or denied",
        kind="new_access_denial",
        window_days=110,
    )
    create_alert_rule(
        mission=mission,
        actor=None,
        name="Handover stalled",
        kind="stalled_handover",
        include_unverified=True,
    )
