"""Vocabularies for displacement sites."""

from __future__ import annotations

from django.db import models


class SiteKind(models.TextChoices):
    COLLECTIVE_CENTRE = "collective_centre", "Collective centre"
    HOTEL = "hotel", "Hotel"
    CAMP = "camp", "Camp"
    HOST_COMMUNITY = "host_community", "Host community"


class AreaLevel(models.TextChoices):
    """How far up the map figures are added together."""

    COUNTRY = "country", "Country"
    ADMIN1 = "admin1", "Admin level 1"
    ADMIN2 = "admin2", "Admin level 2"
    PLACE = "place", "Place"


# Allow-listed paths from a Place to the name of its area at each level (never user text into a query).
PLACE_AREA_FIELDS: dict[str, str] = {
    AreaLevel.COUNTRY: "country_code",
    AreaLevel.ADMIN1: "admin1",
    AreaLevel.ADMIN2: "admin2",
    AreaLevel.PLACE: "name",
}
