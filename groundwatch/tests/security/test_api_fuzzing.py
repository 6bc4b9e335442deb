"""API fuzzing: schemathesis generates requests for every operation of the OpenAPI schema, sent in-process
through the WSGI application as several roles (token auth). No answer may be a server error, and none may
carry a traceback, SQL or a file-system path.

``GROUNDWATCH_FUZZ_EXAMPLES`` sets the examples generated per operation and role (default 10: about
2,300 requests over 67 operations × 4 roles, a minute or two on a 2-core machine).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections

from groundwatch.accounts.services import issue_api_token
from groundwatch.tests.security.summary import count
from groundwatch.tests.security.world import OUTSIDER, build_world

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the dev extras")
hypothesis = pytest.importorskip("hypothesis")

EXAMPLES = int(os.environ.get("GROUNDWATCH_FUZZ_EXAMPLES", "10"))
ROLES = ("viewer", "analyst", "admin", OUTSIDER)
MINIMUM_REQUESTS = 2000

# What an answer must never show: a Python traceback, SQL or a driver's error, a path on the server.
DISCLOSURE = re.compile(
    r"Traceback \(most recent call last\)|File \"/|site-packages|/work/|/usr/lib/python|"
    r"\bSELECT\b.+\bFROM\b|\bINSERT INTO\b|syntax error at or near|OperationalError|IntegrityError|"
    r"ProgrammingError|psycopg|sqlite3\.|django\.db\.",
    re.IGNORECASE | re.DOTALL,
)


@dataclass
class Findings:
    requests: int = 0
    problems: list[str] = field(default_factory=list)
    server_errors: int = 0
    disclosures: int = 0

    def check(self, label: str, case: Any, response: Any) -> None:
        self.requests += 1
        text = response.text if isinstance(response.text, str) else ""
        if response.status_code >= 500:
            self.server_errors += 1
            self.problems.append(
                f"{response.status_code} {label}: {case.method} {case.formatted_path} {case.query} {case.body!r:.160}"
            )
        found = DISCLOSURE.search(text)
        if found:
            self.disclosures += 1
            self.problems.append(
                f"DISCLOSES {label}: {case.method} {case.formatted_path} shows {found.group(0)!r}"
            )


def _fuzz(operation: Any, headers: dict[str, str], label: str, findings: Findings) -> None:
    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,  # the same requests on every run: a failure can be reproduced
        suppress_health_check=list(hypothesis.HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )
    @hypothesis.given(case=operation.as_strategy())
    def run(case: Any) -> None:
        findings.check(label, case, case.call(headers=headers))

    run()


@contextmanager
def _connection_kept_open() -> Iterator[None]:
    """As Django's test client does: a request must not close the test's database connection (PostgreSQL)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_fuzzed_requests_get_no_server_error_and_no_internals() -> None:
    world = build_world()
    findings = Findings()
    with _connection_kept_open():
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
        operations = [result.ok() for result in schema.get_all_operations()]
        for role in ROLES:
            user = world.users[role]
            headers = {"Authorization": f"Bearer {issue_api_token(user=user, actor=user, name='fuzz')}"}
            for operation in operations:
                _fuzz(operation, headers, f"as {role}", findings)
    count(
        "fuzzing",
        requests=findings.requests,
        operations=len(operations),
        server_errors=findings.server_errors,
        disclosures=findings.disclosures,
    )
    assert not findings.problems, "\n".join(findings.problems[:50])
    if EXAMPLES >= 10:
        assert findings.requests >= MINIMUM_REQUESTS
