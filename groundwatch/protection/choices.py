from django.db import models


class PersonRole(models.TextChoices):
    VICTIM = "victim", "Victim"
    WITNESS = "witness", "Witness"
    SOURCE = "source", "Source person"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class ConsentScope(models.TextChoices):
    """How far the person agreed their information may travel."""

    NONE = "none", "Not to be shared outside the case team"
    MISSION = "mission", "Within the mission"
    PARTNERS = "partners", "With named partner organisations"
    PUBLIC_ANONYMISED = "public_anonymised", "In public reports, anonymised"


class AgeBand(models.TextChoices):
    UNKNOWN = "", "Unknown"
    CHILD = "0-17", "Child (0–17)"
    ADULT = "18-59", "Adult (18–59)"
    OLDER = "60+", "Older person (60+)"


class Sex(models.TextChoices):
    UNKNOWN = "", "Unknown"
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"


# The fields stored only as ciphertext. Their clear values never reach the database, the audit log,
# logs or exception messages.
ENCRYPTED_FIELDS = ("full_name", "contact", "identifying_details", "testimony")
