"""CAP 1.2 (OASIS Common Alerting Protocol) messages for alerts, in the schema's element order."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from groundwatch.assessment.models import Alert

CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"
ET.register_namespace("", CAP_NAMESPACE)


def cap_time(moment: dt.datetime) -> str:
    """CAP's time form: seconds, an explicit offset, UTC written as -00:00."""
    utc = moment.astimezone(dt.UTC).replace(microsecond=0)
    return utc.strftime("%Y-%m-%dT%H:%M:%S") + "-00:00"


def _add(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{CAP_NAMESPACE}}}{name}")
    element.text = text
    return element


def cap_element(alert: Alert, *, sender: str, web: str = "") -> ET.Element:
    rule = alert.rule
    root = ET.Element(f"{{{CAP_NAMESPACE}}}alert")
    _add(root, "identifier", alert.identifier)
    _add(root, "sender", sender)
    _add(root, "sent", cap_time(alert.fired_at))
    _add(root, "status", "Actual")
    _add(root, "msgType", "Alert")
    _add(root, "scope", "Public" if alert.is_public else "Restricted")
    if not alert.is_public:
        _add(root, "restriction", f"Members of the monitoring mission {alert.mission.slug}")
    info = ET.SubElement(root, f"{{{CAP_NAMESPACE}}}info")
    _add(info, "language", "en")
    _add(info, "category", rule.cap_category)
    _add(info, "event", rule.name)
    _add(info, "urgency", rule.cap_urgency)
    _add(info, "severity", rule.cap_severity)
    _add(info, "certainty", rule.cap_certainty)
    _add(info, "senderName", alert.mission.name)
    _add(info, "headline", alert.title[:160])
    _add(info, "description", alert.description)
    if web:
        _add(info, "web", web)
    for name, value in sorted(alert.figures.items()):
        parameter = ET.SubElement(info, f"{{{CAP_NAMESPACE}}}parameter")
        _add(parameter, "valueName", name)
        _add(parameter, "value", str(value))
    area = ET.SubElement(info, f"{{{CAP_NAMESPACE}}}area")
    _add(area, "areaDesc", alert.area or alert.mission.name)
    return root


def cap_xml(alert: Alert, *, sender: str, web: str = "") -> str:
    element = cap_element(alert, sender=sender, web=web)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(element, encoding="unicode")
