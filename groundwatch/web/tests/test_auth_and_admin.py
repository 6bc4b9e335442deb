"""Signing in and out, and the admin pages."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from groundwatch.core.choices import Confidentiality
from groundwatch.tests.factories import TEST_PASSWORD, make_event, make_report, make_user

pytestmark = pytest.mark.django_db


def test_login_page_renders(client):
    response = client.get(reverse("login"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Sign in" in content
    assert 'name="password"' in content
    assert "/static/web/groundwatch.css" in content


def test_a_bad_password_does_not_sign_in(client, viewer):
    response = client.post(reverse("login"), {"username": "viewer", "password": "wrong password"})
    assert response.status_code == 200
    assert "did not match" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("web:home")).status_code == 302


def test_the_right_password_signs_in_and_sign_out_ends_the_session(client, viewer, mission):
    response = client.post(reverse("login"), {"username": "viewer", "password": TEST_PASSWORD}, follow=True)
    assert mission.name in response.content.decode()
    client.post(reverse("logout"))
    assert client.get(reverse("web:home")).status_code == 302


def test_every_admin_page_loads_for_a_superuser(client, evidenced_event):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    for model in admin.site._registry:
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
    event_page = client.get(reverse("admin:events_event_change", args=[evidenced_event.pk]))
    assert event_page.status_code == 200
    assert "Food convoy reaches Khankendi" in event_page.content.decode()


def test_immutable_records_cannot_be_added_changed_or_deleted_in_admin(client, mission):
    report = make_report(mission, "Stored as received.")
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:sources_report_add")).status_code == 403
    assert (
        client.post(reverse("admin:sources_report_delete", args=[report.pk]), {"post": "yes"}).status_code
        == 403
    )
    page = client.get(reverse("admin:sources_report_change", args=[report.pk])).content.decode()
    assert 'name="_save"' not in page
    assert client.get(reverse("admin:audit_auditrecord_add")).status_code == 403


def test_a_staff_member_sees_only_their_missions_records_in_admin(client, mission, other_mission, viewer):
    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.add(Permission.objects.get(codename="view_event"))
    make_event(mission, "Our patrol")
    make_event(mission, "Our secret", confidentiality=Confidentiality.CONFIDENTIAL)
    make_event(other_mission, "Their patrol")
    client.force_login(viewer)
    content = client.get(reverse("admin:events_event_changelist")).content.decode()
    assert "Our patrol" in content
    assert "Our secret" not in content
    assert "Their patrol" not in content
