from django.db import models


class GeoPrecision(models.IntegerChoices):
    """How exactly a location is known; the same three levels ACLED codes."""

    TOWN = 1, "Named town or exact point"
    NEAR_TOWN = 2, "Near a town, or a small part of a region"
    REGION = 3, "Larger region (representative point)"


class FeatureClass(models.TextChoices):
    POPULATED_PLACE = "P", "City, town or village"
    ADMIN_AREA = "A", "Country, state or region"
    ROAD_OR_CROSSING = "R", "Road, crossing or checkpoint"
    SPOT = "S", "Building, site or facility"
    TERRAIN = "T", "Mountain, pass or terrain feature"
