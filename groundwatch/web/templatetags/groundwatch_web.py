"""Small presentation helpers: status and confidentiality badges, highlighted text, file sizes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from groundwatch.core.choices import Confidentiality
from groundwatch.events.choices import VerificationStatus
from groundwatch.lib.text import Segment

register = template.Library()


@register.simple_tag
def verification_badge(status: str) -> SafeString:
    label = VerificationStatus(status).label if status in VerificationStatus.values else status
    return format_html('<span class="badge status-{}">{}</span>', status, label)


@register.simple_tag
def confidentiality_badge(level: int) -> SafeString:
    known = level in Confidentiality.values
    slug = Confidentiality(level).slug if known else "unknown"
    label = Confidentiality(level).label if known else str(level)
    return format_html('<span class="badge level-{}">{}</span>', slug, label)


@register.simple_tag
def highlighted(segments: Iterable[Segment]) -> SafeString:
    """Report text with the highlighted segments in ``<mark>``; every segment's text is escaped."""
    return format_html_join("", "{}", ((_segment_html(segment),) for segment in segments))


def _segment_html(segment: Segment) -> SafeString:
    if segment.is_highlight:
        return format_html("<mark>{}</mark>", segment.text)
    return format_html("{}", segment.text)


@register.inclusion_tag("web/includes/mission_nav.html")
def mission_nav(mission: Any) -> dict[str, Any]:
    """Links to a mission's pages. An app adds its own by declaring on its AppConfig
    ``web_nav = [("Convoys", "humanitarian:consignment_list"), ...]`` (URL names taking the slug)."""
    links = [(str(label), url) for label, name in _nav_entries() if (url := _mission_url(name, mission.slug))]
    return {"mission": mission, "links": links}


def _nav_entries() -> list[tuple[str, str]]:
    entries = [
        ("Dashboard", "web:dashboard"),
        ("Events", "web:event_list"),
        ("Map", "web:event_map"),
        ("Timeline", "web:timeline"),
    ]
    for config in apps.get_app_configs():
        entries.extend(getattr(config, "web_nav", ()))
    return entries


def _mission_url(name: str, slug: str) -> str:
    try:
        return reverse(name, args=[slug])
    except NoReverseMatch:
        return ""
