"""Every write of open-source intake: ingest an article, poll feeds, review proposals.

Each function takes a keyword-only ``actor``, runs in one transaction and leaves an audit record; the
domain records themselves are written through the sources and events services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from groundwatch.accounts.models import Mission
from groundwatch.audit.services import record_audit, snapshot
from groundwatch.core.access import require_action
from groundwatch.core.choices import Action
from groundwatch.core.errors import ValidationFailed
from groundwatch.events.choices import MEASURE_UNITS, ActorKind, ActorRole
from groundwatch.events.models import Actor, Event
from groundwatch.events.services import (
    MeasureInput,
    add_claim,
    add_event_actor,
    link_evidence,
    record_actor,
    record_event,
)
from groundwatch.events.taxonomy import get_taxonomy
from groundwatch.geo.models import Place
from groundwatch.geo.services import record_place
from groundwatch.ingest.articles.reading import Article
from groundwatch.ingest.extraction import PIPELINE, PIPELINE_VERSION, ExtractionRefused, extract_text
from groundwatch.ingest.extraction.output import event_json
from groundwatch.ingest.matching.duplicates import find_story, signature
from groundwatch.ingest.matching.events import EventFacts, rank, suggestion
from groundwatch.ingest.review.models import ArticleRead, Proposal, ProposalStatus
from groundwatch.sources.models import Report, Source
from groundwatch.sources.services import IncomingFile, record_report

RECENT_STORIES = 2000  # how many earlier articles of the mission a new one is compared with


@dataclass(frozen=True)
class IngestResult:
    report: Report
    read: ArticleRead
    proposals: int
    is_copy: bool


def ingest_article(
    *,
    mission: Mission,
    actor: Any,
    article: Article,
    channel: str,
    source: Source | None = None,
    external_id: str = "",
    published_on: dt.date | None = None,
) -> IngestResult:
    """Store the article as a Report (bytes hashed), extract it, and queue its proposals. All or nothing."""
    require_action(actor, mission, Action.ANALYSE)
    published = published_on or article.published_on
    try:
        extraction = extract_text(article.text, published_on=published, area_countries=mission.area_countries)
    except ExtractionRefused as error:
        raise ValidationFailed(str(error), field="text") from None
    minhash = signature(article.text)
    with transaction.atomic():
        known = ArticleRead.objects.filter(mission=mission, story_of=None).order_by("-id")[:RECENT_STORIES]
        story_id = find_story(minhash, ((read.pk, read.minhash) for read in known))
        report = record_report(
            mission=mission,
            actor=actor,
            channel=channel,
            text=article.text,
            title=article.title,
            source=source,
            published_at=dt.datetime.combine(published, dt.time(12), dt.UTC) if published else None,
            language=extraction.language,
            url=article.url,
            external_id=external_id,
            metadata={"media_type": article.media_type, "name": article.name},
            files=[
                IncomingFile(
                    name=article.name or "article", chunks=[article.raw], media_type=article.media_type
                )
            ],
        )
        read = ArticleRead.objects.create(
            mission=mission,
            report=report,
            story_of_id=story_id,
            language=extraction.language,
            is_extracted=extraction.is_extracted,
            note=extraction.reason or (f"same story as report {story_id}" if story_id else ""),
            minhash=minhash,
            pipeline_version=PIPELINE_VERSION,
        )
        record_audit(
            action="article.read",
            actor=actor,
            mission=mission,
            target=read,
            after=snapshot(read, exclude=("minhash",)),
        )
        count = 0
        if extraction.is_extracted and story_id is None:  # a copy of a known story adds no new proposals
            for proposed in extraction.events:
                _propose(report, actor, event_json(proposed))
                count += 1
    return IngestResult(report, read, count, story_id is not None)


def _claim_measures(proposed: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "item": q["item"],
            "value": q["value"],
            "unit": q["unit"],
            "qualifier": q["qualifier"],
            "text": q["text"],
        }
        for q in proposed["quantities"]
        if q["item"]
    ]


def _propose(report: Report, actor: Any, proposed: dict[str, Any]) -> Proposal:
    start, end = proposed["evidence_span"]
    while end > start and report.text[end - 1].isspace():
        end -= 1
    claim = add_claim(
        report=report,
        actor=actor,
        span_start=start,
        span_end=end,
        summary=get_taxonomy().label(proposed["type"], proposed["sub_type"] or ""),
        event_type=proposed["type"],
        sub_event_type=proposed["sub_type"] or "",
        date_start=dt.date.fromisoformat(proposed["date"]) if proposed["date"] else None,
        date_end=dt.date.fromisoformat(proposed["date_end"]) if proposed["date_end"] else None,
        date_precision=proposed["date_precision"] or "",
        location_name=proposed["location"] or "",
        actors=[{"name": a["name"], "role": a["role"] or ""} for a in proposed["actors"]],
        measures=_claim_measures(proposed),
        pipeline=PIPELINE,
        pipeline_version=PIPELINE_VERSION,
    )
    candidates = rank(proposed, _nearby_events(report.mission, proposed))
    kind, event_id = suggestion(candidates)
    proposal = Proposal.objects.create(
        mission_id=report.mission_id,
        report=report,
        claim=claim,
        proposed=proposed,
        confidence=proposed["confidence"],
        suggestion=kind,
        suggested_event_id=event_id,
        candidates=candidates,
    )
    record_audit(
        action="proposal.create",
        actor=actor,
        mission=report.mission_id,
        target=proposal,
        after=snapshot(proposal),
    )
    return proposal


def _nearby_events(mission: Mission | Any, proposed: dict[str, Any]) -> list[EventFacts]:
    events = Event.objects.filter(mission=mission, merged_into=None)
    if proposed.get("date"):
        day = dt.date.fromisoformat(proposed["date"])
        events = events.filter(
            date_start__lte=day + dt.timedelta(days=10), date_end__gte=day - dt.timedelta(days=10)
        )
    facts = []
    for event in events.prefetch_related("event_actors__actor")[:300]:
        facts.append(
            EventFacts(
                id=event.pk,
                title=event.title,
                event_type=event.event_type,
                date_start=event.date_start,
                date_end=event.date_end,
                latitude=float(event.latitude) if event.latitude is not None else None,
                longitude=float(event.longitude) if event.longitude is not None else None,
                country_code=event.country_code,
                actors=frozenset(link.actor.name.lower() for link in event.event_actors.all()),
                text=f"{event.title} {event.description}",
            )
        )
    return facts


def _open(proposal: Proposal) -> Proposal:
    current = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if current.status != ProposalStatus.PENDING:
        raise ValidationFailed(
            f"This proposal was already decided ({current.get_status_display().lower()}).", field="status"
        )
    return current


def start_review(*, proposal: Proposal, actor: Any) -> Proposal:
    """Mark the proposal as being reviewed by ``actor``, so others see it is taken."""
    require_action(actor, proposal.mission, Action.ANALYSE)
    with transaction.atomic():
        current = _open(proposal)
        current.reviewer = actor
        current.review_started_at = timezone.now()
        current.save(update_fields=["reviewer", "review_started_at"])
        record_audit(
            action="proposal.review",
            actor=actor,
            mission=current.mission_id,
            target=current,
            after={"reviewer": getattr(actor, "pk", None)},
        )
    return current


def _place_for(proposed: dict[str, Any], actor: Any) -> Place | None:
    if not proposed.get("location") or proposed.get("latitude") is None:
        return None
    found = (
        Place.objects.search(proposed["location"])
        .filter(country_code=(proposed.get("country_code") or "")[:2] or None)
        .first()
        if proposed.get("country_code")
        else Place.objects.search(proposed["location"]).first()
    )
    if found is not None:
        return found
    code = proposed.get("country_code") or ""
    if len(code) != 2:
        return None
    return record_place(
        actor=actor,
        name=proposed["location"],
        country_code=code,
        latitude=proposed["latitude"],
        longitude=proposed["longitude"],
        admin1=proposed.get("admin1") or "",
    )


def accept_proposal(*, proposal: Proposal, actor: Any, changes: dict[str, Any] | None = None) -> Event:
    """Code the proposal (with the analyst's edits) as a new event, its claim linked as evidence."""
    require_action(actor, proposal.mission, Action.ANALYSE)
    with transaction.atomic():
        current = _open(proposal)
        fields = {**current.proposed, **(changes or {})}
        if not fields.get("date"):
            raise ValidationFailed("Give the event a date before accepting it.", field="date")
        measures = [
            MeasureInput(
                item=q["item"],
                value=q["value"],
                unit=q["unit"] if q["unit"] in MEASURE_UNITS.get(q["item"], ()) else "",
                qualifier=q["qualifier"],
                claim=current.claim,
            )
            for q in fields.get("quantities", [])
            if q.get("item") in MEASURE_UNITS
        ]
        label = get_taxonomy().label(fields["type"], fields.get("sub_type") or "")
        event = record_event(
            mission=current.mission,
            actor=actor,
            title=fields.get("title") or f"{label} — {fields.get('location') or 'place unknown'}",
            event_type=fields["type"],
            sub_event_type=fields.get("sub_type") or "",
            date_start=dt.date.fromisoformat(fields["date"]),
            date_end=dt.date.fromisoformat(fields.get("date_end") or fields["date"]),
            date_precision=fields.get("date_precision") or "day",
            description=fields.get("evidence", ""),
            place=_place_for(fields, actor),
            location_name=fields.get("location") or "",
            geo_precision=fields.get("geo_precision"),
            measures=measures,
            evidence=[current.claim],
        )
        _link_actors(event, fields.get("actors") or [], actor)
        _decide(current, actor, ProposalStatus.ACCEPTED, event)
    return event


def actor_lines(actors: list[dict[str, Any]]) -> str:
    """The proposal's actors as the page's editable text: one ``name; kind; role`` per line."""
    return "\n".join(
        "; ".join(part for part in (a.get("name") or "", a.get("kind") or "", a.get("role") or "")).rstrip(
            "; "
        )
        for a in actors
        if a.get("name")
    )


def parse_actor_lines(text: str) -> list[dict[str, Any]]:
    """Read ``name; kind; role`` lines (kind and role optional) back into the proposal's actor list."""
    actors = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = [part.strip() for part in line.split(";")]
        if not parts[0]:
            continue
        name, kind, role = [*parts, "", ""][:3]
        if kind and kind not in ActorKind.values:
            raise ValidationFailed(
                f"Actor line {number}: unknown kind {kind!r}; use one of {', '.join(ActorKind.values)}.",
                field="actors",
            )
        if role and role not in ActorRole.values:
            raise ValidationFailed(
                f"Actor line {number}: unknown role {role!r}; use one of {', '.join(ActorRole.values)}.",
                field="actors",
            )
        actors.append({"name": name, "kind": kind or None, "role": role or None})
    return actors


def _known_actors(mission_id: int) -> dict[str, Actor]:
    """The mission's actors by lower-cased name and alias (a name wins over another actor's alias)."""
    known: dict[str, Actor] = {}
    records = list(Actor.objects.filter(mission_id=mission_id))
    for record in records:
        for alias in record.aliases or []:
            if isinstance(alias, str) and alias.strip():
                known.setdefault(alias.strip().lower(), record)
    for record in records:
        known[record.name.strip().lower()] = record
    return known


def _link_actors(event: Event, mentions: list[dict[str, Any]], actor: Any) -> None:
    """Link the proposal's actors to the event with their roles, reusing the mission's actors by name or
    alias and creating the missing ones. A new actor needs a kind: a mention without one (the extractor
    could not tell, and the analyst gave none) is linked only if the mission already knows it."""
    known = _known_actors(event.mission_id)
    unnamed_roles = iter((ActorRole.ACTOR1, ActorRole.ACTOR2, ActorRole.ASSOC_ACTOR1, ActorRole.ASSOC_ACTOR2))
    taken: set[str] = set()
    for mention in mentions:
        name = str(mention.get("name") or "").strip()
        if not name:
            continue
        record = known.get(name.lower())
        if record is None:
            kind = mention.get("kind") or ""
            if kind not in ActorKind.values:
                continue
            record = record_actor(mission=event.mission, actor=actor, name=name[:200], kind=kind)
            known[name.lower()] = record
        role = mention.get("role") or ""
        if role not in ActorRole.values:
            role = next((r for r in unnamed_roles if r not in taken), ActorRole.ASSOC_ACTOR2)
        taken.add(role)
        add_event_actor(event=event, actor=actor, actor_record=record, role=role)


def merge_proposal(*, proposal: Proposal, actor: Any, event: Event) -> Event:
    """Add the proposal's claim to an existing event as supporting evidence."""
    require_action(actor, proposal.mission, Action.ANALYSE)
    if event.mission_id != proposal.mission_id:
        raise ValidationFailed("That event belongs to another mission.", field="event")
    with transaction.atomic():
        current = _open(proposal)
        link_evidence(event=event, claim=current.claim, actor=actor, note="Accepted from the review queue.")
        _decide(current, actor, ProposalStatus.MERGED, event)
    return event


def reject_proposal(*, proposal: Proposal, actor: Any, reason: str = "") -> Proposal:
    require_action(actor, proposal.mission, Action.ANALYSE)
    with transaction.atomic():
        current = _open(proposal)
        _decide(current, actor, ProposalStatus.REJECTED, None, reason)
    return current


def _decide(proposal: Proposal, actor: Any, status: str, event: Event | None, reason: str = "") -> None:
    before = snapshot(proposal)
    proposal.status = status
    proposal.event = event
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.reviewer = None
    proposal.save(update_fields=["status", "event", "decided_by", "decided_at", "reviewer"])
    after = snapshot(proposal)
    if reason:
        after["reason"] = reason
    record_audit(
        action=f"proposal.{status}",
        actor=actor,
        mission=proposal.mission_id,
        target=proposal,
        before=before,
        after=after,
    )


def accept_above(*, mission: Mission, actor: Any, threshold: float) -> dict[str, int]:
    """Bulk decision: every pending proposal at or above ``threshold`` follows its suggestion."""
    require_action(actor, mission, Action.ANALYSE)
    counts = {"accepted": 0, "merged": 0, "skipped": 0}
    pending = Proposal.objects.filter(
        mission=mission, status=ProposalStatus.PENDING, confidence__gte=threshold
    )
    for proposal in pending.select_related("suggested_event", "mission", "claim"):
        try:
            if proposal.suggested_event is not None and proposal.suggested_event.merged_into_id is None:
                merge_proposal(proposal=proposal, actor=actor, event=proposal.suggested_event)
                counts["merged"] += 1
            else:
                accept_proposal(proposal=proposal, actor=actor)
                counts["accepted"] += 1
        except ValidationFailed:
            counts["skipped"] += 1
    return counts
