"""Dashboard key figures and map aggregation: p95 time against hand-written SQL computing the same numbers.

    .venv/bin/python bench/aggregates.py [--events 100000] [--repeat 20] [--data-dir DIR] [--mission SLUG]

Fills a fresh SQLite database (or uses the environment's DATABASE_URL / an existing mission) with
bench/generate.py, then times on the same database:

- the dashboard (``build_dashboard``: every key figure of a month, its previous month and 12-month trends,
  as the page builds them, charts included, unverified events included: bench/generate.py leaves every
  event "reported", so the verified-only view would count nothing) against raw SQL that computes the same numbers: events per
  (month, category) and the people killed / displaced totals (latest report per event) grouped on the
  events' maintained ``month_start``, plus the registry queries (access constraints, alerts, aid,
  handover compliance) written by hand;
- the map data (``map_payload`` with the map view's restricted queryset) at zoom 3, 6 and 10 (a box
  around the busiest hotspot, still too many points to send) against the raw GROUP BY on ``grid_cell``.

The raw queries carry the same mission, confidentiality, verification and merge conditions the ORM adds for
the benchmark's user (an administrator: clearance strictly confidential, so no need-to-know sub-query). As a
reference the map's raw GROUP BY is also timed the way it had to be written before the roll-up columns
existed (flooring the coordinates per row). Prints one JSON object; the ratios are p95 / p95.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

HOTSPOT = (40.16, 46.85)  # the busiest of bench/generate.py's hotspots


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)


def paired_p95(ours: Callable[[], Any], raw: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """p95 of ``repeat`` timed runs of each, alternating them so both see the same load on a shared machine.

    One untimed warm-up of each first (imports, URL conf, the database's page cache)."""
    ours(), raw()
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for function, into in ((ours, samples[0]), (raw, samples[1])):
            started = time.perf_counter()
            function()
            into.append(time.perf_counter() - started)
    return _p95(samples[0]), _p95(samples[1])


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def counted(include_unverified: bool) -> str:
    """The verification statuses the dashboard counts, as an SQL list of constants."""
    from groundwatch.ceasefire.choices import counted_statuses

    return ", ".join(f"'{status}'" for status in sorted(counted_statuses(include_unverified)))


def raw_dashboard(
    mission_id: int, clearance: int, first: dt.date, start: dt.date, end: dt.date, include_unverified: bool
) -> None:
    """The dashboard's numbers for the month ``start``–``end`` with trends from ``first``, in raw SQL."""
    where = (
        "e.mission_id = %s AND e.confidentiality <= %s AND e.merged_into_id IS NULL"
        f" AND e.verification_status IN ({counted(include_unverified)})"
    )
    range_ = [mission_id, clearance, first, end]
    _fetch(
        f"SELECT e.month_start, e.category, COUNT(*) FROM events_event e WHERE {where}"  # noqa: S608 -- constants
        " AND e.date_start >= %s AND e.date_start <= %s GROUP BY 1, 2",
        range_,
    )
    undated = "COALESCE({0}.as_of_on, '0001-01-01')"
    for item in ("people_killed", "people_displaced"):
        _fetch(
            "SELECT e.month_start, SUM(m.value), SUM(COALESCE(m.low, m.value)), SUM(COALESCE(m.high, m.value))"  # noqa: S608 -- constants
            f" FROM events_measure m JOIN events_event e ON e.id = m.event_id WHERE {where}"
            " AND e.date_start >= %s AND e.date_start <= %s AND m.item = %s AND NOT EXISTS ("
            " SELECT 1 FROM events_measure l WHERE l.event_id = m.event_id AND l.item = m.item AND"
            f" ({undated.format('l')} > {undated.format('m')} OR"
            f" ({undated.format('l')} = {undated.format('m')} AND l.id > m.id))) GROUP BY 1",
            [*range_, item],
        )
    _fetch(
        "SELECT c.planned_arrival_on, c.planned_departure_on, c.arrived_on, c.status, i.quantity,"
        " i.delivered_quantity FROM humanitarian_consignmentitem i JOIN humanitarian_consignment c"
        " ON c.id = i.consignment_id WHERE c.mission_id = %s AND c.confidentiality <= %s AND i.unit = 'tonnes'",
        [mission_id, clearance],
    )
    previous_end = start - dt.timedelta(days=1)
    previous_start = previous_end.replace(day=1)
    for day in (end, previous_end):
        _fetch(
            "SELECT COUNT(*) FROM humanitarian_accessconstraint WHERE mission_id = %s AND confidentiality <= %s"
            " AND started_on <= %s AND (ended_on IS NULL OR ended_on >= %s)",
            [mission_id, clearance, day, day],
        )
        declared = _fetch(
            "SELECT c.item, c.declared_quantity FROM ceasefire_commitment c JOIN ceasefire_agreement a"
            " ON a.id = c.agreement_id WHERE c.mission_id = %s AND a.confidentiality <= %s",
            [mission_id, clearance],
        )
        if declared:
            items = sorted({item for item, _quantity in declared})
            marks = ", ".join(["%s"] * len(items))
            _fetch(
                "SELECT m.event_id, e.country_code, e.date_start, m.item, m.value FROM events_measure m"  # noqa: S608 -- marks only
                f" JOIN events_event e ON e.id = m.event_id WHERE m.item IN ({marks}) AND m.event_id IN ("
                " SELECT ae.event_id FROM ceasefire_agreementevent ae JOIN ceasefire_agreement a"
                f" ON a.id = ae.agreement_id JOIN events_event e ON e.id = ae.event_id WHERE {where}"
                " AND a.confidentiality <= %s AND ae.role = 'handover') ORDER BY e.date_start",
                [*items, mission_id, clearance, clearance],
            )
    for first_day, last_day in ((start, end), (previous_start, previous_end)):
        _fetch(
            "SELECT COUNT(*) FROM assessment_alert WHERE mission_id = %s AND confidentiality <= %s"
            " AND fired_at >= %s AND fired_at < %s",
            [mission_id, clearance, first_day, last_day + dt.timedelta(days=1)],
        )


def raw_cells(
    mission_id: int, clearance: int, zoom: int, box: tuple[float, float, float, float] | None
) -> None:
    from groundwatch.events.rollups import cell_shift

    where, params = "", [cell_shift(zoom), mission_id, clearance]
    if box is not None:
        where = " AND latitude >= %s AND latitude <= %s AND longitude >= %s AND longitude <= %s"
        params += [box[0], box[2], box[1], box[3]]
    _fetch(
        "SELECT grid_cell >> %s, category, COUNT(*), AVG(latitude), AVG(longitude) FROM events_event"  # noqa: S608 -- constants
        " WHERE mission_id = %s AND confidentiality <= %s AND merged_into_id IS NULL AND grid_cell IS NOT NULL"
        f"{where} GROUP BY 1, 2",
        params,
    )


def raw_cells_without_rollups(mission_id: int, clearance: int, zoom: int) -> None:
    from groundwatch.events.rollups import cell_degrees

    size = cell_degrees(zoom)
    _fetch(
        "SELECT FLOOR((CAST(latitude AS REAL) + 90.0) / %s), FLOOR((CAST(longitude AS REAL) + 180.0) / %s),"
        " category, COUNT(*), AVG(latitude), AVG(longitude) FROM events_event WHERE mission_id = %s"
        " AND confidentiality <= %s AND merged_into_id IS NULL AND latitude IS NOT NULL"
        " AND longitude IS NOT NULL GROUP BY 1, 2, 3",
        [size, size, mission_id, clearance],
    )


def measure(mission_id: int, repeat: int = 20) -> dict[str, Any]:
    from django.db import connection

    from groundwatch.accounts.models import Mission
    from groundwatch.core.access import mission_grants
    from groundwatch.core.choices import Action, Role
    from groundwatch.events.models import Event
    from groundwatch.tests.factories import make_member
    from groundwatch.web.dashboard import TREND_PERIODS, Window, build_dashboard
    from groundwatch.web.mapdata import Bounds, map_payload

    mission = Mission.objects.get(pk=mission_id)
    user = make_member(mission, Role.ADMIN, f"bench-aggregates-{mission.pk}-{time.time_ns()}")
    clearance = mission_grants(user, Action.VIEW)[mission.pk]
    visible = Event.objects.restrict(user).filter(mission=mission).current()
    last = visible.order_by("-date_start").values_list("date_start", flat=True).first() or dt.date.today()
    window = Window.ending(last, "month")
    first = window.start
    for _ in range(TREND_PERIODS - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    box = (HOTSPOT[0] - 0.25, HOTSPOT[1] - 0.35, HOTSPOT[0] + 0.25, HOTSPOT[1] + 0.35)
    views: dict[str, tuple[int, tuple[float, float, float, float] | None]] = {
        "map_zoom3": (3, None),
        "map_zoom6": (6, None),
        "map_zoom10_box": (10, box),
    }
    seconds: dict[str, float] = {}
    seconds["dashboard"], seconds["dashboard_raw_sql"] = paired_p95(
        lambda: build_dashboard(user, mission, window, include_unverified=True),
        lambda: raw_dashboard(mission.pk, clearance, first, window.start, window.end, True),
        repeat,
    )
    sent = {}
    for name, (zoom, bounds) in views.items():
        parsed = Bounds(*bounds) if bounds else None
        sent[name] = map_payload(mission, visible, zoom, parsed)
        seconds[name], seconds[f"{name}_raw_sql"] = paired_p95(
            lambda zoom=zoom, parsed=parsed: map_payload(mission, visible, zoom, parsed),
            lambda zoom=zoom, bounds=bounds: raw_cells(mission.pk, clearance, zoom, bounds),
            repeat,
        )
    seconds["map_zoom6_raw_sql_without_rollups"], _ = paired_p95(
        lambda: raw_cells_without_rollups(mission.pk, clearance, 6),
        lambda: raw_cells(mission.pk, clearance, 6, None),
        max(5, repeat // 4),
    )
    return {
        "events": Event.objects.filter(mission=mission).count(),
        "database": connection.vendor,
        "repeat": repeat,
        "window": f"{window.start} … {window.end}, trend from {first}",
        "map": {
            name: {"kind": data["kind"], "total": data["total"], "cells": len(data.get("cells", ()))}
            for name, data in sent.items()
        },
        "p95_seconds": {name: round(value, 4) for name, value in seconds.items()},
        "ratios": {
            "dashboard_vs_raw_sql": round(seconds["dashboard"] / seconds["dashboard_raw_sql"], 3),
            **{f"{name}_vs_raw_sql": round(seconds[name] / seconds[f"{name}_raw_sql"], 3) for name in views},
            "raw_sql_without_rollups_vs_with_zoom6": round(
                seconds["map_zoom6_raw_sql_without_rollups"] / seconds["map_zoom6_raw_sql"], 3
            ),
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--data-dir", type=Path, help="SQLite data folder (default: a temporary one)")
    parser.add_argument("--mission", help="measure this existing mission instead of generating one")
    options = parser.parse_args()
    from bench.generate import setup

    setup(options.data_dir or (None if options.mission else Path(tempfile.mkdtemp(prefix="gw-aggregates-"))))
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    from groundwatch.accounts.models import Mission

    if options.mission:
        mission_id = Mission.objects.get(slug=options.mission).pk
        generated: dict[str, Any] = {}
    else:
        from bench.generate import generate

        generated = generate(options.events, seed=42, mission_name="Aggregates bench")
        mission_id = generated["mission_id"]
    result = measure(mission_id, options.repeat)
    if generated:
        result["generate_seconds"] = round(generated["seconds"], 1)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
