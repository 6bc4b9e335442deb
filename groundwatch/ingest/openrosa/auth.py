"""HTTP Basic authentication for field apps: a mission account's password, or a device token.

ODK Collect and KoBoCollect send Basic credentials after a 401 challenge. A device token is an API
token (``gw_…``, issued per phone and revocable) sent as the password; the user name is then ignored.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest

from groundwatch.accounts.services import TOKEN_PREFIX, user_for_token


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str


def basic_credentials(request: HttpRequest) -> Credentials | None:
    header = request.headers.get("Authorization", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, separator, password = decoded.partition(":")
    return Credentials(username, password) if separator else None


def user_for_credentials(request: HttpRequest, credentials: Credentials) -> Any:
    """The active user the credentials belong to, or None."""
    if credentials.password.startswith(TOKEN_PREFIX):
        return user_for_token(credentials.password)
    user = authenticate(request, username=credentials.username, password=credentials.password)
    return user if user is not None and user.is_active else None
