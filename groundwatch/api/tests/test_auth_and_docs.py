"""Who gets in, and the self-describing parts of the API (OpenAPI schema, offline docs)."""

from __future__ import annotations

import re

from django.test import Client

from groundwatch.accounts.models import ApiToken
from groundwatch.accounts.services import issue_api_token, revoke_api_token


def test_request_without_token_gets_json_401(mission):
    response = Client().get("/api/v1/events")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_invalid_token_gets_json_401(mission):
    response = Client(headers={"Authorization": "Bearer gw_not-a-real-token"}).get("/api/v1/events")

    assert response.status_code == 401
    assert "Bearer" in response.json()["error"]["message"]


def test_revoked_token_no_longer_works(analyst):
    secret = issue_api_token(user=analyst, actor=analyst, name="laptop")
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    assert client.get("/api/v1/missions").status_code == 200

    revoke_api_token(token=ApiToken.objects.get(user=analyst), actor=analyst)

    assert client.get("/api/v1/missions").status_code == 401


def test_member_lists_their_missions_with_their_role(client_for, mission, other_mission, analyst):
    response = client_for(analyst).get("/api/v1/missions")

    assert response.status_code == 200
    assert [(item["slug"], item["role"]) for item in response.json()] == [(mission.slug, "analyst")]


def test_outsider_gets_404_for_a_mission_they_do_not_belong_to(client_for, mission, outsider):
    assert client_for(outsider).get(f"/api/v1/missions/{mission.slug}").status_code == 404


def test_interactive_docs_load_from_bundled_static_files_not_a_cdn(db):
    response = Client().get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui.css" in html
    assert not re.search(r"""(src|href)=["']https?://""", html)
    # Every script and stylesheet is one of ours (a random CSRF token may contain any letters, so look at URLs).
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert assets and all(url.startswith("/static/") for url in assets), assets


def test_openapi_schema_lists_every_endpoint(db):
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/v1/missions",
        "/api/v1/sources",
        "/api/v1/sources/{source_id}",
        "/api/v1/sources/{source_id}/grade",
        "/api/v1/reports",
        "/api/v1/reports/files",
        "/api/v1/reports/{report_id}",
        "/api/v1/attachments/{attachment_id}/download",
        "/api/v1/claims",
        "/api/v1/claims/{claim_id}",
        "/api/v1/events",
        "/api/v1/events/{event_id}",
        "/api/v1/events/{event_id}/verification",
        "/api/v1/events/{event_id}/evidence",
        "/api/v1/events/{event_id}/merge",
        "/api/v1/events/{event_id}/measures",
        "/api/v1/actors",
        "/api/v1/actors/{actor_id}",
        "/api/v1/places",
        "/api/v1/places/{place_id}",
    ]:
        assert path in paths
    assert "patch" in paths["/api/v1/events/{event_id}"]
    confidentiality = response.json()["components"]["schemas"]["EventIn"]["properties"]["confidentiality"]
    assert "strictly_confidential" in confidentiality["enum"]
