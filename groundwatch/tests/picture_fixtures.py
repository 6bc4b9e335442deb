"""Fixtures shared by the mission-picture apps' tests (humanitarian, displacement, ceasefire, assessment).

Each of those apps' ``tests/conftest.py`` star-imports this module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from groundwatch.accounts.models import User
from groundwatch.accounts.services import issue_api_token
from groundwatch.events.models import Claim
from groundwatch.tests.factories import make_claim, make_report, make_source


class JsonClient(Client):
    def post_json(self, path: str, data: Any) -> Any:
        return self.post(path, data=data, content_type="application/json")


@pytest.fixture
def api(db: None) -> Callable[[User], JsonClient]:
    """``api(user)``: a client for /api/v1/ authenticated with a fresh token of ``user``."""

    def build(user: User) -> JsonClient:
        token = issue_api_token(user=user, actor=user, name="tests")
        return JsonClient(headers={"Authorization": f"Bearer {token}"})

    return build


@pytest.fixture
def browser(db: None) -> Callable[[User], Client]:
    """``browser(user)``: a test client signed in as ``user``."""

    def signed_in(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return signed_in


@pytest.fixture
def claim_for(mission: Any) -> Callable[..., Claim]:
    """``claim_for(text)``: a claim over the whole of a new field report with that text."""
    source = make_source(mission, "Field team", reliability="B")

    def build(text: str, **fields: Any) -> Claim:
        report = make_report(mission, text, source=source, **fields)
        return make_claim(report)

    return build
