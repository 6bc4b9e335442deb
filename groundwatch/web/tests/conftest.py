"""Builders for the web tests: a signed-in browser per persona and a small evidenced event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from groundwatch.events.services import MeasureInput
from groundwatch.tests.factories import make_actor, make_claim, make_event, make_report, make_source


@pytest.fixture
def browser() -> Callable[..., Client]:
    """``browser(user)``: a test client signed in as ``user``."""

    def signed_in(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return signed_in


@pytest.fixture
def evidenced_event(mission, places):
    """An aid delivery at Khankendi with a figure, two actors and one supporting claim."""
    source = make_source(mission, "ICRC field office", reliability="B")
    report = make_report(
        mission,
        "On 23 September a convoy of 70 tonnes of food reached Khankendi. <script>alert(1)</script>",
        title="Convoy arrival",
        source=source,
    )
    claim = make_claim(
        report, "a convoy of 70 tonnes of food reached Khankendi", summary="Food convoy arrived"
    )
    event = make_event(
        mission,
        "Food convoy reaches Khankendi",
        place="Khankendi",
        date_start=dt.date(2023, 9, 23),
        measures=[MeasureInput(item="food", value=70, unit="tonnes")],
        actors=[(make_actor(mission, "ICRC", kind="humanitarian"), "provider")],
        evidence=[claim],
    )
    return event
