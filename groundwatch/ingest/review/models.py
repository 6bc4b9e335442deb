"""Records of open-source intake: feeds and the entries seen, what was read from each article, proposals.

Imported by ``groundwatch/ingest/models.py`` so they belong to the ingest app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from groundwatch.core.access import RestrictedQuerySet
from groundwatch.core.models import MissionOwned


class Feed(MissionOwned):
    """An RSS or Atom feed a mission polls."""

    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["title", "url"]
        constraints = [models.UniqueConstraint(fields=["mission", "url"], name="one_feed_url_per_mission")]

    def __str__(self) -> str:
        return self.title or self.url


class FeedEntry(models.Model):
    """An entry already seen in a feed, so a poll never reads it twice."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="entries")
    entry_key = models.CharField(max_length=500)
    report = models.ForeignKey(
        "sources.Report", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    seen_at = models.DateTimeField(auto_now_add=True)
    skipped_reason = models.CharField(max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()
    restrict_mission_path = "feed__mission"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["feed", "entry_key"], name="feed_entry_seen_once")]

    def __str__(self) -> str:
        return self.entry_key


class ArticleRead(MissionOwned):
    """What extraction made of one report: language, outcome, and its near-duplicate story group."""

    report = models.OneToOneField("sources.Report", on_delete=models.PROTECT, related_name="article_read")
    story_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="copies",
        help_text="The first report of the same story (near-duplicate text); empty for the first itself.",
    )
    language = models.CharField(max_length=12, blank=True)
    is_extracted = models.BooleanField(default=True)
    note = models.CharField(max_length=300, blank=True, help_text='e.g. "not extracted: language ru"')
    minhash = models.JSONField(default=list, blank=True)
    pipeline_version = models.CharField(max_length=30)
    read_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    restrict_confidentiality_paths = ("report__confidentiality",)

    class Meta:
        ordering = ["-read_at", "-id"]


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    ACCEPTED = "accepted", "Accepted as a new event"
    MERGED = "merged", "Added to an existing event"
    REJECTED = "rejected", "Rejected"


class Suggestion(models.TextChoices):
    NEW_EVENT = "new_event", "New event"
    SUPPORTS = "supports", "Supports an existing event"
    DUPLICATE = "duplicate", "Duplicate of an existing event"


class Proposal(MissionOwned):
    """An event proposed from one claim, waiting for an analyst: accept, edit, merge or reject."""

    report = models.ForeignKey("sources.Report", on_delete=models.PROTECT, related_name="+")
    claim = models.OneToOneField("events.Claim", on_delete=models.PROTECT, related_name="proposal")
    proposed = models.JSONField(help_text="Event fields as extracted (extract's event JSON).")
    confidence = models.FloatField()
    suggestion = models.CharField(max_length=20, choices=Suggestion.choices, default=Suggestion.NEW_EVENT)
    suggested_event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    candidates = models.JSONField(default=list, blank=True, help_text="[{event, score, reasons}]")
    status = models.CharField(max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PENDING)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who is reviewing it now.",
    )
    review_started_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    restrict_confidentiality_paths = ("report__confidentiality",)

    class Meta:
        ordering = ["-confidence", "id"]
        indexes = [models.Index(fields=["mission", "status"])]

    def __str__(self) -> str:
        return f"{self.proposed.get('type', '?')} ({self.confidence:.2f})"
