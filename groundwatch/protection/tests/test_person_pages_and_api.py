"""Protected persons through the pages and the API: coded fields for members with clearance, identity only
through a reveal that needs the analyst role, clearance and a typed reason, and is audited with that reason."""

import datetime as dt
import json

import pytest
from django.test import Client

from groundwatch.accounts.services import issue_api_token
from groundwatch.audit.models import AuditRecord
from groundwatch.core.choices import Confidentiality
from groundwatch.protection.models import ProtectedPerson
from groundwatch.protection.services import register_person
from groundwatch.tests.factories import make_event, make_member, make_mission

pytestmark = pytest.mark.django_db

NAME = "Canary-Page-Name-4b19e7"
TESTIMONY = "Canary-Page-Testimony-90aa13 saw the checkpoint close"


@pytest.fixture
def witness(mission, monitor):
    return register_person(
        mission=mission,
        actor=monitor,
        code="W-0101",
        role="witness",
        sex="female",
        age_band="18-59",
        retain_until=dt.date(2031, 5, 1),
        protected={"full_name": NAME, "testimony": TESTIMONY},
    )


def _page(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _api(user):
    token = issue_api_token(user=user, actor=user, name="persons test")
    return Client(headers={"Authorization": f"Bearer {token}"}, raise_request_exception=False)


def _post_json(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def _reveals():
    return AuditRecord.objects.filter(action="protected_person.reveal")


def test_list_and_detail_show_coded_fields_and_never_the_identity(mission, witness, analyst):
    client = _page(analyst)
    base = f"/m/{mission.slug}/people/"
    for response in (client.get(base), client.get(f"{base}{witness.pk}/")):
        body = response.content.decode()
        assert response.status_code == 200
        assert "W-0101" in body and "Female" in body and "2031" in body
        assert NAME not in body and "Canary-Page-Testimony" not in body
    api = _api(analyst)
    for response in (
        api.get(f"/api/v1/protected-persons?mission={mission.slug}"),
        api.get(f"/api/v1/protected-persons/{witness.pk}"),
    ):
        assert response.status_code == 200
        assert "W-0101" in response.content.decode()
        assert (
            NAME not in response.content.decode() and "Canary-Page-Testimony" not in response.content.decode()
        )
    detail = api.get(f"/api/v1/protected-persons/{witness.pk}").json()
    assert detail["protected_fields_set"] == ["full_name", "testimony"]
    assert not _reveals().exists(), "reading coded fields is not a reveal"


def test_a_get_never_decrypts(mission, witness, analyst):
    response = _page(analyst).get(f"/m/{mission.slug}/people/{witness.pk}/reveal/")
    assert response.status_code == 405
    assert NAME not in response.content.decode() and not _reveals().exists()


def test_an_analyst_reveals_with_a_reason_and_the_audit_log_keeps_the_reason(mission, witness, analyst):
    response = _page(analyst).post(
        f"/m/{mission.slug}/people/{witness.pk}/reveal/", {"reason": "Arranging a follow-up interview"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert NAME in body and "Canary-Page-Testimony-90aa13" in body
    assert "no-store" in response["Cache-Control"]
    record = _reveals().get()
    assert record.actor == analyst and record.object_id == str(witness.pk)
    assert record.after["reason"] == "Arranging a follow-up interview"
    assert NAME not in json.dumps(record.after)


def test_the_api_reveal_answers_the_values_once_and_is_audited(mission, witness, analyst):
    response = _post_json(
        _api(analyst),
        f"/api/v1/protected-persons/{witness.pk}/reveal",
        {"reason": "Case review", "fields": ["full_name"]},
    )
    assert response.status_code == 200, response.content
    assert response.json()["values"] == {"full_name": NAME}
    assert response["Cache-Control"] == "no-store"
    assert _reveals().get().after == {"fields": ["full_name"], "reason": "Case review"}


def test_a_reveal_without_a_reason_is_refused_with_a_stable_code(mission, witness, analyst):
    api = _api(analyst)
    for body in ({}, {"reason": ""}, {"reason": "   "}):
        response = _post_json(api, f"/api/v1/protected-persons/{witness.pk}/reveal", body)
        assert response.status_code == 400, (body, response.content)
        assert response.json()["error"]["code"] == "reveal_reason_required"
        assert NAME not in response.content.decode()
    page = _page(analyst).post(f"/m/{mission.slug}/people/{witness.pk}/reveal/", {"reason": ""})
    assert page.status_code == 400
    assert NAME not in page.content.decode() and "Nothing was revealed" in page.content.decode()
    assert not _reveals().exists()


def test_a_viewer_and_a_monitor_cannot_reveal(mission, witness, viewer, monitor):
    # A viewer's clearance stops below confidential: the person does not exist for them (404).
    assert _page(viewer).get(f"/m/{mission.slug}/people/{witness.pk}/").status_code == 404
    assert NAME not in _page(viewer).get(f"/m/{mission.slug}/people/").content.decode()
    for user, status in ((viewer, 404), (monitor, 403)):
        page = _page(user).post(f"/m/{mission.slug}/people/{witness.pk}/reveal/", {"reason": "curious"})
        api = _post_json(_api(user), f"/api/v1/protected-persons/{witness.pk}/reveal", {"reason": "curious"})
        assert (page.status_code, api.status_code) == (status, status)
        assert NAME not in page.content.decode() + api.content.decode()
    assert not _reveals().exists()


def test_another_mission_gets_404_everywhere(mission, witness, outsider):
    assert _page(outsider).get(f"/m/{mission.slug}/people/").status_code == 404
    assert _page(outsider).get(f"/m/{mission.slug}/people/{witness.pk}/").status_code == 404
    api = _api(outsider)
    assert api.get(f"/api/v1/protected-persons/{witness.pk}").status_code == 404
    assert (
        _post_json(api, f"/api/v1/protected-persons/{witness.pk}/reveal", {"reason": "x"}).status_code == 404
    )
    assert api.get(f"/api/v1/protected-persons?mission={mission.slug}").status_code == 404
    assert api.get("/api/v1/protected-persons").json()["count"] == 0


def test_a_person_of_another_mission_is_404_under_this_mission(mission, analyst):
    elsewhere = make_mission("Elsewhere")
    make_member(elsewhere, "analyst", "analyst-elsewhere")
    person = register_person(
        mission=elsewhere, actor=None, code="X-1", role="victim", retain_until=dt.date(2030, 1, 1)
    )
    assert _page(analyst).get(f"/m/{mission.slug}/people/{person.pk}/").status_code == 404


def test_strictly_confidential_persons_need_the_need_to_know_list(mission, analyst, monitor, admin_member):
    secret = register_person(
        mission=mission,
        actor=monitor,  # the one who registers it is put on its need-to-know list
        code="S-0009",
        role="source",
        retain_until=dt.date(2030, 1, 1),
        confidentiality=Confidentiality.STRICTLY_CONFIDENTIAL,
        protected={"full_name": NAME},
    )
    assert _api(analyst).get(f"/api/v1/protected-persons/{secret.pk}").status_code == 404
    assert "S-0009" not in _page(analyst).get(f"/m/{mission.slug}/people/").content.decode()
    assert _api(monitor).get(f"/api/v1/protected-persons/{secret.pk}").status_code == 200
    assert (
        _post_json(
            _api(monitor), f"/api/v1/protected-persons/{secret.pk}/reveal", {"reason": "x"}
        ).status_code
        == 403
    )
    shown = _post_json(
        _api(admin_member), f"/api/v1/protected-persons/{secret.pk}/reveal", {"reason": "Audit"}
    )
    assert shown.json()["values"]["full_name"] == NAME


def test_a_monitor_registers_through_the_form_and_the_identity_is_encrypted(mission, monitor, viewer):
    form = {
        "code": "V-0300",
        "role": "victim",
        "risk_level": "high",
        "confidentiality": "2",
        "consent_scope": "mission",
        "retain_until": "2032-01-01",
        "full_name": NAME,
        "testimony": TESTIMONY,
    }
    assert _page(viewer).post(f"/m/{mission.slug}/people/new/", form).status_code == 403
    assert _page(viewer).get(f"/m/{mission.slug}/people/new/").status_code == 403
    response = _page(monitor).post(f"/m/{mission.slug}/people/new/", form)
    person = ProtectedPerson.objects.get(code="V-0300")
    assert response.status_code == 302 and response["Location"].endswith(f"/people/{person.pk}/")
    assert NAME not in person.full_name_ciphertext and person.full_name_ciphertext.startswith("gw1:")
    assert AuditRecord.objects.filter(action="protected_person.create", object_id=str(person.pk)).exists()
    again = _page(monitor).post(f"/m/{mission.slug}/people/new/", form)
    assert again.status_code == 400 and "already used" in again.content.decode()


def test_the_api_registers_and_answers_coded_fields_only(mission, monitor, viewer):
    body = {
        "mission": mission.slug,
        "code": "W-0400",
        "role": "witness",
        "retain_until": "2032-01-01",
        "full_name": NAME,
        "contact": "+000 111",
    }
    assert _post_json(_api(viewer), "/api/v1/protected-persons", body).status_code == 403
    response = _post_json(_api(monitor), "/api/v1/protected-persons", body)
    assert response.status_code == 201, response.content
    assert NAME not in response.content.decode() and "+000 111" not in response.content.decode()
    assert response.json()["protected_fields_set"] == ["full_name", "contact"]
    public = _post_json(
        _api(monitor), "/api/v1/protected-persons", {**body, "code": "W-0401", "confidentiality": "public"}
    )
    assert public.status_code == 422 and public.json()["error"]["fields"][0]["field"] == "confidentiality"


def test_consent_changes_need_the_analyst_role_and_are_audited(mission, witness, monitor, analyst):
    body = {"consent_scope": "public_anonymised", "consent_notes": "Agreed 3 May.", "risk_level": "critical"}
    path = f"/api/v1/protected-persons/{witness.pk}/consent"
    assert _post_json(_api(monitor), path, body).status_code == 403
    response = _post_json(_api(analyst), path, body)
    assert response.status_code == 200
    assert (response.json()["consent_scope"], response.json()["risk_level"]) == (
        "public_anonymised",
        "critical",
    )
    record = AuditRecord.objects.get(action="protected_person.consent")
    assert record.before["consent_scope"] == "none" and record.after["consent_scope"] == "public_anonymised"
    page = _page(analyst).post(
        f"/m/{mission.slug}/people/{witness.pk}/consent/", {"consent_scope": "nonsense", "risk_level": "low"}
    )
    assert page.status_code == 400


def test_events_are_linked_and_unlinked_within_what_the_analyst_sees(
    mission, witness, analyst, other_mission
):
    event = make_event(mission, "Checkpoint closed")
    hidden = make_event(mission, "Hidden", confidentiality=Confidentiality.STRICTLY_CONFIDENTIAL)
    foreign = make_event(other_mission, "Elsewhere")
    api = _api(analyst)
    path = f"/api/v1/protected-persons/{witness.pk}/events"
    linked = _post_json(api, path, {"event": event.pk})
    assert linked.status_code == 200 and linked.json()["events"] == [event.pk]
    for unseen in (hidden, foreign):
        refused = _post_json(api, path, {"event": unseen.pk})
        assert refused.status_code == 422 and refused.json()["error"]["fields"][0]["field"] == "event"
    assert api.get(f"/api/v1/protected-persons?event={event.pk}").json()["count"] == 1
    page = _page(analyst).get(f"/m/{mission.slug}/people/{witness.pk}/")
    assert "Checkpoint closed" in page.content.decode()
    unlinked = _page(analyst).post(
        f"/m/{mission.slug}/people/{witness.pk}/events/", {"event": event.pk, "action": "unlink"}
    )
    assert unlinked.status_code == 302 and not witness.events.exists()
    assert (
        AuditRecord.objects.filter(
            action__in=["protected_person.link_event", "protected_person.unlink_event"]
        ).count()
        == 2
    )


def test_hostile_codes_and_consent_notes_are_stored_verbatim_and_shown_escaped(mission, monitor, analyst):
    from groundwatch.tests.security import hostile

    api = _api(monitor)
    for number, text in enumerate(hostile.XSS[:10]):
        body = {
            "mission": mission.slug,
            "code": f"H{number}{text}"[:30],
            "role": "victim",
            "retain_until": "2032-01-01",
            "consent_notes": text,
        }
        response = _post_json(api, "/api/v1/protected-persons", body)
        assert response.status_code == 201, response.content
        person = ProtectedPerson.objects.get(pk=response.json()["id"])
        assert (person.code, person.consent_notes) == (body["code"], text)
        page = _page(analyst).get(f"/m/{mission.slug}/people/{person.pk}/").content.decode()
        assert text not in page and "<script>alert" not in page and 'id="gw-pwned"' not in page
    listing = _page(analyst).get(f"/m/{mission.slug}/people/").content.decode()
    assert "&lt;script&gt;" in listing and "<script>window.__gw_pwned" not in listing
