"""Hostile inputs through every intake channel: valid-but-hostile text is stored verbatim; invalid bodies are
refused with a 4xx and a stable error code, and nothing is stored. (Shown inert: ``test_hostile_browser``.)
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from groundwatch.accounts.services import issue_api_token
from groundwatch.events.models import Event
from groundwatch.ingest.models import FormDefinition
from groundwatch.ingest.services import install_shipped_forms
from groundwatch.sources.models import Attachment, Report, Source
from groundwatch.tests.factories import TEST_PASSWORD, make_event
from groundwatch.tests.security import hostile
from groundwatch.tests.security.summary import count

pytestmark = pytest.mark.django_db

# The API's error codes (groundwatch/api/errors.py): a client can branch on them.
STABLE_CODES = ("invalid_payload", "invalid", "http_error", "too_large")


def _api(user: Any) -> Client:
    token = issue_api_token(user=user, actor=user, name="hostile")
    return Client(headers={"Authorization": f"Bearer {token}"}, raise_request_exception=False)


def _post_json(client: Client, path: str, body: Any) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json")


def test_hostile_text_is_stored_verbatim_through_the_api(mission, analyst) -> None:
    client = _api(analyst)
    for text in hostile.TEXT_PAYLOADS:
        event = _post_json(
            client,
            "/api/v1/events",
            {
                "mission": mission.slug,
                "title": text[:300],
                "description": text,
                "event_type": "aid_delivery",
                "date_start": "2023-09-20",
            },
        )
        assert event.status_code == 201, (text, event.content[:300])
        shown = client.get(f"/api/v1/events/{event.json()['id']}").json()
        assert (shown["title"], shown["description"]) == (text[:300], text)
        report = _post_json(
            client, "/api/v1/reports", {"mission": mission.slug, "title": text[:300], "text": text}
        )
        assert report.status_code == 201, (text, report.content[:300])
        assert Report.objects.get(pk=report.json()["id"]).text == text
    for url in hostile.SSRF_URLS:
        source = _post_json(
            client, "/api/v1/sources", {"mission": mission.slug, "name": "Feed", "kind": "media", "url": url}
        )
        assert source.status_code in (201, 422), source.content[
            :300
        ]  # kept as text or refused; never fetched
        if source.status_code == 201:
            assert Source.objects.get(pk=source.json()["id"]).url == url
        else:
            assert source.json()["error"]["code"] in STABLE_CODES
    count("hostile", deliveries=2 * len(hostile.TEXT_PAYLOADS) + len(hostile.SSRF_URLS), channels=1)


def test_file_names_that_climb_out_are_kept_as_names_only(mission, monitor, settings, tmp_path) -> None:
    client = _api(monitor)
    for name in hostile.TRAVERSAL_NAMES:
        upload = SimpleUploadedFile(name, b"hostile name", content_type="text/plain")
        response = client.post("/api/v1/reports/files", {"mission": mission.slug, "files": [upload]})
        assert response.status_code in (201, 422), (name, response.content[:300])
    store = settings.ATTACHMENT_STORE_DIR.resolve()
    for attachment in Attachment.objects.filter(mission=mission):
        assert (
            store in (store / attachment.sha256).resolve().parents
            or (store / attachment.sha256).exists() is False
        )
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and store not in p.resolve().parents]
    assert not [p for p in outside if p.read_bytes() == b"hostile name"], (
        "a file was written outside the store"
    )
    count("hostile", deliveries=len(hostile.TRAVERSAL_NAMES), channels=1)


def test_invalid_api_bodies_are_refused_with_a_stable_code(mission, analyst) -> None:
    client = _api(analyst)
    before = Event.objects.count()
    bodies = {
        "invalid UTF-8 (JSON)": hostile.INVALID_UTF8,
        "deeply nested JSON": hostile.nested_json(),
        "truncated JSON": b'{"mission": "' + mission.slug.encode() + b'", "title": "x',
        "JSON of the wrong type": b'["a list", "not an object"]',
        "oversized body (JSON)": b'{"mission": "x", "title": "' + b"A" * (11 * 1024 * 1024) + b'"}',
    }
    for label, body in bodies.items():
        response = client.post("/api/v1/events", data=body, content_type="application/json")
        assert 400 <= response.status_code < 500, (label, response.status_code, response.content[:200])
        assert response["Content-Type"].startswith("application/json"), label
        assert response.json()["error"]["code"] in STABLE_CODES, (
            label,
            response.json(),
        )
    assert Event.objects.count() == before
    count("hostile", deliveries=len(bodies), rejected=len(bodies), channels=0)


def test_hostile_text_through_the_verification_form_is_stored_verbatim(mission, coordinator) -> None:
    client = Client()
    client.force_login(coordinator)
    for text in hostile.XSS[:8]:
        event = make_event(mission, "Checkpoint closed")
        response = client.post(
            f"/m/{mission.slug}/events/{event.pk}/verify/",
            {"status": "discounted", "standard_of_proof": "", "rationale": text, "version": event.version},
        )
        assert response.status_code == 302, response.status_code
        assert event.verification_history.get().rationale == text
    count("hostile", deliveries=8, channels=1)


def test_openrosa_refuses_entities_and_hostile_xml(mission, monitor) -> None:
    install_shipped_forms(mission=mission, actor=None)
    assert FormDefinition.objects.filter(mission=mission).exists()
    import base64

    secret = base64.b64encode(f"{monitor.username}:{TEST_PASSWORD}".encode()).decode()
    client = Client(headers={"Authorization": f"Basic {secret}"}, raise_request_exception=False)
    before = Report.objects.count()
    for label, xml in (
        ("billion laughs", hostile.billion_laughs()),
        ("external entity", hostile.external_entity()),
    ):
        upload = SimpleUploadedFile("submission.xml", xml, content_type="text/xml")
        response = client.post(f"/m/{mission.slug}/openrosa/submission", {"xml_submission_file": upload})
        assert 400 <= response.status_code < 500, (label, response.status_code)
        assert b"root:" not in response.content and b"lollollol" not in response.content
    assert Report.objects.count() == before
    count("hostile", deliveries=2, rejected=2, channels=1)


def test_a_zip_bomb_form_upload_is_refused(mission, coordinator) -> None:
    client = _api(coordinator)
    upload = SimpleUploadedFile("form.xlsx", hostile.zip_bomb())
    response = client.post("/api/v1/intake/forms", {"mission": mission.slug, "xlsform": upload})
    assert 400 <= response.status_code < 500, response.status_code
    assert response.json()["error"]["code"]
    assert not FormDefinition.objects.filter(mission=mission).exists()
    count("hostile", deliveries=1, rejected=1, channels=1, payloads=hostile.PAYLOAD_COUNT)
