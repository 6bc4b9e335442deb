"""Sitreps: generated in the OCHA layout, figures footnoted to their events, edited, published and frozen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from groundwatch.audit.models import AuditRecord
from groundwatch.core.choices import Confidentiality
from groundwatch.core.errors import EditConflict, NotFound, PermissionDenied
from groundwatch.events.services import MeasureInput
from groundwatch.reports.models import PublishedSitrep
from groundwatch.reports.sitreps.services import create_sitrep, edit_narrative, publish_sitrep
from groundwatch.tests.factories import make_event

DAY = dt.date(2023, 9, 20)
SECTIONS = (
    "Highlights",
    "Key figures",
    "Situation overview",
    "Protection and human rights",
    "Humanitarian response",
    "Security and ceasefire",
    "Sources",
    "Next issue",
)


@pytest.fixture
def events(mission):
    killed = [MeasureInput(item="people_killed", value=5, unit="people")]
    return [
        make_event(
            mission,
            "Shelling of Khankendi",
            event_type="battles",
            sub_event_type="armed_clash",
            date_start=DAY,
            measures=killed,
        ),
        make_event(
            mission,
            "Secret meeting",
            event_type="battles",
            date_start=DAY,
            confidentiality=Confidentiality.CONFIDENTIAL,
        ),
    ]


def test_a_draft_has_the_ocha_sections_and_footnoted_figures(client, mission, analyst, events):
    sitrep = create_sitrep(mission=mission, actor=analyst, kind="weekly", last_day=DAY)
    assert (sitrep.period_start, sitrep.next_issue_on) == (dt.date(2023, 9, 14), dt.date(2023, 9, 27))
    client.force_login(analyst)
    page = client.get(reverse("reports:sitrep_preview", args=[mission.slug, sitrep.pk])).content.decode()
    for heading in SECTIONS:
        assert heading in page, heading
    assert f"/m/{mission.slug}/events/{events[0].pk}/" in page and "unverified" in page
    assert "Secret meeting" not in page  # above the sitrep's level (internal)
    assert "Where the period" in page  # the locator map
    assert AuditRecord.objects.filter(action="sitrep.create", mission=mission).exists()


def test_viewers_cannot_write_sitreps_and_outsiders_see_nothing(client, mission, viewer, analyst, outsider):
    with pytest.raises(PermissionDenied):
        create_sitrep(mission=mission, actor=viewer, kind="daily", last_day=DAY)
    with pytest.raises(NotFound):
        create_sitrep(mission=mission, actor=outsider, kind="daily", last_day=DAY)
    sitrep = create_sitrep(mission=mission, actor=analyst, kind="daily", last_day=DAY)
    client.force_login(outsider)
    assert client.get(reverse("reports:sitrep_detail", args=[mission.slug, sitrep.pk])).status_code == 404
    client.force_login(viewer)
    assert client.post(reverse("reports:sitrep_publish", args=[mission.slug, sitrep.pk])).status_code == 403


def test_published_issues_are_frozen_and_kept(mission, analyst, events):
    sitrep = create_sitrep(mission=mission, actor=analyst, kind="daily", last_day=DAY)
    sitrep = edit_narrative(sitrep=sitrep, actor=analyst, expected_version=1, highlights="Calm <b>night</b>.")
    first = publish_sitrep(sitrep=sitrep, actor=analyst)
    assert "Calm &lt;b&gt;night&lt;/b&gt;." in first.html
    edit_narrative(sitrep=sitrep, actor=analyst, expected_version=2, highlights="Shelling resumed.")
    second = publish_sitrep(sitrep=sitrep, actor=analyst)
    first.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert "Calm" in first.html and "Shelling resumed." in second.html
    with pytest.raises(EditConflict):
        edit_narrative(sitrep=sitrep, actor=analyst, expected_version=1, highlights="stale")
    with pytest.raises(Exception, match="cannot be changed"):
        first.save()
    assert PublishedSitrep.objects.filter(sitrep=sitrep).count() == 2


def test_public_sitrep_passes_through_disclosure_control(client, mission, analyst):
    make_event(
        mission,
        "Named person detained",
        event_type="battles",
        sub_event_type="armed_clash",
        date_start=DAY,
        confidentiality=Confidentiality.PUBLIC,
        measures=[MeasureInput(item="people_killed", value=2, unit="people")],
    )
    sitrep = create_sitrep(
        mission=mission, actor=analyst, kind="daily", last_day=DAY, confidentiality=Confidentiality.PUBLIC
    )
    html = publish_sitrep(sitrep=sitrep, actor=analyst).html
    assert "Named person detained" not in html and "Public version" in html
    assert "Sources are not named" in html


def test_sitrep_pdf_is_drawn(client, mission, analyst, events):
    from groundwatch.reports.sitreps.pdf import pdf_problem

    if pdf_problem():
        pytest.skip(pdf_problem())
    sitrep = create_sitrep(mission=mission, actor=analyst, kind="daily", last_day=DAY)
    client.force_login(analyst)
    response = client.get(reverse("reports:sitrep_pdf", args=[mission.slug, sitrep.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_pages_list_create_edit_and_publish(client, mission, analyst):
    client.force_login(analyst)
    url = reverse("reports:sitrep_list", args=[mission.slug])
    response = client.post(url, {"kind": "flash", "last_day": "2023-09-19", "confidentiality": "1"})
    assert response.status_code == 302
    detail = response["Location"]
    page = client.get(detail).content.decode()
    assert "Publish as the next issue" in page
    data = {
        "highlights": "Edited.",
        "overview": "",
        "protection": "",
        "humanitarian": "",
        "security": "",
        "version": 1,
    }
    assert client.post(detail, data).status_code == 302
    assert client.post(detail + "publish/").status_code == 302
    assert client.get(detail + "issues/1/").content.decode().count("Edited.") == 1


def test_without_pango_the_pdf_link_says_what_to_install(client, mission, analyst, events, monkeypatch):
    from groundwatch.reports.sitreps import pdf

    monkeypatch.setattr(pdf, "pdf_problem", lambda: "PDF output needs WeasyPrint and Debian's pango")
    sitrep = create_sitrep(mission=mission, actor=analyst, kind="daily", last_day=DAY)
    client.force_login(analyst)
    response = client.get(reverse("reports:sitrep_pdf", args=[mission.slug, sitrep.pk]))
    assert response.status_code == 503 and b"Debian's pango" in response.content
