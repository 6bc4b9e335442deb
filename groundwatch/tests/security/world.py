"""One mission seeded for the security families: a record of every kind at every confidentiality level,
each carrying a unique canary string, and a persona for every role plus an outsider.

A canary in a response body is proof the record was shown; the matrix checks canaries never reach a
persona whose role or clearance must not see the record.
"""

from __future__ import annotations

import datetime as dt
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import Model

from groundwatch.accounts.models import ApiToken, Mission, User
from groundwatch.accounts.services import issue_api_token
from groundwatch.assessment.services import create_alert_rule, evaluate_rules
from groundwatch.ceasefire.services import add_commitment, record_agreement
from groundwatch.core.choices import Confidentiality, Role
from groundwatch.displacement.services import record_movement, record_occupancy, record_site
from groundwatch.events.services import MeasureInput, link_evidence
from groundwatch.geo.models import Place
from groundwatch.humanitarian.services import (
    ItemInput,
    change_consignment_status,
    record_access_constraint,
    record_consignment,
    record_need,
)
from groundwatch.ingest.files.pipelines import ACLED
from groundwatch.ingest.imports import run_import
from groundwatch.ingest.review.services import _propose
from groundwatch.ingest.services import install_shipped_forms
from groundwatch.ingest.xlsform.library import SHIPPED_FORMS
from groundwatch.protection.choices import ENCRYPTED_FIELDS
from groundwatch.protection.services import register_person
from groundwatch.reports.models import Sitrep
from groundwatch.reports.sitreps.services import create_sitrep, edit_narrative, publish_sitrep
from groundwatch.tests.factories import (
    make_actor,
    make_claim,
    make_event,
    make_member,
    make_mission,
    make_report,
    make_source,
)

LEVELS = tuple(Confidentiality)
UNGRADED = -1  # the level key of kinds without a confidentiality of their own: every member sees them
ROLES = (Role.VIEWER, Role.MONITOR, Role.ANALYST, Role.COORDINATOR, Role.ADMIN)
ANONYMOUS = "anonymous"
OUTSIDER = "outsider"
PERSONAS = (ANONYMOUS, OUTSIDER, *[str(role) for role in ROLES])
SEPT = dt.date(2023, 9, 20)
ACLED_SAMPLE = Path(__file__).resolve().parents[2] / "ingest" / "tests" / "fixtures" / "acled_bad_rows.csv"


def canary(kind: str, level: Confidentiality) -> str:
    """A string that appears nowhere else: its presence in a response proves the record was shown."""
    return f"CANARY{kind.upper()}{level.slug.upper().replace('_', '')}{secrets.token_hex(4).upper()}"


@dataclass
class World:
    mission: Mission
    other_mission: Mission
    users: dict[str, User]
    # kind → level → record; kinds without a confidentiality of their own use the level they inherit.
    records: dict[str, dict[int, Model]] = field(default_factory=dict)
    canaries: dict[str, dict[int, str]] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)

    def add(self, kind: str, level: int, record: Model, marker: str) -> None:
        self.records.setdefault(kind, {})[level] = record
        self.canaries.setdefault(kind, {})[level] = marker

    def canaries_above(self, clearance: int) -> list[str]:
        """Every canary of a record a member with ``clearance`` must not see."""
        return [
            marker
            for by_level in self.canaries.values()
            for lvl, marker in by_level.items()
            if lvl > clearance
        ]

    def all_canaries(self) -> list[str]:
        return [marker for by_level in self.canaries.values() for marker in by_level.values()]


def build_world() -> World:
    """Seed the mission through the services (actor None: nobody is on a need-to-know list)."""
    from groundwatch.geo.services import load_seed_places

    if not Place.objects.exists():
        load_seed_places()
    mission = make_mission("Canary mission")
    other = make_mission("Elsewhere mission")
    users = {str(role): make_member(mission, role, f"sec-{role}") for role in ROLES}
    users[OUTSIDER] = make_member(other, Role.ADMIN, "sec-outsider")
    world = World(mission=mission, other_mission=other, users=users)
    goris = Place.objects.search("Goris").first()
    party_a = make_actor(mission, "Security party A")
    party_b = make_actor(mission, "Security party B")
    world.extras.update(place=goris, party=party_a)
    world.add("actor", UNGRADED, party_a, "Security party A")
    world.add("mission", UNGRADED, mission, "")
    world.add("place", UNGRADED, goris, "")
    for level in LEVELS:
        _seed_level(world, level, goris, (party_a, party_b))
    _seed_alerts(world)
    _seed_people(world)
    _seed_review_and_sitreps(world)
    _seed_intake(world)
    _seed_export_job(world)
    world.extras["public_claim"] = world.records["claim"][Confidentiality.PUBLIC]
    world.extras["duplicate_event"] = make_event(
        mission, "Matrix duplicate", confidentiality=Confidentiality.PUBLIC
    )
    world.extras["statement_event"] = make_event(
        mission, "Matrix statement", event_type="statement", confidentiality=Confidentiality.PUBLIC
    )
    token_owner = users[str(Role.COORDINATOR)]
    issue_api_token(user=token_owner, actor=token_owner, name="matrix")
    world.add("token", UNGRADED, ApiToken.objects.get(user=token_owner, name="matrix"), "")
    world.extras["token_owner"] = str(Role.COORDINATOR)
    return world


def _seed_intake(world: World) -> None:
    """The shipped OpenRosa forms and one small file import (its error file is a page of its own)."""
    forms = install_shipped_forms(mission=world.mission, actor=None)
    world.add("form", UNGRADED, forms[0], "")
    world.extras["xlsform"] = next(iter(SHIPPED_FORMS.values())).write_xlsx()
    world.extras["form_media"] = forms[0].media.values_list("filename", flat=True).first() or "none.csv"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "acled.csv"
        path.write_bytes(ACLED_SAMPLE.read_bytes())
        run = run_import(
            mission=world.mission, actor=None, path=path, pipeline=ACLED, format="acled", accept=True
        )
    world.add("import_run", UNGRADED, run, "")


def _seed_level(world: World, level: Confidentiality, place: Any, parties: tuple[Any, Any]) -> None:
    mission = world.mission
    marks = {kind: canary(kind, level) for kind in ("source", "report", "claim", "event", "file")}
    source = make_source(mission, marks["source"], confidentiality=level)
    report = make_report(
        mission,
        f"Field note {marks['report']}: a convoy passed.",
        title=f"Report {marks['report']}",
        source=source,
        confidentiality=level,
        files=[(f"note-{level.slug}.txt", f"file body {marks['file']}".encode())],
    )
    claim = make_claim(report, summary=f"Claim {marks['claim']}")
    event = make_event(
        mission,
        f"Event {marks['event']}",
        confidentiality=level,
        place=place,
        measures=[MeasureInput(item="trucks", value=12)],
        description=f"Description {marks['event']}",
    )
    link_evidence(event=event, claim=claim, actor=None)
    world.add("source", level, source, marks["source"])
    world.add("report", level, report, marks["report"])
    world.add("attachment", level, report.attachments.get(), marks["file"])
    world.add("claim", level, claim, marks["claim"])
    world.add("event", level, event, marks["event"])
    _seed_picture(world, level, place, parties, event)


def _seed_picture(
    world: World, level: Confidentiality, place: Any, parties: tuple[Any, Any], event: Any
) -> None:
    mission = world.mission
    marks = {
        kind: canary(kind, level) for kind in ("convoy", "constraint", "need", "site", "movement", "pact")
    }
    convoy = record_consignment(
        mission=mission,
        actor=None,
        reference=f"REF-{level.slug}",
        title=f"Convoy {marks['convoy']}",
        destination=place,
        items=[ItemInput("food", 10)],
        confidentiality=level,
    )
    constraint = record_access_constraint(
        mission=mission,
        actor=None,
        category="restriction_of_movement",
        title=f"Constraint {marks['constraint']}",
        started_on=SEPT,
        confidentiality=level,
    )
    change_consignment_status(
        consignment=convoy,
        actor=None,
        status="blocked",
        changed_on=SEPT,
        event=event,
        access_constraint=constraint,
    )
    need = record_need(
        mission=mission,
        actor=None,
        place=place,
        sector="food_security",
        severity=3,
        assessed_on=SEPT,
        description=f"Need {marks['need']}",
        confidentiality=level,
    )
    site = record_site(
        mission=mission,
        actor=None,
        name=f"Site {marks['site']}",
        kind="hotel",
        capacity=100,
        place=place,
        confidentiality=level,
    )
    record_occupancy(site=site, actor=None, observed_on=SEPT, occupants=40, arrivals=40)
    movement = record_movement(
        mission=mission,
        actor=None,
        moved_on=SEPT,
        origin_name="Khankendi",
        destination_name="Goris",
        individuals=500,
        note=f"Movement {marks['movement']}",
        confidentiality=level,
    )
    agreement = record_agreement(
        mission=mission,
        actor=None,
        title=f"Agreement {marks['pact']}",
        signed_on=SEPT,
        parties=list(parties),
        terms=f"Terms {marks['pact']}",
        confidentiality=level,
    )
    add_commitment(agreement=agreement, actor=None, party=parties[0], item="small_arms", declared_quantity=10)
    for kind, record in (
        ("consignment", convoy),
        ("constraint", constraint),
        ("need", need),
        ("site", site),
        ("movement", movement),
        ("agreement", agreement),
    ):
        short = {"consignment": "convoy", "agreement": "pact"}.get(kind, kind)
        world.add(kind, level, record, marks[short])


def _seed_alerts(world: World) -> None:
    """A public and an internal alert (rules see only what every member may see: up to internal)."""
    for is_public, level in ((True, Confidentiality.PUBLIC), (False, Confidentiality.INTERNAL)):
        marker = canary("alert", level)
        create_alert_rule(
            mission=world.mission,
            actor=None,
            name=f"Rule {marker}",
            kind="new_access_denial",
            window_days=30,
            is_public=is_public,
        )
        for alert in evaluate_rules(mission=world.mission, actor=None, as_of=SEPT):
            if marker in alert.title:
                world.add("alert", level, alert, marker)


def _seed_review_and_sitreps(world: World) -> None:
    """A pending review proposal on each level's report (queued as extraction would, without running it),
    and a sitrep at each level with its canary in the title and narrative, published once as issue 1."""
    for level in LEVELS:
        marker = canary("proposal", level)
        report = world.records["report"][level]
        proposed = {
            "category": "humanitarian",
            "type": "aid_delivery",
            "sub_type": None,
            "title": f"Proposal {marker}",
            "date": "2023-09-20",
            "date_end": "2023-09-20",
            "date_precision": "day",
            "location": f"Location {marker}",
            "latitude": None,
            "longitude": None,
            "country_code": "",
            "actors": [{"name": f"Actor {marker}", "kind": None, "role": None}],
            "quantities": [],
            "confidence": 0.5,
            "evidence": report.text[:10],
            "evidence_span": [0, 10],
        }
        world.add("proposal", level, _propose(report, None, proposed), marker)
        marker = canary("sitrep", level)
        sitrep = create_sitrep(
            mission=world.mission, actor=None, kind="daily", last_day=SEPT, confidentiality=level
        )
        # The title is drawn from the mission's name; give each one its own canary (no service edits titles).
        Sitrep.objects.filter(pk=sitrep.pk).update(title=f"Sitrep {marker}")
        sitrep.refresh_from_db()
        sitrep = edit_narrative(
            sitrep=sitrep, actor=None, expected_version=sitrep.version, highlights=f"Highlights {marker}"
        )
        issue = publish_sitrep(sitrep=sitrep, actor=None)
        world.add("sitrep", level, sitrep, marker)
        world.add("sitrep_issue", level, issue, marker)


def _seed_export_job(world: World) -> None:
    """A finished background export, requested by the viewer: only they may follow or download it."""
    from groundwatch.reports.services import run_export_job, start_export_job

    owner = str(Role.VIEWER)
    job = start_export_job(mission=world.mission, actor=world.users[owner], format="hxl")
    world.add("export_job", UNGRADED, run_export_job(job.pk), "")
    world.extras["export_job_owner"] = owner


def _seed_people(world: World) -> None:
    """A protected person at each of their levels. The pseudonym code is the record's canary (pages and API
    show it to members with clearance); the canary in the encrypted fields must appear nowhere but in the
    answer of an allowed reveal."""
    for level in (Confidentiality.CONFIDENTIAL, Confidentiality.STRICTLY_CONFIDENTIAL):
        marker = canary("person", level)
        code = f"CANARYCODE{int(level)}{secrets.token_hex(4).upper()}"
        person = register_person(
            mission=world.mission,
            actor=None,
            code=code,
            role="witness",
            retain_until=dt.date(2030, 1, 1),
            confidentiality=level,
            protected={name: f"{name} {marker}" for name in ENCRYPTED_FIELDS},
        )
        world.add("person", level, person, code)
        world.extras.setdefault("person_canaries", []).append(marker)
        world.extras.setdefault("person_secrets", {})[int(level)] = marker
