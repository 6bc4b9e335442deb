"""Ceasefire agreements, the commitments parties made under them, and the events linked to them.

Handovers are not stored here: a handover is an Event (weapons_handover) with Measures, linked to
the agreement with the party that handed over. Compliance is computed from those Measures.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from groundwatch.ceasefire.choices import LinkRole
from groundwatch.core.access import RestrictedQuerySet
from groundwatch.core.models import Confidential, MissionOwned
from groundwatch.events.choices import Unit


class AgreementQuerySet(RestrictedQuerySet["Agreement"]):
    pass


class Agreement(MissionOwned, Confidential):
    title = models.CharField(max_length=300)
    terms = models.TextField(blank=True, help_text="The terms, summarised in the mission's words.")
    signed_on = models.DateField()
    effective_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    parties = models.ManyToManyField("events.Actor", related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-id"]

    def __str__(self) -> str:
        return self.title


class CommitmentQuerySet(RestrictedQuerySet["Commitment"]):
    pass


class Commitment(MissionOwned):
    """A party's undertaking to hand over a declared quantity of one item by a deadline."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    party = models.ForeignKey("events.Actor", on_delete=models.PROTECT, related_name="+")
    item = models.CharField(max_length=40)
    declared_quantity = models.DecimalField(max_digits=14, decimal_places=2)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    deadline_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    objects = CommitmentQuerySet.as_manager()
    restrict_confidentiality_paths = ("agreement__confidentiality",)

    class Meta:
        ordering = ["agreement_id", "party__name", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "party", "item"], name="one_commitment_per_party_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party} to hand over {self.declared_quantity.normalize():,f} {self.unit} of {self.item}"


class AgreementEvent(models.Model):
    """An event linked to an agreement: its declaration, a handover by a party, or a violation."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="event_links")
    event = models.ForeignKey("events.Event", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=LinkRole.choices)
    party = models.ForeignKey(
        "events.Actor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For a handover: who handed over. For a violation: who is said to have violated.",
    )
    note = models.TextField(blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    restrict_mission_path = "agreement__mission"
    restrict_confidentiality_paths = ("agreement__confidentiality", "event__confidentiality")

    class Meta:
        ordering = ["event__date_start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "event"], name="one_link_per_agreement_event")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: event {self.event_id}"
