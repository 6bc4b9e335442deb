"""The ACLED pipeline read from fixture files: plain Python, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from groundwatch.ingest.files.pipelines import ACLED
from groundwatch.ingest.files.reader import FileInvalid

from .conftest import FIXTURES


def test_current_export_rows_become_event_drafts():
    results = list(ACLED.rows(FIXTURES / "acled_current.csv"))
    assert len(results) == 12
    assert all(result.is_valid for result in results), [r.problems for r in results]
    first = results[0].draft
    assert first.external_id == "NTH1"
    assert (first.event_type, first.sub_event_type) == ("explosions_remote_violence", "air_drone_strike")
    assert results[0].row == 2


def test_legacy_columns_numeric_inter_codes_and_spelled_dates_are_accepted():
    (result,) = ACLED.rows(FIXTURES / "acled_legacy.csv")
    assert result.is_valid, result.problems
    draft = result.draft
    assert draft.date_start == dt.date(2023, 9, 19)
    assert [(a.role, a.kind) for a in draft.actors] == [("actor1", "state_forces"), ("actor2", "rebel_group")]
    assert [(m.item, m.value) for m in draft.measures] == [("people_killed", 2)]


def test_bad_rows_are_reported_with_row_and_column():
    results = list(ACLED.rows(FIXTURES / "acled_bad_rows.csv"))
    problems = {(p.row, p.column) for r in results for p in r.problems}
    assert problems == {(3, "event_date"), (4, "latitude"), (5, "sub_event_type"), (6, "fatalities")}
    assert results[0].is_valid and results[5].is_valid


def test_formula_cells_are_kept_as_text():
    results = list(ACLED.rows(FIXTURES / "acled_bad_rows.csv"))
    assert results[5].draft.actors[0].name.startswith("=HYPERLINK(")


def test_week_and_month_precision_become_ranges():
    from groundwatch.ingest.files.acled import parse_row

    cells = dict.fromkeys(("event_id_cnty", "location", "latitude", "longitude"), "1")
    cells |= {
        "event_id_cnty": "X1",
        "event_date": "2023-09-15",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
    }
    week = parse_row({**cells, "time_precision": "2"}, 2).draft
    assert (week.date_start, week.end, week.date_precision) == (
        dt.date(2023, 9, 12),
        dt.date(2023, 9, 18),
        "week",
    )
    whole_month = parse_row({**cells, "time_precision": "3"}, 2).draft
    assert (whole_month.date_start, whole_month.end) == (dt.date(2023, 9, 1), dt.date(2023, 9, 30))


def test_a_wrong_encoding_is_a_clear_error():
    with pytest.raises(FileInvalid, match="not UTF-8"):
        list(ACLED.rows(FIXTURES / "acled_latin1.csv"))


def test_missing_required_columns_are_named():
    with pytest.raises(FileInvalid, match="event_type, sub_event_type, location, latitude, longitude"):
        list(ACLED.rows(FIXTURES / "acled_missing_columns.csv"))
