from __future__ import annotations

from django.db import models

from groundwatch.core.access import RestrictedQuerySet
from groundwatch.core.models import MissionOwned
from groundwatch.events.choices import ActorKind, ActorRole


class ActorQuerySet(RestrictedQuerySet["Actor"]):
    pass


class Actor(MissionOwned):
    """Armed forces, armed groups, authorities, peacekeepers, agencies, civilians…"""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=ActorKind.choices)
    aliases = models.JSONField(default=list, blank=True)
    country_code = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2, if any.")
    description = models.TextField(blank=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "name"], name="unique_actor_name_in_mission")
        ]

    def __str__(self) -> str:
        return self.name


class EventActor(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="event_actors")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="event_roles")
    role = models.CharField(max_length=20, choices=ActorRole.choices)

    class Meta:
        ordering = ["role", "actor__name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "actor", "role"], name="one_role_per_actor_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.actor} as {self.get_role_display()}"
