"""Vocabularies for agreements, commitments and the events linked to them."""

from __future__ import annotations

from django.db import models

from groundwatch.events.choices import MeasureItem, VerificationStatus

# What a disarmament commitment can count: the weapon items of the measure vocabulary.
WEAPON_ITEMS = (
    MeasureItem.ARMOURED_VEHICLES,
    MeasureItem.SMALL_ARMS,
    MeasureItem.AMMUNITION,
    MeasureItem.ANTI_TANK_WEAPONS,
    MeasureItem.AIR_DEFENCE_SYSTEMS,
    MeasureItem.ARTILLERY_PIECES,
)


class LinkRole(models.TextChoices):
    """What an event is to an agreement."""

    DECLARATION = "declaration", "Declaration or acceptance"
    HANDOVER = "handover", "Handover counted against commitments"
    VIOLATION = "violation", "Violation"


# The event types each role accepts.
ROLE_EVENT_TYPES: dict[str, frozenset[str]] = {
    LinkRole.DECLARATION: frozenset({"ceasefire_agreement", "statement", "announcement"}),
    LinkRole.HANDOVER: frozenset({"weapons_handover"}),
    LinkRole.VIOLATION: frozenset(
        {"ceasefire_violation", "battles", "explosions_remote_violence", "violence_against_civilians"}
    ),
}


def counted_statuses(include_unverified: bool) -> frozenset[str]:
    """Verification statuses whose events count: verified only, or all but discounted."""
    if include_unverified:
        return frozenset(set(VerificationStatus.values) - {VerificationStatus.DISCOUNTED})
    return frozenset({VerificationStatus.VERIFIED})
