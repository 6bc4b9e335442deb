"""The submission service: an OpenRosa submission becomes a Report, a Claim and (by mapping) an Event.

Re-sending the same ``meta/instanceID`` changes nothing (attachments that arrive in a later POST are
added to the report they belong to); a ``deprecatedID`` makes the submission a new version: a new
Report that ``corrects`` the old one, whose Event is updated and linked to the new claim. A submission
already imported from a KoBo/ODK export of the form supports the event that import made.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from groundwatch.accounts.models import Mission
from groundwatch.core.errors import ValidationFailed
from groundwatch.events.models import Event, Evidence
from groundwatch.events.services import link_evidence, update_event
from groundwatch.ingest.drafts import RowResult
from groundwatch.ingest.mapping import FormMapping, apply_mapping
from groundwatch.ingest.models import FormDefinition, ImportedRecord
from groundwatch.ingest.openrosa.xml import Submission, SubmissionInvalid, parse_submission
from groundwatch.ingest.staging import resolve_place, stage_result
from groundwatch.lib.hashing import sha256_bytes
from groundwatch.sources.choices import Channel
from groundwatch.sources.models import Attachment, Report
from groundwatch.sources.services import IncomingFile, prestore, record_report, store_attachment

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

PIPELINE = "openrosa"
PIPELINE_VERSION = "1"
XML_NAME = "submission.xml"


@dataclass(frozen=True)
class Received:
    report: Report
    is_new: bool
    files_added: int
    event: Event | None = None


def receive_submission(
    *,
    mission: Mission,
    actor: Any,
    xml: bytes,
    attachments: Sequence[IncomingFile] = (),
    channel: str = Channel.FIELD_APP,
) -> Received:
    """Store one submission (or the next part of it). Raises SubmissionInvalid with an HTTP status.

    ``channel`` is the way it came: a field app (OpenRosa) or the monitor web form, which builds the
    same instance document and comes through here so both make the same Report, Claim and Event.
    """
    submission = parse_submission(xml)
    form = (
        FormDefinition.objects.filter(mission=mission, form_id=submission.form_id, is_open=True)
        .defer("xml")
        .first()
    )
    if form is None:
        raise SubmissionInvalid(f"No open form {submission.form_id!r} in this mission.", status=404)
    # What needs no database is done before the transaction, and the files go to the store before it too:
    # the write lock is held neither while the form's answers are read nor while disks sync.
    mapping = FormMapping.model_validate(form.mapping) if form.mapping else None
    result = apply_mapping(mapping, submission.values) if mapping else None
    xml_file, *attachments = prestore(
        [IncomingFile(name=XML_NAME, chunks=[xml], media_type="text/xml"), *attachments]
    )
    with _one_sqlite_writer(), transaction.atomic():
        existing = Report.objects.filter(
            mission=mission, channel=channel, external_id=submission.instance_id
        ).first()
        if existing is not None:
            return _add_parts(existing, actor, xml, attachments)
        new = _Submitted(form, submission, mapping, result, xml)
        return _record_new(mission, new, actor, [xml_file, *attachments], channel)


@dataclass(frozen=True)
class _Submitted:
    form: FormDefinition
    submission: Submission
    mapping: FormMapping | None
    result: RowResult | None
    xml: bytes


_SQLITE_WRITERS = threading.Lock()


@contextmanager
def _one_sqlite_writer() -> Iterator[None]:
    """On SQLite, let submissions take the database write lock one after another.

    SQLite has one writer at a time; a thread that finds the lock taken sleeps and polls (up to 100 ms
    between tries), so under many concurrent submissions some wait seconds while others pass. Queuing
    first — on a thread lock within the process, then on a file lock in the data directory shared with
    the other server processes — wakes each waiter as soon as the previous submission commits.
    PostgreSQL writers run side by side and need no queue.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with _SQLITE_WRITERS, _file_lock(Path(settings.DATA_DIR) / "sqlite-writers.lock"):
        yield


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` across processes (flock), released when the block ends.

    Where there is no ``fcntl`` (Windows), submissions queue within each process only.
    """
    if fcntl is None:
        yield
        return
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _add_parts(report: Report, actor: Any, xml: bytes, attachments: Sequence[IncomingFile]) -> Received:
    """A re-send, or the next POST of a split submission: keep only files not stored yet."""
    if report.metadata.get("xml_sha256") != sha256_bytes(xml):
        raise SubmissionInvalid(
            "A different submission with this instanceID was already received; an edit needs a new "
            "instanceID and the old one as deprecatedID.",
            status=409,
        )
    stored = set(Attachment.objects.filter(report=report).values_list("original_name", flat=True))
    added = 0
    for incoming in attachments:
        if incoming.name not in stored:
            store_attachment(report=report, actor=actor, incoming=incoming)
            stored.add(incoming.name)
            added += 1
    return Received(report=report, is_new=False, files_added=added)


def _record_new(
    mission: Mission, new: _Submitted, actor: Any, files: Sequence[IncomingFile], channel: str
) -> Received:
    form, submission, mapping, result = new.form, new.submission, new.mapping, new.result
    corrects = _deprecated(mission, submission, channel)
    report = record_report(
        mission=mission,
        actor=actor,
        channel=channel,
        title=f"{form.title}: {submission.instance_id}",
        text=_readable(submission),
        external_id=submission.instance_id,
        received_at=timezone.now(),
        metadata=_metadata(form, submission, new.xml),
        confidentiality=mapping.confidentiality if mapping else 1,
        files=files,
        corrects=corrects,
    )
    event = None
    if result is not None and mapping is not None:
        event = _stage(report, form, mapping, submission, result, corrects)
    return Received(report=report, is_new=True, files_added=len(files), event=event)


def _stage(
    report: Report,
    form: FormDefinition,
    mapping: FormMapping,
    submission: Submission,
    result: RowResult,
    corrects: Report | None,
) -> Event | None:
    previous = _event_of(corrects) if corrects is not None else None
    exported = _from_an_export(report, form, submission) if previous is None else None
    staged = stage_result(
        report=report,
        result=result,
        field_path=submission.field_path(mapping.date_field).rsplit("/", 1)[0] or "/",
        pipeline=f"{PIPELINE}:{form.form_id}",
        pipeline_version=PIPELINE_VERSION,
        accept=previous is None and exported is None,
    )
    if exported is not None:
        if exported.event is None:
            return None
        note = "The same submission (its instanceID) was imported earlier from a KoBo/ODK export."
        link_evidence(event=exported.event, claim=staged.claim, actor=None, note=note)
        return exported.event
    if previous is None or result.draft is None:
        return staged.event
    draft = result.draft
    changes: dict[str, Any] = {
        "title": draft.title,
        "event_type": draft.event_type,
        "sub_event_type": draft.sub_event_type,
        "date_start": draft.date_start,
        "date_end": draft.end,
        "description": draft.description,
    }
    place = resolve_place(draft.place_ref)
    if place is not None:
        changes["place"] = place
    updated = update_event(event=previous, actor=None, expected_version=previous.version, changes=changes)
    link_evidence(event=updated, claim=staged.claim, actor=None, note="Edited submission (new version).")
    return updated


def _deprecated(mission: Mission, submission: Submission, channel: str) -> Report | None:
    if not submission.deprecated_id:
        return None
    return Report.objects.filter(
        mission=mission, channel=channel, external_id=submission.deprecated_id
    ).first()


def _from_an_export(report: Report, form: FormDefinition, submission: Submission) -> _Exported | None:
    """The record of this submission imported earlier from a KoBo/ODK export of the form, if any.

    The phone's copy is kept (it holds the photos an export leaves out) and its claim supports the event
    the export made, rather than coding the same submission as a second event.
    """
    found = list(
        ImportedRecord.objects.filter(
            mission_id=report.mission_id, dataset=f"kobo:{form.form_id}", external_id=submission.instance_id
        ).values_list("event_id", flat=True)[:1]
    )
    if not found:
        return None
    return _Exported(event=Event.objects.filter(pk=found[0]).first() if found[0] else None)


@dataclass(frozen=True)
class _Exported:
    event: Event | None


def _event_of(report: Report) -> Event | None:
    link = Evidence.objects.filter(claim__report=report).select_related("event").first()
    return link.event if link else None


def _metadata(form: FormDefinition, submission: Submission, xml: bytes) -> dict[str, Any]:
    return {
        "form_id": form.form_id,
        "form_version": submission.version,
        "instance_id": submission.instance_id,
        "deprecated_id": submission.deprecated_id,
        "xml_sha256": sha256_bytes(xml),
    }


def _readable(submission: Submission) -> str:
    skip = {"instanceID", "deprecatedID", "instanceName"}
    lines = [f"{name}: {value}" for name, value in submission.values.items() if value and name not in skip]
    return "\n".join(lines) or f"Submission {submission.instance_id}"


def note_duplicate_race(error: ValidationFailed) -> bool:
    """True when a concurrent copy of the same submission won the race (safe to answer 202)."""
    return error.field == "external_id"
