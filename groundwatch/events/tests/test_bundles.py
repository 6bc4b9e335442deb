import json
import subprocess
import zipfile

import pytest
from django.core.management import call_command

from groundwatch.audit.models import AuditRecord
from groundwatch.core.choices import Confidentiality
from groundwatch.core.errors import NotFound, PermissionDenied
from groundwatch.events.bundles import build_bundle, verify_bundle
from groundwatch.events.services import link_evidence
from groundwatch.tests.factories import make_claim, make_event, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(mission, analyst):
    event = make_event(mission, "Detention at the bridge", actor=analyst, event_type="arbitrary_detention")
    open_report = make_report(
        mission,
        "Monitor saw two men taken aside.",
        actor=analyst,
        files=[("bridge.jpg", b"\xff\xd8 photo bytes")],
    )
    secret_report = make_report(
        mission,
        "Interview account.",
        actor=analyst,
        files=[("audio.ogg", b"OggS audio")],
        confidentiality=Confidentiality.STRICTLY_CONFIDENTIAL,
    )
    for report in (open_report, secret_report):
        link_evidence(event=event, claim=make_claim(report, actor=analyst), actor=analyst)
    return event


def test_a_bundle_holds_the_files_hashes_claims_and_custody(case, analyst, tmp_path):
    result = build_bundle(event_id=case.pk, actor=analyst, destination=tmp_path / "case.zip")
    assert verify_bundle(result.path) == []
    with zipfile.ZipFile(result.path) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
        custody = json.loads(bundle.read("custody.json"))
    assert [claim["quote"] for claim in manifest["claims"]] == [
        "Monitor saw two men taken aside.",
        "Interview account.",
    ]  # the analyst made the strictly confidential report, so it is on their need-to-know list
    assert len(manifest["files"]) == 2
    assert all(trail[-1]["action"] == "attachment.export" for trail in custody.values())


def test_the_bundle_checks_with_standard_tools(case, analyst, tmp_path):
    result = build_bundle(event_id=case.pk, actor=analyst, destination=tmp_path / "case.zip")
    with zipfile.ZipFile(result.path) as bundle:
        bundle.extractall(tmp_path / "unpacked")
    check = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"],  # noqa: S607  (the standard tool a recipient uses),
        cwd=tmp_path / "unpacked",
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count(": OK") == 2


def test_a_changed_file_in_a_bundle_is_found(case, analyst, tmp_path):
    result = build_bundle(event_id=case.pk, actor=analyst, destination=tmp_path / "case.zip")
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(result.path) as original, zipfile.ZipFile(tampered, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            copy.writestr(
                item, data.replace(b"photo", b"PHOTO") if item.filename.endswith("bridge.jpg") else data
            )
    [problem] = verify_bundle(tampered)
    assert "bridge.jpg: SHA-256 is" in problem


def test_a_bundle_only_holds_what_the_exporter_may_see(case, mission, tmp_path):
    from groundwatch.core.choices import Role
    from groundwatch.tests.factories import make_member

    other_analyst = make_member(mission, Role.ANALYST, "second-analyst")
    result = build_bundle(event_id=case.pk, actor=other_analyst, destination=tmp_path / "case.zip")
    with zipfile.ZipFile(result.path) as bundle:
        names = bundle.namelist()
    assert any(name.endswith("bridge.jpg") for name in names)
    assert not any(name.endswith("audio.ogg") for name in names)
    assert result.claims == 1


def test_viewers_and_outsiders_cannot_export(case, viewer, outsider, tmp_path):
    with pytest.raises(PermissionDenied):
        build_bundle(event_id=case.pk, actor=viewer, destination=tmp_path / "a.zip")
    with pytest.raises(NotFound):
        build_bundle(event_id=case.pk, actor=outsider, destination=tmp_path / "b.zip")


def test_the_command_writes_and_checks_a_bundle(case, analyst, tmp_path, capsys):
    call_command("export_case", str(case.pk), "--as", analyst.username, "--out", str(tmp_path / "c.zip"))
    assert "2 files, 2 claims, all hashes checked" in capsys.readouterr().out
    assert AuditRecord.objects.filter(action="event.bundle", object_id=str(case.pk)).exists()
