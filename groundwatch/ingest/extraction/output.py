"""The JSON shape ``groundwatch extract`` prints (issue 3), and a short text rendering of it."""

from __future__ import annotations

from typing import Any

from groundwatch.ingest.extraction.results import EventProposal, Extraction, PlaceMention


def _place(place: PlaceMention | None) -> dict[str, Any]:
    if place is None:
        return {
            key: None
            for key in ("location", "admin1", "country_iso3", "latitude", "longitude", "geo_precision")
        }
    return {
        "location": place.location,
        "admin1": place.admin1 or None,
        "country_iso3": place.country_iso3 or None,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": place.geo_precision,
    }


def event_json(event: EventProposal) -> dict[str, Any]:
    return {
        "category": event.category,
        "type": event.type,
        "sub_type": event.sub_type or None,
        "date": event.date.date_start.isoformat() if event.date else None,
        "date_end": event.date.date_end.isoformat() if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "date_is_inferred": event.date_is_inferred,
        **_place(event.place),
        "place_is_inferred": event.place_is_inferred,
        "actors": [
            {"name": actor.name, "kind": actor.kind or None, "role": actor.role or None}
            for actor in event.actors
        ],
        "fatalities": event.fatalities,
        "injured": event.injured,
        "quantities": [
            {
                "value": int(quantity.value) if float(quantity.value).is_integer() else quantity.value,
                "unit": quantity.unit or None,
                "item": quantity.item or None,
                "qualifier": quantity.qualifier,
                "text": quantity.text,
            }
            for quantity in event.quantities
        ],
        "confidence": event.confidence,
        "evidence": event.evidence.strip(),
        "evidence_span": [event.span_start, event.span_end],
    }


def extraction_json(file: str, extraction: Extraction) -> dict[str, Any]:
    places: dict[str, dict[str, Any]] = {}
    for place in extraction.places:
        places.setdefault(
            place.location + place.country_code,
            {"name": place.text, **_place(place)},
        )
    return {
        "file": file,
        "language": extraction.language,
        "extracted": extraction.is_extracted,
        "reason": extraction.reason or None,
        "published": extraction.published_on.isoformat() if extraction.published_on else None,
        "pipeline": f"{extraction.pipeline} {extraction.pipeline_version}",
        "events": [event_json(event) for event in extraction.events],
        "places": list(places.values()),
        "organizations": [
            {"name": actor.name, "kind": actor.kind or None} for actor in extraction.organizations
        ],
    }


def extraction_text(data: dict[str, Any]) -> str:
    lines = [f"{data['file']}  (language {data['language']}, published {data['published'] or 'unknown'})"]
    if not data["extracted"]:
        return "\n".join([*lines, f"  {data['reason']}"])
    for event in data["events"]:
        kind = f"{event['type']}/{event['sub_type']}" if event["sub_type"] else event["type"]
        where = event["location"] or "place unknown"
        figures = ", ".join(f"{q['text']} [{q['item'] or '?'} {q['qualifier']}]" for q in event["quantities"])
        lines.append(
            f"  {event['confidence']:.2f} {kind}  {event['date'] or 'date unknown'} ({event['date_precision']})  {where}"
        )
        if figures:
            lines.append(f"       {figures}")
    lines.append("  places: " + ", ".join(place["location"] for place in data["places"]))
    lines.append("  organizations: " + ", ".join(org["name"] for org in data["organizations"]))
    return "\n".join(lines)
