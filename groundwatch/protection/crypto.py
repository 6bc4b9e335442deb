"""AES-256-GCM encryption of single fields.

A ciphertext is ``gw1:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>``. The associated data binds it to its
mission, record and field, so a ciphertext copied into another record or field fails to decrypt. Any
tampering (one flipped bit) raises ``DecryptionFailed``; nothing ever returns garbage silently.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from groundwatch.protection.keys import Keyring

PREFIX = "gw1"
NONCE_BYTES = 12


class DecryptionFailed(Exception):
    """A protected field could not be decrypted: wrong key, wrong record, or tampered data."""


def context(mission_id: int, record_code: str, field: str) -> bytes:
    return f"groundwatch:{mission_id}:{record_code}:{field}".encode()


def encrypt(plaintext: str, *, keyring: Keyring, associated: bytes) -> str:
    if plaintext == "":
        return ""
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(keyring.active_key).encrypt(nonce, plaintext.encode("utf-8"), associated)
    return f"{PREFIX}:{keyring.active_id}:{base64.b64encode(nonce + sealed).decode()}"


def key_id_of(ciphertext: str) -> str:
    return ciphertext.split(":", 2)[1] if ciphertext else ""


def decrypt(ciphertext: str, *, keyring: Keyring, associated: bytes) -> str:
    if ciphertext == "":
        return ""
    try:
        prefix, key_id, payload = ciphertext.split(":", 2)
        raw = base64.b64decode(payload, validate=True)
    except ValueError:
        raise DecryptionFailed("The stored value is not a groundwatch ciphertext.") from None
    if prefix != PREFIX or len(raw) <= NONCE_BYTES:
        raise DecryptionFailed("The stored value is not a groundwatch ciphertext.")
    try:
        plain = AESGCM(keyring.key(key_id)).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], associated)
    except InvalidTag:
        raise DecryptionFailed(
            "A protected field failed its integrity check: it was altered, moved, or the key is wrong."
        ) from None
    return plain.decode("utf-8")
