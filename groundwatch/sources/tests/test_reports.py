import hashlib

import pytest

from groundwatch.core.errors import ImmutableRecord, PermissionDenied, TooLarge, ValidationFailed
from groundwatch.sources.models import Attachment, Report
from groundwatch.sources.services import IncomingFile, grade_source, record_report
from groundwatch.sources.storage import FileStore, default_store
from groundwatch.tests.factories import make_report, make_source

pytestmark = pytest.mark.django_db

PHOTO = bytes(range(256)) * 4000


def test_attachment_hash_matches_its_bytes_and_the_store_returns_them(mission, monitor):
    report = make_report(
        mission, "Photo of the checkpoint.", actor=monitor, files=[("checkpoint.jpg", PHOTO)]
    )
    attachment = report.attachments.get()
    assert attachment.sha256 == hashlib.sha256(PHOTO).hexdigest()
    assert attachment.size == len(PHOTO)
    assert b"".join(default_store().open(attachment.sha256)) == PHOTO


def test_report_text_is_hashed_as_received(mission, monitor):
    text = "Queue of cars at the bridge, about 2 km long.\n"
    report = make_report(mission, text, actor=monitor)
    assert report.content_sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert Report.objects.get(pk=report.pk).text == text


def test_a_stored_report_cannot_be_changed_or_deleted(mission, monitor):
    report = make_report(mission, actor=monitor)
    report.text = "rewritten"
    with pytest.raises(ImmutableRecord):
        report.save()
    with pytest.raises(ImmutableRecord):
        report.delete()


def test_a_correction_is_a_new_report_pointing_at_the_old(mission, monitor):
    original = make_report(mission, "Twelve trucks.", actor=monitor)
    correction = make_report(mission, "Correction: ten trucks, not twelve.", actor=monitor, corrects=original)
    assert list(original.corrections.all()) == [correction]
    assert Report.objects.get(pk=original.pk).text == "Twelve trucks."


def test_an_oversized_file_is_refused_and_nothing_is_kept(settings, mission, monitor):
    settings.ATTACHMENT_MAX_BYTES = 1000
    with pytest.raises(TooLarge, match="larger than the limit"):
        make_report(mission, "Too big.", actor=monitor, files=[("big.bin", b"x" * 5000)])
    assert Report.objects.count() == 0 and Attachment.objects.count() == 0
    store_dir = settings.ATTACHMENT_STORE_DIR
    assert not store_dir.exists() or not any(path.is_file() for path in store_dir.rglob("*"))


def test_the_same_bytes_are_stored_once(tmp_path):
    store = FileStore(tmp_path, max_bytes=10_000)
    first = store.put([b"same ", b"bytes"])
    second = store.put([b"same bytes"])
    assert first.sha256 == second.sha256
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [first.path]


def test_a_report_needs_text_or_a_file(mission, monitor):
    with pytest.raises(ValidationFailed, match="needs text or at least one file"):
        record_report(mission=mission, actor=monitor, channel="field_note", text="   ")


def test_a_resent_external_id_is_refused(mission, monitor):
    make_report(mission, "Form A", actor=monitor, channel="field_app", external_id="uuid:1")
    with pytest.raises(ValidationFailed, match="already came in"):
        make_report(mission, "Form A again", actor=monitor, channel="field_app", external_id="uuid:1")
    assert Report.objects.count() == 1


def test_viewer_cannot_submit_a_report(mission, viewer):
    with pytest.raises(PermissionDenied):
        record_report(
            mission=mission,
            actor=viewer,
            channel="field_note",
            text="x",
            files=[IncomingFile("a.txt", [b"a"])],
        )
    assert Report.objects.count() == 0


def test_regrading_a_source_keeps_its_history(mission, analyst):
    source = make_source(mission, "Local outlet", reliability="C", actor=analyst)
    grade_source(source=source, actor=analyst, reliability="B", rationale="Accurate on five convoys.")
    assert [g.reliability for g in source.gradings.all()] == ["B", "C"]
    with pytest.raises(ValidationFailed, match="Say why"):
        grade_source(source=source, actor=analyst, reliability="A", rationale=" ")
