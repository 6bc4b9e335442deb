"""Intake test helpers: a mission with the shipped forms, and ODK-Collect-shaped requests."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from groundwatch.tests.factories import TEST_PASSWORD

FIXTURES = Path(__file__).parent / "fixtures"


def basic(username: str, password: str = TEST_PASSWORD) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}", "X-OpenRosa-Version": "1.0"}


@pytest.fixture
def forms(mission, places, coordinator):
    from groundwatch.ingest.services import install_shipped_forms

    return {form.form_id: form for form in install_shipped_forms(mission=mission, actor=coordinator)}


@pytest.fixture
def khankendi(places):
    """The seed gazetteer's Khankendi, the place the incident reports in these tests are about."""
    from groundwatch.geo.models import Place

    return Place.objects.search("Khankendi").first()
