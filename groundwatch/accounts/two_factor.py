"""Who must sign in with a second factor, and the TOTP devices they use (django-otp)."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from groundwatch.accounts.models import Membership
from groundwatch.core.choices import Role

# Roles that can see or change confidential records: a stolen password alone must not be enough.
TWO_FACTOR_ROLES = frozenset({Role.ANALYST, Role.COORDINATOR, Role.ADMIN})


def needs_two_factor(user: Any) -> bool:
    if not settings.REQUIRE_TWO_FACTOR or not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_groundwatch_needs_two_factor", None)
    if cached is None:
        cached = (
            bool(user.is_staff or user.is_superuser)
            or Membership.objects.filter(user=user, is_active=True, role__in=TWO_FACTOR_ROLES).exists()
        )
        user._groundwatch_needs_two_factor = cached
    return cached


def is_verified(user: Any) -> bool:
    checker = getattr(user, "is_verified", None)
    return bool(checker and checker())


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed device a person is setting up (one at a time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def setup_details(device: TOTPDevice) -> dict[str, str]:
    """The secret as text (for typing into an app) and as a QR code image (data: URL, no script)."""
    secret = base64.b32encode(device.bin_key).decode()
    uri = device.config_url
    qr = segno.make(uri, error="m")
    return {
        "secret": " ".join(secret[index : index + 4] for index in range(0, len(secret), 4)),
        "qr_data_url": qr.svg_data_uri(scale=4),
    }
