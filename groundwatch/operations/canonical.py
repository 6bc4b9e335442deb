"""A canonical JSON export of one mission, for proving that a restore gave back exactly what was saved.

Every concrete column of the mission's reports, attachments, claims, events and measures, rows sorted by
id, keys sorted, one fixed encoding: two databases holding the same records give byte-identical output.
It is an operator's comparison tool, not a publication format (the reports app owns those).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


def _tables(mission_id: int) -> list[tuple[str, models.QuerySet[Any]]]:
    from groundwatch.events.models import Claim, Event, Measure
    from groundwatch.sources.models import Attachment, Report

    return [
        ("reports", Report.objects.filter(mission_id=mission_id)),
        ("attachments", Attachment.objects.filter(mission_id=mission_id)),
        ("claims", Claim.objects.filter(mission_id=mission_id)),
        ("events", Event.objects.filter(mission_id=mission_id)),
        ("measures", Measure.objects.filter(event__mission_id=mission_id)),
    ]


def _row(instance: models.Model) -> dict[str, Any]:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def canonical_export(mission_id: int, *, using: str = "default") -> bytes:
    """The mission's records as canonical JSON bytes (UTF-8, sorted keys, rows by id)."""
    document: dict[str, Any] = {"mission": mission_id}
    for name, queryset in _tables(mission_id):
        rows = queryset.using(using).order_by("pk").iterator(chunk_size=2000)
        document[name] = [_row(row) for row in rows]
    text = json.dumps(document, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, indent=0)
    return text.encode("utf-8")
