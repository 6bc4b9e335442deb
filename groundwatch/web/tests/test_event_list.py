"""The event list's filters each leave out what they should; the query string keeps them bookmarkable."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from groundwatch.events.services import set_verification
from groundwatch.tests.factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def assorted_events(mission, places):
    make_event(
        mission,
        "Aid convoy at Hakari",
        event_type="aid_delivery",
        place="Hakari bridge checkpoint",
        date_start=dt.date(2023, 9, 20),
    )
    make_event(
        mission,
        "Shelling near Shusha",
        event_type="explosions_remote_violence",
        sub_event_type="shelling_artillery_missile_attack",
        place="Shusha",
        date_start=dt.date(2023, 9, 19),
    )
    killing = make_event(
        mission,
        "Civilian killed in Khankendi",
        event_type="killing",
        place="Khankendi",
        date_start=dt.date(2023, 9, 25),
        description="A shepherd was shot.",
    )
    make_event(
        mission, "Protest in Yerevan", event_type="protests", place="Yerevan", date_start=dt.date(2023, 10, 2)
    )
    set_verification(
        event=killing, actor=None, status="discounted", rationale="Contradicted by two witnesses."
    )


def _titles(browser, user, mission, **query) -> set[str]:
    response = browser(user).get(reverse("web:event_list", args=[mission.slug]), query)
    assert response.status_code == 200
    return {event.title for event in response.context["page"].object_list}


ALL = {"Aid convoy at Hakari", "Shelling near Shusha", "Civilian killed in Khankendi", "Protest in Yerevan"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ALL),
        ({"category": "humanitarian"}, {"Aid convoy at Hakari"}),
        ({"category": "security"}, {"Shelling near Shusha"}),
        ({"event_type": "killing"}, {"Civilian killed in Khankendi"}),
        ({"status": "discounted"}, {"Civilian killed in Khankendi"}),
        ({"status": "reported"}, ALL - {"Civilian killed in Khankendi"}),
        ({"date_from": "2023-09-21"}, {"Civilian killed in Khankendi", "Protest in Yerevan"}),
        ({"date_to": "2023-09-20"}, {"Aid convoy at Hakari", "Shelling near Shusha"}),
        (
            {"date_from": "2023-09-20", "date_to": "2023-09-30"},
            {"Aid convoy at Hakari", "Civilian killed in Khankendi"},
        ),
        ({"q": "shusha"}, {"Shelling near Shusha"}),
        ({"q": "shepherd"}, {"Civilian killed in Khankendi"}),  # matches the description too
        ({"place": "Yerevan"}, {"Protest in Yerevan"}),
        ({"place": "Stepanakert"}, {"Civilian killed in Khankendi"}),  # the contested place's other name
        ({"category": "security", "q": "Yerevan"}, set()),
    ],
)
def test_each_filter_excludes_what_it_should(browser, viewer, mission, assorted_events, query, expected):
    assert _titles(browser, viewer, mission, **query) == expected


def test_a_malformed_date_is_reported_and_the_other_filters_still_apply(
    browser, viewer, mission, assorted_events
):
    response = browser(viewer).get(
        reverse("web:event_list", args=[mission.slug]), {"date_from": "yesterday", "category": "political"}
    )
    assert {event.title for event in response.context["page"].object_list} == {"Protest in Yerevan"}
    assert "Enter a valid date." in response.content.decode()


def test_the_filter_form_keeps_the_chosen_values(browser, viewer, mission, assorted_events):
    content = (
        browser(viewer)
        .get(reverse("web:event_list", args=[mission.slug]), {"q": "convoy", "status": "reported"})
        .content.decode()
    )
    assert 'name="q" value="convoy"' in content
    assert '<option value="reported" selected>' in content


def test_the_list_is_paginated_fifty_to_a_page_and_keeps_the_filters(browser, viewer, mission):
    for number in range(51):
        make_event(
            mission, f"Patrol {number:02d}", event_type="force_deployment", date_start=dt.date(2023, 1, 1)
        )
    client = browser(viewer)
    first = client.get(reverse("web:event_list", args=[mission.slug]), {"q": "Patrol"})
    assert len(first.context["page"].object_list) == 50
    content = first.content.decode()
    assert "?q=Patrol&amp;page=2" in content
    second = client.get(reverse("web:event_list", args=[mission.slug]), {"q": "Patrol", "page": 2})
    assert len(second.context["page"].object_list) == 1
