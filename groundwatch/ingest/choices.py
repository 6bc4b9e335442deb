"""Vocabularies of the intake channels."""

from django.db import models


class ImportFormat(models.TextChoices):
    ACLED = "acled", "ACLED export (CSV)"
    HXL = "hxl", "HXL-tagged CSV or XLSX"
    KOBO = "kobo", "KoBo/ODK export (CSV or JSON)"
    CSV = "csv", "CSV or XLSX with a saved column mapping"


class ImportStatus(models.TextChoices):
    RUNNING = "running", "Running (or stopped; resumes where it stopped)"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"


class AcceptRule(models.TextChoices):
    """What happens to each valid row: trusted datasets become Events, others wait as Claims."""

    ACCEPT = "accept", "Trusted dataset: each valid row becomes an Event"
    REVIEW = "review", "Each valid row becomes a Claim waiting for review"
