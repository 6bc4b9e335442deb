"""The monitor web form: the same shipped forms, filled in on a laptop, through the same intake."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from groundwatch.events.models import Claim, Event
from groundwatch.ingest.tests.test_openrosa import PHOTO, incident_xml, send
from groundwatch.ingest.webform import read_xform
from groundwatch.sources.models import Attachment, Report


def page(mission, form_id: str = "incident_report") -> str:
    return f"/m/{mission.slug}/forms/{form_id}/"


def incident_answers(where, **changes):
    answers = {
        "instance_id": "uuid:6f1c1a52-0c1e-4d8e-9d6f-2f3c9b7a0001",
        "event_date": "2023-09-19",
        "violation_type": "shelling",
        "place": f"place_{where.pk}",
        "location": "39.8153 46.7519",
        "local_area": "market",
        "description": "Shells hit the central market in the morning.",
        "victims_killed": "3",
        "victims_injured": "7",
        "victim_group": "market traders",
        "perpetrator": "Artillery unit",
        "perpetrator_kind": "state_forces",
        "source_connection": "witness",
        "reliability": "likely_reliable",
    }
    answers.update(changes)
    return answers


def _counts():
    return (Report.objects.count(), Attachment.objects.count(), Claim.objects.count(), Event.objects.count())


def test_the_page_is_drawn_from_the_published_xform(client, mission, monitor, forms):
    client.force_login(monitor)
    response = client.get(page(mission))
    assert response.status_code == 200
    html = response.content.decode()
    assert "csrfmiddlewaretoken" in html
    assert 'for="f-event_date"' in html and 'id="f-event_date"' in html and 'type="date"' in html
    assert "<legend>Victims (counts only, no names)</legend>" in html
    assert 'value="shelling"' in html and "Shelling or missile attack" in html
    assert "Khankendi" in html  # the place list comes from the form's places.csv media file
    assert 'type="file"' in html and 'accept="image/*"' in html
    assert "<script" not in html  # the CSP allows no inline scripts, and this page needs none


def test_every_shipped_form_has_a_page(client, mission, monitor, forms):
    client.force_login(monitor)
    listing = client.get(f"/m/{mission.slug}/forms/").content.decode()
    for form in forms.values():
        assert page(mission, form.form_id) in listing
        assert client.get(page(mission, form.form_id)).status_code == 200


def test_a_monitor_submits_an_incident_report_like_a_phone_would(client, mission, monitor, forms, khankendi):
    client.force_login(monitor)
    data = incident_answers(khankendi)
    data["photo"] = SimpleUploadedFile("IMG_0042.JPG", PHOTO, content_type="image/jpeg")
    response = client.post(page(mission), data)
    assert response.status_code == 302
    report = Report.objects.get(external_id=data["instance_id"])
    assert response["Location"] == f"/m/{mission.slug}/reports/{report.pk}/"
    assert report.channel == "web_form" and report.submitted_by == monitor
    assert len(report.content_sha256) == 64
    photo = Attachment.objects.get(report=report, original_name="photo.jpg")
    assert photo.sha256 == hashlib.sha256(PHOTO).hexdigest()
    stored_xml = Attachment.objects.get(report=report, original_name="submission.xml")
    assert report.metadata["xml_sha256"] == stored_xml.sha256
    claim = Claim.objects.get(report=report)
    assert claim.field_path == "/data/event"
    event = Event.objects.get(evidence__claim=claim)
    assert event.event_type == "explosions_remote_violence"
    assert event.place == khankendi
    assert event.confidentiality == 2
    assert {(m.item, int(m.value)) for m in event.measures.all()} == {
        ("people_killed", 3),
        ("people_injured", 7),
    }
    assert set(event.event_actors.values_list("role", flat=True)) == {"perpetrator", "victim_group"}
    follow = client.get(response["Location"])
    assert f"event {event.pk} created" in follow.content.decode()


def test_web_form_and_phone_give_the_same_event(client, mission, monitor, forms, khankendi):
    send(client, mission, monitor, incident_xml(khankendi.pk, killed="3"))
    phone = Event.objects.get()
    client.force_login(monitor)
    client.post(page(mission), incident_answers(khankendi, victims_missing=""))
    web = Event.objects.exclude(pk=phone.pk).get()
    same = ("title", "event_type", "sub_event_type", "date_start", "place_id", "confidentiality")
    assert {name: getattr(web, name) for name in same} == {name: getattr(phone, name) for name in same}
    assert sorted(web.measures.values_list("item", "value")) == sorted(
        phone.measures.values_list("item", "value")
    )


def test_sending_the_page_twice_stores_one_report(client, mission, monitor, forms, khankendi):
    client.force_login(monitor)
    client.post(page(mission), incident_answers(khankendi))
    counts = _counts()
    again = client.post(page(mission), incident_answers(khankendi))
    assert again.status_code == 302
    assert _counts() == counts


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("event_date", "", "This answer is required."),
        ("event_date", "19/09/2023", "Give a date as YYYY-MM-DD."),
        ("event_date", "2999-01-01", "not in the future"),
        ("victims_killed", "three", "Give a whole number."),
        ("victims_killed", "-2", "a count must be zero or more"),
        ("violation_type", "genocide_of_cats", "Pick one of the listed choices."),
        ("place", "place_999999", "Pick one of the listed choices."),
        ("location", "91 200", "latitude 91 is out of range"),
    ],
)
def test_invalid_answers_are_shown_beside_their_field_and_nothing_is_written(
    client, mission, monitor, forms, khankendi, field, value, message
):
    client.force_login(monitor)
    before = _counts()
    response = client.post(page(mission), incident_answers(khankendi, **{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    error_at = html.index(f'id="f-{field}-error"')
    assert message in html[error_at : error_at + 300]
    assert f'aria-describedby="f-{field}-error"' in html
    assert "The report was not stored." in html
    assert _counts() == before


def test_a_wrong_photo_type_is_refused(client, mission, monitor, forms, khankendi):
    client.force_login(monitor)
    data = incident_answers(khankendi, photo=SimpleUploadedFile("x.txt", b"text", content_type="text/plain"))
    response = client.post(page(mission), data)
    assert "Attach a file of type image/*." in response.content.decode()
    assert Report.objects.count() == 0


def test_a_viewer_gets_403(client, mission, viewer, forms, khankendi):
    client.force_login(viewer)
    assert client.get(page(mission)).status_code == 403
    assert client.get(f"/m/{mission.slug}/forms/").status_code == 403
    assert client.post(page(mission), incident_answers(khankendi)).status_code == 403
    assert Report.objects.count() == 0


def test_another_mission_gets_404(client, mission, outsider, forms, khankendi):
    client.force_login(outsider)
    assert client.get(page(mission)).status_code == 404
    assert client.post(page(mission), incident_answers(khankendi)).status_code == 404
    assert Report.objects.count() == 0


def test_a_closed_or_unknown_form_is_404(client, mission, monitor, coordinator, forms):
    from groundwatch.ingest.services import close_form

    close_form(form=forms["site_count"], actor=coordinator)
    client.force_login(monitor)
    assert client.get(page(mission, "site_count")).status_code == 404
    assert client.get(page(mission, "no_such_form")).status_code == 404


def test_a_post_without_csrf_token_is_refused(mission, monitor, forms, khankendi):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(monitor)
    assert strict.post(page(mission), incident_answers(khankendi)).status_code == 403
    assert Report.objects.count() == 0


def test_read_xform_reads_labels_binds_and_choices(forms):
    web = read_xform(forms["weapons_handover"].xml, {})
    fields = {item.name: item for item in web.fields}
    assert fields["handover_date"].required and fields["handover_date"].type == "date"
    assert fields["small_arms"].widget == "number"
    assert [c.value for c in fields["handover_kind"].choices] == [
        "to_peacekeepers",
        "to_authorities",
        "destroyed",
    ]
    assert fields["place"].choices == []  # no media given: an empty list, not an error
    assert "instanceID" not in fields


def _custom_form():
    from groundwatch.ingest.mapping import FormMapping
    from groundwatch.ingest.xlsform.convert import convert_xlsform
    from groundwatch.ingest.xlsform.library import ShippedForm

    rows = (
        ("date", "seen_on", "Seen on", "", "yes", ""),
        ("select_multiple needs", "needs", "Needs", "", "yes", ""),
        ("text", "other_need", "Other need", "", "yes", ""),
        ("begin_repeat", "people", "People", "", "", ""),
        ("text", "person_name", "Name", "", "", ""),
        ("end_repeat", "", "", "", "", ""),
    )
    choices = (("needs", "water", "Water"), ("needs", "food", "Food"), ("needs", "shelter", "Shelter"))
    form = ShippedForm(
        "needs_check", "Needs check", rows, choices, FormMapping(title="x", date_field="seen_on")
    )
    return convert_xlsform(form.write_xlsx()).xml


def test_multiple_choice_relevance_and_repeats():
    from groundwatch.ingest.webform import Upload, check_answers, instance_xml, read_xform

    xml = _custom_form().replace(
        'nodeset="/data/other_need" type="string" required="true()"',
        'nodeset="/data/other_need" type="string" required="true()" relevant="selected(../needs, \'other\')"',
    )
    web = read_xform(xml, {})
    fields = {item.name: item for item in web.fields}
    assert fields["needs"].widget == "checkboxes"
    assert not fields["other_need"].required  # shown only when relevant: the server cannot tell
    assert "person_name" not in fields and web.unsupported  # a repeat is left to the field apps
    uploads: dict[str, Upload] = {}
    bad = check_answers(
        web, {"seen_on": ["2023-09-20"], "needs": ["water", "beer"]}, uploads, None, max_file_bytes=1
    )
    assert bad.errors == {"needs": ["Pick one of the listed choices."]}
    good = check_answers(
        web, {"seen_on": ["2023-09-20"], "needs": ["water", "food"]}, uploads, None, max_file_bytes=1
    )
    assert good.ok and good.values["needs"] == "water food"  # space-separated, as field apps send it
    document = instance_xml(web, good, "uuid:6f1c1a52-0c1e-4d8e-9d6f-2f3c9b7a0002").decode()
    assert "<needs>water food</needs>" in document
    assert "<instanceID>uuid:6f1c1a52-0c1e-4d8e-9d6f-2f3c9b7a0002</instanceID>" in document
    assert document.count("<people>") == 1  # the repeat's template is left out; its one instance stays empty
