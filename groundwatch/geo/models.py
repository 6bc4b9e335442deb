"""The gazetteer: places shared by all missions (it holds no mission data)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from groundwatch.geo.choices import FeatureClass


class PlaceQuerySet(models.QuerySet["Place"]):
    def search(self, name: str) -> PlaceQuerySet:
        """Places whose name or any alternate name matches, most populous first."""
        term = name.strip()
        if not term:
            return self.none()
        normalized = normalize_name(term)
        return self.filter(Q(name__iexact=term) | Q(search_names__contains=f"|{normalized}|")).order_by(
            "-population", "name"
        )


def normalize_name(name: str) -> str:
    """Lower-case, accent-free, single-spaced form used for matching names across spellings."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.replace("-", " ").replace("'", "").split())


class Place(models.Model):
    """A named place with coordinates. Contested places carry all their names."""

    geonames_id = models.PositiveBigIntegerField(null=True, blank=True, unique=True)
    name = models.CharField(max_length=200)
    alternate_names = models.JSONField(default=list, blank=True)
    search_names = models.TextField(
        blank=True, editable=False, help_text="|-separated normalized names, kept in step by services."
    )
    country_code = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2.")
    admin1 = models.CharField(max_length=120, blank=True)
    admin1_code = models.CharField(max_length=20, blank=True)
    admin2 = models.CharField(max_length=120, blank=True)
    admin2_code = models.CharField(max_length=20, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5)
    longitude = models.DecimalField(max_digits=8, decimal_places=5)
    population = models.PositiveBigIntegerField(default=0)
    feature_class = models.CharField(
        max_length=1, choices=FeatureClass.choices, default=FeatureClass.POPULATED_PLACE
    )

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"]), models.Index(fields=["country_code"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.country_code})"

    def all_names(self) -> list[str]:
        return [self.name, *[name for name in self.alternate_names if name != self.name]]
