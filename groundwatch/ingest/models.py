"""Intake records: published forms and their media, import runs, their batch ledger and row errors.

The domain records an intake produces (Reports, Claims, Events) live in their own apps; these models
only remember how they came in, so a re-sent submission or a re-run import changes nothing twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from groundwatch.core.access import RestrictedQuerySet
from groundwatch.core.models import MissionOwned
from groundwatch.ingest.choices import AcceptRule, ImportFormat, ImportStatus


class FormQuerySet(RestrictedQuerySet["FormDefinition"]):
    def open(self) -> FormQuerySet:
        return self.filter(is_open=True)


class FormDefinition(MissionOwned):
    """An XForm a mission collects with, converted from an XLSForm, with its mapping to Events."""

    form_id = models.CharField(max_length=100, help_text="The XForm id (settings sheet form_id).")
    title = models.CharField(max_length=200)
    version = models.CharField(max_length=50)
    xml = models.TextField(help_text="The XForm as served to field apps.")
    xml_md5 = models.CharField(max_length=32)
    xlsform_sha256 = models.CharField(max_length=64, blank=True)
    mapping = models.JSONField(default=dict, help_text="Form field → event field mapping (FormMapping).")
    is_open = models.BooleanField(default=True, help_text="Closed forms are not listed and refuse data.")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(auto_now=True)

    objects = FormQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["mission", "form_id"], name="one_form_id_per_mission")]

    def __str__(self) -> str:
        return f"{self.title} ({self.form_id} v{self.version})"


class FormMedia(models.Model):
    """A file a form needs on the phone (e.g. places.csv for a place list), listed in its manifest."""

    form = models.ForeignKey(FormDefinition, on_delete=models.CASCADE, related_name="media")
    filename = models.CharField(max_length=200)
    media_type = models.CharField(max_length=100, default="text/csv")
    content = models.BinaryField()
    md5 = models.CharField(max_length=32)

    objects = RestrictedQuerySet.as_manager()
    restrict_mission_path = "form__mission"

    class Meta:
        ordering = ["filename"]
        constraints = [models.UniqueConstraint(fields=["form", "filename"], name="one_media_file_name")]

    def __str__(self) -> str:
        return self.filename


class SavedMapping(MissionOwned):
    """A named column mapping for generic CSV/XLSX imports (same shape as a form mapping)."""

    name = models.SlugField(max_length=60)
    mapping = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["mission", "name"], name="one_mapping_name")]

    def __str__(self) -> str:
        return self.name


class ImportRunQuerySet(RestrictedQuerySet["ImportRun"]):
    pass


class ImportRun(MissionOwned):
    """One file being imported. Its ledger (ImportBatch) says how far it got; a re-run resumes."""

    report = models.ForeignKey("sources.Report", on_delete=models.PROTECT, related_name="+")
    file_sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=255)
    format = models.CharField(max_length=10, choices=ImportFormat.choices)
    mapping_name = models.CharField(max_length=60, blank=True)
    accept_rule = models.CharField(max_length=10, choices=AcceptRule.choices)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.RUNNING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    rows_created = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_failed = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportRunQuerySet.as_manager()
    restrict_confidentiality_paths = ("report__confidentiality",)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "file_sha256", "format", "mapping_name"], name="one_run_per_file"
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class ImportBatch(models.Model):
    """The ledger: one row per committed batch, written in the same transaction as the batch."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveIntegerField()
    first_row = models.PositiveIntegerField()
    last_row = models.PositiveIntegerField()
    content_sha256 = models.CharField(max_length=64, help_text="SHA-256 of the batch's raw rows.")
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    committed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run_id", "number"]
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="one_ledger_row_per_batch")]

    def __str__(self) -> str:
        return f"batch {self.number} (rows {self.first_row}–{self.last_row})"


class ImportedRecord(MissionOwned):
    """A dataset's own record id (ACLED event_id_cnty, a row hash…) → what it became here.

    This is the upsert key: a newer download of the same record updates its Event in place, and a row
    already imported unchanged is skipped.
    """

    dataset = models.CharField(max_length=60, help_text="acled, hxl, kobo:<form>, csv:<mapping>.")
    external_id = models.CharField(max_length=200)
    row_sha256 = models.CharField(max_length=64)
    claim = models.ForeignKey("events.Claim", on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField()

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "dataset", "external_id"], name="one_record_per_external_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dataset}:{self.external_id}"


class ImportRowError(models.Model):
    """A row that could not be imported, why, and its original cells (for the error file)."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="row_errors")
    row_number = models.PositiveIntegerField(help_text="Row in the file, header = row 1.")
    column = models.CharField(max_length=200, blank=True)
    reason = models.TextField()
    cells = models.JSONField(default=dict)

    objects = RestrictedQuerySet.as_manager()
    restrict_mission_path = "run__mission"
    restrict_confidentiality_paths = ("run__report__confidentiality",)

    class Meta:
        ordering = ["run_id", "row_number", "id"]

    def __str__(self) -> str:
        return f"row {self.row_number}: {self.reason}"


from groundwatch.ingest.review.models import ArticleRead, Feed, FeedEntry, Proposal  # noqa: E402, F401  (open-source intake)
