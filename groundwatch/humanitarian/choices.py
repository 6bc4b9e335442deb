"""Vocabularies for consignments, access constraints and needs."""

from __future__ import annotations

from django.db import models

from groundwatch.events.choices import MeasureItem


class ConsignmentStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    EN_ROUTE = "en_route", "En route"
    DELIVERED = "delivered", "Delivered"
    PARTIALLY_DELIVERED = "partially_delivered", "Partially delivered"
    BLOCKED = "blocked", "Blocked"
    DENIED = "denied", "Denied"


# Where a consignment may go next. Delivered and denied are final; a blocked convoy may be let through.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    ConsignmentStatus.PLANNED: frozenset(
        {ConsignmentStatus.EN_ROUTE, ConsignmentStatus.BLOCKED, ConsignmentStatus.DENIED}
    ),
    ConsignmentStatus.EN_ROUTE: frozenset(
        {
            ConsignmentStatus.DELIVERED,
            ConsignmentStatus.PARTIALLY_DELIVERED,
            ConsignmentStatus.BLOCKED,
            ConsignmentStatus.DENIED,
        }
    ),
    ConsignmentStatus.BLOCKED: frozenset({ConsignmentStatus.EN_ROUTE, ConsignmentStatus.DENIED}),
    ConsignmentStatus.DENIED: frozenset(),
    ConsignmentStatus.DELIVERED: frozenset(),
    ConsignmentStatus.PARTIALLY_DELIVERED: frozenset(),
}

# A change to one of these must name the access constraint that caused it.
OBSTRUCTED_STATUSES = frozenset({ConsignmentStatus.BLOCKED, ConsignmentStatus.DENIED})
ARRIVED_STATUSES = frozenset({ConsignmentStatus.DELIVERED, ConsignmentStatus.PARTIALLY_DELIVERED})

# What a consignment line may carry: the relief items of the event vocabulary.
COMMODITIES = (
    MeasureItem.FOOD,
    MeasureItem.NON_FOOD_AID,
    MeasureItem.MEDICAL_SUPPLIES,
    MeasureItem.FUEL,
    MeasureItem.TRUCKS,
)


class AccessCategory(models.TextChoices):
    """OCHA's access monitoring and reporting framework: nine categories (the access_constraint sub-types)."""

    DENIAL_OF_NEEDS = "denial_of_needs", "Denial of humanitarian needs or entitlements"
    RESTRICTION_OF_ACCESS_TO_SERVICES = (
        "restriction_of_access_to_services",
        "Restriction or obstruction of access to services and assistance",
    )
    IMPEDIMENTS_TO_ENTRY = "impediments_to_entry", "Impediments to entry into the country"
    RESTRICTION_OF_MOVEMENT = "restriction_of_movement", "Restriction of movement within the country"
    INTERFERENCE_IN_ACTIVITIES = "interference_in_activities", "Interference in humanitarian activities"
    VIOLENCE_AGAINST_PERSONNEL = (
        "violence_against_personnel",
        "Violence against personnel, facilities and assets",
    )
    INSECURITY_HOSTILITIES = "insecurity_hostilities", "Ongoing insecurity or hostilities"
    MINES_UXO = "mines_uxo", "Mines, IEDs or unexploded ordnance"
    PHYSICAL_ENVIRONMENT = "physical_environment", "Physical environment (terrain, climate, infrastructure)"


ACCESS_PILLARS: dict[str, str] = {
    AccessCategory.DENIAL_OF_NEEDS: "People's access to aid",
    AccessCategory.RESTRICTION_OF_ACCESS_TO_SERVICES: "People's access to aid",
    AccessCategory.IMPEDIMENTS_TO_ENTRY: "Agencies' access to people",
    AccessCategory.RESTRICTION_OF_MOVEMENT: "Agencies' access to people",
    AccessCategory.INTERFERENCE_IN_ACTIVITIES: "Agencies' access to people",
    AccessCategory.VIOLENCE_AGAINST_PERSONNEL: "Agencies' access to people",
    AccessCategory.INSECURITY_HOSTILITIES: "Security and physical environment",
    AccessCategory.MINES_UXO: "Security and physical environment",
    AccessCategory.PHYSICAL_ENVIRONMENT: "Security and physical environment",
}


class Sector(models.TextChoices):
    """Humanitarian clusters, as sectors of need."""

    FOOD_SECURITY = "food_security", "Food security"
    HEALTH = "health", "Health"
    NUTRITION = "nutrition", "Nutrition"
    SHELTER = "shelter", "Shelter and non-food items"
    WATER_SANITATION = "water_sanitation", "Water, sanitation and hygiene"
    PROTECTION = "protection", "Protection"
    EDUCATION = "education", "Education"
    LOGISTICS = "logistics", "Logistics"
    MULTI_SECTOR = "multi_sector", "Multi-sector"


class Severity(models.IntegerChoices):
    """Severity of need on the five-point scale used by needs overviews."""

    MINIMAL = 1, "1 — minimal"
    STRESS = 2, "2 — stress"
    SEVERE = 3, "3 — severe"
    EXTREME = 4, "4 — extreme"
    CATASTROPHIC = 5, "5 — catastrophic"
