"""The sitrep's locator map (an SVG drawn without tiles, for the PDF)."""

from __future__ import annotations

import re

from groundwatch.web.charts import point_map

LABEL = re.compile(r'text-anchor="(start|end)">([^<]+)</text>')


def test_labels_near_the_right_edge_run_inwards_and_edges_name_their_hemisphere():
    svg = str(
        point_map(
            "Where",
            [(-12.05, -77.04, "category-security", "Lima"), (-13.16, -72.54, "category-security", "Cusco")],
        )
    )
    anchors = {name: anchor for anchor, name in LABEL.findall(svg)}
    assert anchors == {
        "Lima": "start",  # the western point: label to its right
        "Cusco": "end",  # the eastern point: label to its left, inside the frame
    }
    assert "° S –" in svg and "° W (equirectangular)" in svg and "-1" not in svg and "-7" not in svg


def test_no_points_says_so():
    assert "no located events" in str(point_map("Where", []))


def test_labels_of_nearby_places_do_not_cover_each_other():
    svg = str(
        point_map(
            "Where",
            [
                (39.60, 46.40, "category-humanitarian", "Lachin District"),
                (39.58, 46.42, "category-humanitarian", "Syunik"),
                (40.18, 44.51, "category-humanitarian", "Yerevan"),
            ],
        )
    )
    lines = {
        name: float(y)
        for y, name in re.findall(
            r'<text class="legend" x="[^"]+" y="([^"]+)" text-anchor="\w+">([^<]+)</text>', svg
        )
    }
    circles = {name: y for y, name in re.findall(r'cy="([^"]+)" r="5"><title>([^<]+)</title>', svg)}
    assert abs(float(circles["Lachin District"]) - float(circles["Syunik"])) < 13  # the points nearly touch
    assert abs(lines["Lachin District"] - lines["Syunik"]) >= 13  # their labels a line apart, not overprinted
    assert lines["Yerevan"] == float(circles["Yerevan"]) + 4  # a label with room stays beside its point
