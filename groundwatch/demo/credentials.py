"""The demo users, one per mission role, and their credentials file in the data directory.

Passwords and API tokens are random, made on the first run and written to ``demo-credentials.json``
(readable by its owner only). Later runs read them back and check them against the database; only a
credential that no longer works (the file was deleted, or the database was replaced) is made anew.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from groundwatch.accounts.models import ApiToken, User
from groundwatch.accounts.services import issue_api_token
from groundwatch.core.choices import Role
from groundwatch.lib.hashing import sha256_text
from groundwatch.tests.factories import make_user

CREDENTIALS_FILE_NAME = "demo-credentials.json"
TOKEN_NAME = "demo"  # noqa: S105  (the token's label, not a secret)


@dataclass(frozen=True)
class DemoCredential:
    role: str
    username: str
    password: str
    token: str


def demo_username(role: str) -> str:
    return f"demo-{role}"


def credentials_path(data_dir: Path) -> Path:
    return data_dir / CREDENTIALS_FILE_NAME


def read_credentials(path: Path) -> dict[str, DemoCredential]:
    """The saved credentials by username; an unreadable or malformed file counts as none."""
    try:
        rows: Any = json.loads(path.read_text("utf-8"))
        return {row["username"]: DemoCredential(**row) for row in rows["users"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_credentials(path: Path, credentials: list[DemoCredential]) -> None:
    """Write the file with owner-only permissions from the start (never world-readable, not even briefly)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"users": [asdict(credential) for credential in credentials]}, indent=2) + "\n"
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(body)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def ensure_demo_users(data_dir: Path) -> tuple[list[DemoCredential], Path]:
    """One working login and API token per role, reusing what the credentials file holds."""
    path = credentials_path(data_dir)
    saved = read_credentials(path)
    credentials = [_ensure_user(role, saved.get(demo_username(role))) for role in Role.values]
    if credentials != [saved.get(credential.username) for credential in credentials]:
        write_credentials(path, credentials)
    return credentials, path


def _ensure_user(role: str, saved: DemoCredential | None) -> DemoCredential:
    username = demo_username(role)
    user = User.objects.filter(username=username).first()
    password = saved.password if saved else secrets.token_urlsafe(12)
    if user is None:
        is_admin = role == Role.ADMIN
        user = make_user(username, password=password, is_staff=is_admin, is_superuser=is_admin)
    elif saved is None or not user.check_password(saved.password):
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save(update_fields=["password"])
    token = saved.token if saved and _token_works(user, saved.token) else ""
    token = token or issue_api_token(user=user, actor=None, name=TOKEN_NAME)
    return DemoCredential(role=role, username=username, password=password, token=token)


def _token_works(user: User, secret: str) -> bool:
    """The saved token is live (and has a Digest hash: tokens from before Digest are issued again)."""
    return (
        ApiToken.objects.filter(
            user=user, token_hash=sha256_text(secret), is_revoked=False, expires_at__isnull=True
        )
        .exclude(digest_ha1="")
        .exists()
    )
