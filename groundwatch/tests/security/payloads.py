"""Valid request bodies for the write routes of the policy table, by the name the table gives.

Each builder takes the seeded world and the target record (or None) and returns what the Django test
client sends: ``("json", dict)`` for JSON, ``("form", dict)`` for a form or multipart post, ``("none", {})``.
A valid body matters: the matrix must show that the role check, not input validation, refuses a request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from groundwatch.tests.security.world import World

Body = tuple[str, dict[str, Any]]


def _slug(world: World) -> str:
    return world.mission.slug


def _openrosa_xml(world: World) -> bytes:
    form = world.records["form"][-1]
    return (
        f'<?xml version="1.0"?><data id="{form.form_id}" version="{form.version}">'
        "<meta><instanceID>uuid:security-matrix</instanceID></meta></data>"
    ).encode()


BUILDERS: dict[str, Callable[[World, Any], Body]] = {
    "verify_form": lambda w, event: (
        "form",
        {
            "status": "discounted",
            "standard_of_proof": "",
            "rationale": "Matrix check.",
            "version": event.version,
        },
    ),
    "openrosa": lambda w, _: (
        "form",
        {"xml_submission_file": SimpleUploadedFile("submission.xml", _openrosa_xml(w), "text/xml")},
    ),
    "source": lambda w, _: ("json", {"mission": _slug(w), "name": "Matrix source", "kind": "organisation"}),
    "grade": lambda w, _: ("json", {"reliability": "B", "rationale": "Matrix check."}),
    "report": lambda w, _: ("json", {"mission": _slug(w), "text": "Matrix report."}),
    "report_files": lambda w, _: (
        "form",
        {"mission": _slug(w), "files": [SimpleUploadedFile("matrix.txt", b"matrix", "text/plain")]},
    ),
    "claim": lambda w, report: ("json", {"report": report.pk, "span_start": 0, "span_end": 10}),
    "event": lambda w, _: (
        "json",
        {
            "mission": _slug(w),
            "title": "Matrix event",
            "event_type": "aid_delivery",
            "date_start": "2023-09-20",
        },
    ),
    "event_edit": lambda w, event: ("json", {"version": event.version, "admin1": "Matrix"}),
    "verification": lambda w, event: (
        "json",
        {"status": "discounted", "rationale": "Matrix check.", "version": event.version},
    ),
    "evidence": lambda w, event: ("json", {"claim": w.extras["public_claim"].pk}),
    "merge": lambda w, event: (
        "json",
        {"duplicates": [w.extras["duplicate_event"].pk], "rationale": "Same."},
    ),
    "measure": lambda w, event: ("json", {"item": "trucks", "value": 3}),
    "actor": lambda w, _: ("json", {"mission": _slug(w), "name": "Matrix actor", "kind": "state_forces"}),
    "consignment": lambda w, _: (
        "json",
        {"mission": _slug(w), "reference": "MATRIX", "title": "Matrix convoy"},
    ),
    "status": lambda w, convoy: (
        "json",
        {
            "status": "denied",
            "changed_on": "2023-09-21",
            "event": w.records["event"][0].pk,
            "access_constraint": w.records["constraint"][0].pk,
        },
    ),
    "constraint": lambda w, _: (
        "json",
        {
            "mission": _slug(w),
            "category": "restriction_of_movement",
            "title": "Matrix",
            "started_on": "2023-09-20",
        },
    ),
    "need": lambda w, _: (
        "json",
        {
            "mission": _slug(w),
            "place": w.extras["place"].pk,
            "sector": "food_security",
            "severity": 2,
            "assessed_on": "2023-09-20",
        },
    ),
    "movement": lambda w, _: ("json", {"mission": _slug(w), "moved_on": "2023-09-20", "individuals": 5}),
    "site": lambda w, _: (
        "json",
        {"mission": _slug(w), "name": "Matrix site", "kind": "camp", "capacity": 5},
    ),
    "occupancy": lambda w, site: ("json", {"observed_on": "2023-09-22", "occupants": 41, "arrivals": 1}),
    "agreement": lambda w, _: (
        "json",
        {
            "mission": _slug(w),
            "title": "Matrix",
            "signed_on": "2023-09-20",
            "parties": [w.extras["party"].pk],
        },
    ),
    "commitment": lambda w, agreement: (
        "json",
        {"party": w.extras["party"].pk, "item": "ammunition", "declared_quantity": 5},
    ),
    "agreement_event": lambda w, agreement: (
        "json",
        {"event": w.extras["statement_event"].pk, "role": "declaration"},
    ),
    "alert_rule": lambda w, _: (
        "json",
        {"mission": _slug(w), "name": "Matrix rule", "kind": "new_access_denial", "window_days": 5},
    ),
    "evaluate": lambda w, _: ("json", {"mission": _slug(w), "as_of": "2023-09-20"}),
    "xlsform": lambda w, _: (
        "form",
        {"mission": _slug(w), "xlsform": SimpleUploadedFile("form.xlsx", w.extras["xlsform"])},
    ),
    "shipped": lambda w, _: ("form", {"mission": _slug(w)}),
    # The review queue (threshold 0.99: nothing seeded is that sure, so a bulk accept changes nothing).
    "article": lambda w, _: ("json", {"mission": _slug(w), "text": "Matrix pasted text."}),
    "bulk_accept": lambda w, _: ("json", {"mission": _slug(w), "threshold": 0.99}),
    "bulk_accept_form": lambda w, _: ("form", {"threshold": "0.99"}),
    "accept": lambda w, proposal: ("json", {"changes": {"title": "Matrix accepted"}}),
    "merge_proposal": lambda w, proposal: ("json", {"event": w.extras["duplicate_event"].pk}),
    "reject": lambda w, proposal: ("json", {"reason": "Matrix check."}),
    "decide_form": lambda w, proposal: ("form", {"decision": "reject", "reason": "Matrix check."}),
    # Sitreps.
    "new_sitrep": lambda w, _: ("form", {"kind": "daily", "last_day": "2023-09-20", "confidentiality": 0}),
    "narrative": lambda w, sitrep: ("form", {"highlights": "Matrix edit.", "version": sitrep.version}),
    "api_sitrep": lambda w, _: (
        "json",
        {"mission": _slug(w), "kind": "daily", "last_day": "2023-09-20", "confidentiality": "public"},
    ),
    "api_narrative": lambda w, sitrep: ("json", {"version": sitrep.version, "highlights": "Matrix edit."}),
    "export_job_form": lambda w, _: ("form", {"format": "hxl"}),
    "time_zone_form": lambda w, _: ("form", {"time_zone": "Asia/Baku"}),
    "api_time_zone": lambda w, _: ("json", {"time_zone": "Asia/Baku"}),
    "api_export": lambda w, _: ("json", {"mission": _slug(w), "format": "hxl", "background": False}),
    # Protected persons (the matrix person codes are taken; these are new).
    "person_form": lambda w, _: (
        "form",
        {
            "code": "P-MATRIX",
            "role": "witness",
            "risk_level": "medium",
            "confidentiality": 2,
            "consent_scope": "none",
            "retain_until": "2030-01-01",
            "full_name": "Matrix name",
        },
    ),
    "person": lambda w, _: (
        "json",
        {"mission": _slug(w), "code": "P-MATRIX", "role": "witness", "retain_until": "2030-01-01"},
    ),
    "reveal_form": lambda w, person: ("form", {"reason": "Matrix check."}),
    "reveal": lambda w, person: ("json", {"reason": "Matrix check."}),
    "consent_form": lambda w, person: ("form", {"consent_scope": "mission", "risk_level": "high"}),
    "consent": lambda w, person: ("json", {"consent_scope": "mission", "consent_notes": "Matrix check."}),
    "person_event_form": lambda w, person: (
        "form",
        {"event": w.extras["statement_event"].pk, "action": "link"},
    ),
    "person_event": lambda w, person: ("json", {"event": w.extras["statement_event"].pk}),
}


def build(name: str | None, world: World, target: Any) -> Body:
    if name is None:
        return ("none", {})
    return BUILDERS[name](world, target)
