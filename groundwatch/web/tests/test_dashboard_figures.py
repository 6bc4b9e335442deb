"""Dashboard key figures: counted in SQL on the period columns, equal to a hand count; changes judged by meaning."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from groundwatch.accounts.services import grant_need_to_know
from groundwatch.core.choices import Confidentiality
from groundwatch.events.services import MeasureInput, merge_events
from groundwatch.tests.factories import make_event, verify
from groundwatch.web.dashboard import NEUTRAL, UP_IS_BAD, UP_IS_GOOD, KeyFigure, Window, build_dashboard

pytestmark = pytest.mark.django_db

WEEK = dt.date(2023, 9, 19)  # week 2023-09-18 … 24; the previous week is 11 … 17


def killed(value, low=None, high=None, as_of=None):
    return MeasureInput(item="people_killed", value=value, unit="people", low=low, high=high, as_of_on=as_of)


def battle(mission, day, measures=(), verified=True, **fields):
    event = make_event(
        mission,
        event_type="battles",
        sub_event_type="armed_clash",
        date_start=day,
        measures=measures,
        **fields,
    )
    return verify(event) if verified else event


@pytest.fixture
def week_of_fighting(mission, analyst):
    # Three reports of one clash: undated 100 (sorts first), 4 (3-6) on the 19th, 7 on the 20th: 7 stands.
    battle(mission, WEEK, [killed(100), killed(4, 3, 6, WEEK), killed(7, as_of=dt.date(2023, 9, 20))])
    battle(mission, dt.date(2023, 9, 24), [killed(2, 1, 3)])
    battle(mission, dt.date(2023, 9, 12), [killed(5)])  # the previous week
    battle(mission, dt.date(2023, 9, 25), [killed(40)])  # the next week: not counted
    battle(mission, WEEK, [killed(50)], verified=False)  # counted only with unverified events
    battle(mission, WEEK, [killed(1000)], confidentiality=Confidentiality.CONFIDENTIAL)  # above the viewer
    target = battle(mission, WEEK)
    duplicate = battle(mission, WEEK, [killed(30)])
    merge_events(target=target, duplicates=[duplicate], actor=analyst, rationale="The same clash.")
    displaced = [
        MeasureInput(item="people_displaced", value=600, unit="people", as_of_on=dt.date(2023, 9, 18)),
        MeasureInput(item="people_displaced", value=2800, unit="people", as_of_on=dt.date(2023, 9, 21)),
    ]
    make_event(mission, event_type="aid_delivery", date_start=WEEK, measures=displaced)  # not verified
    verify(make_event(mission, event_type="aid_delivery", date_start=WEEK, measures=displaced))


def figures(board):
    return {figure.label: figure for figure in board.figures}


def test_key_figures_match_a_hand_count(mission, viewer, week_of_fighting):
    board = build_dashboard(viewer, mission, Window.ending(WEEK, "week"), include_unverified=False)
    shown = figures(board)
    assert (shown["Security events"].value, shown["Security events"].previous) == (3, 1)
    assert (shown["Humanitarian events"].value, shown["Humanitarian events"].previous) == (1, 0)
    dead = shown["People killed (best estimate)"]
    assert (dead.value, dead.previous, dead.detail) == (9, 5, "low 8 · high 10")
    assert shown["People displaced"].value == 2800

    wider = figures(build_dashboard(viewer, mission, Window.ending(WEEK, "week"), include_unverified=True))
    assert wider["Security events"].value == 4
    assert wider["People killed (best estimate)"].value == 59
    assert wider["People displaced"].value == 5600


def test_monthly_and_daily_figures_use_their_own_periods(mission, viewer, week_of_fighting):
    month = figures(build_dashboard(viewer, mission, Window.ending(WEEK, "month"), include_unverified=False))
    assert month["Security events"].value == 5  # 12th, 19th (two, one merged away), 24th, 25th
    assert month["People killed (best estimate)"].value == 54
    day = figures(build_dashboard(viewer, mission, Window.ending(WEEK, "day"), include_unverified=False))
    assert (day["Security events"].value, day["Security events"].previous) == (2, 0)
    assert day["People killed (best estimate)"].value == 7


def test_a_change_is_judged_by_what_the_figure_means():
    assert KeyFigure("People killed", 9, 5, rise=UP_IS_BAD).assessment == "worse"
    assert KeyFigure("People killed", 5, 9, rise=UP_IS_BAD).assessment == "better"
    assert KeyFigure("Aid delivered", 5, 9, rise=UP_IS_GOOD).assessment == "worse"
    assert KeyFigure("Aid delivered", 9, 5, rise=UP_IS_GOOD).change_words == "up, better"
    assert KeyFigure("Security events", 9, 5, rise=NEUTRAL).change_words == "up"
    assert KeyFigure("Alerts", 3, 3, rise=UP_IS_BAD).change_words == "no change"


def test_the_page_words_and_colours_a_fall_in_deaths_as_better(browser, mission, viewer):
    battle(mission, dt.date(2023, 9, 12), [killed(5)])
    battle(mission, WEEK, [killed(2)])
    url = reverse("web:dashboard", args=[mission.slug]) + "?period=week&on=2023-09-19"
    page = browser(viewer).get(url).content.decode()
    assert '-3 since the previous period <span class="change-words">(down, better)</span>' in page
    assert 'class="figure-change better"' in page and 'class="figure-change worse"' not in page
    assert page.count("(no change)") >= 3  # figures that did not move say so in words too


def test_strictly_confidential_events_count_only_for_those_on_their_need_to_know_list(
    browser, mission, viewer, coordinator
):
    secret = battle(
        mission,
        WEEK,
        [killed(11)],
        confidentiality=Confidentiality.STRICTLY_CONFIDENTIAL,
        latitude=40.0,
        longitude=46.9,
    )
    window = Window.ending(WEEK, "week")

    def seen(user):
        shown = figures(build_dashboard(user, mission, window, include_unverified=False))
        cells = browser(user).get(reverse("web:map_data", args=[mission.slug]), {"zoom": 6}).json()
        return shown["Security events"].value, shown["People killed (best estimate)"].value, cells["total"]

    assert seen(viewer) == (0, 0, 0)
    grant_need_to_know(record=secret, user=viewer, actor=coordinator)
    assert seen(viewer) == (1, 11, 1)
