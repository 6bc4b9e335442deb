from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models

from groundwatch.core.access import RestrictedQuerySet
from groundwatch.core.models import Confidential, MissionOwned
from groundwatch.events.choices import DatePrecision, Stance, StandardOfProof, VerificationStatus
from groundwatch.events.rollups import ROLLUP_FIELDS, SOURCE_FIELDS, event_rollups
from groundwatch.events.taxonomy import get_taxonomy
from groundwatch.geo.choices import GeoPrecision
from groundwatch.lib.dates import format_range


class EventQuerySet(RestrictedQuerySet["Event"]):
    def current(self) -> EventQuerySet:
        """Events that have not been merged into another one."""
        return self.filter(merged_into__isnull=True)

    def bulk_create(self, objs: Iterable[Event], *args: Any, **kwargs: Any) -> list[Event]:
        objs = list(objs)
        for event in objs:
            event.fill_rollups()
        return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        """Refuses to change a roll-up's source without the roll-up (see ``groundwatch.events.rollups``)."""
        if SOURCE_FIELDS & set(kwargs) and not set(ROLLUP_FIELDS) <= set(kwargs):
            raise TypeError(
                "Updating an event's date_start, latitude or longitude in bulk must also set "
                f"{', '.join(ROLLUP_FIELDS)}; pass **event_rollups(date_start, latitude, longitude)."
            )
        return super().update(**kwargs)


class Event(MissionOwned, Confidential):
    """One coded fact the mission asserts, with its verification status and standard of proof."""

    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=20, editable=False)
    event_type = models.CharField(max_length=60)
    sub_event_type = models.CharField(max_length=60, blank=True)
    date_start = models.DateField()
    date_end = models.DateField()
    date_precision = models.CharField(max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY)
    place = models.ForeignKey("geo.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    location_name = models.CharField(max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    geo_precision = models.PositiveSmallIntegerField(choices=GeoPrecision.choices, null=True, blank=True)
    country_code = models.CharField(max_length=2, blank=True)
    admin1 = models.CharField(max_length=120, blank=True)
    admin2 = models.CharField(max_length=120, blank=True)
    verification_status = models.CharField(
        max_length=20, choices=VerificationStatus.choices, default=VerificationStatus.REPORTED
    )
    standard_of_proof = models.CharField(max_length=40, choices=StandardOfProof.choices, blank=True)
    verification_rationale = models.TextField(blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_events"
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Raised on every edit; stale edits are refused."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Roll-ups of date_start and the point, filled on every write (groundwatch.events.rollups).
    week_start = models.DateField(null=True, blank=True, editable=False)
    month_start = models.DateField(null=True, blank=True, editable=False)
    grid_cell = models.BigIntegerField(null=True, blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-date_start", "-id"]
        indexes = [
            models.Index(fields=["mission", "date_start"]),
            models.Index(fields=["mission", "event_type"]),
            models.Index(fields=["mission", "verification_status"]),
            models.Index(fields=["mission", "week_start"]),
            models.Index(fields=["mission", "month_start"]),
            models.Index(fields=["mission", "grid_cell"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_end__gte=models.F("date_start")), name="event_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def fill_rollups(self) -> None:
        for name, value in event_rollups(self.date_start, self.latitude, self.longitude).items():
            setattr(self, name, value)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_rollups()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and SOURCE_FIELDS & set(update_fields):
            kwargs["update_fields"] = {*update_fields, *ROLLUP_FIELDS}
        super().save(*args, **kwargs)

    @property
    def type_label(self) -> str:
        return get_taxonomy().label(self.event_type, self.sub_event_type)

    @property
    def date_label(self) -> str:
        return format_range(self.date_start, self.date_end, self.date_precision)


class Evidence(models.Model):
    """A claim that supports or contradicts an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="evidence")
    claim = models.ForeignKey("events.Claim", on_delete=models.PROTECT, related_name="evidence")
    stance = models.CharField(max_length=12, choices=Stance.choices, default=Stance.SUPPORTS)
    note = models.TextField(blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    restrict_mission_path = "event__mission"
    restrict_confidentiality_paths = ("event__confidentiality", "claim__report__confidentiality")

    class Meta:
        ordering = ["linked_at", "id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(fields=["event", "claim"], name="one_link_per_claim_and_event")
        ]

    def __str__(self) -> str:
        return f"{self.claim} {self.stance} {self.event}"


class VerificationChange(models.Model):
    """One step in an event's verification history."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="verification_history")
    from_status = models.CharField(max_length=20, choices=VerificationStatus.choices)
    to_status = models.CharField(max_length=20, choices=VerificationStatus.choices)
    standard_of_proof = models.CharField(max_length=40, choices=StandardOfProof.choices, blank=True)
    rationale = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    restrict_mission_path = "event__mission"
    restrict_confidentiality_paths = ("event__confidentiality",)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
