"""Load the demo mission through the test builders and the services, exactly once.

``load_demo()`` is idempotent: a database that already holds the demo mission (found by its slug) is
left as it is, and the demo users' credentials are read back from the data directory, so every run prints
the same ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from groundwatch.accounts.models import Mission, User
from groundwatch.core.choices import Role
from groundwatch.demo import scenario
from groundwatch.demo.coded_events import EVENTS
from groundwatch.demo.credentials import DemoCredential, ensure_demo_users
from groundwatch.demo.picture import load_picture
from groundwatch.events.choices import Stance
from groundwatch.events.models import Actor, Claim, Event
from groundwatch.events.services import MeasureInput, link_evidence, set_verification
from groundwatch.geo.models import Place
from groundwatch.geo.services import load_seed_places
from groundwatch.sources.models import Report, Source
from groundwatch.tests.factories import (
    make_actor,
    make_claim,
    make_event,
    make_mission,
    make_report,
    make_source,
)


@dataclass(frozen=True)
class DemoResult:
    mission: Mission
    credentials: list[DemoCredential]
    credentials_file: Path
    is_new: bool


def load_demo(*, data_dir: Path | None = None) -> DemoResult:
    """Create the demo mission, its users and its records, unless they exist already."""
    data_dir = Path(data_dir or settings.DATA_DIR)
    load_seed_places()
    with transaction.atomic():
        credentials, credentials_file = ensure_demo_users(data_dir)
        mission = Mission.objects.filter(slug=scenario.MISSION_SLUG).first()
        is_new = mission is None
        if mission is None:
            users = {
                credential.role: User.objects.get(username=credential.username) for credential in credentials
            }
            mission = _build_mission(users)
    return DemoResult(mission, credentials, credentials_file, is_new)


def _build_mission(users: dict[str, User]) -> Mission:
    admin = users[Role.ADMIN]
    start, end = scenario.MISSION_PERIOD
    mission = make_mission(
        scenario.MISSION_NAME,
        actor=admin,
        slug=scenario.MISSION_SLUG,
        description=scenario.MISSION_DESCRIPTION,
        area_countries=list(scenario.MISSION_COUNTRIES),
        period_start_on=start,
        period_end_on=end,
        members={role: user for role, user in users.items() if role != Role.ADMIN},
    )
    sources = _build_sources(mission, users[Role.ANALYST])
    reports = _build_reports(mission, sources, users)
    actors = {
        key: make_actor(
            mission,
            spec.name,
            actor=users[Role.ANALYST],
            kind=spec.kind,
            country_code=spec.country_code,
            aliases=spec.aliases,
        )
        for key, spec in scenario.ACTORS.items()
    }
    builder = _EventBuilder(mission, reports, actors, users)
    for spec in EVENTS:
        builder.build(spec)
    load_picture(mission)
    return mission


def _build_sources(mission: Mission, analyst: User) -> dict[str, Source]:
    return {
        key: make_source(
            mission,
            spec.name,
            actor=analyst,
            kind=spec.kind,
            reliability=spec.reliability,
            description=spec.description,
            confidentiality=spec.confidentiality,
        )
        for key, spec in scenario.SOURCES.items()
    }


def _build_reports(mission: Mission, sources: dict[str, Source], users: dict[str, User]) -> dict[str, Report]:
    reports = {}
    for key, spec in sorted(scenario.REPORTS.items(), key=lambda item: item[1].received_at):
        reports[key] = make_report(
            mission,
            spec.text,
            actor=users[spec.submitted_by],
            channel=spec.channel,
            files=spec.files,
            source=sources[spec.source],
            title=spec.title,
            received_at=spec.received_at,
            published_at=spec.published_at,
            language=spec.language,
            external_id=f"demo-{key}",
            confidentiality=spec.confidentiality,
        )
    return reports


class _EventBuilder:
    """Codes the scenario's events: claims on first use, then the event, its evidence and verification."""

    def __init__(
        self, mission: Mission, reports: dict[str, Report], actors: dict[str, Actor], users: dict[str, User]
    ) -> None:
        self.mission = mission
        self.reports = reports
        self.actors = actors
        self.analyst = users[Role.ANALYST]
        self.coordinator = users[Role.COORDINATOR]
        self.claims: dict[str, Claim] = {}
        self.places = {place.name: place for place in Place.objects.all()}

    def build(self, spec: scenario.EventSpec) -> Event:
        place = self.places.get(spec.place) if spec.place else None
        for key in (*spec.supports, *spec.contradicts):
            if key not in self.claims:  # a claim shared by two events is made once, for the first
                self.claims[key] = self._claim(key, spec, place)
        event = make_event(
            self.mission,
            spec.title,
            actor=self.analyst,
            event_type=spec.event_type,
            sub_event_type=spec.sub_event_type,
            date_start=spec.date_start,
            date_end=spec.date_end,
            date_precision=spec.date_precision,
            place=place,
            location_name=spec.location_name,
            geo_precision=spec.geo_precision if place else None,
            description=spec.description,
            confidentiality=spec.confidentiality,
            measures=[self._measure(measure) for measure in spec.measures],
            actors=[(self.actors[key], role) for key, role in spec.actors],
            evidence=[self.claims[key] for key in spec.supports],
        )
        for key in spec.contradicts:
            link_evidence(event=event, claim=self.claims[key], actor=self.analyst, stance=Stance.CONTRADICTS)
        for step in spec.verification:
            event = set_verification(
                event=event,
                actor=self.coordinator,
                status=step.status,
                rationale=step.rationale,
                standard_of_proof=step.standard_of_proof,
            )
        return event

    def _claim(self, key: str, spec: scenario.EventSpec, place: Place | None) -> Claim:
        claim_spec = scenario.CLAIMS[key]
        is_support = key in spec.supports
        return make_claim(
            self.reports[claim_spec.report],
            claim_spec.words,
            actor=self.analyst,
            credibility=claim_spec.credibility,
            summary=spec.title if is_support else f"Against: {spec.title}",
            event_type=spec.event_type if is_support else "",
            sub_event_type=spec.sub_event_type if is_support else "",
            date_start=spec.date_start if is_support else None,
            date_end=spec.date_end if is_support else None,
            date_precision=spec.date_precision if is_support else "",
            location_name=spec.location_name or spec.place if is_support else "",
            place=place if is_support else None,
            actors=[
                {"name": scenario.ACTORS[actor_key].name, "role": role} for actor_key, role in spec.actors
            ]
            if is_support
            else [],
            measures=[_measure_json(measure) for measure in spec.measures if measure.claim == key],
        )

    def _measure(self, spec: scenario.MeasureSpec) -> MeasureInput:
        return MeasureInput(
            item=spec.item,
            value=spec.value,
            unit=spec.unit,
            qualifier=spec.qualifier,
            as_of_on=spec.as_of_on,
            claim=self.claims[spec.claim],
        )


def _measure_json(spec: scenario.MeasureSpec) -> dict[str, object]:
    return {
        "item": str(spec.item),
        "value": spec.value,
        "unit": str(spec.unit),
        "qualifier": str(spec.qualifier),
        "as_of_on": spec.as_of_on.isoformat() if isinstance(spec.as_of_on, dt.date) else None,
    }
