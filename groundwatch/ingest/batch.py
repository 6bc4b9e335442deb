"""The batch write path for file imports.

Each batch of validated rows is written in one transaction together with its ledger row
(``ImportBatch``, carrying the SHA-256 of the batch's raw rows) and one audit record. A process killed
at any moment therefore leaves whole batches only; the importer reads the ledger and resumes after
the last committed batch. Rows become the same provenance as the ORM path: a Claim (``field_path`` =
"row N") of the file's Report, and — when the import's rule accepts the dataset — an Event with its
Measures and Actors, linked to the Claim as supporting Evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from groundwatch.audit.services import record_audit
from groundwatch.events.choices import MEASURE_UNITS
from groundwatch.events.models import Actor, Claim, Event, EventActor, Evidence, Measure
from groundwatch.events.rollups import event_rollups
from groundwatch.events.taxonomy import get_taxonomy
from groundwatch.ingest.drafts import EventDraft, RowResult
from groundwatch.ingest.models import ImportBatch, ImportedRecord, ImportRowError, ImportRun
from groundwatch.ingest.tables import Table
from groundwatch.lib.hashing import canonical_json, sha256_text


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


class BatchWriter:
    """Writes the batches of one import run."""

    def __init__(self, run: ImportRun, *, dataset: str, pipeline: str, version: str, actor: Any) -> None:
        self.run = run
        self.dataset = dataset
        self.pipeline = pipeline
        self.version = version
        self.actor = actor
        self.accept = run.accept_rule == "accept"
        self.tables = {model: Table(model) for model in (Claim, Event, Measure, EventActor, Evidence, Actor)}
        self.record_table = Table(ImportedRecord)
        self.error_table = Table(ImportRowError)
        self.actor_ids: dict[str, int] = dict(
            Actor.objects.filter(mission_id=run.mission_id).values_list("name", "id")
        )

    def write(self, number: int, first_row: int, last_row: int, results: Sequence[RowResult]) -> BatchOutcome:
        content = sha256_text(canonical_json([[r.row, r.cells] for r in results]))
        with transaction.atomic():
            if ImportBatch.objects.filter(run=self.run, number=number).exists():
                return BatchOutcome(0, 0, 0, 0)
            outcome = self._write_rows(results)
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

    def _write_rows(self, results: Sequence[RowResult]) -> BatchOutcome:
        valid: dict[str, _Row] = {}
        failed = [result for result in results if not result.is_valid]
        for result in results:
            if result.is_valid and result.draft is not None:
                key = result.draft.external_id or result.sha256
                valid[key] = _Row(result, result.draft, key, result.sha256)  # the file's last copy wins
        existing = self._existing(list(valid))
        new = [row for key, row in valid.items() if key not in existing]
        changed = [row for key, row in valid.items() if key in existing and existing[key][0] != row.sha256]
        now = timezone.now()
        self._insert_claims([*new, *changed], now)
        if self.accept:
            self._insert_events(new, now)
            self._replace_events(changed, existing, now)
        self._write_records(new, changed, existing, now)
        self._insert_errors(failed)
        unchanged = len(results) - len(failed) - len(new) - len(changed)
        return BatchOutcome(len(new), len(changed), unchanged, len(failed))

    def _existing(self, keys: list[str]) -> dict[str, tuple[str, int, int | None]]:
        found: dict[str, tuple[str, int, int | None]] = {}
        for start in range(0, len(keys), 500):
            records = ImportedRecord.objects.filter(
                mission_id=self.run.mission_id,
                dataset=self.dataset,
                external_id__in=keys[start : start + 500],
            ).values_list("external_id", "row_sha256", "id", "event_id")
            for external_id, sha, pk, event_id in records:
                found[external_id] = (sha, pk, event_id)
        return found

    def _insert_claims(self, rows: list[_Row], now: dt.datetime) -> None:
        table = self.tables[Claim]
        for row, pk in zip(rows, table.allocate_ids(len(rows)), strict=True):
            row.claim_id = pk
        table.insert([self._claim(row, now) for row in rows])

    def _claim(self, row: _Row, now: dt.datetime) -> dict[str, Any]:
        draft = row.draft
        return {
            "id": row.claim_id,
            "mission_id": self.run.mission_id,
            "report_id": self.run.report_id,
            "field_path": f"row {row.result.row}",
            "quote": " | ".join(value for value in row.result.cells.values() if value)[:5000],
            "summary": draft.title[:500],
            "event_type": draft.event_type,
            "sub_event_type": draft.sub_event_type,
            "date_start": draft.date_start,
            "date_end": draft.end,
            "date_precision": draft.date_precision,
            "location_name": draft.location_name,
            "actors": [{"name": a.name, "role": a.role} for a in draft.actors],
            "measures": [m.as_json() for m in draft.measures],
            "produced_by_id": getattr(self.actor, "pk", None),
            "pipeline": self.pipeline,
            "pipeline_version": self.version,
            "created_at": now,
        }

    def _insert_events(self, rows: list[_Row], now: dt.datetime) -> None:
        table = self.tables[Event]
        for row, pk in zip(rows, table.allocate_ids(len(rows)), strict=True):
            row.event_id = pk
        table.insert([self._event(row, now) for row in rows])
        self._insert_children(rows)

    def _event(self, row: _Row, now: dt.datetime) -> dict[str, Any]:
        draft = row.draft
        return {
            "id": row.event_id,
            "mission_id": self.run.mission_id,
            "title": draft.title[:300],
            "description": draft.description,
            "category": get_taxonomy().category_of(draft.event_type),
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
            "created_by_id": getattr(self.actor, "pk", None),
            "created_at": now,
            "updated_at": now,
            **event_rollups(draft.date_start, draft.latitude, draft.longitude),
        }

    def _insert_children(self, rows: list[_Row]) -> None:
        """Measures, actor roles and the evidence link of freshly written events."""
        self._ensure_actors(rows)
        measures, roles, links = [], [], []
        for row in rows:
            for measure in row.draft.measures:
                unit = measure.unit or MEASURE_UNITS[measure.item][0]
                measures.append(
                    {
                        "event_id": row.event_id,
                        "item": measure.item,
                        "value": measure.value,
                        "unit": unit,
                        "qualifier": measure.qualifier,
                        "claim_id": row.claim_id,
                    }
                )
            seen = set()
            for actor in row.draft.actors:
                link = (self.actor_ids[actor.name], actor.role)
                if link not in seen:
                    seen.add(link)
                    roles.append({"event_id": row.event_id, "actor_id": link[0], "role": link[1]})
            links.append(
                {
                    "event_id": row.event_id,
                    "claim_id": row.claim_id,
                    "stance": "supports",
                    "linked_by_id": getattr(self.actor, "pk", None),
                    "linked_at": timezone.now(),
                }
            )
        for model, values in ((Measure, measures), (EventActor, roles), (Evidence, links)):
            table = self.tables[model]
            ids = table.allocate_ids(len(values))
            table.insert([{**value, "id": pk} for value, pk in zip(values, ids, strict=True)])  # type: ignore[dict-item]  # rows are dicts

    def _ensure_actors(self, rows: list[_Row]) -> None:
        missing: dict[str, str] = {}
        for row in rows:
            for actor in row.draft.actors:
                if actor.name not in self.actor_ids:
                    missing.setdefault(actor.name, actor.kind)
        table = self.tables[Actor]
        ids = table.allocate_ids(len(missing))
        table.insert(
            [
                {"id": pk, "mission_id": self.run.mission_id, "name": name, "kind": kind, "aliases": []}
                for (name, kind), pk in zip(missing.items(), ids, strict=True)
            ]
        )
        self.actor_ids.update(zip(missing, ids, strict=True))

    def _replace_events(
        self, rows: list[_Row], existing: dict[str, tuple[str, int, int | None]], now: dt.datetime
    ) -> None:
        """A newer version of a record: update its event in place, replace its figures and roles."""
        fresh = [row for row in rows if existing[row.key][2] is None]
        kept = [row for row in rows if existing[row.key][2] is not None]
        self._insert_events(fresh, now)
        for row in kept:
            event_id = existing[row.key][2]
            if event_id is None:  # only kept rows have an event; this narrows the type
                continue
            row.event_id = event_id
            values = self._event(row, now)
            fields = {
                k: v
                for k, v in values.items()
                if k not in ("id", "mission_id", "created_by_id", "created_at")
            }
            Event.objects.filter(pk=event_id).update(**fields, version=F("version") + 1)
        ids = [row.event_id for row in kept if row.event_id is not None]
        Measure.objects.filter(event_id__in=ids).delete()
        EventActor.objects.filter(event_id__in=ids).delete()
        self._insert_children(kept)

    def _write_records(
        self,
        new: list[_Row],
        changed: list[_Row],
        existing: dict[str, tuple[str, int, int | None]],
        now: dt.datetime,
    ) -> None:
        table = self.record_table
        ids = table.allocate_ids(len(new))
        table.insert(
            [
                {
                    "id": pk,
                    "mission_id": self.run.mission_id,
                    "dataset": self.dataset,
                    "external_id": row.key,
                    "row_sha256": row.sha256,
                    "claim_id": row.claim_id,
                    "event_id": row.event_id,
                    "updated_at": now,
                }
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
