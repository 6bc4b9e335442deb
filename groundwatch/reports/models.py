"""Sitreps: a draft the analyst edits, and its published versions, frozen and kept."""

from __future__ import annotations

from typing import Any

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


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Ready to download"
    FAILED = "failed", "Failed"


class ExportJobQuerySet(RestrictedQuerySet["ExportJob"]):
    def of(self, user: Any) -> ExportJobQuerySet:
        """The user's own jobs in missions they may still see (another user's job is not found)."""
        return self.restrict(user).filter(requested_by=user)


class ExportJob(MissionOwned):
    """A large export written by a background task into the data folder, for its requester to download.

    Only the requester sees it, and only while they may still see the mission; the file holds what their
    clearance let them see when it was written (or the public, sanitised view)."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    format = models.CharField(max_length=10)
    public = models.BooleanField(default=False)
    filters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.format} export {self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return min(99, self.rows_done * 100 // self.rows_total) if self.rows_total else 0

    @property
    def finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)
