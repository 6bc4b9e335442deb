"""Builders for tests and for the demo scenario.

Every builder goes through the services, so a test and the demo exercise the same code paths a user
does (audit records included). Builders take keyword arguments with sensible defaults.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from typing import Any

from groundwatch.accounts.models import Mission, User
from groundwatch.accounts.services import create_mission, set_membership
from groundwatch.core.choices import Confidentiality, Role
from groundwatch.events.models import Actor, Claim, Event
from groundwatch.events.services import MeasureInput, add_claim, record_actor, record_event, set_verification
from groundwatch.geo.models import Place
from groundwatch.sources.models import Report, Source
from groundwatch.sources.services import IncomingFile, record_report, record_source

_counter = itertools.count(1)

TEST_PASSWORD = "correct horse battery staple"


def make_user(username: str = "", *, password: str = TEST_PASSWORD, **fields: Any) -> User:
    username = username or f"user{next(_counter)}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=password, **fields)
    return user


def make_mission(
    name: str = "",
    *,
    members: dict[str, Sequence[User] | User] | None = None,
    actor: User | None = None,
    **fields: Any,
) -> Mission:
    """A mission with members given as {role: user or [users]}."""
    name = name or f"Mission {next(_counter)}"
    mission = create_mission(actor=actor, name=name, **fields)
    for role, users in (members or {}).items():
        for user in [users] if isinstance(users, User) else users:
            set_membership(mission=mission, actor=None, user=user, role=role)
    return mission


def make_member(mission: Mission, role: str = Role.ANALYST, username: str = "") -> User:
    user = make_user(username)
    set_membership(mission=mission, actor=None, user=user, role=role)
    return user


def make_source(mission: Mission, name: str = "", *, actor: User | None = None, **fields: Any) -> Source:
    fields.setdefault("kind", "organisation")
    return record_source(mission=mission, actor=actor, name=name or f"Source {next(_counter)}", **fields)


def make_report(
    mission: Mission,
    text: str = "Monitors saw a convoy of twelve trucks pass the checkpoint.",
    *,
    actor: User | None = None,
    channel: str = "field_note",
    files: Iterable[tuple[str, bytes]] = (),
    **fields: Any,
) -> Report:
    incoming = [IncomingFile(name=name, chunks=[data]) for name, data in files]
    return record_report(mission=mission, actor=actor, channel=channel, text=text, files=incoming, **fields)


def make_claim(report: Report, words: str = "", *, actor: User | None = None, **fields: Any) -> Claim:
    """A claim over the first occurrence of ``words`` in the report (the whole text by default)."""
    words = words or report.text
    start = report.text.index(words)
    return add_claim(report=report, actor=actor, span_start=start, span_end=start + len(words), **fields)


def make_actor(mission: Mission, name: str = "", *, actor: User | None = None, **fields: Any) -> Actor:
    fields.setdefault("kind", "state_forces")
    existing = Actor.objects.filter(mission=mission, name=name).first() if name else None
    return existing or record_actor(
        mission=mission, actor=actor, name=name or f"Actor {next(_counter)}", **fields
    )


def make_event(
    mission: Mission,
    title: str = "",
    *,
    actor: User | None = None,
    event_type: str = "aid_delivery",
    date_start: dt.date = dt.date(2023, 9, 23),
    place: Place | str | None = None,
    measures: Iterable[MeasureInput] = (),
    confidentiality: int = Confidentiality.INTERNAL,
    **fields: Any,
) -> Event:
    if isinstance(place, str):
        place = Place.objects.search(place).first()
    return record_event(
        mission=mission,
        actor=actor,
        title=title or f"Event {next(_counter)}",
        event_type=event_type,
        date_start=date_start,
        place=place,
        measures=measures,
        confidentiality=confidentiality,
        **fields,
    )


def verify(event: Event, *, actor: User | None = None) -> Event:
    """Mark an event verified on reasonable grounds, as a coordinator would."""
    return set_verification(
        event=event, actor=actor, status="verified", standard_of_proof="reasonable_grounds", rationale="Seen."
    )
