"""The append-only, hash-chained audit log.

Each record carries the hash of the record before it, so editing or deleting any record breaks every
link after it; ``groundwatch audit_verify`` finds the first broken link.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from groundwatch.core.access import RestrictedQuerySet
from groundwatch.core.errors import ImmutableRecord


class AuditRecordQuerySet(RestrictedQuerySet["AuditRecord"]):
    def update(self, **kwargs: object) -> int:
        raise ImmutableRecord("Audit records cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableRecord("Audit records cannot be deleted.")


class AuditRecord(models.Model):
    sequence = models.PositiveBigIntegerField(unique=True)
    mission = models.ForeignKey(
        "accounts.Mission", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, help_text="Username or system component at the time.")
    action = models.CharField(max_length=60, help_text="What happened, e.g. event.create, report.view.")
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField()
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64)
    record_hash = models.CharField(max_length=64, unique=True)

    objects = AuditRecordQuerySet.as_manager()
    restrict_mission_path = "mission"

    class Meta:
        ordering = ["sequence"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id} by {self.actor_label}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise ImmutableRecord("Audit records cannot be changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]  # Django's save signature is untyped

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ImmutableRecord("Audit records cannot be deleted.")


class AuditChainHead(models.Model):
    """One row holding the chain's tip; writers lock it so the chain never forks."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit chain at #{self.sequence}"
