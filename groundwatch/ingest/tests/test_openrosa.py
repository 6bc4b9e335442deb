"""The OpenRosa server, exercised the way ODK Collect talks to it."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import time

import pytest
from defusedxml.ElementTree import fromstring
from django.core.files.uploadedfile import SimpleUploadedFile

from groundwatch.accounts.services import issue_api_token
from groundwatch.audit.models import AuditRecord
from groundwatch.events.models import Claim, Event
from groundwatch.ingest.openrosa import intake
from groundwatch.ingest.services import close_form
from groundwatch.sources.models import Attachment, Report
from groundwatch.tests.factories import TEST_PASSWORD

from .conftest import basic

PHOTO = b"\xff\xd8\xff\xe0" + b"JFIF-test-photo" * 200 + b"\xff\xd9"
LIST_NS = "{http://openrosa.org/xforms/xformsList}"


def incident_xml(
    place_id: int, instance: str = "uuid:8b5b5c4a-0001", deprecated: str = "", killed: str = "3"
) -> bytes:
    deprecated_tag = f"<deprecatedID>{deprecated}</deprecatedID>" if deprecated else ""
    return f"""<?xml version='1.0' ?><data id="incident_report" version="2024100101"
 xmlns:jr="http://openrosa.org/javarosa" xmlns:odk="http://www.opendatakit.org/xforms"
 xmlns:orx="http://openrosa.org/xforms"><event><event_date>2023-09-19</event_date>
<violation_type>shelling</violation_type><place>place_{place_id}</place>
<location>39.8153 46.7519 0.0 4.0</location><local_area>market</local_area>
<description>Shells hit the central market in the morning.</description></event>
<act><victims_killed>{killed}</victims_killed><victims_injured>7</victims_injured><victims_detained/>
<victims_missing/><victim_group>market traders</victim_group></act>
<involvement><perpetrator>Artillery unit</perpetrator><perpetrator_kind>state_forces</perpetrator_kind></involvement>
<information><source_connection>witness</source_connection><reliability>likely_reliable</reliability>
<photo>1695112345678.jpg</photo></information>
<meta><instanceID>{instance}</instanceID>{deprecated_tag}</meta></data>""".encode()


def url(mission, name: str) -> str:
    return f"/m/{mission.slug}/openrosa/{name}"


def send(client, mission, user, xml: bytes, *, photo: bytes | None = PHOTO, password=None):
    """HEAD, then multipart POST — exactly the order and part names ODK Collect uses."""
    headers = basic(user.username, password) if password else basic(user.username)
    head = client.head(url(mission, "submission"), headers=headers)
    assert head.status_code == 204
    data = {"xml_submission_file": SimpleUploadedFile("1695112345678.xml", xml, content_type="text/xml")}
    if photo is not None:
        data["1695112345678.jpg"] = SimpleUploadedFile("1695112345678.jpg", photo, content_type="image/jpeg")
    return client.post(url(mission, "submission"), data=data, headers=headers)


def test_head_answers_204_with_openrosa_headers(client, mission, monitor, forms):
    response = client.head(url(mission, "submission"), headers=basic("monitor"))
    assert response.status_code == 204
    assert response["X-OpenRosa-Version"] == "1.0"
    assert int(response["X-OpenRosa-Accept-Content-Length"]) > 0
    assert "Date" in response


def test_without_credentials_the_app_is_challenged(client, mission, forms):
    response = client.get(url(mission, "formList"))
    assert response.status_code == 401
    challenge = response["WWW-Authenticate"]
    assert challenge.startswith('Digest realm="groundwatch", qop="auth", algorithm=MD5, nonce="')
    assert challenge.endswith(f'Basic realm="groundwatch {mission.slug}"')  # both: the app picks one


def test_wrong_password_is_refused_and_audited(client, mission, monitor, forms):
    response = client.get(url(mission, "formList"), headers=basic("monitor", "wrong password!"))
    assert response.status_code == 401
    assert AuditRecord.objects.filter(action="openrosa.reject").exists()


def test_form_list_serves_the_converted_forms(client, mission, monitor, forms):
    response = client.get(url(mission, "formList"), headers=basic("monitor"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    root = fromstring(response.content)
    entries = {item.findtext(f"{LIST_NS}formID"): item for item in root.iter(f"{LIST_NS}xform")}
    assert set(entries) == {"incident_report", "aid_delivery", "site_count", "weapons_handover"}
    incident = entries["incident_report"]
    download = incident.findtext(f"{LIST_NS}downloadUrl")
    assert download.startswith("http://testserver/m/")
    form = client.get(download, headers=basic("monitor"))
    expected = "md5:" + hashlib.md5(form.content, usedforsecurity=False).hexdigest()
    assert incident.findtext(f"{LIST_NS}hash") == expected
    manifest = client.get(incident.findtext(f"{LIST_NS}manifestUrl"), headers=basic("monitor"))
    assert b"<filename>places.csv</filename>" in manifest.content
    media = client.get(url(mission, "forms/incident_report/media/places.csv"), headers=basic("monitor"))
    assert media.content.startswith(b"name,label\n")
    assert hashlib.md5(media.content, usedforsecurity=False).hexdigest() in manifest.content.decode()


def test_a_viewer_may_not_collect(client, mission, viewer, forms):
    assert client.get(url(mission, "formList"), headers=basic("viewer")).status_code == 403


def test_an_outsider_gets_404(client, mission, outsider, forms):
    assert client.get(url(mission, "formList"), headers=basic("outsider")).status_code == 404


def test_odk_collect_submission_creates_report_photo_claim_and_event(
    client, mission, monitor, forms, khankendi
):
    response = send(client, mission, monitor, incident_xml(khankendi.pk))
    assert response.status_code == 201, response.content
    assert b"OpenRosaResponse" in response.content
    report = Report.objects.get(mission=mission, external_id="uuid:8b5b5c4a-0001")
    assert report.channel == "field_app" and report.submitted_by == monitor
    photo = Attachment.objects.get(report=report, original_name="1695112345678.jpg")
    assert photo.sha256 == hashlib.sha256(PHOTO).hexdigest()
    assert Attachment.objects.filter(report=report, original_name="submission.xml").exists()
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


def test_sending_the_same_submission_again_changes_nothing(client, mission, monitor, forms, khankendi):
    send(client, mission, monitor, incident_xml(khankendi.pk))
    counts = (
        Report.objects.count(),
        Attachment.objects.count(),
        Claim.objects.count(),
        Event.objects.count(),
    )
    again = send(client, mission, monitor, incident_xml(khankendi.pk))
    assert again.status_code in (201, 202)
    assert (
        Report.objects.count(),
        Attachment.objects.count(),
        Claim.objects.count(),
        Event.objects.count(),
    ) == counts


def test_attachments_sent_in_several_posts_are_joined(client, mission, monitor, forms, khankendi):
    xml = incident_xml(khankendi.pk)
    assert send(client, mission, monitor, xml, photo=None).status_code == 201
    assert send(client, mission, monitor, xml).status_code == 202
    report = Report.objects.get(external_id="uuid:8b5b5c4a-0001")
    assert sorted(report.attachments.values_list("original_name", flat=True)) == [
        "1695112345678.jpg",
        "submission.xml",
    ]
    assert Event.objects.count() == 1


def test_an_edit_is_a_new_version_of_the_same_submission(client, mission, monitor, forms, khankendi):
    send(client, mission, monitor, incident_xml(khankendi.pk))
    edited = incident_xml(khankendi.pk, instance="uuid:8b5b5c4a-0002", deprecated="uuid:8b5b5c4a-0001")
    assert send(client, mission, monitor, edited).status_code == 201
    new = Report.objects.get(external_id="uuid:8b5b5c4a-0002")
    assert new.corrects.external_id == "uuid:8b5b5c4a-0001"
    event = Event.objects.get()
    assert event.evidence.count() == 2


def test_a_device_token_works_as_the_password(client, mission, monitor, forms, khankendi):
    token = issue_api_token(user=monitor, actor=monitor, name="phone 3")
    response = send(client, mission, monitor, incident_xml(khankendi.pk), password=token)
    assert response.status_code == 201


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def digest(challenge: str, method: str, uri: str, username: str, secret: str, nc: str = "00000001") -> dict:
    """What ODK Collect's HTTP client answers to our challenge (RFC 7616, MD5, qop=auth)."""
    nonce = re.search(r'nonce="([^"]+)"', challenge).group(1)
    ha1 = _md5(f"{username}:groundwatch:{secret}")
    cnonce = "0a4f113b"
    response = _md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{_md5(f'{method}:{uri}')}")
    header = (
        f'Digest username="{username}", realm="groundwatch", nonce="{nonce}", uri="{uri}", '
        f'algorithm=MD5, qop=auth, nc={nc}, cnonce="{cnonce}", response="{response}"'
    )
    return {"Authorization": header, "X-OpenRosa-Version": "1.0"}


def _without_qop(headers: dict) -> dict:
    return {**headers, "Authorization": headers["Authorization"].replace(", qop=auth", "")}


def test_over_plain_http_a_phone_submits_with_digest_and_its_device_token(
    client, mission, monitor, forms, khankendi
):
    token = issue_api_token(user=monitor, actor=monitor, name="phone on the office wifi")
    submission = url(mission, "submission")
    challenge = client.head(submission)["WWW-Authenticate"]
    head = client.head(submission, headers=digest(challenge, "HEAD", submission, "monitor", token))
    assert head.status_code == 204
    data = {
        "xml_submission_file": SimpleUploadedFile(
            "1695112345678.xml", incident_xml(khankendi.pk), "text/xml"
        ),
        "1695112345678.jpg": SimpleUploadedFile("1695112345678.jpg", PHOTO, content_type="image/jpeg"),
    }
    posted = client.post(
        submission, data=data, headers=digest(challenge, "POST", submission, "monitor", token, "00000002")
    )
    assert posted.status_code == 201
    assert Report.objects.get(channel="field_app").submitted_by == monitor


def test_digest_refuses_a_wrong_token_a_password_a_revoked_token_and_another_uri(
    client, mission, monitor, forms
):
    from groundwatch.accounts.models import ApiToken
    from groundwatch.accounts.services import revoke_api_token

    token = issue_api_token(user=monitor, actor=monitor, name="phone")
    form_list = url(mission, "formList")
    challenge = client.get(form_list)["WWW-Authenticate"]
    assert (
        client.get(form_list, headers=digest(challenge, "GET", form_list, "monitor", token)).status_code
        == 200
    )
    refused = [
        digest(challenge, "GET", form_list, "monitor", token[:-1] + "x"),  # not the token
        digest(challenge, "GET", form_list, "monitor", TEST_PASSWORD),  # passwords never work with Digest
        digest(challenge, "GET", url(mission, "submission"), "monitor", token),  # signed for another URI
        digest(challenge.replace('nonce="', 'nonce="1'), "GET", form_list, "monitor", token),  # forged nonce
        _without_qop(digest(challenge, "GET", form_list, "monitor", token)),  # the RFC 2069 form
    ]
    for headers in refused:
        assert client.get(form_list, headers=headers).status_code == 401
    revoke_api_token(token=ApiToken.objects.get(user=monitor), actor=monitor)
    assert (
        client.get(form_list, headers=digest(challenge, "GET", form_list, "monitor", token)).status_code
        == 401
    )
    assert AuditRecord.objects.filter(action="openrosa.reject").count() >= len(refused) + 1


def test_an_old_nonce_is_answered_stale_so_the_app_retries(client, mission, monitor, forms, monkeypatch):
    from groundwatch.ingest.openrosa import auth

    token = issue_api_token(user=monitor, actor=monitor, name="phone")
    form_list = url(mission, "formList")
    old = auth.new_nonce(now=time.time() - auth.NONCE_SECONDS - 60)
    challenge = f'Digest realm="groundwatch", nonce="{old}"'
    response = client.get(form_list, headers=digest(challenge, "GET", form_list, "monitor", token))
    assert response.status_code == 401 and "stale=true" in response["WWW-Authenticate"]
    fresh = response["WWW-Authenticate"]
    assert client.get(form_list, headers=digest(fresh, "GET", form_list, "monitor", token)).status_code == 200


def _post_xml(client, mission, xml: bytes):
    data = {"xml_submission_file": SimpleUploadedFile("x.xml", xml, content_type="text/xml")}
    return client.post(url(mission, "submission"), data=data, headers=basic("monitor"))


BILLION_LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<data id="incident_report"><meta><instanceID>uuid:x</instanceID></meta><a>&lol2;</a></data>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<data id="incident_report"><meta><instanceID>uuid:y</instanceID></meta><a>&xxe;</a></data>"""


@pytest.mark.parametrize(
    ("xml", "status"),
    [
        (BILLION_LAUGHS, 400),
        (EXTERNAL_ENTITY, 400),
        (b"<data id='incident_report'><unclosed></data>", 400),
        (b"<data id='no_such_form'><meta><instanceID>uuid:z</instanceID></meta></data>", 404),
        (b"<data id='incident_report'><meta></meta></data>", 400),
    ],
)
def test_bad_submissions_are_refused_with_status_and_audited(client, mission, monitor, forms, xml, status):
    before = AuditRecord.objects.filter(action="openrosa.reject").count()
    assert _post_xml(client, mission, xml).status_code == status
    assert Report.objects.count() == 0
    assert AuditRecord.objects.filter(action="openrosa.reject").count() == before + 1


def test_a_closed_form_refuses_submissions(client, mission, monitor, coordinator, forms, khankendi):
    close_form(form=forms["incident_report"], actor=coordinator)
    assert _post_xml(client, mission, incident_xml(khankendi.pk)).status_code == 404
    listing = client.get(url(mission, "formList"), headers=basic("monitor"))
    assert b"incident_report" not in listing.content


def test_an_oversized_submission_gets_413(client, mission, monitor, forms, khankendi, settings):
    settings.OPENROSA_MAX_BYTES = 1000
    response = send(client, mission, monitor, incident_xml(khankendi.pk))
    assert response.status_code == 413
    assert Report.objects.count() == 0
    assert AuditRecord.objects.filter(action="openrosa.reject", after__status=413).exists()


def test_an_attachment_over_the_store_limit_leaves_nothing(
    client, mission, monitor, forms, khankendi, settings
):
    settings.ATTACHMENT_MAX_BYTES = 1000
    settings.OPENROSA_MAX_BYTES = 10**7
    response = send(client, mission, monitor, incident_xml(khankendi.pk))
    assert response.status_code == 413
    assert (Report.objects.count(), Event.objects.count()) == (0, 0)


PROBE = """
import fcntl, sys
with open(sys.argv[1], "a") as handle:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print("held")
    else:
        print("free")
"""


@pytest.mark.skipif(intake.fcntl is None, reason="no fcntl (Windows): submissions queue per process")
def test_sqlite_submissions_queue_across_server_processes(tmp_path):
    """Two server processes writing one SQLite file queue on a lock the kernel wakes them from."""
    path = tmp_path / "sqlite-writers.lock"

    def probe() -> str:
        command = [sys.executable, "-c", PROBE, str(path)]
        return subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout.strip()  # noqa: S603

    with intake._file_lock(path):
        assert probe() == "held"
    assert probe() == "free"
