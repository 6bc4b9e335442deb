"""Every write path keeps an event's roll-up columns (week, month, map cell) in step with its date and point."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps

from groundwatch.events.models import Event
from groundwatch.events.rollups import cell_row_column, cell_shift, event_rollups, grid_cell
from groundwatch.events.services import merge_events, update_event
from groundwatch.ingest.files.pipelines import ACLED
from groundwatch.ingest.imports import run_import
from groundwatch.ingest.tests.conftest import FIXTURES
from groundwatch.tests.factories import make_event


def assert_rolled_up(event: Event) -> None:
    event.refresh_from_db()
    expected = event_rollups(event.date_start, event.latitude, event.longitude)
    assert {name: getattr(event, name) for name in expected} == expected


def test_week_month_and_cell_of_a_point():
    values = event_rollups(dt.date(2023, 9, 23), Decimal("39.81667"), Decimal("46.75000"))
    assert values["week_start"] == dt.date(2023, 9, 18)  # the Saturday's ISO week began on Monday the 18th
    assert values["month_start"] == dt.date(2023, 9, 1)
    # At zoom 6 a cell is 90/64 = 1.40625 degrees: row floor(129.81667/1.40625) = 92, column floor(226.75/1.40625) = 161.
    assert cell_row_column(values["grid_cell"] >> cell_shift(6)) == (92, 161)
    assert event_rollups(dt.date(2023, 9, 23), None, Decimal("46.7"))["grid_cell"] is None


def test_cells_nest_across_zooms():
    key = grid_cell(Decimal("-33.86785"), Decimal("151.20732"))
    for zoom in range(0, 19):
        size = Decimal(90) / 2**zoom
        row = int((Decimal("-33.86785") + 90) // size)
        column = int((Decimal("151.20732") + 180) // size)
        assert cell_row_column(key >> cell_shift(zoom)) == (row, column)


def test_created_and_edited_events_keep_their_rollups(mission, analyst):
    event = make_event(
        mission, actor=analyst, date_start=dt.date(2023, 9, 23), latitude=Decimal("39.8"), longitude=46.7
    )
    assert_rolled_up(event)
    assert event.month_start == dt.date(2023, 9, 1) and event.grid_cell is not None
    event = update_event(
        event=event,
        actor=analyst,
        expected_version=event.version,
        changes={
            "date_start": dt.date(2023, 10, 2),
            "date_end": dt.date(2023, 10, 2),
            "latitude": Decimal("40.1"),
        },
    )
    assert_rolled_up(event)
    assert (event.week_start, event.month_start) == (dt.date(2023, 10, 2), dt.date(2023, 10, 1))
    event.latitude = event.longitude = None
    event.save(update_fields=["latitude", "longitude"])
    assert_rolled_up(event)
    assert event.grid_cell is None


def test_merged_events_keep_their_rollups(mission, analyst, places):
    target = make_event(mission, actor=analyst, place="Goris")
    duplicate = make_event(mission, actor=analyst, place="Goris", date_start=dt.date(2023, 9, 30))
    assert target.grid_cell is not None and duplicate.grid_cell == target.grid_cell
    merge_events(target=target, duplicates=[duplicate], actor=analyst, rationale="Same convoy.")
    assert_rolled_up(target)
    assert_rolled_up(duplicate)


def test_batch_imports_and_their_updates_fill_rollups(mission, analyst):
    for name in ("acled_current.csv", "acled_newer.csv"):
        run_import(
            mission=mission,
            actor=analyst,
            path=FIXTURES / name,
            pipeline=ACLED,
            format="acled",
            accept=True,
        )
    events = list(Event.objects.filter(mission=mission))
    assert len(events) == 13 and any(event.version == 2 for event in events)
    for event in events:
        assert event.month_start is not None
        assert_rolled_up(event)


def test_bulk_writes_fill_or_refuse(mission):
    (event,) = Event.objects.bulk_create(
        [
            Event(
                mission=mission,
                title="Generated",
                event_type="aid_delivery",
                category="humanitarian",
                date_start=dt.date(2024, 2, 29),
                date_end=dt.date(2024, 2, 29),
                latitude=Decimal("40.0"),
                longitude=Decimal("46.5"),
            )
        ]
    )
    assert_rolled_up(event)
    with pytest.raises(TypeError, match="event_rollups"):
        Event.objects.filter(pk=event.pk).update(date_start=dt.date(2024, 3, 1))
    Event.objects.filter(pk=event.pk).update(
        date_start=dt.date(2024, 3, 1),
        date_end=dt.date(2024, 3, 1),
        **event_rollups(dt.date(2024, 3, 1), Decimal("40.0"), Decimal("46.5")),
    )
    assert_rolled_up(event)
    assert event.month_start == dt.date(2024, 3, 1)


def test_the_migration_backfills_events_written_before_it(mission, analyst):
    events = [make_event(mission, actor=analyst, latitude=39.5 + n, longitude=46.3) for n in range(3)]
    Event.objects.filter(mission=mission).update(week_start=None, month_start=None, grid_cell=None)
    migration = importlib.import_module("groundwatch.events.migrations.0002_rollups")
    migration.backfill(django_apps, None)
    for event in events:
        assert_rolled_up(event)
        assert event.grid_cell is not None
