from __future__ import annotations

import datetime as dt

import pytest

from groundwatch.core.errors import NotFound, PermissionDenied, ValidationFailed
from groundwatch.displacement.models import Site
from groundwatch.displacement.queries import area_occupancy, site_series
from groundwatch.displacement.services import record_movement, record_occupancy, record_site
from groundwatch.geo.models import Place

DAY = dt.date(2023, 9, 24)


@pytest.fixture
def hotels(mission, analyst, places):
    goris = Place.objects.search("Goris").first()
    kapan = Place.objects.search("Kapan").first()
    first = record_site(
        mission=mission, actor=analyst, name="Hotel A", kind="hotel", capacity=100, place=goris
    )
    second = record_site(
        mission=mission, actor=analyst, name="Hotel B", kind="hotel", capacity=50, place=goris
    )
    third = record_site(
        mission=mission, actor=analyst, name="School C", kind="collective_centre", capacity=80, place=kapan
    )
    record_occupancy(site=first, actor=analyst, observed_on=DAY, occupants=40, arrivals=40)
    record_occupancy(
        site=first, actor=analyst, observed_on=DAY + dt.timedelta(days=1), occupants=120, arrivals=85
    )
    record_occupancy(site=second, actor=analyst, observed_on=DAY, occupants=30, arrivals=30, capacity=60)
    record_occupancy(
        site=third, actor=analyst, observed_on=DAY + dt.timedelta(days=1), occupants=10, arrivals=10
    )
    return first, second, third


def test_a_sites_series_adds_up_arrivals_and_compares_with_capacity(hotels):
    first = hotels[0]
    series = site_series(first.occupancy.all())
    assert [(p.occupants, p.cumulative_arrivals, p.capacity) for p in series] == [
        (40, 40, 100),
        (120, 125, 100),
    ]
    assert series[1].occupancy_rate == 1.2


def test_a_new_capacity_becomes_the_sites_capacity(hotels):
    assert Site.objects.get(name="Hotel B").capacity == 60


def test_arrivals_vs_capacity_per_area(hotels, mission, analyst):
    rows = area_occupancy(Site.objects.filter(mission=mission), "place")
    goris, kapan = rows
    assert (goris.area, goris.sites, goris.capacity, goris.occupants, goris.arrivals) == (
        "Goris",
        2,
        160,
        150,
        155,
    )
    assert (kapan.area, kapan.capacity, kapan.occupants) == ("Kapan", 80, 10)
    earlier = area_occupancy(Site.objects.filter(mission=mission), "place", as_of=DAY)
    assert (earlier[0].occupants, earlier[0].arrivals, earlier[1].occupants) == (70, 70, 0)


def test_one_count_per_site_and_day(hotels, analyst):
    with pytest.raises(ValidationFailed):
        record_occupancy(site=hotels[0], actor=analyst, observed_on=DAY, occupants=1)


def test_movements_keep_low_and_high(mission, analyst, places):
    movement = record_movement(
        mission=mission,
        actor=analyst,
        moved_on=DAY,
        origin=Place.objects.search("Khankendi").first(),
        destination_name="Kornidzor crossing",
        individuals=10000,
        individuals_low=9000,
        individuals_high=13000,
    )
    assert str(movement) == "Khankendi → Kornidzor crossing, 2023-09-24"
    with pytest.raises(ValidationFailed):
        record_movement(mission=mission, actor=analyst, moved_on=DAY, individuals=10, individuals_low=20)
    with pytest.raises(ValidationFailed):
        record_movement(mission=mission, actor=analyst, moved_on=DAY)


def test_roles_and_outsiders(mission, viewer, outsider):
    with pytest.raises(PermissionDenied):
        record_site(mission=mission, actor=viewer, name="X", kind="camp", capacity=1)
    with pytest.raises(NotFound):
        record_site(mission=mission, actor=outsider, name="X", kind="camp", capacity=1)


def test_api_sites_and_areas(hotels, mission, analyst, viewer, outsider, api):
    first = hotels[0]
    body = api(viewer).get(f"/api/v1/sites/{first.pk}").json()
    assert [point["cumulative_arrivals"] for point in body["series"]] == [40, 125]
    areas = api(viewer).get(f"/api/v1/sites/by-area?mission={mission.slug}&level=place").json()
    assert [area["occupants"] for area in areas] == [150, 10]
    assert api(outsider).get(f"/api/v1/sites/{first.pk}").status_code == 404
    assert api(outsider).get(f"/api/v1/sites/by-area?mission={mission.slug}").status_code == 404
    assert api(viewer).get(f"/api/v1/sites/by-area?mission={mission.slug}&level=planet").status_code == 422
    response = api(viewer).post_json(
        f"/api/v1/sites/{first.pk}/occupancy", {"observed_on": "2023-09-30", "occupants": 1}
    )
    assert response.status_code == 403
    response = api(analyst).post_json(
        f"/api/v1/sites/{first.pk}/occupancy", {"observed_on": "2023-09-30", "occupants": 90, "arrivals": 0}
    )
    assert response.status_code == 201 and len(response.json()["series"]) == 3


def test_api_creates_sites_and_movements(mission, analyst, api, places):
    client = api(analyst)
    response = client.post_json(
        "/api/v1/sites", {"mission": mission.slug, "name": "Camp D", "kind": "camp", "capacity": 500}
    )
    assert response.status_code == 201, response.json()
    response = client.post_json(
        "/api/v1/movements",
        {
            "mission": mission.slug,
            "moved_on": "2023-09-25",
            "origin_name": "Khankendi",
            "destination_name": "Goris",
            "individuals": 5000,
            "households": 1200,
        },
    )
    assert response.status_code == 201, response.json()
    assert (
        client.get(f"/api/v1/movements?mission={mission.slug}").json()["items"][0]["destination"] == "Goris"
    )


def test_site_pages(hotels, mission, viewer, outsider, browser):
    page = browser(viewer).get(f"/m/{mission.slug}/sites/{hotels[0].pk}/")
    assert (
        page.status_code == 200 and b"Arrivals against capacity" in page.content and b"120 %" in page.content
    )
    assert browser(viewer).get(f"/m/{mission.slug}/sites/?level=place").status_code == 200
    assert browser(viewer).get(f"/m/{mission.slug}/movements/").status_code == 200
    assert browser(outsider).get(f"/m/{mission.slug}/sites/{hotels[0].pk}/").status_code == 404
