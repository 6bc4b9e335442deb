"""Review queue pages and API: highlighted evidence, who reviews what, accept/merge/reject, outsiders 404."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from groundwatch.accounts.services import issue_api_token
from groundwatch.events.models import Event, Evidence
from groundwatch.ingest.articles.reading import read_bytes
from groundwatch.ingest.review.models import Proposal
from groundwatch.ingest.review.services import ingest_article
from groundwatch.sources.choices import Channel
from groundwatch.tests.factories import make_actor

WIRE = (Path(__file__).parent / "fixtures" / "articles" / "karabakh_wire.txt").read_text("utf-8")


@pytest.fixture
def queued(mission, analyst, places):
    article = read_bytes(WIRE.encode(), name="wire.txt", media_type="text/plain")
    ingest_article(mission=mission, actor=analyst, article=article, channel=Channel.ARTICLE)
    return Proposal.objects.get(proposed__type="weapons_handover", proposed__sub_type="to_peacekeepers")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _api(user):
    token = issue_api_token(user=user, actor=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_queue_lists_proposals_and_who_reviews_them(mission, analyst, queued):
    page = _client(analyst).get(f"/m/{mission.slug}/review/{queued.pk}/")
    assert page.status_code == 200
    assert "<mark>" in page.content.decode() and "22,000 rounds of ammunition" in page.content.decode()
    queue = _client(analyst).get(f"/m/{mission.slug}/review/").content.decode()
    assert "weapons_handover" in queue and "analyst since" in queue
    assert re.search(r'since <time datetime="[^"]+Z" title="[^"]+ UTC', queue)  # mission time, UTC on hover


def test_reloading_the_page_does_not_claim_the_proposal_again_until_the_claim_ages(mission, analyst, queued):
    import datetime as dt

    from groundwatch.audit.models import AuditRecord

    client = _client(analyst)
    for _ in range(3):
        assert client.get(f"/m/{mission.slug}/review/{queued.pk}/").status_code == 200
    claims = AuditRecord.objects.filter(action="proposal.review", object_id=str(queued.pk))
    assert claims.count() == 1  # opened three times, claimed once
    Proposal.objects.filter(pk=queued.pk).update(review_started_at=timezone.now() - dt.timedelta(minutes=20))
    client.get(f"/m/{mission.slug}/review/{queued.pk}/")
    assert claims.count() == 2  # still reviewing after a while: the claim is renewed


def test_accepting_in_the_page_records_the_event_with_highlighted_evidence(mission, analyst, queued):
    response = _client(analyst).post(
        f"/m/{mission.slug}/review/{queued.pk}/",
        {"decision": "accept", "title": "Arms handed over", "location": "Karabakh"},
    )
    assert response.status_code == 302
    event = Event.objects.get(title="Arms handed over")
    claim = Evidence.objects.get(event=event).claim
    assert WIRE[claim.span_start : claim.span_end] == claim.quote
    report_page = _client(analyst).get(f"/m/{mission.slug}/reports/{claim.report_id}/")
    if report_page.status_code == 200:
        assert "<mark>" in report_page.content.decode()


def test_viewer_sees_but_cannot_decide_and_outsider_gets_404(mission, viewer, outsider, queued):
    assert _client(viewer).get(f"/m/{mission.slug}/review/{queued.pk}/").status_code == 200
    _client(viewer).post(f"/m/{mission.slug}/review/{queued.pk}/", {"decision": "reject"})
    assert Proposal.objects.get(pk=queued.pk).status == "pending"
    assert _client(outsider).get(f"/m/{mission.slug}/review/{queued.pk}/").status_code == 404
    assert _client(outsider).get(f"/m/{mission.slug}/review/").status_code == 404
    assert (
        _api(outsider)
        .post(f"/api/v1/review/proposals/{queued.pk}/reject", {}, content_type="application/json")
        .status_code
        == 404
    )


def test_api_lists_accepts_merges_and_rejects(mission, analyst, queued):
    api = _api(analyst)
    listed = api.get(f"/api/v1/review/proposals?mission={mission.slug}").json()
    assert listed["count"] >= 5
    accepted = api.post(
        f"/api/v1/review/proposals/{queued.pk}/accept",
        {"changes": {"title": "Handover"}},
        content_type="application/json",
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    other = Proposal.objects.filter(status="pending").first()
    merged = api.post(
        f"/api/v1/review/proposals/{other.pk}/merge",
        {"event": accepted.json()["event_id"]},
        content_type="application/json",
    )
    assert merged.json()["status"] == "merged"
    third = Proposal.objects.filter(status="pending").first()
    assert (
        api.post(
            f"/api/v1/review/proposals/{third.pk}/reject",
            {"reason": "opinion"},
            content_type="application/json",
        ).json()["status"]
        == "rejected"
    )


def test_api_ingests_pasted_text_and_refuses_empty(mission, analyst):
    api = _api(analyst)
    made = api.post(
        "/api/v1/review/articles",
        {"mission": mission.slug, "text": "Clashes near Goma killed 3 people on Monday."},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["proposals"] == 1
    empty = api.post(
        "/api/v1/review/articles", {"mission": mission.slug, "text": "  "}, content_type="application/json"
    )
    assert empty.status_code == 422


def _roles(event):
    return sorted((link.actor.name, link.role) for link in event.event_actors.select_related("actor"))


def test_accepting_links_the_extracted_actors_reusing_known_ones_by_alias(mission, analyst, queued):
    from groundwatch.events.models import Actor
    from groundwatch.ingest.review.services import accept_proposal

    known = make_actor(
        mission,
        "Russian peacekeeping contingent",
        actor=analyst,
        kind="peacekeepers",
        aliases=["Peacekeepers"],
    )
    event = accept_proposal(proposal=queued, actor=analyst)
    roles = _roles(event)
    assert ("Russia", "actor1") in roles
    assert ("Russian peacekeeping contingent", "receiver") in roles
    assert Actor.objects.filter(mission=mission, name="Peacekeepers").count() == 0
    assert Actor.objects.get(mission=mission, name="Russia").kind == "authority"
    assert known.event_roles.filter(event=event).exists()


def test_edit_then_accept_uses_the_analysts_actors(mission, analyst, queued):
    api = _api(analyst)
    accepted = api.post(
        f"/api/v1/review/proposals/{queued.pk}/accept",
        {
            "changes": {
                "actors": [
                    {"name": "Karabakh Defence Army", "kind": "rebel_group", "role": "actor1"},
                    {"name": "Russian peacekeepers", "kind": "peacekeepers", "role": "receiver"},
                    {"name": "Unknown outfit", "kind": None, "role": None},
                ]
            }
        },
        content_type="application/json",
    )
    assert accepted.status_code == 200, accepted.content
    event = Event.objects.get(pk=accepted.json()["event_id"])
    assert _roles(event) == [("Karabakh Defence Army", "actor1"), ("Russian peacekeepers", "receiver")]


def test_bulk_accept_creates_each_actor_once_for_the_mission(mission, analyst, queued):
    from groundwatch.events.models import Actor
    from groundwatch.ingest.review.services import accept_above

    counts = accept_above(mission=mission, actor=analyst, threshold=0.0)
    assert counts["accepted"] >= 3
    names = list(Actor.objects.filter(mission=mission).values_list("name", flat=True))
    assert len(names) == len(set(names)) and {"Russia", "Azerbaijan"} <= set(names)
    handover = Event.objects.get(event_type="weapons_handover", sub_event_type="to_peacekeepers")
    assert ("Peacekeepers", "receiver") in _roles(handover)


def test_the_page_shows_the_actors_and_accepts_them_edited(mission, analyst, queued):
    page = _client(analyst).get(f"/m/{mission.slug}/review/{queued.pk}/").content.decode()
    assert "Russia; authority; actor1" in page
    bad = _client(analyst).post(
        f"/m/{mission.slug}/review/{queued.pk}/",
        {"decision": "accept", "actors": "Russia; superpower"},
        follow=True,
    )
    assert "unknown kind" in bad.content.decode() and not Event.objects.exists()
    _client(analyst).post(
        f"/m/{mission.slug}/review/{queued.pk}/",
        {
            "decision": "accept",
            "title": "Arms",
            "actors": "Russia; authority; actor1\nRussian peacekeepers; peacekeepers; receiver",
        },
    )
    event = Event.objects.get(title="Arms")
    assert _roles(event) == [("Russia", "actor1"), ("Russian peacekeepers", "receiver")]
