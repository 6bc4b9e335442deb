"""The security suite's summary: one line per family at the end of the run (``pytest -p no:terminal`` hides it).

Families record their counts in ``summary.COUNTS`` while they run (the audit chain trials, which live in
``groundwatch/audit/tests/test_tamper_trials.py``, too).
"""

from __future__ import annotations

from typing import Any

from groundwatch.tests.security.summary import COUNTS


def _lines() -> list[str]:
    lines = []
    if "matrix" in COUNTS:
        c = COUNTS["matrix"]
        lines.append(
            f"security: authorization matrix — {c['cells']} cells checked, {c['denied']} denied, "
            f"{c['leaks']} leaks"
        )
    if "fuzzing" in COUNTS:
        c = COUNTS["fuzzing"]
        lines.append(
            f"security: API fuzzing — {c['requests']} requests over {c['operations']} operations, "
            f"{c['server_errors']} server errors, {c['disclosures']} tracebacks/SQL/paths"
        )
    if "hostile" in COUNTS:
        c = COUNTS["hostile"]
        lines.append(
            f"security: hostile inputs — {c['payloads']} payloads, {c['deliveries']} deliveries over "
            f"{c['channels']} channels, {c['rejected']} refused with a stable code, {c['inert']} pages inert "
            f"in the browser, {c['executed']} executed"
        )
    if "at_rest" in COUNTS:
        c = COUNTS["at_rest"]
        lines.append(
            f"security: at rest — {c['canaries']} canaries, {c['places']} places searched, {c['found']} found"
        )
    if "audit" in COUNTS:
        c = COUNTS["audit"]
        lines.append(
            f"security: audit chain — {c['trials']} tamper trials of {c['kinds']} kinds (modify, delete, "
            f"reorder, insert, truncate), {c['detected']} detected at the first bad record"
        )
    return lines


def pytest_terminal_summary(terminalreporter: Any) -> None:
    lines = _lines()
    if lines:
        terminalreporter.section("security summary")
        for line in lines:
            terminalreporter.write_line(line)
