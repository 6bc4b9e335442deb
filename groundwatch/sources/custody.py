"""Evidence custody: who touched which file, and whether the stored files are still what was received."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from groundwatch.audit.services import record_audit
from groundwatch.lib.hashing import sha256_chunks
from groundwatch.sources.models import Attachment
from groundwatch.sources.storage import FileStore, default_store

CUSTODY_ACTIONS = ("view", "download", "export", "derive")


def record_custody(*, attachment: Attachment, actor: Any, action: str, detail: str = "") -> None:
    """Add a step to an attachment's custody trail (an audit record: attachment.view, .download …)."""
    if action not in CUSTODY_ACTIONS:
        raise ValueError(f"unknown custody action {action!r}")
    record_audit(
        action=f"attachment.{action}",
        actor=actor,
        mission=attachment.mission_id,
        target=attachment,
        after={"sha256": attachment.sha256, "detail": detail},
    )


def custody_trail(attachment: Attachment) -> list[dict[str, Any]]:
    from groundwatch.audit.models import AuditRecord

    records = AuditRecord.objects.filter(object_type="sources.attachment", object_id=str(attachment.pk))
    return [
        {
            "at": record.at.isoformat(),
            "action": record.action,
            "by": record.actor_label,
            "sequence": record.sequence,
        }
        for record in records.order_by("sequence")
    ]


@dataclass
class FixityReport:
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def is_intact(self) -> bool:
        return not self.missing and not self.changed


def check_fixity(
    store: FileStore | None = None, progress: Callable[[int, int], None] | None = None
) -> FixityReport:
    """Re-hash every stored file that an attachment refers to and report any that are gone or changed."""
    store = store or default_store()
    digests = list(Attachment.objects.order_by("sha256").values_list("sha256", flat=True).distinct())
    report = FixityReport()
    for number, digest in enumerate(digests, start=1):
        if not store.exists(digest):
            report.missing.append(digest)
        else:
            actual, _size = sha256_chunks(store.open(digest))
            if actual != digest:
                report.changed.append(digest)
        report.checked += 1
        if progress is not None:
            progress(number, len(digests))
    return report
