"""Protected persons: victims, witnesses and source persons.

A pseudonym code is the only identifier in the clear. Name, contact, identifying details and testimony
are stored as AES-GCM ciphertext (see crypto.py); coded, non-identifying fields stay queryable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from groundwatch.core.access import RestrictedQuerySet
from groundwatch.core.choices import Confidentiality
from groundwatch.core.models import Confidential, MissionOwned
from groundwatch.protection.choices import AgeBand, ConsentScope, PersonRole, RiskLevel, Sex


class ProtectedPersonQuerySet(RestrictedQuerySet["ProtectedPerson"]):
    def present(self) -> ProtectedPersonQuerySet:
        return self.filter(destroyed_at__isnull=True)


class ProtectedPerson(MissionOwned, Confidential):
    confidentiality = models.PositiveSmallIntegerField(
        choices=Confidentiality.choices, default=Confidentiality.CONFIDENTIAL
    )
    code = models.CharField(max_length=30, help_text="Pseudonym code, e.g. W-0007. Never a name.")
    role = models.CharField(max_length=10, choices=PersonRole.choices)
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices, default=RiskLevel.MEDIUM)
    consent_scope = models.CharField(max_length=20, choices=ConsentScope.choices, default=ConsentScope.NONE)
    consent_notes = models.TextField(
        blank=True, help_text="What the person agreed to; no identifying details."
    )
    consent_recorded_on = models.DateField(null=True, blank=True)
    retain_until = models.DateField(help_text="After this date the identifying fields are destroyed.")
    full_name_ciphertext = models.TextField(blank=True)
    contact_ciphertext = models.TextField(blank=True)
    identifying_details_ciphertext = models.TextField(blank=True)
    testimony_ciphertext = models.TextField(blank=True)
    events = models.ManyToManyField("events.Event", blank=True, related_name="protected_persons")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    destroyed_at = models.DateTimeField(null=True, blank=True)

    objects = ProtectedPersonQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "code"], name="unique_person_code_in_mission")
        ]

    def __str__(self) -> str:
        return self.code
