"""Consignments (convoys) with their line items and status history, access constraints, and needs."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from groundwatch.core.access import RestrictedQuerySet
from groundwatch.core.models import Confidential, MissionOwned
from groundwatch.events.choices import Unit
from groundwatch.humanitarian.choices import (
    ACCESS_PILLARS,
    AccessCategory,
    ConsignmentStatus,
    Sector,
    Severity,
)


class ConsignmentQuerySet(RestrictedQuerySet["Consignment"]):
    pass


class Consignment(MissionOwned, Confidential):
    """A convoy or shipment of relief: who sends it, from where to where, and what happened to it."""

    reference = models.CharField(max_length=60, help_text="The provider's consignment or tracking number.")
    title = models.CharField(max_length=300)
    provider = models.ForeignKey(
        "events.Actor", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    origin = models.ForeignKey(
        "geo.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    destination = models.ForeignKey(
        "geo.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    route = models.TextField(blank=True, help_text="The road or corridor, in words.")
    planned_departure_on = models.DateField(null=True, blank=True)
    planned_arrival_on = models.DateField(null=True, blank=True)
    departed_on = models.DateField(null=True, blank=True)
    arrived_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=24, choices=ConsignmentStatus.choices, default=ConsignmentStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConsignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_departure_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "reference"], name="unique_consignment_reference")
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class ConsignmentItem(models.Model):
    """One line of a consignment: what, how much was sent, and how much arrived."""

    consignment = models.ForeignKey(Consignment, on_delete=models.CASCADE, related_name="items")
    commodity = models.CharField(max_length=40, help_text="A relief item of the measure vocabulary.")
    description = models.CharField(max_length=200, blank=True)
    quantity = models.DecimalField(max_digits=14, decimal_places=2)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    delivered_quantity = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    restrict_mission_path = "consignment__mission"
    restrict_confidentiality_paths = ("consignment__confidentiality",)

    class Meta:
        ordering = ["consignment_id", "id"]

    def __str__(self) -> str:
        return f"{self.quantity.normalize():,f} {self.unit} {self.commodity}"


class ConsignmentStatusChange(models.Model):
    """One step of a consignment's life, with the evidence for it (a claim, an event, or both)."""

    consignment = models.ForeignKey(Consignment, on_delete=models.CASCADE, related_name="status_history")
    from_status = models.CharField(max_length=24, choices=ConsignmentStatus.choices)
    to_status = models.CharField(max_length=24, choices=ConsignmentStatus.choices)
    changed_on = models.DateField(help_text="When it happened on the ground.")
    note = models.TextField(blank=True)
    claim = models.ForeignKey(
        "events.Claim", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    access_constraint = models.ForeignKey(
        "humanitarian.AccessConstraint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="status_changes",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    restrict_mission_path = "consignment__mission"
    restrict_confidentiality_paths = ("consignment__confidentiality",)

    class Meta:
        ordering = ["changed_on", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status} on {self.changed_on}"


class AccessConstraintQuerySet(RestrictedQuerySet["AccessConstraint"]):
    pass


class AccessConstraint(MissionOwned, Confidential):
    """An obstacle to humanitarian access, coded with OCHA's nine categories."""

    category = models.CharField(max_length=40, choices=AccessCategory.choices)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    place = models.ForeignKey("geo.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    imposed_by = models.ForeignKey(
        "events.Actor", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True, help_text="Empty while it lasts.")
    events = models.ManyToManyField("events.Event", blank=True, related_name="+")
    consignments = models.ManyToManyField(Consignment, blank=True, related_name="access_constraints")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AccessConstraintQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="access_constraint_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def pillar(self) -> str:
        return ACCESS_PILLARS.get(self.category, "")


class NeedQuerySet(RestrictedQuerySet["Need"]):
    pass


class Need(MissionOwned, Confidential):
    """An assessed need at a place in one sector: how severe, and how many people."""

    place = models.ForeignKey("geo.Place", on_delete=models.PROTECT, related_name="+")
    sector = models.CharField(max_length=30, choices=Sector.choices)
    severity = models.PositiveSmallIntegerField(choices=Severity.choices)
    people_in_need = models.PositiveIntegerField(null=True, blank=True)
    assessed_on = models.DateField()
    description = models.TextField(blank=True)
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claim = models.ForeignKey(
        "events.Claim", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-severity", "id"]

    def __str__(self) -> str:
        return f"{self.get_sector_display()} at {self.place.name}: severity {self.severity}"
