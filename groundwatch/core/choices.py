"""Vocabularies shared by every app: confidentiality levels and mission roles."""

from django.db import models


class Confidentiality(models.IntegerChoices):
    """How widely a record may be seen. Ordered: a clearance of N sees every level up to N."""

    PUBLIC = 0, "Public"
    INTERNAL = 1, "Internal"
    CONFIDENTIAL = 2, "Confidential"
    STRICTLY_CONFIDENTIAL = 3, "Strictly confidential"

    @classmethod
    def from_slug(cls, slug: str) -> "Confidentiality":
        try:
            return cls[slug.upper()]
        except KeyError:
            names = ", ".join(level.slug for level in cls)
            raise ValueError(f"unknown confidentiality {slug!r}; use one of {names}") from None

    @property
    def slug(self) -> str:
        return self.name.lower()


class Role(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    MONITOR = "monitor", "Monitor"
    ANALYST = "analyst", "Analyst"
    COORDINATOR = "coordinator", "Coordinator"
    ADMIN = "admin", "Administrator"


class Action(models.TextChoices):
    """What a member may do in a mission; each role grants a set of these."""

    VIEW = "view", "See the mission's records up to the role's clearance"
    SUBMIT = "submit", "Submit reports and attachments"
    ANALYSE = "analyse", "Add claims, code events, link evidence, grade sources"
    VERIFY = "verify", "Set verification status and standard of proof"
    MANAGE = "manage", "Manage sources, members and mission settings"


ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.VIEWER: frozenset({Action.VIEW}),
    Role.MONITOR: frozenset({Action.VIEW, Action.SUBMIT}),
    Role.ANALYST: frozenset({Action.VIEW, Action.SUBMIT, Action.ANALYSE}),
    Role.COORDINATOR: frozenset({Action.VIEW, Action.SUBMIT, Action.ANALYSE, Action.VERIFY}),
    Role.ADMIN: frozenset({Action.VIEW, Action.SUBMIT, Action.ANALYSE, Action.VERIFY, Action.MANAGE}),
}

# The highest level each role sees. Strictly confidential records are also seen by the members on the
# record's need-to-know list (accounts.models.NeedToKnow), whatever their role.
ROLE_CLEARANCE: dict[str, Confidentiality] = {
    Role.VIEWER: Confidentiality.INTERNAL,
    Role.MONITOR: Confidentiality.CONFIDENTIAL,
    Role.ANALYST: Confidentiality.CONFIDENTIAL,
    Role.COORDINATOR: Confidentiality.CONFIDENTIAL,
    Role.ADMIN: Confidentiality.STRICTLY_CONFIDENTIAL,
}
