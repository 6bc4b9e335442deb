"""The report page: metadata as received, every claim's words highlighted, files and claims listed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from groundwatch.lib.hashing import sha256_text
from groundwatch.tests.factories import make_claim, make_event, make_report, make_source

pytestmark = pytest.mark.django_db


def _page(browser, user, report) -> str:
    response = browser(user).get(reverse("web:report_detail", args=[report.mission.slug, report.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_report_page_shows_metadata_and_attachments(browser, viewer, mission):
    source = make_source(mission, "Local radio", kind="media", reliability="C")
    report = make_report(
        mission,
        "Radio says the bridge is closed.",
        title="Radio bulletin",
        source=source,
        channel="feed",
        language="hy",
        files=[("bulletin.mp3", b"ID3 not really audio")],
    )
    content = _page(browser, viewer, report)
    for expected in (
        "Radio bulletin",
        "News feed",
        "Local radio",
        "C — fairly reliable",
        "hy",
        "bulletin.mp3",
    ):
        assert expected in content, expected
    assert sha256_text(report.text) in content
    attachment = report.attachments.get()
    assert attachment.sha256 in content
    assert "20 bytes" in content


def test_every_claim_is_highlighted_and_overlapping_claims_make_one_mark(browser, viewer, mission):
    report = make_report(
        mission, "Three trucks arrived. Two were turned back at the bridge. All quiet later."
    )
    make_claim(report, "Three trucks arrived")
    make_claim(report, "Two were turned back")
    make_claim(report, "turned back at the bridge")  # overlaps the claim before
    content = _page(browser, viewer, report)
    assert "<mark>Three trucks arrived</mark>" in content
    assert "<mark>Two were turned back at the bridge</mark>" in content
    assert content.count("<mark>") == 2
    assert ". All quiet later." in content


def test_report_text_is_escaped(browser, viewer, mission):
    report = make_report(mission, 'Leaflet said <script>alert(1)</script> & <b onclick="x">more</b>.')
    make_claim(report, "<script>alert(1)</script>")
    content = _page(browser, viewer, report)
    assert "<script>alert(1)</script>" not in content
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in content
    assert "&lt;b onclick=" in content


def test_claims_link_to_the_events_they_support(browser, viewer, mission):
    report = make_report(mission, "A convoy of six trucks reached the town.")
    claim = make_claim(report, "six trucks", summary="Six trucks arrived")
    event = make_event(mission, "Six-truck convoy", evidence=[claim])
    content = _page(browser, viewer, report)
    assert "Six trucks arrived" in content
    assert reverse("web:event_detail", args=[mission.slug, event.pk]) in content
    assert "(supports)" in content


def test_a_confidential_event_is_not_linked_from_an_internal_report_for_a_viewer(browser, viewer, mission):
    from groundwatch.core.choices import Confidentiality

    report = make_report(mission, "Shots were heard near the school.")
    claim = make_claim(report, "Shots were heard")
    make_event(
        mission, "Sniper fire on school", evidence=[claim], confidentiality=Confidentiality.CONFIDENTIAL
    )
    assert "Sniper fire on school" not in _page(browser, viewer, report)
