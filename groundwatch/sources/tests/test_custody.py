import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from groundwatch.sources.custody import check_fixity, custody_trail, record_custody
from groundwatch.sources.storage import default_store
from groundwatch.tests.factories import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(mission, monitor):
    report = make_report(mission, "Photo.", actor=monitor, files=[("bridge.jpg", b"\xff\xd8 original bytes")])
    return report.attachments.get()


def test_custody_trail_lists_storing_then_each_access_with_who(photo, analyst):
    record_custody(attachment=photo, actor=analyst, action="view")
    record_custody(attachment=photo, actor=analyst, action="export", detail="case bundle 12")
    assert [(step["action"], step["by"]) for step in custody_trail(photo)] == [
        ("attachment.store", "monitor"),
        ("attachment.view", "analyst"),
        ("attachment.export", "analyst"),
    ]


def test_fixity_finds_a_changed_file_and_a_missing_one(photo, mission, monitor, capsys):
    assert check_fixity().is_intact
    call_command("fixity_check")
    assert "All 1 stored files match" in capsys.readouterr().out
    other = make_report(
        mission, "Second.", actor=monitor, files=[("b.jpg", b"other bytes")]
    ).attachments.get()
    path = default_store().path_for(photo.sha256)
    os.chmod(path, 0o640)
    path.write_bytes(b"\xff\xd8 edited bytes")
    default_store().path_for(other.sha256).unlink()
    report = check_fixity()
    assert report.changed == [photo.sha256] and report.missing == [other.sha256]
    with pytest.raises(CommandError, match="1 missing and 1 changed of 2 files"):
        call_command("fixity_check")


def test_a_working_copy_leaves_the_original_untouched(photo, analyst, viewer):
    from groundwatch.core.errors import PermissionDenied, ValidationFailed
    from groundwatch.sources.services import IncomingFile, store_working_copy

    original_bytes = b"".join(default_store().open(photo.sha256))
    copy = store_working_copy(
        original=photo,
        actor=analyst,
        derivation="faces blurred",
        incoming=IncomingFile("bridge-blurred.jpg", [b"\xff\xd8 blurred bytes"]),
    )
    assert copy.derived_from == photo and copy.sha256 != photo.sha256
    assert b"".join(default_store().open(photo.sha256)) == original_bytes
    assert [step["action"] for step in custody_trail(photo)][-1] == "attachment.derive"
    assert list(photo.working_copies.all()) == [copy]
    with pytest.raises(ValidationFailed, match="identical"):
        store_working_copy(
            original=photo,
            actor=analyst,
            derivation="nothing",
            incoming=IncomingFile("same.jpg", [original_bytes]),
        )
    with pytest.raises(PermissionDenied):
        store_working_copy(
            original=photo, actor=viewer, derivation="x", incoming=IncomingFile("v.jpg", [b"v"])
        )
