"""Evidence bundles: one event's supporting files, a manifest of their hashes, and their custody trail.

A bundle is a zip that anyone can check without groundwatch: ``unzip bundle.zip && sha256sum -c SHA256SUMS``
re-hashes every file. ``manifest.json`` describes the event, its claims with the quoted words, and each
file's origin; ``custody.json`` lists who stored, viewed and exported each file. Building a bundle is
itself recorded in every included file's custody trail.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Q
from django.utils import timezone

from groundwatch import __version__
from groundwatch.audit.services import record_audit
from groundwatch.core.access import get_restricted
from groundwatch.core.choices import Action
from groundwatch.events.models import Event, Evidence
from groundwatch.sources.custody import custody_trail, record_custody
from groundwatch.sources.models import Attachment
from groundwatch.sources.storage import default_store


@dataclass(frozen=True)
class BundleResult:
    path: Path
    files: int
    claims: int


def _claims(event: Event, user: Any) -> list[Evidence]:
    visible = Evidence.objects.restrict(user).filter(event=event)
    return list(visible.select_related("claim__report__source").order_by("pk"))


def build_bundle(*, event_id: int, actor: Any, destination: Path) -> BundleResult:
    """Write a bundle of what ``actor`` may see about the event. Files are copied, never changed."""
    event = get_restricted(Event.objects.all(), actor, Action.ANALYSE, pk=event_id)
    links = _claims(event, actor)
    report_ids = {link.claim.report_id for link in links}
    attachments = list(
        Attachment.objects.restrict(actor).filter(Q(report_id__in=report_ids)).order_by("report_id", "pk")
    )
    store = default_store()
    sums: list[str] = []
    files: list[dict[str, Any]] = []
    destination.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for attachment in attachments:
            name = f"files/{attachment.pk}-{Path(attachment.original_name or attachment.sha256).name}"
            digest = hashlib.sha256()
            with bundle.open(name, "w") as target:
                for chunk in store.open(attachment.sha256):
                    digest.update(chunk)
                    target.write(chunk)
            if digest.hexdigest() != attachment.sha256:
                raise ValueError(
                    f"Stored file {attachment.sha256} no longer matches its hash; run fixity_check."
                )
            sums.append(f"{attachment.sha256}  {name}")
            files.append(
                {
                    "path": name,
                    "sha256": attachment.sha256,
                    "size": attachment.size,
                    "media_type": attachment.media_type,
                    "report": attachment.report_id,
                }
            )
        manifest = _manifest(event, links, files)
        bundle.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        bundle.writestr("SHA256SUMS", "\n".join(sums) + ("\n" if sums else ""))
        for attachment in attachments:
            record_custody(
                attachment=attachment, actor=actor, action="export", detail=f"bundle for event {event.pk}"
            )
        custody = {str(attachment.pk): custody_trail(attachment) for attachment in attachments}
        bundle.writestr("custody.json", json.dumps(custody, indent=2))
    record_audit(
        action="event.bundle",
        actor=actor,
        mission=event.mission_id,
        target=event,
        after={"files": len(files), "claims": len(links)},
    )
    return BundleResult(path=destination, files=len(files), claims=len(links))


def _manifest(event: Event, links: list[Evidence], files: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "generator": f"groundwatch {__version__}",
        "created_at": timezone.now().isoformat(),
        "event": {
            "id": event.pk,
            "mission": event.mission.slug,
            "title": event.title,
            "type": event.type_label,
            "date": event.date_label,
            "place": event.location_name,
            "verification_status": event.verification_status,
            "standard_of_proof": event.standard_of_proof,
            "rationale": event.verification_rationale,
        },
        "claims": [
            {
                "claim": link.claim_id,
                "stance": link.stance,
                "quote": link.claim.quote,
                "report": link.claim.report_id,
                "report_sha256": link.claim.report.content_sha256,
                "source": link.claim.report.source.name if link.claim.report.source else None,
                "credibility": link.claim.credibility,
            }
            for link in links
        ],
        "files": files,
        "how_to_verify": "unzip the bundle, then run: sha256sum -c SHA256SUMS",
    }


def verify_bundle(path: Path) -> list[str]:
    """Problems found in a bundle (empty when every file matches its listed SHA-256)."""
    problems = []
    with zipfile.ZipFile(path) as bundle:
        names = set(bundle.namelist())
        for line in bundle.read("SHA256SUMS").decode().splitlines():
            expected, name = line.split("  ", 1)
            if name not in names:
                problems.append(f"{name}: missing")
                continue
            actual = hashlib.sha256(bundle.read(name)).hexdigest()
            if actual != expected:
                problems.append(f"{name}: SHA-256 is {actual}, the manifest says {expected}")
    return problems
