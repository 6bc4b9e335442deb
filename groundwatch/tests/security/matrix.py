"""The engine of the authorization matrix: clients per persona, the expected outcome of a cell, and the checks."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import get_resolver

from groundwatch.accounts.services import issue_api_token
from groundwatch.core.choices import ROLE_ACTIONS, ROLE_CLEARANCE, Confidentiality
from groundwatch.tests.factories import TEST_PASSWORD
from groundwatch.tests.security import payloads
from groundwatch.tests.security.policy import NOBODY, PUBLIC, SIGNED_IN, STAFF, Rule
from groundwatch.tests.security.world import ANONYMOUS, OUTSIDER, PERSONAS, UNGRADED, World

NO_ACCESS = -2  # clearance of a persona that sees nothing of the mission


@dataclass
class Expect:
    allowed: bool
    statuses: frozenset[int]  # for a deny cell: the statuses that count as refused


def body_of(response: HttpResponse) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")  # type: ignore[attr-defined]
    return response.content.decode(errors="replace")


@dataclass
class Matrix:
    world: World
    cells: int = 0
    denied: int = 0
    failures: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    _clients: dict[tuple[str, str], Client] = field(default_factory=dict)

    # ---- personas -------------------------------------------------------------------------------
    def clearance(self, persona: str) -> int:
        if persona in (ANONYMOUS, OUTSIDER):
            return NO_ACCESS
        return int(ROLE_CLEARANCE[persona])

    def forbidden(self, persona: str, rule: Rule) -> list[str]:
        """Canaries this persona must not be shown on this route. Protected persons' never appear anywhere."""
        people = list(self.world.extras["person_canaries"])
        clearance = self.clearance(persona)
        if rule.needs == PUBLIC:
            clearance = max(clearance, Confidentiality.PUBLIC)  # public outputs: public records, for anyone
        elif clearance == NO_ACCESS:
            clearance = UNGRADED - 1  # nothing of the mission at all, not even its actors
        return [m for m in self.world.canaries_above(clearance) if m] + people

    def client(self, persona: str, kind: str) -> Client:
        key = (persona, kind)
        if key not in self._clients:
            self._clients[key] = self._make_client(persona, kind)
        return self._clients[key]

    def _make_client(self, persona: str, kind: str) -> Client:
        if persona == ANONYMOUS:
            return Client(raise_request_exception=False)
        user = self.world.users[persona]
        if kind == "api":
            token = issue_api_token(user=user, actor=user, name="matrix client")
            return Client(raise_request_exception=False, headers={"Authorization": f"Bearer {token}"})
        if kind == "basic":
            secret = base64.b64encode(f"{user.username}:{TEST_PASSWORD}".encode()).decode()
            return Client(raise_request_exception=False, headers={"Authorization": f"Basic {secret}"})
        client = Client(raise_request_exception=False)
        client.force_login(user)
        return client

    # ---- expectations -----------------------------------------------------------------------------
    def expect(self, rule: Rule, persona: str, level: int, *, api: bool) -> Expect:
        unauthenticated = frozenset({401} if api or rule.basic_auth else {302})
        if rule.needs == PUBLIC:
            public_record = rule.target is None or level == Confidentiality.PUBLIC
            return Expect(public_record, frozenset({404}))
        if rule.needs == NOBODY:
            return Expect(False, frozenset({404}))
        if rule.needs == STAFF:
            return Expect(False, frozenset({302}))
        if persona == ANONYMOUS:
            return Expect(False, unauthenticated)
        if rule.needs == SIGNED_IN:
            owners = {"token": "token_owner", "export_job": "export_job_owner"}  # records of one user
            owner = rule.target not in owners or persona == self.world.extras[owners[rule.target]]
            return Expect(owner, frozenset({404}))
        refused_in_body = {422} if rule.in_body else set()
        if persona == OUTSIDER:
            return Expect(False, frozenset({404, *refused_in_body}))
        if level != UNGRADED and level > self.clearance(persona):
            return Expect(False, frozenset({404, *refused_in_body}))
        if rule.needs not in ROLE_ACTIONS[persona]:
            return Expect(False, frozenset({403, 404}))
        return Expect(True, frozenset())

    # ---- one route ------------------------------------------------------------------------------------
    def check_route(self, key: str, rule: Rule, *, api: bool) -> None:
        method, path = key.split(" ", 1)
        targets = (
            self.world.records[rule.target].items()
            if rule.target in self.world.records
            else [(UNGRADED, None)]
        )
        for format in rule.formats or ("",):
            for level, record in targets:
                for persona in PERSONAS:
                    url = self.fill(path, record, rule, format)
                    self.check_cell(key, rule, method, url, persona, level, record, api=api)

    def fill(self, path: str, record: Any, rule: Rule, format: str = "") -> str:
        world = self.world
        values = {
            "slug": world.mission.slug,
            "mission_slug": world.mission.slug,
            "indicator": "events",
            "form_id": getattr(record, "form_id", ""),
            "filename": world.extras["form_media"],
            "identifier": getattr(record, "identifier", ""),
            "format": format,
            "number": getattr(record, "number", ""),
            "pk": getattr(record, "sitrep_id", None),  # a published issue lives under its sitrep's pk
        }

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if values.get(name):
                return str(values[name])
            return str(record.pk)

        filled = re.sub(r"<(?:\w+:)?(\w+)>|\{(\w+)\}", lambda m: value(_one_group(m)), path)
        if path.startswith("/api/") and rule.target is None and rule.mission_query and rule.needs != PUBLIC:
            filled += f"?mission={world.mission.slug}"
        if rule.target == "indicator":
            filled += f"?mission={world.mission.slug}"
        return filled

    def check_cell(
        self, key: str, rule: Rule, method: str, url: str, persona: str, level: int, record: Any, *, api: bool
    ) -> None:
        self.cells += 1
        expect = self.expect(rule, persona, level, api=api)
        kind = "api" if api else ("basic" if rule.basic_auth else "page")
        client = self._make_client(persona, kind) if rule.ends_session else self.client(persona, kind)
        where = f"{key} as {persona} on {_level_name(level)} ({url})"
        savepoint = transaction.savepoint()
        try:
            response = self._send(client, method, url, rule, record)
            text = body_of(response)
        finally:
            transaction.savepoint_rollback(savepoint)
        forbidden = self.forbidden(persona, rule)
        if rule.reveals and expect.allowed:  # an allowed reveal shows its own person's protected fields
            forbidden = [m for m in forbidden if m != self.world.extras["person_secrets"].get(level)]
        leaked = [marker for marker in forbidden if marker in text]
        if leaked:
            self.leaks.append(where)
            self.failures.append(f"LEAK {where}: body shows {', '.join(leaked)}")
        if expect.allowed:
            self._check_allowed(rule, persona, level, response, text, where)
        else:
            self.denied += 1
            self._check_denied(expect, response, where, api=api, rule=rule)

    def _send(self, client: Client, method: str, url: str, rule: Rule, record: Any) -> HttpResponse:
        kind, data = payloads.build(rule.body, self.world, record)
        if method == "GET":
            return client.get(url)
        if kind == "json":
            return client.generic(method, url, data=_json(data), content_type="application/json")
        return client.post(url, data=data) if method == "POST" else client.generic(method, url)

    def _check_allowed(
        self, rule: Rule, persona: str, level: int, response: Any, text: str, where: str
    ) -> None:
        if response.status_code >= 400:
            self.failures.append(
                f"REFUSED {where}: expected access, got {response.status_code} {_gist(text)}"
            )
            return
        if rule.target and rule.shows_target and level != UNGRADED and response.status_code == 200:
            marker = self.world.canaries[rule.target][level]
            if marker and marker not in text:
                self.failures.append(f"MISSING {where}: the record's canary {marker} is not shown")
        if rule.reveals and response.status_code == 200:
            secret = self.world.extras["person_secrets"][level]
            if secret not in text:
                self.failures.append(f"MISSING {where}: the reveal does not show the protected fields")
        if rule.lists and response.status_code == 200 and not _binary(response):
            clearance = Confidentiality.PUBLIC if rule.needs == PUBLIC else self.clearance(persona)
            expected = [m for lvl, m in self.world.canaries[rule.lists].items() if m and lvl <= clearance]
            absent = [m for m in expected if m not in text]
            if absent:
                self.failures.append(f"MISSING {where}: the list lacks {', '.join(absent)}")

    def _check_denied(self, expect: Expect, response: Any, where: str, *, api: bool, rule: Rule) -> None:
        status = response.status_code
        if status not in expect.statuses:
            moved = f" to {response['Location']}" if status in (301, 302) else ""
            self.failures.append(
                f"NOT DENIED {where}: expected {sorted(expect.statuses)}, got {status}{moved}"
            )
        elif status == 302:
            login = "/admin/login/" if rule.needs == STAFF else "/accounts/login/"
            if not response["Location"].startswith(login):
                self.failures.append(f"REDIRECT {where}: to {response['Location']}, not the sign-in page")

    # ---- the admin site ---------------------------------------------------------------------------------
    def check_admin_site(self) -> None:
        """Every admin page that takes no argument sends every persona (none is staff) to the admin sign-in."""
        admin = next(p for p in get_resolver().url_patterns if str(p.pattern) == "admin/")
        paths = [
            "/admin/" + str(p.pattern) for p in _flatten(admin.url_patterns) if "<" not in str(p.pattern)
        ]
        rule = Rule(STAFF)
        # The admin's own sign-in and sign-out pages are open to anyone, as they must be.
        paths = [p for p in paths if p not in ("/admin/login/", "/admin/logout/")]
        for path in [p for p in paths if "^" not in p and "(?P" not in p]:
            for persona in PERSONAS:
                self.check_cell(f"GET {path}", rule, "GET", path, persona, UNGRADED, None, api=False)


def _flatten(patterns: list[Any], prefix: str = "") -> list[Any]:
    found = []
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            for inner in _flatten(pattern.url_patterns):
                found.append(_Prefixed(str(pattern.pattern) + str(inner.pattern)))
        else:
            found.append(pattern)
    return found


@dataclass
class _Prefixed:
    pattern: str


def _one_group(match: re.Match[str]) -> re.Match[str]:
    return _Group(match.group(1) or match.group(2))  # type: ignore[return-value]


@dataclass
class _Group:
    name: str

    def group(self, _index: int) -> str:
        return self.name


def _json(data: dict[str, Any]) -> str:
    import json

    return json.dumps(data)


def _binary(response: Any) -> bool:
    """A PDF or spreadsheet: its text is compressed, so canaries cannot be read from it (nor leak legibly)."""
    return response.get("Content-Type", "").startswith(("application/pdf", "application/vnd.openxmlformats"))


def _level_name(level: int) -> str:
    return "ungraded" if level == UNGRADED else Confidentiality(level).slug


def _gist(text: str) -> str:
    """The error message of a JSON error or the title of a page, for a one-line failure."""
    found = re.search(r'"message": ?"([^"]*)"|<title>([^<]*)</title>', text)
    return (found.group(1) or found.group(2)) if found else text[:120]
