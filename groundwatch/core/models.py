"""Abstract bases shared by mission-owned records."""

from __future__ import annotations

from typing import Any

from django.db import models

from groundwatch.core.choices import Confidentiality
from groundwatch.core.errors import ImmutableRecord


class MissionOwned(models.Model):
    """A record that belongs to exactly one mission."""

    mission = models.ForeignKey("accounts.Mission", on_delete=models.PROTECT, related_name="+")

    restrict_mission_path = "mission"

    class Meta:
        abstract = True


class Confidential(models.Model):
    confidentiality = models.PositiveSmallIntegerField(
        choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )

    restrict_confidentiality_paths: tuple[str, ...] = ("confidentiality",)

    class Meta:
        abstract = True

    @property
    def confidentiality_slug(self) -> str:
        return Confidentiality(self.confidentiality).slug


class WriteOnce(models.Model):
    """Stored once, never changed or deleted through the ORM (corrections are new records)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableRecord(
                f"A stored {self._meta.verbose_name} cannot be changed; record a correction."
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRecord(f"A stored {self._meta.verbose_name} cannot be deleted.")
