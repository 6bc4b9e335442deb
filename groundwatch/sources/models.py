"""Sources, the reports they send exactly as received, and attached files."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from groundwatch.core.access import RestrictedQuerySet
from groundwatch.core.models import Confidential, MissionOwned, WriteOnce
from groundwatch.sources.choices import Channel, Reliability, SourceKind


class SourceQuerySet(RestrictedQuerySet["Source"]):
    pass


class Source(MissionOwned, Confidential):
    """Who or what information comes from. A person's identity is never stored here, only a code."""

    name = models.CharField(max_length=200, help_text="For a person, a pseudonym code such as SRC-014.")
    kind = models.CharField(max_length=20, choices=SourceKind.choices)
    reliability = models.CharField(max_length=1, choices=Reliability.choices, default=Reliability.F)
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "name"], name="unique_source_name_in_mission")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.reliability})"


class SourceGrading(models.Model):
    """One reliability grade given to a source, with the reason: the source's history."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="gradings")
    reliability = models.CharField(max_length=1, choices=Reliability.choices)
    rationale = models.TextField(blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    graded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-graded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source_id}: {self.reliability}"


class ReportQuerySet(RestrictedQuerySet["Report"]):
    pass


class Report(MissionOwned, Confidential, WriteOnce):
    """One item of incoming information, exactly as received. Immutable once stored."""

    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    channel = models.CharField(max_length=20, choices=Channel.choices)
    external_id = models.CharField(
        max_length=200,
        blank=True,
        help_text="The sender's own id (form instanceID, feed entry id, file row).",
    )
    received_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(max_length=12, blank=True, help_text="BCP 47 tag, e.g. en, hy, az, ru.")
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    url = models.URLField(max_length=2000, blank=True)
    content_sha256 = models.CharField(max_length=64, help_text="SHA-256 of the text as UTF-8.")
    metadata = models.JSONField(default=dict, blank=True, help_text="Provenance as received.")
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["mission", "received_at"]), models.Index(fields=["content_sha256"])]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "channel", "external_id"],
                condition=~models.Q(external_id=""),
                name="unique_external_id_per_channel",
            )
        ]

    def __str__(self) -> str:
        return self.title or f"Report {self.pk}"

    def need_to_know_children(self) -> models.QuerySet[Attachment]:
        """Records that share this report's need-to-know list: its files."""
        return self.attachments.all()


class AttachmentQuerySet(RestrictedQuerySet["Attachment"]):
    pass


class Attachment(MissionOwned, Confidential, WriteOnce):
    """A file received with a report, stored content-addressed by its SHA-256."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="attachments")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    media_type = models.CharField(max_length=150, default="application/octet-stream")
    original_name = models.CharField(max_length=255, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    stored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stored_at = models.DateTimeField(auto_now_add=True)
    derived_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="working_copies",
        help_text="For a working copy (redacted, blurred …): the original it was made from, which stays as it is.",
    )
    derivation = models.CharField(max_length=200, blank=True, help_text="What was done to make this copy.")

    objects = AttachmentQuerySet.as_manager()
    restrict_confidentiality_paths = ("confidentiality", "report__confidentiality")

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["sha256"])]

    def __str__(self) -> str:
        return self.original_name or self.sha256[:12]
