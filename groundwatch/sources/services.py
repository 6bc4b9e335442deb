"""Every write to sources, reports and attachments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from groundwatch.accounts.models import Mission
from groundwatch.accounts.services import grant_creator_if_strict, share_need_to_know
from groundwatch.audit.services import record_audit, snapshot
from groundwatch.core.access import require_action
from groundwatch.core.choices import Action, Confidentiality
from groundwatch.core.errors import ValidationFailed
from groundwatch.lib.hashing import sha256_text
from groundwatch.sources.choices import Channel, Reliability, SourceKind
from groundwatch.sources.custody import record_custody
from groundwatch.sources.models import Attachment, Report, Source, SourceGrading
from groundwatch.sources.storage import FileStore, StoredFile, default_store


@dataclass
class IncomingFile:
    """A file as it arrives: its name, declared media type and its bytes as chunks."""

    name: str
    chunks: Iterable[bytes]
    media_type: str = "application/octet-stream"
    metadata: dict[str, Any] = field(default_factory=dict)
    # Already in the file store (see ``prestore``): the bytes were written and synced before the
    # transaction, so the database write lock is not held while the disk syncs.
    stored: StoredFile | None = None


def prestore(files: Sequence[IncomingFile], store: FileStore | None = None) -> list[IncomingFile]:
    """Write files to the content-addressed store now, outside any transaction.

    A busy intake path (field-app submissions) calls this before its transaction: storing the same
    bytes twice keeps one copy, and a file whose transaction then fails is an unreferenced blob, never
    a row without its file.
    """
    target = store or default_store()
    return [
        incoming
        if incoming.stored is not None
        else replace(incoming, chunks=(), stored=target.put(incoming.chunks))
        for incoming in files
    ]


def record_source(
    *,
    mission: Mission,
    actor: Any,
    name: str,
    kind: str,
    reliability: str = Reliability.F,
    description: str = "",
    url: str = "",
    confidentiality: int = Confidentiality.INTERNAL,
) -> Source:
    require_action(actor, mission, Action.ANALYSE)
    if kind not in SourceKind.values:
        raise ValidationFailed(f"Unknown source kind {kind!r}.", field="kind")
    if reliability not in Reliability.values:
        raise ValidationFailed(f"Reliability must be one of A–F, not {reliability!r}.", field="reliability")
    with transaction.atomic():
        if Source.objects.filter(mission=mission, name=name).exists():
            raise ValidationFailed(f"This mission already has a source named {name!r}.", field="name")
        source = Source.objects.create(
            mission=mission,
            name=name,
            kind=kind,
            reliability=reliability,
            description=description,
            url=url,
            confidentiality=confidentiality,
        )
        SourceGrading.objects.create(
            source=source, reliability=reliability, rationale="Initial grade.", graded_by=actor
        )
        record_audit(
            action="source.create", actor=actor, mission=mission, target=source, after=snapshot(source)
        )
    return source


def grade_source(*, source: Source, actor: Any, reliability: str, rationale: str) -> Source:
    """Give a source a new reliability grade; the old grade stays in its history."""
    require_action(actor, source.mission, Action.ANALYSE)
    if reliability not in Reliability.values:
        raise ValidationFailed(f"Reliability must be one of A–F, not {reliability!r}.", field="reliability")
    if not rationale.strip():
        raise ValidationFailed("Say why the grade changes.", field="rationale")
    with transaction.atomic():
        before = snapshot(source)
        source.reliability = reliability
        source.save(update_fields=["reliability"])
        SourceGrading.objects.create(
            source=source, reliability=reliability, rationale=rationale, graded_by=actor
        )
        record_audit(
            action="source.grade",
            actor=actor,
            mission=source.mission,
            target=source,
            before=before,
            after=snapshot(source),
        )
    return source


def record_report(
    *,
    mission: Mission,
    actor: Any,
    channel: str,
    text: str = "",
    title: str = "",
    source: Source | None = None,
    received_at: dt.datetime | None = None,
    published_at: dt.datetime | None = None,
    language: str = "",
    url: str = "",
    external_id: str = "",
    metadata: dict[str, Any] | None = None,
    confidentiality: int = Confidentiality.INTERNAL,
    files: Sequence[IncomingFile] = (),
    corrects: Report | None = None,
    store: FileStore | None = None,
) -> Report:
    """Store one incoming item exactly as received, with its files, hashed. All or nothing."""
    require_action(actor, mission, Action.SUBMIT)
    _check_report(mission, channel, text, files, source, corrects)
    with transaction.atomic():
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    mission=mission,
                    source=source,
                    channel=channel,
                    external_id=external_id,
                    received_at=received_at or timezone.now(),
                    published_at=published_at,
                    submitted_by=actor,
                    language=language,
                    title=title[:500],
                    text=text,
                    url=url,
                    content_sha256=sha256_text(text),
                    metadata=metadata or {},
                    confidentiality=confidentiality,
                    corrects=corrects,
                )
        except IntegrityError:
            raise ValidationFailed(
                f"A report with id {external_id!r} already came in on this channel.", field="external_id"
            ) from None
        record_audit(
            action="report.create", actor=actor, mission=mission, target=report, after=snapshot(report)
        )
        grant_creator_if_strict(record=report, actor=actor)
        # A report made just now has a need-to-know list only if the line above gave it one.
        listed = actor is not None and confidentiality == Confidentiality.STRICTLY_CONFIDENTIAL
        for incoming in files:
            store_attachment(report=report, actor=actor, incoming=incoming, store=store, share=listed)
    return report


def _check_report(
    mission: Mission,
    channel: str,
    text: str,
    files: Sequence[IncomingFile],
    source: Source | None,
    corrects: Report | None,
) -> None:
    if channel not in Channel.values:
        raise ValidationFailed(f"Unknown channel {channel!r}.", field="channel")
    if not text.strip() and not files:
        raise ValidationFailed("A report needs text or at least one file.", field="text")
    if source is not None and source.mission_id != mission.pk:
        raise ValidationFailed("That source belongs to another mission.", field="source")
    if corrects is not None and corrects.mission_id != mission.pk:
        raise ValidationFailed(
            "A correction must be in the same mission as the report it corrects.", field="corrects"
        )


def store_attachment(
    *,
    report: Report,
    actor: Any,
    incoming: IncomingFile,
    store: FileStore | None = None,
    share: bool = True,
) -> Attachment:
    """Stream a file into the content-addressed store and attach it to a report.

    The file gets the report's need-to-know list; ``share=False`` only where the caller knows that list is
    empty (a report made in the same transaction, not strictly confidential).
    """
    stored = incoming.stored or (store or default_store()).put(incoming.chunks)
    attachment = Attachment.objects.create(
        mission_id=report.mission_id,
        report=report,
        sha256=stored.sha256,
        size=stored.size,
        media_type=incoming.media_type or "application/octet-stream",
        original_name=incoming.name[:255],
        metadata=incoming.metadata,
        stored_by=actor,
        confidentiality=report.confidentiality,
    )
    record_audit(
        action="attachment.store",
        actor=actor,
        mission=report.mission_id,
        target=attachment,
        after=snapshot(attachment),
    )
    if share:
        share_need_to_know(source=report, record=attachment)
    return attachment


def store_working_copy(
    *,
    original: Attachment,
    actor: Any,
    incoming: IncomingFile,
    derivation: str,
    store: FileStore | None = None,
) -> Attachment:
    """Keep a redacted or blurred copy of an evidence file beside its original, which is never changed.

    The copy is a new content-addressed file on the same report; both custody trails record the step.
    """
    require_action(actor, original.report.mission, Action.ANALYSE)
    if not derivation.strip():
        raise ValidationFailed(
            "Say what was done to make this copy (e.g. faces blurred).", field="derivation"
        )
    with transaction.atomic():
        stored = (store or default_store()).put(incoming.chunks)
        if stored.sha256 == original.sha256:
            raise ValidationFailed("The working copy is identical to the original.", field="file")
        copy = Attachment.objects.create(
            mission_id=original.mission_id,
            report_id=original.report_id,
            sha256=stored.sha256,
            size=stored.size,
            media_type=incoming.media_type or original.media_type,
            original_name=incoming.name[:255],
            metadata=incoming.metadata,
            stored_by=actor,
            confidentiality=original.confidentiality,
            derived_from=original,
            derivation=derivation[:200],
        )
        record_audit(
            action="attachment.store",
            actor=actor,
            mission=original.mission_id,
            target=copy,
            after=snapshot(copy),
        )
        record_custody(
            attachment=original, actor=actor, action="derive", detail=f"working copy {copy.pk}: {derivation}"
        )
        share_need_to_know(source=original.report, record=copy)
    return copy
