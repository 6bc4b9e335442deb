"""The event page shows the coded fact with its evidence, the words highlighted and everything escaped."""

from __future__ import annotations

import pytest
from django.urls import reverse

from groundwatch.events.services import set_verification

pytestmark = pytest.mark.django_db


def _page(browser, user, event) -> str:
    response = browser(user).get(reverse("web:event_detail", args=[event.mission.slug, event.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_event_page_marks_the_supporting_words_in_the_report_text(browser, viewer, evidenced_event):
    content = _page(browser, viewer, evidenced_event)
    assert "<mark>a convoy of 70 tonnes of food reached Khankendi</mark>" in content
    assert "On 23 September " in content


def test_event_page_escapes_html_in_report_text(browser, viewer, evidenced_event):
    content = _page(browser, viewer, evidenced_event)
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_event_page_shows_coded_fields_figures_actors_and_provenance(browser, viewer, evidenced_event):
    content = _page(browser, viewer, evidenced_event)
    for expected in (
        "Food convoy reaches Khankendi",
        "Humanitarian",  # category label
        "Aid delivery",  # type label
        "23 Sep 2023",  # date label
        "70 tonnes",  # measure display value
        "ICRC",
        "Aid provider",
        "ICRC field office",  # the report's source
        "B — usually reliable",
        "6 — truth cannot be judged",  # the claim's credibility
        "Version 1",
        "also known as Stepanakert",  # a contested place shows all its names
    ):
        assert expected in content, expected


def test_event_page_shows_the_verification_history(browser, viewer, coordinator, evidenced_event):
    set_verification(
        event=evidenced_event,
        actor=coordinator,
        status="verified",
        standard_of_proof="clear_and_convincing",
        rationale="Seen by our monitors at the checkpoint.",
    )
    content = _page(browser, viewer, evidenced_event)
    assert "Reported → Verified" in content
    assert "Clear and convincing evidence" in content
    assert "Seen by our monitors at the checkpoint." in content
    assert "coordinator" in content
    assert "Version 2" in content


def test_a_merged_event_points_to_the_event_it_was_merged_into(browser, analyst, mission, evidenced_event):
    from groundwatch.events.services import merge_events
    from groundwatch.tests.factories import make_event

    duplicate = make_event(mission, "Convoy in Stepanakert")
    merge_events(target=evidenced_event, duplicates=[duplicate], actor=analyst, rationale="Same convoy.")
    content = _page(browser, analyst, duplicate)
    assert "was merged into" in content
    assert reverse("web:event_detail", args=[mission.slug, evidenced_event.pk]) in content
    listing = browser(analyst).get(reverse("web:event_list", args=[mission.slug])).content.decode()
    assert "Convoy in Stepanakert" not in listing


def test_mission_home_shows_latest_events_reports_and_counts_by_category(browser, viewer, evidenced_event):
    mission = evidenced_event.mission
    content = browser(viewer).get(reverse("web:mission_home", args=[mission.slug])).content.decode()
    assert "Food convoy reaches Khankendi" in content
    assert "Convoy arrival" in content  # the latest report
    assert f"{reverse('web:event_list', args=[mission.slug])}?category=humanitarian" in content
    assert "<strong>1</strong> Humanitarian" in content
    assert "<strong>0</strong> Security" in content
