"""Who sees which pages: outsiders get 404 everywhere, lower clearances never see confidential records."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from groundwatch.core.choices import Confidentiality
from groundwatch.tests.factories import make_event, make_report

pytestmark = pytest.mark.django_db


def _pages(mission, event, report) -> list[str]:
    return [
        reverse("web:mission_home", args=[mission.slug]),
        reverse("web:event_list", args=[mission.slug]),
        reverse("web:event_detail", args=[mission.slug, event.pk]),
        reverse("web:report_detail", args=[mission.slug, report.pk]),
    ]


def test_outsider_gets_404_on_every_page_of_another_mission(browser, outsider, mission, evidenced_event):
    report = evidenced_event.evidence.get().claim.report
    client = browser(outsider)
    for url in _pages(mission, evidenced_event, report):
        response = client.get(url)
        assert response.status_code == 404, url
        assert evidenced_event.title not in response.content.decode()
        assert mission.name not in response.content.decode()


def test_outsider_gets_the_same_404_for_a_record_that_does_not_exist(
    browser, outsider, mission, evidenced_event
):
    client = browser(outsider)
    existing = client.get(reverse("web:event_detail", args=[mission.slug, evidenced_event.pk]))
    missing = client.get(reverse("web:event_detail", args=[mission.slug, 999999]))
    assert existing.status_code == missing.status_code == 404
    assert _without_csrf(existing.content) == _without_csrf(missing.content)


def _without_csrf(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def test_a_mission_event_cannot_be_reached_through_another_missions_address(
    browser, outsider, other_mission, evidenced_event
):
    response = browser(outsider).get(
        reverse("web:event_detail", args=[other_mission.slug, evidenced_event.pk])
    )
    assert response.status_code == 404


def test_pages_need_a_signed_in_user(client, mission):
    response = client.get(reverse("web:mission_home", args=[mission.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_home_lists_each_mission_with_the_users_role(browser, viewer, mission, other_mission):
    response = browser(viewer).get(reverse("web:home"))
    content = response.content.decode()
    assert response.status_code == 200
    assert mission.name in content
    assert "Viewer" in content
    assert other_mission.name not in content


def test_viewer_does_not_see_a_confidential_event_and_gets_404_on_it(browser, viewer, mission):
    make_event(mission, "Routine patrol observed")
    secret = make_event(mission, "Mass grave site located", confidentiality=Confidentiality.CONFIDENTIAL)
    client = browser(viewer)
    listing = client.get(reverse("web:event_list", args=[mission.slug])).content.decode()
    front = client.get(reverse("web:mission_home", args=[mission.slug])).content.decode()
    assert "Routine patrol observed" in listing
    assert "Mass grave site located" not in listing
    assert "Mass grave site located" not in front
    assert client.get(reverse("web:event_detail", args=[mission.slug, secret.pk])).status_code == 404


def test_analyst_sees_the_confidential_event(browser, analyst, mission):
    secret = make_event(mission, "Mass grave site located", confidentiality=Confidentiality.CONFIDENTIAL)
    client = browser(analyst)
    assert (
        "Mass grave site located"
        in client.get(reverse("web:event_list", args=[mission.slug])).content.decode()
    )
    page = client.get(reverse("web:event_detail", args=[mission.slug, secret.pk]))
    assert page.status_code == 200
    assert "Confidential" in page.content.decode()


def test_viewer_does_not_see_a_confidential_report(browser, viewer, mission):
    make_report(mission, "Checkpoint quiet today.", title="Daily note")
    secret = make_report(
        mission,
        "Witness names the unit.",
        title="Witness statement",
        confidentiality=Confidentiality.CONFIDENTIAL,
    )
    client = browser(viewer)
    front = client.get(reverse("web:mission_home", args=[mission.slug])).content.decode()
    assert "Daily note" in front
    assert "Witness statement" not in front
    assert client.get(reverse("web:report_detail", args=[mission.slug, secret.pk])).status_code == 404


def test_evidence_from_a_confidential_report_is_left_out_for_a_viewer(browser, viewer, analyst, mission):
    from groundwatch.tests.factories import make_claim

    report = make_report(
        mission, "Witness saw soldiers detain two men.", confidentiality=Confidentiality.CONFIDENTIAL
    )
    claim = make_claim(report, "soldiers detain two men")
    event = make_event(mission, "Two men detained", event_type="arbitrary_detention", evidence=[claim])
    url = reverse("web:event_detail", args=[mission.slug, event.pk])
    assert "soldiers detain two men" not in browser(viewer).get(url).content.decode()
    assert "soldiers detain two men" in browser(analyst).get(url).content.decode()
