"""Atom feeds of a mission's alerts, each entry carrying its CAP 1.2 message."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from xml.etree import ElementTree as ET

from django.utils import timezone

from groundwatch.accounts.models import Mission
from groundwatch.assessment.cap import cap_element
from groundwatch.assessment.models import Alert

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
ET.register_namespace("atom", ATOM_NAMESPACE)


def _add(parent: ET.Element, name: str, text: str = "", **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NAMESPACE}}}{name}", attributes)
    if text:
        element.text = text
    return element


def alert_feed(
    mission: Mission,
    alerts: Iterable[Alert],
    *,
    feed_url: str,
    alert_url: Callable[[Alert], str],
    sender: str,
    title: str,
) -> str:
    alerts = list(alerts)
    root = ET.Element(f"{{{ATOM_NAMESPACE}}}feed")
    _add(root, "id", feed_url)
    _add(root, "title", title)
    updated = max((alert.fired_at for alert in alerts), default=timezone.now())
    _add(root, "updated", updated.isoformat())
    _add(root, "link", rel="self", href=feed_url)
    author = _add(root, "author")
    _add(author, "name", mission.name)
    for alert in alerts:
        entry = _add(root, "entry")
        _add(entry, "id", f"urn:groundwatch:alert:{alert.identifier}")
        _add(entry, "title", alert.title)
        _add(entry, "updated", alert.fired_at.isoformat())
        _add(entry, "summary", alert.description)
        _add(entry, "link", rel="alternate", type="application/cap+xml", href=alert_url(alert))
        content = _add(entry, "content", type="application/cap+xml")
        content.append(cap_element(alert, sender=sender, web=alert_url(alert)))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
