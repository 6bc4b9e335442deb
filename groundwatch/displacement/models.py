"""Population movements, and sites (collective centres, hotels, camps) with their occupancy over time."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from groundwatch.core.access import RestrictedQuerySet
from groundwatch.core.models import Confidential, MissionOwned
from groundwatch.displacement.choices import SiteKind


class MovementQuerySet(RestrictedQuerySet["Movement"]):
    pass


class Movement(MissionOwned, Confidential):
    """People who moved from one place to another in a period, with a range where figures differ."""

    origin = models.ForeignKey(
        "geo.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    destination = models.ForeignKey(
        "geo.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin_name = models.CharField(max_length=200, blank=True, help_text="Where the gazetteer has no place.")
    destination_name = models.CharField(max_length=200, blank=True)
    moved_on = models.DateField()
    moved_until_on = models.DateField(null=True, blank=True, help_text="Last day, for a movement over days.")
    individuals = models.PositiveIntegerField(null=True, blank=True)
    individuals_low = models.PositiveIntegerField(null=True, blank=True)
    individuals_high = models.PositiveIntegerField(null=True, blank=True)
    households = models.PositiveIntegerField(null=True, blank=True)
    households_low = models.PositiveIntegerField(null=True, blank=True)
    households_high = models.PositiveIntegerField(null=True, blank=True)
    source = models.ForeignKey(
        "sources.Source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claim = models.ForeignKey(
        "events.Claim", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MovementQuerySet.as_manager()

    class Meta:
        ordering = ["-moved_on", "-id"]

    def __str__(self) -> str:
        return f"{self.origin_label} → {self.destination_label}, {self.moved_on}"

    @property
    def origin_label(self) -> str:
        return self.origin.name if self.origin else self.origin_name or "?"

    @property
    def destination_label(self) -> str:
        return self.destination.name if self.destination else self.destination_name or "?"


class SiteQuerySet(RestrictedQuerySet["Site"]):
    pass


class Site(MissionOwned, Confidential):
    """Where displaced people stay: a collective centre, hotel, camp or host community."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=SiteKind.choices)
    place = models.ForeignKey("geo.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    capacity = models.PositiveIntegerField(help_text="How many people it can take (beds or places).")
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "name"], name="unique_site_name_in_mission")
        ]

    def __str__(self) -> str:
        return self.name


class SiteOccupancy(models.Model):
    """One observation of a site: people staying there, new arrivals since the last one, capacity then."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="occupancy")
    observed_on = models.DateField()
    occupants = models.PositiveIntegerField()
    arrivals = models.PositiveIntegerField(
        null=True, blank=True, help_text="New arrivals since the last count."
    )
    capacity = models.PositiveIntegerField(help_text="The site's capacity on that day.")
    claim = models.ForeignKey(
        "events.Claim", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    restrict_mission_path = "site__mission"
    restrict_confidentiality_paths = ("site__confidentiality",)

    class Meta:
        ordering = ["site_id", "observed_on"]
        verbose_name_plural = "site occupancy"
        constraints = [
            models.UniqueConstraint(fields=["site", "observed_on"], name="one_count_per_site_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.site_id}: {self.occupants}/{self.capacity} on {self.observed_on}"
