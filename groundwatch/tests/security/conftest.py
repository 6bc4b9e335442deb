"""The security suite's summary: one line per family at the end of the run (``pytest -p no:terminal`` hides it).

Families record their counts in ``summary.COUNTS`` while they run; the audit chain trials live in
``groundwatch/audit/tests/test_tamper_trials.py`` and are counted here from the test reports.
"""

from __future__ import annotations

from typing import Any

import pytest

from groundwatch.tests.security.summary import COUNTS

AUDIT_TRIALS = "audit/tests/test_tamper_trials.py"


def _audit_trials(stats: dict[str, list[Any]]) -> tuple[int, int]:
    """(trials run, trials passed) from the session's test reports."""
    calls = [
        report
        for reports in stats.values()
        for report in reports
        if isinstance(report, pytest.TestReport) and report.when == "call" and AUDIT_TRIALS in report.nodeid
    ]
    return len(calls), sum(1 for report in calls if report.passed)


def _lines(trials: tuple[int, int]) -> list[str]:
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
    if trials[0]:
        lines.append(
            f"security: audit chain — {trials[0]} tamper trials, {trials[1]} detected at the first bad record"
        )
    return lines


def pytest_terminal_summary(terminalreporter: Any) -> None:
    lines = _lines(_audit_trials(terminalreporter.stats))
    if lines:
        terminalreporter.section("security summary")
        for line in lines:
            terminalreporter.write_line(line)
