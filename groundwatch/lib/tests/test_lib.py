import datetime as dt
import hashlib
import io

import pytest

from groundwatch.lib import dates, env, hashing, text


def test_month_precision_is_the_whole_month_not_a_day():
    september = dates.month(2023, 9)
    assert (september.start, september.end) == (dt.date(2023, 9, 1), dt.date(2023, 9, 30))
    assert str(september) == "September 2023"
    assert september.midpoint == dt.date(2023, 9, 15)


def test_year_precision_never_invents_a_day():
    whole_year = dates.year(2020)
    assert whole_year.precision == "year"
    assert (whole_year.start, whole_year.end) == (dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert str(whole_year) == "2020"


def test_iso_week_runs_monday_to_sunday():
    week = dates.iso_week(2023, 38)
    assert week.start.isoweekday() == 1 and week.end.isoweekday() == 7
    assert week.start == dt.date(2023, 9, 18)


def test_range_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="before it starts"):
        dates.DateRange(dt.date(2023, 9, 20), dt.date(2023, 9, 19), dates.DatePrecision.RANGE)


def test_streamed_hash_equals_hash_of_whole_content():
    data = b"x" * 3_000_000
    digest, size = hashing.sha256_chunks(hashing.iter_file(io.BytesIO(data), chunk_size=65536))
    assert digest == hashlib.sha256(data).hexdigest()
    assert size == len(data)


def test_canonical_json_does_not_depend_on_key_order():
    assert hashing.canonical_json({"b": 1, "a": [1, 2]}) == hashing.canonical_json({"a": [1, 2], "b": 1})


def test_highlight_marks_exactly_the_span():
    segments = text.split_highlight("Over 800 small arms were handed over.", 5, 19)
    assert [(s.text, s.is_highlight) for s in segments] == [
        ("Over ", False),
        ("800 small arms", True),
        (" were handed over.", False),
    ]


def test_highlight_clips_a_span_outside_the_text():
    segments = text.split_highlight("short", 3, 99)
    assert [(s.text, s.is_highlight) for s in segments] == [("sho", False), ("rt", True)]


def test_bool_setting_rejects_unclear_words(monkeypatch):
    monkeypatch.setenv("GW_FLAG", "maybe")
    with pytest.raises(env.EnvError, match="GW_FLAG='maybe' is not a yes/no value"):
        env.env_bool("GW_FLAG")
    monkeypatch.setenv("GW_FLAG", "Yes")
    assert env.env_bool("GW_FLAG") is True


def test_int_setting_names_the_variable_when_wrong(monkeypatch):
    monkeypatch.setenv("GW_SIZE", "ten")
    with pytest.raises(env.EnvError, match="GW_SIZE='ten' is not a whole number"):
        env.env_int("GW_SIZE", 5)
    monkeypatch.setenv("GW_SIZE", "0")
    with pytest.raises(env.EnvError, match="below the minimum"):
        env.env_int("GW_SIZE", 5, minimum=1)
