"""Users, missions (the workspaces), memberships with a role, and API tokens."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from groundwatch.core.access import RestrictedQuerySet
from groundwatch.core.choices import Role


class User(AbstractUser):
    """A person who signs in. Their rights come from memberships, never from the account itself."""

    class Meta:
        db_table = "accounts_user"


class MissionQuerySet(RestrictedQuerySet["Mission"]):
    pass


def validate_time_zone(name: str) -> None:
    """An IANA time zone name that this machine's zone database knows (``Asia/Baku``, ``UTC``)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"{name!r} is not a time zone name; use an IANA name such as Asia/Baku, Asia/Yerevan or UTC."
        ) from None


class Mission(models.Model):
    """A monitoring mission: the workspace every record belongs to."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    area_countries = models.JSONField(
        default=list, blank=True, help_text="ISO 3166-1 alpha-2 codes of the area of responsibility."
    )
    period_start_on = models.DateField(null=True, blank=True)
    period_end_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    public_min_count = models.PositiveSmallIntegerField(
        default=5, help_text="Public outputs show counts from 1 below this as 'fewer than N'."
    )
    public_location = models.CharField(
        max_length=10,
        default="grid",
        choices=[("grid", "Grid cell"), ("admin1", "Admin area"), ("country", "Country")],
        help_text="How coarsely public outputs place events.",
    )
    public_date_precision = models.CharField(
        max_length=10,
        default="week",
        choices=[("day", "Day"), ("week", "Week"), ("month", "Month")],
        help_text="How coarsely public outputs date events.",
    )
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="IANA time zone name (e.g. Asia/Baku) in which the mission's pages show times; "
        "exports and the API keep UTC.",
    )

    objects = MissionQuerySet.as_manager()
    # A mission restricts on itself: the user must be a member.
    restrict_mission_path = ""

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> ZoneInfo:
        """The mission's time zone (UTC if the stored name is no longer known to this machine)."""
        try:
            return ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")


class Membership(models.Model):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mission", "user"], name="one_membership_per_user")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} in {self.mission}"


class ApiToken(models.Model):
    """A bearer token for scripts and partner systems. Only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="First characters, to tell tokens apart.")
    token_hash = models.CharField(max_length=64, unique=True)
    digest_ha1 = models.CharField(
        max_length=32,
        blank=True,
        help_text="MD5 of user name, realm and token, for HTTP Digest from field apps over plain HTTP.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    is_revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class NeedToKnow(models.Model):
    """A member entitled to see one strictly confidential record.

    Strictly confidential records are seen by the mission's administrators and by the members listed
    here — whatever their role: the list, kept by coordinators, is the need-to-know decision.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="need_to_know")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user"], name="one_grant_per_user_and_record"
            )
        ]
        indexes = [models.Index(fields=["user", "content_type"])]

    def __str__(self) -> str:
        return f"{self.user_id} may see {self.content_type_id}:{self.object_id}"
