"""``{{ value|when }}``: a moment in the current (mission's) time zone, with UTC on hover.

Renders ``<time datetime="…Z" title="… UTC">2023-09-19 14:05 +04</time>``; ``{{ value|when:"seconds" }}``
adds seconds. Pages outside a mission show UTC. Exports and the API always write UTC (ISO 8601 with offset).
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def when(value: dt.datetime | None, detail: str = "") -> SafeString | str:
    if not isinstance(value, dt.datetime):
        return "—" if value is None else str(value)
    pattern = "%Y-%m-%d %H:%M:%S" if detail == "seconds" else "%Y-%m-%d %H:%M"
    moment = value if timezone.is_aware(value) else timezone.make_aware(value, dt.UTC)
    utc = moment.astimezone(dt.UTC)
    local = timezone.localtime(moment)
    zone = timezone.get_current_timezone_name()
    label = "UTC" if zone == "UTC" else local.strftime("%Z")
    if label.startswith(("+", "-")):
        label = f"UTC{label}"  # zones without an abbreviation (+04): say what it is relative to
    return format_html(
        '<time datetime="{}" title="{} UTC ({})">{} {}</time>',
        utc.isoformat().replace("+00:00", "Z"),
        utc.strftime(pattern),
        zone,
        local.strftime(pattern),
        label,
    )
