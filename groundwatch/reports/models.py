"""Sitreps: a draft the analyst edits, and its published versions, frozen and kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from groundwatch.core.access import RestrictedQuerySet
from groundwatch.core.models import Confidential, MissionOwned, WriteOnce


class SitrepKind(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    FLASH = "flash", "Flash update"


class SitrepQuerySet(RestrictedQuerySet["Sitrep"]):
    pass


class Sitrep(MissionOwned, Confidential):
    """A situation report for one period. Its figures are computed from records up to its own
    confidentiality level (public: through the disclosure sanitiser); its narrative is the analyst's."""

    kind = models.CharField(max_length=10, choices=SitrepKind.choices)
    title = models.CharField(max_length=300)
    period_start = models.DateField()
    period_end = models.DateField()
    next_issue_on = models.DateField(null=True, blank=True)
    highlights = models.TextField(blank=True)
    overview = models.TextField(blank=True)
    protection = models.TextField(blank=True)
    humanitarian = models.TextField(blank=True)
    security = models.TextField(blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised on every edit; stale edits are refused."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SitrepQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "-id"]

    def __str__(self) -> str:
        return self.title


class PublishedSitrepQuerySet(RestrictedQuerySet["PublishedSitrep"]):
    pass


class PublishedSitrep(WriteOnce):
    """One published issue: the document exactly as it was published (HTML, figures and footnotes frozen)."""

    sitrep = models.ForeignKey(Sitrep, on_delete=models.PROTECT, related_name="published")
    number = models.PositiveIntegerField()
    html = models.TextField()
    figures = models.JSONField(default=dict)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)

    objects = PublishedSitrepQuerySet.as_manager()
    restrict_mission_path = "sitrep__mission"
    restrict_confidentiality_paths = ("sitrep__confidentiality",)

    class Meta:
        ordering = ["sitrep_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["sitrep", "number"], name="one_number_per_sitrep_issue")
        ]

    def __str__(self) -> str:
        return f"{self.sitrep} (issue {self.number})"
