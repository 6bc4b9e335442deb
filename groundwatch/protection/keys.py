"""Field-encryption keys, kept outside the database.

A keyring is a JSON file ``{"active": "k2", "keys": {"k1": "<base64 32 bytes>", "k2": "..."}}``. New
ciphertexts use the active key; older keys stay to decrypt until ``rotate_field_keys`` has re-encrypted
everything, after which they can be removed. In embedded mode the file is generated in the data dir on
first use; in production it must be provided (``GROUNDWATCH_FIELD_KEY_FILE``), and a missing file is a
system check error. Back the file up apart from the database: without it the protected fields are lost.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

KEY_BYTES = 32


class KeyringError(Exception):
    """The keyring file is missing, unreadable or malformed."""


@dataclass(frozen=True)
class Keyring:
    active_id: str
    keys: dict[str, bytes]

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            raise KeyringError(
                f"Field key {key_id!r} is not in the keyring; restore the key file that was in use."
            ) from None

    @property
    def active_key(self) -> bytes:
        return self.key(self.active_id)

    def to_json(self) -> str:
        encoded = {key_id: base64.b64encode(key).decode() for key_id, key in self.keys.items()}
        return json.dumps({"active": self.active_id, "keys": encoded}, indent=2) + "\n"


def parse_keyring(text: str, where: str = "key file") -> Keyring:
    try:
        data = json.loads(text)
        keys = {key_id: base64.b64decode(value, validate=True) for key_id, value in data["keys"].items()}
        active = data["active"]
    except (ValueError, KeyError, TypeError) as error:
        raise KeyringError(f"The {where} is not a valid keyring ({error}).") from None
    if active not in keys:
        raise KeyringError(f"The {where} names active key {active!r}, which it does not contain.")
    short = [key_id for key_id, key in keys.items() if len(key) != KEY_BYTES]
    if short:
        raise KeyringError(f"Keys {', '.join(short)} in the {where} are not {KEY_BYTES} bytes long.")
    return Keyring(active_id=active, keys=keys)


def write_keyring(path: Path, keyring: Keyring) -> None:
    """Write the keyring atomically with owner-only permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(keyring.to_json())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


def new_keyring() -> Keyring:
    return Keyring(active_id="k1", keys={"k1": secrets.token_bytes(KEY_BYTES)})


def add_key(keyring: Keyring) -> Keyring:
    """A keyring with a fresh active key; the old keys stay for decryption."""
    number = 1 + max((int(key_id[1:]) for key_id in keyring.keys if key_id[1:].isdigit()), default=0)
    key_id = f"k{number}"
    return Keyring(active_id=key_id, keys={**keyring.keys, key_id: secrets.token_bytes(KEY_BYTES)})


def load_keyring(path: Path, *, create: bool) -> Keyring:
    if not path.exists():
        if not create:
            raise KeyringError(
                f"No field-encryption key file at {path}. Set GROUNDWATCH_FIELD_KEY_FILE to the mission's key file."
            )
        keyring = new_keyring()
        write_keyring(path, keyring)
        return keyring
    return parse_keyring(path.read_text("utf-8"), where=f"key file {path}")


_cache: dict[tuple[str, float], Keyring] = {}


def current_keyring() -> Keyring:
    """The configured keyring, re-read when the file changes (after a rotation)."""
    from django.conf import settings

    path = Path(settings.FIELD_KEY_FILE)
    mtime = path.stat().st_mtime if path.exists() else 0.0
    cached = _cache.get((str(path), mtime))
    if cached is None:
        cached = load_keyring(path, create=not settings.PRODUCTION)
        _cache.clear()
        _cache[(str(path), path.stat().st_mtime)] = cached
    return cached
