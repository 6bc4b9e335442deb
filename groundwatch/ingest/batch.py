"""The batch write path for file imports.

Each batch of validated rows is written in one transaction together with its ledger row
(``ImportBatch``, carrying a SHA-256 over the batch's raw rows) and one audit record. A process killed
at any moment therefore leaves whole batches only; the importer reads the ledger and resumes after
the last committed batch. Rows become the same provenance as the ORM path: a Claim (``field_path`` =
"row N") of the file's Report, and — when the import's rule accepts the dataset — an Event with its
Measures and Actors, linked to the Claim as supporting Evidence.

Speed: rows go to the database as tuples already in database form, one ``executemany`` (SQLite) or one
``COPY`` (PostgreSQL) per table per batch; values shared by many rows (the JSON of a Claim's actors and
measures, an event type's category, a day's roll-ups) are computed once and reused. docs/intake.md
("Speed") has the measured figures.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from groundwatch.audit.services import record_audit
from groundwatch.events.choices import MEASURE_UNITS
from groundwatch.events.models import Actor, Claim, Event, EventActor, Evidence, Measure
from groundwatch.events.rollups import event_rollups, grid_cell, month_start, week_start
from groundwatch.events.taxonomy import get_taxonomy
from groundwatch.ingest.drafts import EventDraft, RowResult
from groundwatch.ingest.models import ImportBatch, ImportedRecord, ImportRowError, ImportRun
from groundwatch.ingest.tables import Table
from groundwatch.lib.hashing import canonical_json, sha256_text
from groundwatch.sources.choices import Channel

_CACHE_LIMIT = 20_000  # entries per memo below; cleared when full, so memory stays flat on any file

CLAIM_COLUMNS = (
    "id",
    "mission_id",
    "report_id",
    "field_path",
    "quote",
    "summary",
    "event_type",
    "sub_event_type",
    "date_start",
    "date_end",
    "date_precision",
    "location_name",
    "actors",
    "measures",
    "produced_by_id",
    "pipeline",
    "pipeline_version",
    "created_at",
)
EVENT_COLUMNS = (
    "id",
    "mission_id",
    "title",
    "description",
    "category",
    "event_type",
    "sub_event_type",
    "date_start",
    "date_end",
    "date_precision",
    "location_name",
    "latitude",
    "longitude",
    "geo_precision",
    "country_code",
    "admin1",
    "admin2",
    "confidentiality",
    "created_by_id",
    "created_at",
    "updated_at",
    "week_start",
    "month_start",
    "grid_cell",
)


@dataclass(frozen=True)
class BatchOutcome:
    created: int
    updated: int
    unchanged: int
    failed: int


@dataclass
class _Row:
    result: RowResult
    draft: EventDraft
    key: str
    sha256: str
    claim_id: int = 0
    event_id: int | None = None


class _Memo(dict[Hashable, Any]):
    """A bounded memo for values many rows share: ``memo.get(key) or memo.add(key)``."""

    def __init__(self, compute: Callable[[Any], Any]) -> None:
        super().__init__()
        self.compute = compute

    def add(self, key: Hashable) -> Any:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        value = self[key] = self.compute(key)
        return value


def _actors_json(actors: tuple[Any, ...]) -> str:
    return canonical_json([{"name": a.name, "role": a.role} for a in actors])


def _measures_json(measures: tuple[Any, ...]) -> str:
    return canonical_json([m.as_json() for m in measures])


def _day_rollups(day: dt.date) -> tuple[str, str]:
    return week_start(day).isoformat(), month_start(day).isoformat()


def batch_content_sha256(results: Sequence[RowResult], row_hashes: Sequence[str]) -> str:
    """The ledger's content hash: SHA-256 over each row's number and the SHA-256 of its cells."""
    digest = hashlib.sha256()
    for result, sha in zip(results, row_hashes, strict=True):
        digest.update(f"{result.row}:{sha}\n".encode())
    return digest.hexdigest()


class BatchWriter:
    """Writes the batches of one import run."""

    def __init__(self, run: ImportRun, *, dataset: str, pipeline: str, version: str, actor: Any) -> None:
        self.run = run
        self.dataset = dataset
        self.pipeline = pipeline
        self.version = version
        self.actor = actor
        self.actor_pk = getattr(actor, "pk", None)
        self.accept = run.accept_rule == "accept"
        self.tables = {model: Table(model) for model in (Claim, Event, Measure, EventActor, Evidence, Actor)}
        self.record_table = Table(ImportedRecord)
        self.error_table = Table(ImportRowError)
        self.claims = self.tables[Claim].columns_of(*CLAIM_COLUMNS)
        self.events = self.tables[Event].columns_of(*EVENT_COLUMNS)
        self.measures = self.tables[Measure].columns_of(
            "id", "event_id", "item", "value", "unit", "qualifier", "claim_id"
        )
        self.roles = self.tables[EventActor].columns_of("id", "event_id", "actor_id", "role")
        self.links = self.tables[Evidence].columns_of(
            "id", "event_id", "claim_id", "stance", "linked_by_id", "linked_at"
        )
        self.records = self.record_table.columns_of(
            "id", "mission_id", "dataset", "external_id", "row_sha256", "claim_id", "event_id", "updated_at"
        )
        self.actor_ids: dict[str, int] = dict(
            Actor.objects.filter(mission_id=run.mission_id).values_list("name", "id")
        )
        self.actors_json = _Memo(_actors_json)
        self.measures_json = _Memo(_measures_json)
        self.category = _Memo(get_taxonomy().category_of)
        self.day_rollups = _Memo(_day_rollups)

    def write(
        self,
        number: int,
        first_row: int,
        last_row: int,
        results: Sequence[RowResult],
        row_hashes: Sequence[str] | None = None,
    ) -> BatchOutcome:
        """Write one batch with its ledger row and audit record (``row_hashes``: the rows' ``sha256``)."""
        if row_hashes is None:
            row_hashes = [result.sha256 for result in results]
        content = batch_content_sha256(results, row_hashes)
        with transaction.atomic():
            if ImportBatch.objects.filter(run=self.run, number=number).exists():
                return BatchOutcome(0, 0, 0, 0)
            self._one_writer_per_dataset()
            outcome = self._write_rows(results, row_hashes)
            ImportBatch.objects.create(
                run=self.run,
                number=number,
                first_row=first_row,
                last_row=last_row,
                content_sha256=content,
                created=outcome.created,
                updated=outcome.updated,
                unchanged=outcome.unchanged,
                failed=outcome.failed,
            )
            ImportRun.objects.filter(pk=self.run.pk).update(
                rows_done=F("rows_done") + len(results),
                rows_created=F("rows_created") + outcome.created,
                rows_updated=F("rows_updated") + outcome.updated,
                rows_unchanged=F("rows_unchanged") + outcome.unchanged,
                rows_failed=F("rows_failed") + outcome.failed,
            )
            record_audit(
                action="import.batch",
                actor=self.actor,
                mission=self.run.mission_id,
                target=self.run,
                after={"batch": number, "rows": [first_row, last_row], "sha256": content, **vars(outcome)},
            )
        return outcome

    def _one_writer_per_dataset(self) -> None:
        """Make batches of the same dataset into the same mission pass one at a time (PostgreSQL).

        Two imports of overlapping files (last month's ACLED download and this month's) must not both find a
        record missing and both insert it: the second would fail on the upsert key. A transaction-level
        advisory lock, released at commit, makes the second batch read the records the first one wrote.
        SQLite needs none: its writers take the database lock when their transaction begins.
        """
        if connection.vendor != "postgresql":
            return
        key = int(sha256_text(f"import:{self.run.mission_id}:{self.dataset}")[:15], 16)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])

    def _write_rows(self, results: Sequence[RowResult], row_hashes: Sequence[str]) -> BatchOutcome:
        valid: dict[str, _Row] = {}
        failed = []
        for result, sha in zip(results, row_hashes, strict=True):
            draft = result.draft
            if draft is not None and not result.problems:
                key = draft.external_id or sha
                valid[key] = _Row(result, draft, key, sha)  # the file's last copy wins
            else:
                failed.append(result)
        existing = self._existing(list(valid))
        if existing:
            new = [row for key, row in valid.items() if key not in existing]
            changed = [
                row for key, row in valid.items() if key in existing and existing[key][0] != row.sha256
            ]
        else:
            new, changed = list(valid.values()), []
        received = self._received_from_the_field(new)
        if received:
            new = [row for row in new if row.key not in received]
        now = timezone.now()
        stamp = connection.ops.adapt_datetimefield_value(now)
        self._insert_claims([*new, *changed], stamp)
        if self.accept:
            self._insert_events(new, stamp)
            self._replace_events(changed, existing, now, stamp)
        self._write_records([*new, *received.values()], changed, existing, now, stamp)
        self._insert_errors(failed)
        unchanged = len(results) - len(failed) - len(new) - len(changed)
        return BatchOutcome(len(new), len(changed), unchanged, len(failed))

    def _existing(self, keys: list[str]) -> dict[str, tuple[str, int, int | None]]:
        """Records already imported for these keys: key → (row hash, record id, event id)."""
        found: dict[str, tuple[str, int, int | None]] = {}
        table = connection.ops.quote_name(self.record_table.name)
        with connection.cursor() as cursor:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT external_id, row_sha256, id, event_id FROM {table} "  # noqa: S608 - our names
                    f"WHERE mission_id = %s AND dataset = %s AND external_id IN ({marks})",
                    [self.run.mission_id, self.dataset, *chunk],
                )
                for external_id, sha, pk, event_id in cursor.fetchall():
                    found[external_id] = (sha, pk, event_id)
        return found

    def _received_from_the_field(self, rows: list[_Row]) -> dict[str, _Row]:
        """Rows of a KoBo/ODK export that a field app or the web form already sent: key → row.

        The export and the submission are one record under one ``meta/instanceID``. Its row is not written
        again; its import record points at the submission's claim and event, so the row counts as unchanged
        and a later export with that submission edited on the server updates the same event.
        """
        if not self.dataset.startswith("kobo:") or not rows:
            return {}
        by_key = {row.key: row for row in rows}
        claims: dict[str, int] = {}
        keys = list(by_key)
        for start in range(0, len(keys), 500):
            claims.update(
                Claim.objects.filter(
                    mission_id=self.run.mission_id,
                    report__channel__in=[Channel.FIELD_APP, Channel.WEB_FORM],
                    report__external_id__in=keys[start : start + 500],
                )
                .order_by("-pk")
                .values_list("report__external_id", "pk")
            )
        events: dict[int, int] = {}
        if claims:
            events = dict(
                Evidence.objects.filter(claim_id__in=claims.values())
                .order_by("-pk")
                .values_list("claim_id", "event_id")
            )
        received = {}
        for key, claim_id in claims.items():
            row = by_key[key]
            row.claim_id, row.event_id = claim_id, events.get(claim_id)
            received[key] = row
        return received

    def _insert_claims(self, rows: list[_Row], stamp: Any) -> None:
        mission_id, report_id, actor_pk = self.run.mission_id, self.run.report_id, self.actor_pk
        pipeline, version = self.pipeline, self.version
        actors_json, measures_json = self.actors_json, self.measures_json
        values = []
        for row, pk in zip(rows, self.tables[Claim].allocate_ids(len(rows)), strict=True):
            row.claim_id = pk
            draft = row.draft
            values.append(
                (
                    pk,
                    mission_id,
                    report_id,
                    f"row {row.result.row}",
                    " | ".join(filter(None, row.result.cells.values()))[:5000],
                    draft.title[:500],
                    draft.event_type,
                    draft.sub_event_type,
                    draft.date_start.isoformat(),
                    draft.end.isoformat(),
                    draft.date_precision,
                    draft.location_name,
                    actors_json.get(actors := tuple(draft.actors)) or actors_json.add(actors),
                    measures_json.get(measures := tuple(draft.measures)) or measures_json.add(measures),
                    actor_pk,
                    pipeline,
                    version,
                    stamp,
                )
            )
        self.claims.insert(values)

    def _insert_events(self, rows: list[_Row], stamp: Any) -> None:
        mission_id, actor_pk, category, day_rollups = (
            self.run.mission_id,
            self.actor_pk,
            self.category,
            self.day_rollups,
        )
        values = []
        for row, pk in zip(rows, self.tables[Event].allocate_ids(len(rows)), strict=True):
            row.event_id = pk
            draft = row.draft
            week, month = day_rollups.get(draft.date_start) or day_rollups.add(draft.date_start)
            latitude, longitude = draft.latitude, draft.longitude
            values.append(
                (
                    pk,
                    mission_id,
                    draft.title[:300],
                    draft.description,
                    category.get(draft.event_type) or category.add(draft.event_type),
                    draft.event_type,
                    draft.sub_event_type,
                    draft.date_start.isoformat(),
                    draft.end.isoformat(),
                    draft.date_precision,
                    draft.location_name,
                    None if latitude is None else str(latitude),
                    None if longitude is None else str(longitude),
                    draft.geo_precision,
                    draft.country_code,
                    draft.admin1,
                    draft.admin2,
                    draft.confidentiality,
                    actor_pk,
                    stamp,
                    stamp,
                    week,
                    month,
                    grid_cell(latitude, longitude),
                )
            )
        self.events.insert(values)
        self._insert_children(rows, stamp)

    def _event_fields(self, draft: EventDraft, now: dt.datetime) -> dict[str, Any]:
        """An event's values for an update in place through the ORM (a newer version of a record)."""
        return {
            "title": draft.title[:300],
            "description": draft.description,
            "category": self.category.add(draft.event_type),
            "event_type": draft.event_type,
            "sub_event_type": draft.sub_event_type,
            "date_start": draft.date_start,
            "date_end": draft.end,
            "date_precision": draft.date_precision,
            "location_name": draft.location_name,
            "latitude": draft.latitude,
            "longitude": draft.longitude,
            "geo_precision": draft.geo_precision,
            "country_code": draft.country_code,
            "admin1": draft.admin1,
            "admin2": draft.admin2,
            "confidentiality": draft.confidentiality,
            "updated_at": now,
            **event_rollups(draft.date_start, draft.latitude, draft.longitude),
        }

    def _insert_children(self, rows: list[_Row], stamp: Any) -> None:
        """Measures, actor roles and the evidence link of freshly written events."""
        self._ensure_actors(rows)
        actor_ids, actor_pk = self.actor_ids, self.actor_pk
        # Ids for at most as many rows as could be written (unused ones are a gap, as after a rollback).
        measure_ids = iter(self.tables[Measure].allocate_ids(sum(len(row.draft.measures) for row in rows)))
        role_ids = iter(self.tables[EventActor].allocate_ids(sum(len(row.draft.actors) for row in rows)))
        link_ids = iter(self.tables[Evidence].allocate_ids(len(rows)))
        measures: list[tuple[Any, ...]] = []
        roles: list[tuple[Any, ...]] = []
        links: list[tuple[Any, ...]] = []
        for row in rows:
            event_id, claim_id = row.event_id, row.claim_id
            for measure in row.draft.measures:
                unit = measure.unit or MEASURE_UNITS[measure.item][0]
                measures.append(
                    (
                        next(measure_ids),
                        event_id,
                        measure.item,
                        str(measure.value),
                        unit,
                        measure.qualifier,
                        claim_id,
                    )
                )
            seen = set()
            for actor in row.draft.actors:
                link = (actor_ids[actor.name], actor.role)
                if link not in seen:
                    seen.add(link)
                    roles.append((next(role_ids), event_id, *link))
            links.append((next(link_ids), event_id, claim_id, "supports", actor_pk, stamp))
        self.measures.insert(measures)
        self.roles.insert(roles)
        self.links.insert(links)

    def _ensure_actors(self, rows: list[_Row]) -> None:
        missing: dict[str, str] = {}
        known = self.actor_ids
        for row in rows:
            for actor in row.draft.actors:
                if actor.name not in known:
                    missing.setdefault(actor.name, actor.kind)
        if not missing:
            return
        # Another import into this mission (another worker) may have added some of them since this one began,
        # or be adding them now: read what exists, and insert the rest with ON CONFLICT DO NOTHING (PostgreSQL
        # waits for the other transaction, then skips), so two imports never fail on the same actor name.
        mission_id = self.run.mission_id
        names = list(missing)
        in_mission = Actor.objects.filter(mission_id=mission_id)
        known.update(in_mission.filter(name__in=names).values_list("name", "id"))
        new = [name for name in names if name not in known]
        if new:
            Actor.objects.bulk_create(
                [Actor(mission_id=mission_id, name=name, kind=missing[name], aliases=[]) for name in new],
                ignore_conflicts=True,
            )
            known.update(in_mission.filter(name__in=new).values_list("name", "id"))

    def _replace_events(
        self, rows: list[_Row], existing: dict[str, tuple[str, int, int | None]], now: dt.datetime, stamp: Any
    ) -> None:
        """A newer version of a record: update its event in place, replace its figures and roles."""
        fresh = [row for row in rows if existing[row.key][2] is None]
        kept = [row for row in rows if existing[row.key][2] is not None]
        self._insert_events(fresh, stamp)
        for row in kept:
            event_id = existing[row.key][2]
            if event_id is None:  # only kept rows have an event; this narrows the type
                continue
            row.event_id = event_id
            Event.objects.filter(pk=event_id).update(
                **self._event_fields(row.draft, now), version=F("version") + 1
            )
        ids = [row.event_id for row in kept if row.event_id is not None]
        if ids:
            Measure.objects.filter(event_id__in=ids).delete()
            EventActor.objects.filter(event_id__in=ids).delete()
            self._insert_children(kept, stamp)

    def _write_records(
        self,
        new: list[_Row],
        changed: list[_Row],
        existing: dict[str, tuple[str, int, int | None]],
        now: dt.datetime,
        stamp: Any,
    ) -> None:
        mission_id, dataset = self.run.mission_id, self.dataset
        ids = self.record_table.allocate_ids(len(new))
        self.records.insert(
            [
                (pk, mission_id, dataset, row.key, row.sha256, row.claim_id, row.event_id, stamp)
                for row, pk in zip(new, ids, strict=True)
            ]
        )
        for row in changed:
            event_id = row.event_id if row.event_id is not None else existing[row.key][2]
            ImportedRecord.objects.filter(pk=existing[row.key][1]).update(
                row_sha256=row.sha256, claim_id=row.claim_id, event_id=event_id, updated_at=now
            )

    def _insert_errors(self, failed: list[RowResult]) -> None:
        values = [
            {
                "run_id": self.run.pk,
                "row_number": result.row,
                "column": problem.column[:200],
                "reason": problem.reason,
                "cells": result.cells,
            }
            for result in failed
            for problem in result.problems
        ]
        ids = self.error_table.allocate_ids(len(values))
        self.error_table.insert([{**value, "id": pk} for value, pk in zip(values, ids, strict=True)])
