"""Typed readers for settings that come from environment variables.

Every setting groundwatch reads is listed in ``SETTINGS`` so the docs can be tested against it.
Readers raise ``EnvError`` with the variable's name and what was wrong, never a bare ValueError.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class EnvError(ValueError):
    """An environment variable holds a value groundwatch cannot use."""


@dataclass(frozen=True)
class SettingDoc:
    name: str
    default: str
    summary: str


SETTINGS: dict[str, SettingDoc] = {}


def declare(name: str, default: str, summary: str) -> None:
    """Record a setting so documentation and checks can enumerate them."""
    SETTINGS[name] = SettingDoc(name=name, default=default, summary=summary)


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise EnvError(f"{name}={raw!r} is not a yes/no value; use one of 1, true, yes, on, 0, false, no, off.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        raise EnvError(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise EnvError(f"{name}={value} is below the minimum of {minimum}.")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_path(name: str, default: str | Path) -> Path:
    raw = os.environ.get(name, "").strip()
    return Path(raw or default).expanduser().resolve()
