"""Server-rendered SVG charts (no chart library, no CDN): stacked bars and a line, styled by CSS classes.

Every label is escaped with ``format_html``; colours come from classes (``series-0`` …), so the pages
need no inline style and work under the site's Content-Security-Policy. Used by the dashboard and sitreps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 12, 44


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    css: str = ""


def _scale(maximum: float) -> float:
    """A round top for the axis: 1, 2 or 5 times a power of ten, at least the largest value."""
    if maximum <= 0:
        return 1.0
    step = 1.0
    while step * 10 <= maximum:
        step *= 10
    for factor in (1, 2, 5, 10):
        if step * factor >= maximum:
            return step * factor
    return step * 10


def _tick(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _frame(title: str, top: float, labels: Sequence[str], slot: float) -> list[SafeString]:
    plot_height = HEIGHT - TOP - BOTTOM
    parts = [format_html("<title>{}</title>", title)]
    for fraction in (0, 0.5, 1):
        y = TOP + plot_height * (1 - fraction)
        parts.append(
            format_html(
                '<line class="grid" x1="{}" y1="{}" x2="{}" y2="{}"/>'
                '<text class="axis" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                f"{y:.1f}",
                WIDTH - RIGHT,
                f"{y:.1f}",
                LEFT - 4,
                f"{y + 4:.1f}",
                _tick(top * fraction),
            )
        )
    every = max(1, (len(labels) + 5) // 6)
    for index, label in enumerate(labels):
        if index % every == 0:
            x = LEFT + slot * (index + 0.5)
            parts.append(
                format_html(
                    '<text class="axis" x="{}" y="{}" text-anchor="middle">{}</text>',
                    f"{x:.1f}",
                    HEIGHT - BOTTOM + 16,
                    label,
                )
            )
    return parts


def _legend(series: Sequence[Series]) -> list[SafeString]:
    parts = []
    for index, one in enumerate(series):
        x = LEFT + index * 150
        parts.append(
            format_html(
                '<rect class="{}" x="{}" y="{}" width="10" height="10"/><text class="legend" x="{}" y="{}">{}</text>',
                one.css or f"series-{index}",
                x,
                HEIGHT - 14,
                x + 14,
                HEIGHT - 5,
                one.name,
            )
        )
    return parts


def _svg(title: str, parts: list[SafeString]) -> SafeString:
    body = mark_safe("".join(parts))  # every part was built by format_html  # noqa: S308
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">{}</svg>',
        WIDTH,
        HEIGHT,
        title,
        body,
    )


def stacked_bars(title: str, labels: Sequence[str], series: Sequence[Series]) -> SafeString:
    """One bar per label, stacked by series; an empty chart says so."""
    totals = [sum(one.values[index] for one in series) for index in range(len(labels))]
    if not labels or not any(totals):
        return format_html('<p class="muted chart-empty">{}: no figures in these periods.</p>', title)
    top = _scale(max(totals))
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / len(labels)
    parts = _frame(title, top, labels, slot)
    for index in range(len(labels)):
        base = 0.0
        for number, one in enumerate(series):
            value = one.values[index]
            if value <= 0:
                continue
            height = plot_height * value / top
            y = TOP + plot_height * (1 - (base + value) / top)
            parts.append(
                format_html(
                    '<rect class="{}" x="{}" y="{}" width="{}" height="{}"><title>{} {}: {}</title></rect>',
                    one.css or f"series-{number}",
                    f"{LEFT + slot * index + slot * 0.15:.1f}",
                    f"{y:.1f}",
                    f"{slot * 0.7:.1f}",
                    f"{height:.1f}",
                    labels[index],
                    one.name,
                    f"{value:,.0f}",
                )
            )
            base += value
    return _svg(title, parts + _legend(series))


def lines(title: str, labels: Sequence[str], series: Sequence[Series]) -> SafeString:
    """One polyline per series (low / best / high …)."""
    if not labels or not any(value for one in series for value in one.values):
        return format_html('<p class="muted chart-empty">{}: no figures in these periods.</p>', title)
    top = _scale(max(value for one in series for value in one.values))
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / len(labels)
    parts = _frame(title, top, labels, slot)
    for number, one in enumerate(series):
        points = " ".join(
            f"{LEFT + slot * (index + 0.5):.1f},{TOP + plot_height * (1 - value / top):.1f}"
            for index, value in enumerate(one.values)
        )
        parts.append(
            format_html('<polyline class="line {}" points="{}"/>', one.css or f"series-{number}", points)
        )
    return _svg(title, parts + _legend(series))


__all__ = ["Series", "lines", "point_map", "stacked_bars"]


def _degrees(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):.2f}° {positive if value >= 0 else negative}"


# Label boxes on the locator map, at its 11 px text: an average character's width and a line's height.
CHAR_WIDTH, LINE_HEIGHT = 6.2, 13.0


def _label_box(
    x: float,
    baseline: float,
    label: str,
    leftwards: bool,
    placed: Sequence[tuple[float, float, float, float]],
) -> tuple[float, float, float, float]:
    """(left, right, top, baseline) for a label, moved a line down or up (nearest first) from ``baseline``
    until it overlaps no label already placed; where five tries fail, the first place is kept."""
    width = CHAR_WIDTH * len(label)
    left, right = (x - width, x) if leftwards else (x, x + width)
    for shift in (0, 1, -1, 2, -2):
        line = baseline + shift * LINE_HEIGHT
        box = (left, right, line - LINE_HEIGHT + 3, line)
        if not any(_overlap(box, other) for other in placed):
            return box
    return (left, right, baseline - LINE_HEIGHT + 3, baseline)


def _overlap(one: tuple[float, float, float, float], two: tuple[float, float, float, float]) -> bool:
    return one[0] < two[1] and two[0] < one[1] and one[2] < two[3] and two[2] < one[3]


def point_map(title: str, points: Sequence[tuple[float, float, str, str]]) -> SafeString:
    """A small locator map: (latitude, longitude, css class, label) points, equirectangular, fitted to the
    points with a margin; places labelled once. Used where no tile or boundary layer can be drawn (PDF)."""
    if not points:
        return format_html('<p class="muted chart-empty">{}: no located events.</p>', title)
    south, north = min(p[0] for p in points), max(p[0] for p in points)
    west, east = min(p[1] for p in points), max(p[1] for p in points)
    pad_lat, pad_lon = max(0.05, (north - south) * 0.15), max(0.05, (east - west) * 0.15)
    south, north, west, east = south - pad_lat, north + pad_lat, west - pad_lon, east + pad_lon

    def xy(latitude: float, longitude: float) -> tuple[str, str]:
        x = LEFT + (WIDTH - LEFT - RIGHT) * (longitude - west) / (east - west)
        y = TOP + (HEIGHT - TOP - BOTTOM) * (north - latitude) / (north - south)
        return f"{x:.1f}", f"{y:.1f}"

    parts = [format_html("<title>{}</title>", title)]
    parts.append(
        format_html(
            '<rect class="map-frame" x="{}" y="{}" width="{}" height="{}"/>',
            LEFT,
            TOP,
            WIDTH - LEFT - RIGHT,
            HEIGHT - TOP - BOTTOM,
        )
    )
    labelled: set[str] = set()
    placed: list[tuple[float, float, float, float]] = []
    for latitude, longitude, css, label in points:
        x, y = xy(latitude, longitude)
        parts.append(
            format_html(
                '<circle class="{}" cx="{}" cy="{}" r="5"><title>{}</title></circle>', css, x, y, label
            )
        )
        if label and label not in labelled:
            labelled.add(label)
            right_half = float(x) > (LEFT + WIDTH - RIGHT) / 2  # label inwards so it is not cut at the edge
            start = float(x) - 7 if right_half else float(x) + 7
            box = _label_box(start, float(y) + 4, label, right_half, placed)
            placed.append(box)
            parts.append(
                format_html(
                    '<text class="legend" x="{}" y="{}" text-anchor="{}">{}</text>',
                    start,
                    f"{box[3]:.1f}",
                    "end" if right_half else "start",
                    label,
                )
            )
    parts.append(
        format_html(
            '<text class="axis" x="{}" y="{}">{} – {}, {} – {} (equirectangular)</text>',
            LEFT,
            HEIGHT - 20,
            _degrees(south, "N", "S"),
            _degrees(north, "N", "S"),
            _degrees(west, "E", "W"),
            _degrees(east, "E", "W"),
        )
    )
    return _svg(title, parts)
