"""Authentication for field apps: HTTP Basic (a mission account's password, or a device token) and HTTP
Digest (device tokens).

ODK Collect and KoBoCollect answer a 401 challenge. A device token is an API token (``gw_…``, issued per phone
and revocable) used as the password; with Basic the user name is then ignored. ODK Collect sends Basic only
over HTTPS; over plain HTTP (a laptop on the office network) it answers the Digest challenge, which needs a
device token (the server keeps each token's Digest hash, never an account password's).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import re
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone

from groundwatch.accounts.models import ApiToken
from groundwatch.accounts.services import DIGEST_REALM, TOKEN_PREFIX, user_for_token


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


# --- HTTP Digest (RFC 7616, MD5, qop=auth) with device tokens ------------------------------------------
# ODK Collect sends Basic credentials only over HTTPS. A field laptop serving phones on a local network over
# plain HTTP needs Digest: the phone proves it knows its device token without sending it. The server keeps
# each token's HA1 (``ApiToken.digest_ha1``); account passwords are stored with argon2 and cannot take part.
NONCE_SECONDS = 300
_PAIR = re.compile(r'\s*([A-Za-z0-9_-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]*)\s*,?')


@dataclass(frozen=True)
class DigestCredentials:
    username: str
    realm: str
    nonce: str
    uri: str
    response: str
    qop: str
    nc: str
    cnonce: str
    opaque: str


def digest_credentials(request: HttpRequest) -> DigestCredentials | None:
    header = request.headers.get("Authorization", "")
    scheme, _, rest = header.partition(" ")
    if scheme.lower() != "digest":
        return None
    fields: dict[str, str] = {}
    for key, value in _PAIR.findall(rest):
        fields[key.lower()] = value[1:-1].replace('\\"', '"') if value.startswith('"') else value
    needed = ("username", "realm", "nonce", "uri", "response")
    if any(not fields.get(key) for key in needed):
        return None
    return DigestCredentials(
        **{key: fields.get(key, "") for key in (*needed, "qop", "nc", "cnonce", "opaque")}
    )


def new_nonce(now: float | None = None) -> str:
    """A nonce the server can check without keeping it: its time and an HMAC of that time."""
    stamp = str(int(now if now is not None else time.time()))
    return f"{stamp}.{_nonce_mac(stamp)}"


def _nonce_mac(stamp: str) -> str:
    key = f"groundwatch-digest-nonce:{settings.SECRET_KEY}".encode()
    return hmac.new(key, stamp.encode(), hashlib.sha256).hexdigest()[:32]


def nonce_state(nonce: str, now: float | None = None) -> str:
    """Whether a nonce is "fresh", "stale" (ours, but older than NONCE_SECONDS: the app retries with a new
    one) or "bad" (not ours)."""
    stamp, _, mac = nonce.partition(".")
    if not stamp.isdigit() or not hmac.compare_digest(mac, _nonce_mac(stamp)):
        return "bad"
    age = (now if now is not None else time.time()) - int(stamp)
    return "fresh" if -5 <= age <= NONCE_SECONDS else "stale"


def digest_challenge(*, stale: bool = False) -> str:
    stale_part = ", stale=true" if stale else ""
    return f'Digest realm="{DIGEST_REALM}", qop="auth", algorithm=MD5, nonce="{new_nonce()}"{stale_part}'


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def user_for_digest(request: HttpRequest, credentials: DigestCredentials) -> Any:
    """The active user whose device token answers the challenge, or None.

    Checks the realm, our own fresh nonce, that the URI is this request's, and the response against each of
    the user's live tokens (a user may have one per phone).
    """
    if credentials.realm != DIGEST_REALM or nonce_state(credentials.nonce) != "fresh":
        return None
    if credentials.uri != request.get_full_path() or credentials.qop != "auth":
        return None  # the RFC 2069 form without qop (and its client nonce) is not accepted
    ha2 = _md5(f"{request.method}:{credentials.uri}")
    now = timezone.now()
    tokens = (
        ApiToken.objects.select_related("user")
        .filter(user__username=credentials.username, is_revoked=False, user__is_active=True)
        .exclude(digest_ha1="")
    )
    for token in tokens:
        if token.expires_at is not None and token.expires_at <= now:
            continue
        expected = _md5(
            f"{token.digest_ha1}:{credentials.nonce}:{credentials.nc}:{credentials.cnonce}:auth:{ha2}"
        )
        if hmac.compare_digest(expected, credentials.response.lower()):
            if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            return token.user
    return None
