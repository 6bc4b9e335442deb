"""Regression tests for vulnerabilities the security suite found."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from groundwatch.assessment.services import create_alert_rule, evaluate_rules
from groundwatch.core.choices import Confidentiality
from groundwatch.humanitarian.services import (
    ItemInput,
    change_consignment_status,
    record_access_constraint,
    record_consignment,
)
from groundwatch.tests.factories import make_event

DAY = dt.date(2023, 9, 20)


def _blocked_convoy(mission, title: str, level: int) -> None:
    event = make_event(mission, f"Convoy stopped ({title})", confidentiality=level)
    convoy = record_consignment(
        mission=mission,
        actor=None,
        reference=title,
        title=title,
        items=[ItemInput("food", 5)],
        confidentiality=level,
    )
    constraint = record_access_constraint(
        mission=mission, actor=None, category="restriction_of_movement", title="Closure", started_on=DAY
    )
    change_consignment_status(
        consignment=convoy,
        actor=None,
        status="blocked",
        changed_on=DAY,
        event=event,
        access_constraint=constraint,
    )


@pytest.mark.django_db
def test_a_public_alert_rule_does_not_publish_internal_convoys(mission) -> None:
    """Found by the matrix: a public rule's alerts (public feed, public CAP) named internal convoys."""
    _blocked_convoy(mission, "Internal convoy KX-7", Confidentiality.INTERNAL)
    _blocked_convoy(mission, "Public convoy PB-1", Confidentiality.PUBLIC)
    create_alert_rule(
        mission=mission,
        actor=None,
        name="Blocked (public)",
        kind="new_access_denial",
        window_days=9,
        is_public=True,
    )
    create_alert_rule(
        mission=mission, actor=None, name="Blocked (members)", kind="new_access_denial", window_days=9
    )

    fired = evaluate_rules(mission=mission, actor=None, as_of=DAY)

    public = [alert for alert in fired if alert.is_public]
    members = [alert for alert in fired if not alert.is_public]
    assert [alert.figures["consignment"] for alert in public] == ["Public convoy PB-1"]
    assert sorted(alert.figures["consignment"] for alert in members) == [
        "Internal convoy KX-7",
        "Public convoy PB-1",
    ]
    feed = Client().get(f"/public/{mission.slug}/alerts.atom").content.decode()
    assert "Public convoy PB-1" in feed and "KX-7" not in feed


@pytest.mark.django_db
def test_an_offset_beyond_any_list_is_a_field_error_not_a_server_error(viewer) -> None:
    """Found by the API fuzzer: ``?offset=`` past 2**63 crashed the database query (500)."""
    from groundwatch.accounts.services import issue_api_token

    token = issue_api_token(user=viewer, actor=viewer, name="regression")
    client = Client(headers={"Authorization": f"Bearer {token}"}, raise_request_exception=False)

    response = client.get("/api/v1/needs?offset=536383578400146463195953889280")

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_payload"
    assert response.json()["error"]["fields"][0]["field"] == "offset"


@pytest.mark.django_db
def test_an_oversized_api_body_answers_the_json_error_shape(analyst, settings) -> None:
    """Found by the hostile-input family: a body over the limit got Django's HTML 400 page from the API."""
    from groundwatch.accounts.services import issue_api_token

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    token = issue_api_token(user=analyst, actor=analyst, name="regression")
    client = Client(headers={"Authorization": f"Bearer {token}"}, raise_request_exception=False)

    response = client.post(
        "/api/v1/events", data=b'{"title": "' + b"A" * 4096 + b'"}', content_type="application/json"
    )

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


@pytest.mark.django_db
def test_nul_characters_are_refused_on_every_database(analyst, mission) -> None:
    """Found by the API fuzzer on PostgreSQL: a NUL in a JSON or query string reached the database (500)."""
    from groundwatch.accounts.services import issue_api_token

    token = issue_api_token(user=analyst, actor=analyst, name="regression")
    client = Client(headers={"Authorization": f"Bearer {token}"}, raise_request_exception=False)
    body = {"mission": f"{mission.slug}\x00", "name": "Unit\x00", "kind": "state_forces"}

    created = client.post("/api/v1/actors", data=body, content_type="application/json")
    listed = client.get("/api/v1/actors", {"mission": "a\x00b"})

    assert (created.status_code, created.json()["error"]["code"]) == (400, "http_error")
    assert (listed.status_code, listed.json()["error"]["code"]) == (422, "invalid_payload")
    assert listed.json()["error"]["fields"][0]["field"] == "mission"


def _proposal_on(mission, level: int, title: str):
    """A pending proposal on a report at ``level`` (queued as extraction would, without running it)."""
    from groundwatch.ingest.review.services import _propose
    from groundwatch.tests.factories import make_report

    report = make_report(mission, f"{title}: trucks passed.", title=title, confidentiality=level)
    proposed = {
        "type": "aid_delivery",
        "sub_type": None,
        "date": "2023-09-20",
        "date_end": "2023-09-20",
        "date_precision": "day",
        "location": "",
        "latitude": None,
        "longitude": None,
        "country_code": "",
        "actors": [],
        "quantities": [],
        "confidence": 0.5,
        "evidence": report.text[:10],
        "evidence_span": [0, 10],
    }
    return _propose(report, None, proposed)


@pytest.mark.django_db
def test_review_proposals_do_not_name_candidate_events_above_clearance(viewer, mission) -> None:
    """Found by the matrix: a proposal's candidates (ranked against every event) showed a viewer the title
    of a strictly confidential event through the API."""
    from groundwatch.accounts.services import issue_api_token

    make_event(
        mission, "Secret candidate SECRETCANDIDATE", confidentiality=Confidentiality.STRICTLY_CONFIDENTIAL
    )
    _proposal_on(mission, Confidentiality.PUBLIC, "Public note")
    token = issue_api_token(user=viewer, actor=viewer, name="regression")
    client = Client(headers={"Authorization": f"Bearer {token}"}, raise_request_exception=False)

    response = client.get(f"/api/v1/review/proposals?mission={mission.slug}")

    assert response.status_code == 200
    assert response.json()["items"], "the proposal itself is visible"
    assert "SECRETCANDIDATE" not in response.content.decode()


@pytest.mark.django_db
def test_a_viewer_deciding_a_proposal_on_the_page_is_refused_with_403(viewer, mission) -> None:
    """Found by the matrix: the review pages turned the refusal into a flash message and a 302."""
    proposal = _proposal_on(mission, Confidentiality.PUBLIC, "Public note")
    client = Client(raise_request_exception=False)
    client.force_login(viewer)

    decide = client.post(f"/m/{mission.slug}/review/{proposal.pk}/", {"decision": "reject"})
    bulk = client.post(f"/m/{mission.slug}/review/", {"threshold": "0"})

    assert (decide.status_code, bulk.status_code) == (403, 403)
    proposal.refresh_from_db()
    assert proposal.status == "pending"
