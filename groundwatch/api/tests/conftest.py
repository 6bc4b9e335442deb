"""API test helpers: a Django test client that sends a user's bearer token."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from groundwatch.accounts.models import User
from groundwatch.accounts.services import issue_api_token


class ApiClient(Client):
    """A test client for /api/v1/ that sends JSON bodies."""

    def post_json(self, path: str, data: Any) -> Any:
        return self.post(path, data=data, content_type="application/json")

    def patch_json(self, path: str, data: Any) -> Any:
        return self.patch(path, data=data, content_type="application/json")


@pytest.fixture
def client_for(db: None) -> Callable[[User], ApiClient]:
    """``client_for(user)``: a client authenticated with a fresh API token of ``user``."""

    def build(user: User) -> ApiClient:
        token = issue_api_token(user=user, actor=user, name="tests")
        return ApiClient(headers={"Authorization": f"Bearer {token}"})

    return build


def error_fields(response: Any) -> set[str]:
    """The field names an error response blames."""
    return {field["field"] for field in response.json()["error"].get("fields", [])}
