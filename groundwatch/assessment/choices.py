"""Vocabularies for indicators and alert rules. Every name here is an allow-list: nothing else reaches a query."""

from __future__ import annotations

from django.db import models


class Indicator(models.TextChoices):
    EVENTS = "events", "Events by category and type"
    FATALITIES = "fatalities", "Fatalities (low / best / high)"
    PEOPLE_DISPLACED = "people_displaced", "People displaced"
    ARRIVALS_VS_CAPACITY = "arrivals_vs_capacity", "Arrivals against site capacity"
    AID_TONNAGE = "aid_tonnage", "Aid tonnage delivered against planned"
    BLOCKED_CONVOYS = "blocked_convoys", "Blocked or denied convoys"
    HANDOVER_COMPLIANCE = "handover_compliance", "Weapons handed over against declared"


# The figures each indicator gives per row (alert rules pick one of these).
INDICATOR_VALUES: dict[str, tuple[str, ...]] = {
    Indicator.EVENTS: ("events",),
    Indicator.FATALITIES: ("low", "best", "high"),
    Indicator.PEOPLE_DISPLACED: ("people",),
    Indicator.ARRIVALS_VS_CAPACITY: ("arrivals", "occupants", "capacity"),
    Indicator.AID_TONNAGE: ("planned", "delivered"),
    Indicator.BLOCKED_CONVOYS: ("blocked", "denied"),
    Indicator.HANDOVER_COMPLIANCE: ("handed_over", "cumulative", "declared", "compliance"),
}


class AreaLevel(models.TextChoices):
    COUNTRY = "country", "Country"
    ADMIN1 = "admin1", "Admin level 1"
    ADMIN2 = "admin2", "Admin level 2"
    PLACE = "place", "Place"


class Period(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "ISO week"
    MONTH = "month", "Month"


class RuleKind(models.TextChoices):
    THRESHOLD = "threshold", "Threshold: a period's value above N"
    SPIKE = "spike", "Spike: a period's value against the mean of the previous K periods"
    FIRST_IN_DAYS = "first_in_days", "Highest in N days, above a floor"
    NEW_ACCESS_DENIAL = "new_access_denial", "New blocked or denied convoy"
    STALLED_HANDOVER = "stalled_handover", "Stalled handover: a commitment past its deadline and not met"


# Kinds computed from an indicator series (the others read registries directly).
SERIES_KINDS = frozenset({RuleKind.THRESHOLD, RuleKind.SPIKE, RuleKind.FIRST_IN_DAYS})


class CapCategory(models.TextChoices):
    SECURITY = "Security", "Security"
    SAFETY = "Safety", "Safety"
    RESCUE = "Rescue", "Rescue"
    HEALTH = "Health", "Health"
    INFRA = "Infra", "Infrastructure"
    TRANSPORT = "Transport", "Transport"
    OTHER = "Other", "Other"


class CapSeverity(models.TextChoices):
    EXTREME = "Extreme", "Extreme"
    SEVERE = "Severe", "Severe"
    MODERATE = "Moderate", "Moderate"
    MINOR = "Minor", "Minor"
    UNKNOWN = "Unknown", "Unknown"


class CapUrgency(models.TextChoices):
    IMMEDIATE = "Immediate", "Immediate"
    EXPECTED = "Expected", "Expected"
    FUTURE = "Future", "Future"
    PAST = "Past", "Past"
    UNKNOWN = "Unknown", "Unknown"


class CapCertainty(models.TextChoices):
    OBSERVED = "Observed", "Observed"
    LIKELY = "Likely", "Likely"
    POSSIBLE = "Possible", "Possible"
    UNLIKELY = "Unlikely", "Unlikely"
    UNKNOWN = "Unknown", "Unknown"
