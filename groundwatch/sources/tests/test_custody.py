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
