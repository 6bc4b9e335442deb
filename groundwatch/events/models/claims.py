from __future__ import annotations

from django.conf import settings
from django.db import models

from groundwatch.core.access import RestrictedQuerySet
from groundwatch.core.models import MissionOwned
from groundwatch.events.choices import Credibility, DatePrecision


class ClaimQuerySet(RestrictedQuerySet["Claim"]):
    pass


class Claim(MissionOwned):
    """One statement inside a report, where it sits there, and the structure read from it.

    The claim is as confidential as its report. ``produced_by`` is the analyst; ``pipeline`` and
    ``pipeline_version`` name the extraction code when a machine read it.
    """

    report = models.ForeignKey("sources.Report", on_delete=models.PROTECT, related_name="claims")
    span_start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Character offset in report text."
    )
    span_end = models.PositiveIntegerField(null=True, blank=True)
    field_path = models.CharField(max_length=300, blank=True, help_text="Form field or file column, if any.")
    quote = models.TextField(blank=True, help_text="The exact supporting words or field value.")
    summary = models.CharField(max_length=500, blank=True)
    event_type = models.CharField(max_length=60, blank=True)
    sub_event_type = models.CharField(max_length=60, blank=True)
    date_start = models.DateField(null=True, blank=True)
    date_end = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=10, choices=DatePrecision.choices, blank=True)
    location_name = models.CharField(max_length=200, blank=True)
    place = models.ForeignKey("geo.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actors = models.JSONField(default=list, blank=True, help_text='[{"name": ..., "role": ...}]')
    measures = models.JSONField(
        default=list, blank=True, help_text='[{"item", "value", "unit", "qualifier"}]'
    )
    credibility = models.PositiveSmallIntegerField(
        choices=Credibility.choices, default=Credibility.CANNOT_BE_JUDGED
    )
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pipeline = models.CharField(max_length=60, blank=True)
    pipeline_version = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClaimQuerySet.as_manager()
    restrict_confidentiality_paths = ("report__confidentiality",)

    class Meta:
        ordering = ["report_id", "span_start", "id"]

    def __str__(self) -> str:
        return self.summary or self.quote[:80] or f"Claim {self.pk}"

    @property
    def produced_by_label(self) -> str:
        if self.pipeline:
            return f"{self.pipeline} {self.pipeline_version}".strip()
        return self.produced_by.get_username() if self.produced_by else "unknown"
