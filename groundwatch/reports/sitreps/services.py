"""Sitrep writes: draft, edit the narrative, publish (frozen and kept). Each one audited, in a transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string

from groundwatch.accounts.models import Mission
from groundwatch.audit.services import record_audit, snapshot
from groundwatch.core.access import mission_grants, require_action
from groundwatch.core.choices import Action, Confidentiality
from groundwatch.core.errors import EditConflict, ValidationFailed
from groundwatch.reports.models import PublishedSitrep, Sitrep, SitrepKind
from groundwatch.reports.sitreps.content import build_content

NARRATIVE_FIELDS = ("highlights", "overview", "protection", "humanitarian", "security")


def sitrep_period(kind: str, last_day: dt.date) -> tuple[dt.date, dt.date, dt.date | None]:
    """(first day, last day, next issue) for a sitrep ending on ``last_day``."""
    if kind == SitrepKind.WEEKLY:
        return last_day - dt.timedelta(days=6), last_day, last_day + dt.timedelta(days=7)
    if kind == SitrepKind.DAILY:
        return last_day, last_day, last_day + dt.timedelta(days=1)
    return last_day, last_day, None  # a flash update has no scheduled next issue


def create_sitrep(
    *,
    mission: Mission,
    actor: Any,
    kind: str,
    last_day: dt.date,
    confidentiality: int = Confidentiality.INTERNAL,
) -> Sitrep:
    """A draft sitrep with a first narrative drawn from the figures, for the analyst to edit."""
    require_action(actor, mission, Action.ANALYSE)
    if kind not in SitrepKind.values:
        raise ValidationFailed(f"Unknown sitrep kind {kind!r}; choose daily, weekly or flash.")
    if actor is not None and confidentiality > mission_grants(actor, Action.VIEW).get(mission.pk, -1):
        raise ValidationFailed("A sitrep cannot be more confidential than what you may see yourself.")
    start, end, next_issue = sitrep_period(kind, last_day)
    with transaction.atomic():
        sitrep = Sitrep.objects.create(
            mission=mission,
            kind=kind,
            period_start=start,
            period_end=end,
            next_issue_on=next_issue,
            confidentiality=confidentiality,
            created_by=actor,
            title=f"{mission.name}: {SitrepKind(kind).label} situation report, {end:%d %B %Y}",
        )
        content = build_content(sitrep)
        lines = [
            f"{figure.label}: {figure.verified} verified ({figure.with_unverified} including unverified)."
            for figure in content.figures
            if figure.with_unverified not in ("0", "")
        ]
        sitrep.highlights = "\n".join(lines[:5]) or "No events were recorded in this period."
        sitrep.overview = f"{len(content.items)} events were recorded in {len(content.areas)} areas."
        sitrep.save(update_fields=["highlights", "overview"])
        record_audit(
            action="sitrep.create", actor=actor, mission=mission, target=sitrep, after=snapshot(sitrep)
        )
    return sitrep


def edit_narrative(*, sitrep: Sitrep, actor: Any, expected_version: int, **text: str) -> Sitrep:
    """Replace narrative sections; an edit based on an older version is refused (EditConflict)."""
    require_action(actor, sitrep.mission, Action.ANALYSE)
    unknown = set(text) - set(NARRATIVE_FIELDS)
    if unknown:
        raise ValidationFailed(f"Not a narrative section: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        before = snapshot(sitrep)
        changed = Sitrep.objects.filter(pk=sitrep.pk, version=expected_version).update(
            version=F("version") + 1, **text
        )
        if not changed:
            raise EditConflict(
                "Someone else edited this sitrep meanwhile; reload it and make your changes again."
            )
        sitrep.refresh_from_db()
        record_audit(
            action="sitrep.edit",
            actor=actor,
            mission=sitrep.mission,
            target=sitrep,
            before=before,
            after=snapshot(sitrep),
        )
    return sitrep


def render_document(sitrep: Sitrep, issue: int | None = None) -> tuple[str, dict[str, Any]]:
    content = build_content(sitrep)
    html = render_to_string(
        "reports/sitrep_document.html", {"sitrep": sitrep, "content": content, "issue": issue}
    )
    return html, content.as_json()


def publish_sitrep(*, sitrep: Sitrep, actor: Any) -> PublishedSitrep:
    """Freeze the document as it reads now (figures and footnotes included) as the next numbered issue."""
    require_action(actor, sitrep.mission, Action.ANALYSE)
    with transaction.atomic():
        locked = Sitrep.objects.select_for_update().get(pk=sitrep.pk)
        number = locked.published.count() + 1
        html, figures = render_document(locked, number)
        issue = PublishedSitrep.objects.create(
            sitrep=locked, number=number, html=html, figures=figures, published_by=actor
        )
        record_audit(
            action="sitrep.publish",
            actor=actor,
            mission=locked.mission,
            target=issue,
            after={"sitrep": locked.pk, "number": number, "confidentiality": locked.confidentiality},
        )
    return issue
