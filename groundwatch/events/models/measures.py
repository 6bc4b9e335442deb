from __future__ import annotations

from django.db import models

from groundwatch.core.access import RestrictedQuerySet
from groundwatch.events.choices import MeasureItem, Qualifier, Unit


class MeasureQuerySet(RestrictedQuerySet["Measure"]):
    pass


class Measure(models.Model):
    """A number attached to an event: what it counts, how sure, and as of when."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="measures")
    item = models.CharField(max_length=40, choices=MeasureItem.choices)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    low = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    high = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    qualifier = models.CharField(max_length=20, choices=Qualifier.choices, default=Qualifier.EXACT)
    as_of_on = models.DateField(null=True, blank=True)
    claim = models.ForeignKey(
        "events.Claim",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The claim this figure was taken from, so it can be traced.",
    )

    objects = MeasureQuerySet.as_manager()
    restrict_mission_path = "event__mission"
    restrict_confidentiality_paths = ("event__confidentiality",)

    class Meta:
        ordering = ["event_id", "item"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(low__isnull=True) | models.Q(low__lte=models.F("value")),
                name="measure_low_le_value",
            ),
            models.CheckConstraint(
                condition=models.Q(high__isnull=True) | models.Q(high__gte=models.F("value")),
                name="measure_high_ge_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()}: {self.display_value}"

    @property
    def display_value(self) -> str:
        number = f"{self.value.normalize():,f}" if self.value is not None else "?"
        qualifier = "" if self.qualifier == Qualifier.EXACT else f"{self.get_qualifier_display()} "
        return f"{qualifier}{number} {self.unit}"
