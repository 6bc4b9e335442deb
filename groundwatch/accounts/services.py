"""Every write to missions, memberships and API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from groundwatch.accounts.models import ApiToken, Membership, Mission, NeedToKnow, User, validate_time_zone
from groundwatch.audit.services import record_audit, snapshot
from groundwatch.core.access import forget_memberships, require_action
from groundwatch.core.choices import Action, Confidentiality, Role
from groundwatch.core.errors import PermissionDenied, ValidationFailed
from groundwatch.lib.hashing import sha256_text

TOKEN_PREFIX = "gw_"  # noqa: S105  (a visible marker, not a secret)


def create_mission(
    *,
    actor: Any,
    name: str,
    slug: str = "",
    description: str = "",
    area_countries: list[str] | None = None,
    period_start_on: dt.date | None = None,
    period_end_on: dt.date | None = None,
) -> Mission:
    """Open a mission. The person who opens it becomes its first administrator."""
    slug = slug or slugify(name)[:60]
    if not slug:
        raise ValidationFailed("A mission needs a name made of letters or digits.", field="name")
    if period_start_on and period_end_on and period_end_on < period_start_on:
        raise ValidationFailed("The mission period ends before it starts.", field="period_end_on")
    with transaction.atomic():
        if Mission.objects.filter(slug=slug).exists():
            raise ValidationFailed(f"A mission with the short name {slug!r} exists already.", field="slug")
        mission = Mission.objects.create(
            slug=slug,
            name=name,
            description=description,
            area_countries=[code.upper() for code in area_countries or []],
            period_start_on=period_start_on,
            period_end_on=period_end_on,
        )
        record_audit(
            action="mission.create", actor=actor, mission=mission, target=mission, after=snapshot(mission)
        )
        if actor is not None:
            set_membership(mission=mission, actor=None, user=actor, role=Role.ADMIN)
    return mission


def set_time_zone(*, mission: Mission, actor: Any, time_zone: str) -> Mission:
    """Set the time zone the mission's pages show times in (an IANA name); mission administrators only."""
    require_action(actor, mission, Action.MANAGE)
    name = time_zone.strip()
    try:
        validate_time_zone(name)
    except ValidationError as invalid:
        raise ValidationFailed(invalid.messages[0], field="time_zone") from None
    with transaction.atomic():
        before = {"time_zone": mission.time_zone}
        Mission.objects.filter(pk=mission.pk).update(time_zone=name)
        mission.time_zone = name
        record_audit(
            action="mission.time_zone",
            actor=actor,
            mission=mission,
            target=mission,
            before=before,
            after={"time_zone": name},
        )
    return mission


def set_membership(*, mission: Mission, actor: Any, user: User, role: str) -> Membership:
    """Add a member, or change their role. Only a mission administrator may do this."""
    require_action(actor, mission, Action.MANAGE)
    if role not in Role.values:
        raise ValidationFailed(f"Unknown role {role!r}; use one of {', '.join(Role.values)}.", field="role")
    with transaction.atomic():
        membership = Membership.objects.filter(mission=mission, user=user).first()
        before = snapshot(membership) if membership else None
        if membership is None:
            membership = Membership(mission=mission, user=user)
        membership.role = role
        membership.is_active = True
        membership.save()
        record_audit(
            action="membership.set",
            actor=actor,
            mission=mission,
            target=membership,
            before=before,
            after=snapshot(membership),
        )
    forget_memberships(user)
    return membership


def remove_membership(*, mission: Mission, actor: Any, user: User) -> None:
    require_action(actor, mission, Action.MANAGE)
    with transaction.atomic():
        membership = Membership.objects.filter(mission=mission, user=user, is_active=True).first()
        if membership is None:
            return
        before = snapshot(membership)
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        record_audit(
            action="membership.remove",
            actor=actor,
            mission=mission,
            target=membership,
            before=before,
            after=snapshot(membership),
        )
    forget_memberships(user)


def issue_api_token(*, user: User, actor: Any, name: str, lifetime: dt.timedelta | None = None) -> str:
    """Create a token for ``user`` and return it. It is shown once: only its hash is kept."""
    if actor is not None and actor.pk != user.pk and not actor.is_superuser:
        raise ValidationFailed("People can only create tokens for themselves.", field="user")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=secret[:10],
            token_hash=sha256_text(secret),
            digest_ha1=digest_ha1(user.get_username(), secret),
            expires_at=timezone.now() + lifetime if lifetime else None,
        )
        record_audit(
            action="api_token.issue",
            actor=actor,
            target=token,
            after=snapshot(token, exclude=("token_hash", "digest_ha1")),
        )
    return secret


DIGEST_REALM = "groundwatch"


def digest_ha1(username: str, secret: str) -> str:
    """HTTP Digest's HA1 for a device token (RFC 7616, MD5): what a phone proves it knows over plain HTTP.

    MD5 is what the field apps speak; the token is a random 256-bit secret, so the hash cannot be reversed
    to it, but it is as good as the token for Digest: revoking the token disables it.
    """
    return hashlib.md5(f"{username}:{DIGEST_REALM}:{secret}".encode(), usedforsecurity=False).hexdigest()


def revoke_api_token(*, token: ApiToken, actor: Any) -> None:
    with transaction.atomic():
        token.is_revoked = True
        token.save(update_fields=["is_revoked"])
        record_audit(action="api_token.revoke", actor=actor, target=token, after={"is_revoked": True})


def user_for_token(secret: str) -> User | None:
    """The active user a bearer token belongs to, or None. Records when the token was last used."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=sha256_text(secret)).first()
    if token is None or token.is_revoked or not token.user.is_active:
        return None
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def _list_members(record: Model) -> list[Model]:
    """The record and those sharing its need-to-know list (a report's files)."""
    children = getattr(record, "need_to_know_children", None)
    return [record, *(children() if children else [])]


def grant_need_to_know(*, record: Model, user: User, actor: Any) -> None:
    """Let ``user`` see one strictly confidential record. Only coordinators and admins may grant."""
    mission = record.mission  # type: ignore[attr-defined]  # every confidential record is mission-owned
    require_action(actor, mission, Action.VERIFY)
    if not Membership.objects.filter(mission=mission, user=user, is_active=True).exists():
        raise ValidationFailed(
            "Only members of this mission can be given access to its records.", field="user"
        )
    with transaction.atomic():
        created = False
        for member in _list_members(record):
            _grant, added = NeedToKnow.objects.get_or_create(
                content_type=ContentType.objects.get_for_model(member),
                object_id=member.pk,
                user=user,
                defaults={"granted_by": actor},
            )
            created = created or added
        if created:
            record_audit(
                action="need_to_know.grant",
                actor=actor,
                mission=mission,
                target=record,
                after={"user": user.get_username()},
            )


def revoke_need_to_know(*, record: Model, user: User, actor: Any) -> None:
    mission = record.mission  # type: ignore[attr-defined]  # every confidential record is mission-owned
    require_action(actor, mission, Action.VERIFY)
    with transaction.atomic():
        deleted = 0
        for member in _list_members(record):
            removed, _ = NeedToKnow.objects.filter(
                content_type=ContentType.objects.get_for_model(member), object_id=member.pk, user=user
            ).delete()
            deleted += removed
        if deleted:
            record_audit(
                action="need_to_know.revoke",
                actor=actor,
                mission=mission,
                target=record,
                after={"user": user.get_username()},
            )


def grant_creator_if_strict(*, record: Model, actor: Any) -> None:
    """Whoever records a strictly confidential item keeps access to it (called by the write services)."""
    if actor is None or getattr(record, "confidentiality", None) != Confidentiality.STRICTLY_CONFIDENTIAL:
        return
    NeedToKnow.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        user=actor,
        defaults={"granted_by": actor},
    )


def share_need_to_know(*, source: Model, record: Model) -> None:
    """Give ``record`` the same need-to-know list as ``source`` (a file stored with its report)."""
    source_type = ContentType.objects.get_for_model(source)
    record_type = ContentType.objects.get_for_model(record)
    for user_id, granted_by_id in NeedToKnow.objects.filter(
        content_type=source_type, object_id=source.pk
    ).values_list("user_id", "granted_by_id"):
        NeedToKnow.objects.get_or_create(
            content_type=record_type,
            object_id=record.pk,
            user_id=user_id,
            defaults={"granted_by_id": granted_by_id},
        )


def confirm_two_factor(*, device: Any, actor: Any) -> None:
    """Mark a person's authenticator device as confirmed after they typed a valid code from it."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record_audit(
            action="two_factor.confirm",
            actor=actor,
            object_type="otp_totp.totpdevice",
            object_id=str(device.pk),
            after={"user": device.user.get_username()},
        )


def reset_two_factor(*, user: User, actor: Any) -> int:
    """Remove a person's authenticator devices (lost phone); they set up a new one at next sign-in."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if actor is not None and not (actor.is_superuser or actor.pk == user.pk):
        raise PermissionDenied("Only a superuser or the person themselves can reset a second factor.")
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        record_audit(
            action="two_factor.reset",
            actor=actor,
            object_type="accounts.user",
            object_id=str(user.pk),
            after={"devices_removed": removed},
        )
    return int(removed)
