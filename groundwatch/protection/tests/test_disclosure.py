import datetime as dt
from decimal import Decimal

import pytest

from groundwatch.core.choices import Confidentiality
from groundwatch.events.services import MeasureInput
from groundwatch.protection.disclosure import coarsen_count, coarsen_dates, public_events, snap_to_grid
from groundwatch.tests.factories import make_event

pytestmark = pytest.mark.django_db


def test_small_counts_are_suppressed_but_zero_and_large_counts_shown():
    assert coarsen_count(Decimal(3), 5) == (None, "fewer than 5")
    assert coarsen_count(Decimal(0), 5) == (Decimal(0), "0")
    assert coarsen_count(Decimal(22000), 5) == (Decimal(22000), "22,000")


def test_dates_widen_to_whole_weeks_and_months():
    saturday = dt.date(2023, 9, 23)
    assert coarsen_dates(saturday, saturday, "week") == (dt.date(2023, 9, 18), dt.date(2023, 9, 24))
    assert coarsen_dates(saturday, saturday, "month") == (dt.date(2023, 9, 1), dt.date(2023, 9, 30))


def test_points_snap_to_the_centre_of_their_cell():
    assert snap_to_grid(39.8153, 46.7519, 0.5) == (39.75, 46.75)
    assert snap_to_grid(-0.1, -0.1, 0.5) == (-0.25, -0.25)


def test_only_public_events_leave_and_they_leave_coarsened(mission, places):
    public = make_event(
        mission,
        "Two detained by named officer at Hakari bridge",
        event_type="arbitrary_detention",
        place="Khankendi",
        confidentiality=Confidentiality.PUBLIC,
        date_start=dt.date(2023, 9, 27),
        description="Names and details of the two people.",
        measures=[MeasureInput("people_detained", 2), MeasureInput("people_displaced", 28000)],
    )
    make_event(mission, "Internal", confidentiality=Confidentiality.INTERNAL)
    make_event(mission, "Secret", confidentiality=Confidentiality.STRICTLY_CONFIDENTIAL)
    [shown] = list(public_events(mission))
    assert shown.reference.endswith(str(public.pk))
    assert (shown.latitude, shown.longitude) == (39.75, 46.75)
    assert shown.date_start == dt.date(2023, 9, 25) and shown.date_end == dt.date(2023, 10, 1)
    assert {m.item: m.shown for m in shown.measures} == {
        "people_detained": "fewer than 5 people",
        "people_displaced": "28,000 people",
    }
    text = repr(shown)
    assert "Hakari" not in text and "officer" not in text and "Names and details" not in text


def test_the_mission_chooses_a_coarser_policy(mission, places):
    mission.public_location = "country"
    mission.public_date_precision = "month"
    mission.save()
    make_event(mission, "Convoy", place="Khankendi", confidentiality=Confidentiality.PUBLIC)
    [shown] = list(public_events(mission))
    assert shown.latitude is None and shown.area == "AZ"
    assert shown.date_label == "September 2023"
