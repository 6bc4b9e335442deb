"""The verification form: coordinators set status with proof and rationale; stale or unauthorised edits change nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from groundwatch.events.models import Event, VerificationChange
from groundwatch.events.services import set_verification

pytestmark = pytest.mark.django_db


def _verify(client, event, **fields):
    data = {
        "status": "verified",
        "standard_of_proof": "reasonable_grounds",
        "rationale": "",
        "version": event.version,
    }
    data.update(fields)
    return client.post(reverse("web:verify_event", args=[event.mission.slug, event.pk]), data, follow=True)


def test_coordinator_verifies_with_standard_of_proof_and_rationale(browser, coordinator, evidenced_event):
    response = _verify(browser(coordinator), evidenced_event, rationale="Two monitors saw the trucks unload.")
    event = Event.objects.get(pk=evidenced_event.pk)
    assert event.verification_status == "verified"
    assert event.standard_of_proof == "reasonable_grounds"
    assert event.version == 2
    content = response.content.decode()
    assert "Verification status is now “Verified”." in content
    assert "Reported → Verified" in content
    assert "Two monitors saw the trucks unload." in content


def test_a_stale_version_shows_the_conflict_and_changes_nothing(
    browser, coordinator, admin_member, evidenced_event
):
    loaded_version = evidenced_event.version
    set_verification(
        event=evidenced_event, actor=admin_member, status="discounted", rationale="Convoy was turned back."
    )
    response = _verify(
        browser(coordinator), evidenced_event, version=loaded_version, rationale="Seen unloading."
    )
    event = Event.objects.get(pk=evidenced_event.pk)
    assert event.verification_status == "discounted"
    assert event.verification_rationale == "Convoy was turned back."
    assert VerificationChange.objects.filter(event=event).count() == 1
    assert "changed by someone else" in response.content.decode()


def test_a_refused_verification_explains_why_and_keeps_what_was_typed(browser, coordinator, evidenced_event):
    response = _verify(browser(coordinator), evidenced_event, standard_of_proof="", rationale="Looks right.")
    content = response.content.decode()
    assert "Say which standard of proof the evidence meets." in content
    assert "Looks right." in content
    assert Event.objects.get(pk=evidenced_event.pk).verification_status == "reported"


def test_corroboration_needs_two_independent_sources(browser, coordinator, evidenced_event):
    response = _verify(browser(coordinator), evidenced_event, status="corroborated", standard_of_proof="")
    assert "at least two independent sources" in response.content.decode()
    assert Event.objects.get(pk=evidenced_event.pk).verification_status == "reported"


@pytest.mark.parametrize("persona", ["viewer", "analyst"])
def test_a_member_without_the_verify_right_cannot_post_and_sees_no_form(
    browser, request, persona, evidenced_event
):
    user = request.getfixturevalue(persona)
    client = browser(user)
    page = client.get(reverse("web:event_detail", args=[evidenced_event.mission.slug, evidenced_event.pk]))
    assert "Change verification" not in page.content.decode()
    response = _verify(client, evidenced_event, rationale="I think so.")
    assert response.status_code in (403, 404)
    assert Event.objects.get(pk=evidenced_event.pk).verification_status == "reported"
    assert not VerificationChange.objects.exists()


def test_an_outsider_posting_gets_404_and_changes_nothing(browser, outsider, evidenced_event):
    response = _verify(browser(outsider), evidenced_event, rationale="Outside view.")
    assert response.status_code == 404
    assert Event.objects.get(pk=evidenced_event.pk).verification_status == "reported"


def test_coordinator_sees_the_form_with_the_current_version(browser, coordinator, evidenced_event):
    content = (
        browser(coordinator)
        .get(reverse("web:event_detail", args=[evidenced_event.mission.slug, evidenced_event.pk]))
        .content.decode()
    )
    assert "Change verification" in content
    assert 'name="version" value="1"' in content


def test_the_form_only_accepts_posts(browser, coordinator, evidenced_event):
    url = reverse("web:verify_event", args=[evidenced_event.mission.slug, evidenced_event.pk])
    assert browser(coordinator).get(url).status_code == 405
