"""A mission's time zone: validated IANA names set by its administrators; pages show local time with UTC
on hover; the next request starts from UTC again; the API and exports keep UTC."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from groundwatch.accounts.services import set_time_zone
from groundwatch.audit.models import AuditRecord
from groundwatch.core.errors import NotFound, PermissionDenied, ValidationFailed
from groundwatch.events.models import Event
from groundwatch.tests.factories import make_event


def test_missions_start_in_utc_and_admins_set_a_validated_zone(mission, admin_member, analyst, outsider):
    assert mission.time_zone == "UTC"
    set_time_zone(mission=mission, actor=admin_member, time_zone="Asia/Baku")
    mission.refresh_from_db()
    assert mission.time_zone == "Asia/Baku"
    audit = AuditRecord.objects.get(action="mission.time_zone")
    assert audit.before == {"time_zone": "UTC"} and audit.after == {"time_zone": "Asia/Baku"}
    for wrong in ("Mars/Olympus_Mons", "../../etc/passwd", ""):
        with pytest.raises(ValidationFailed, match="IANA"):
            set_time_zone(mission=mission, actor=admin_member, time_zone=wrong)
    with pytest.raises(PermissionDenied):
        set_time_zone(mission=mission, actor=analyst, time_zone="UTC")
    with pytest.raises(NotFound):
        set_time_zone(mission=mission, actor=outsider, time_zone="UTC")


def test_a_mission_page_shows_local_time_with_utc_on_hover(client, mission, admin_member, viewer):
    set_time_zone(mission=mission, actor=admin_member, time_zone="Asia/Baku")  # UTC+4, no daylight saving
    event = make_event(mission, "Checkpoint closed")
    moment = dt.datetime(2023, 9, 19, 10, 5, tzinfo=dt.UTC)
    Event.objects.filter(pk=event.pk).update(created_at=moment)
    client.force_login(viewer)
    page = client.get(f"/m/{mission.slug}/events/{event.pk}/").content.decode()
    assert (
        '<time datetime="2023-09-19T10:05:00Z" title="2023-09-19 10:05 UTC (Asia/Baku)">2023-09-19 14:05 UTC+04</time>'
        in page
    )
    client.get("/accounts/tokens/")  # a page outside any mission: back to UTC
    assert timezone.get_current_timezone_name() == "UTC"


def test_the_time_zone_page_and_api(client, mission, admin_member, viewer):
    from groundwatch.accounts.services import issue_api_token

    client.force_login(viewer)
    page = client.get(f"/m/{mission.slug}/time-zone/")
    assert page.status_code == 200 and b"administrators can change it" in page.content
    assert client.post(f"/m/{mission.slug}/time-zone/", {"time_zone": "Asia/Baku"}).status_code == 403
    client.force_login(admin_member)
    refused = client.post(f"/m/{mission.slug}/time-zone/", {"time_zone": "Atlantis/Capital"})
    assert refused.status_code == 200 and b"is not a time zone name" in refused.content
    assert client.post(f"/m/{mission.slug}/time-zone/", {"time_zone": "Asia/Yerevan"}).status_code == 302
    mission.refresh_from_db()
    assert mission.time_zone == "Asia/Yerevan"

    token = issue_api_token(user=admin_member, actor=admin_member, name="tz")
    headers = {"Authorization": f"Bearer {token}"}
    answer = client.patch(
        f"/api/v1/missions/{mission.slug}",
        {"time_zone": "Asia/Baku"},
        content_type="application/json",
        headers=headers,
    )
    assert answer.status_code == 200 and answer.json()["time_zone"] == "Asia/Baku"
    bad = client.patch(
        f"/api/v1/missions/{mission.slug}",
        {"time_zone": "Nowhere"},
        content_type="application/json",
        headers=headers,
    )
    assert bad.status_code == 422


def test_the_api_keeps_utc_in_a_mission_with_a_local_zone(
    client, mission, admin_member, viewer, settings, tmp_path
):
    from groundwatch.accounts.services import issue_api_token
    from groundwatch.reports.services import start_export_job

    settings.DATA_DIR = tmp_path
    set_time_zone(mission=mission, actor=admin_member, time_zone="Asia/Baku")
    job = start_export_job(mission=mission, actor=viewer, format="hxl")
    client.force_login(viewer)
    client.get(f"/m/{mission.slug}/")  # a mission page activates Asia/Baku for this thread
    token = issue_api_token(user=viewer, actor=viewer, name="tz")
    answer = client.get(f"/api/v1/exports/{job.pk}", headers={"Authorization": f"Bearer {token}"}).json()
    created = dt.datetime.fromisoformat(answer["created_at"].replace("Z", "+00:00"))
    assert created.utcoffset() == dt.timedelta(0)
