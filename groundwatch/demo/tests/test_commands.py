"""``groundwatch demo`` and ``groundwatch serve``: what they print, when they refuse, and a real server."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.test import override_settings
from django.urls import Resolver404, resolve

from groundwatch.demo.credentials import read_credentials
from groundwatch.demo.scenario import MISSION_SLUG

REPO_ROOT = Path(__file__).resolve().parents[3]


def test_demo_without_serving_prints_the_saved_credentials(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    first, second = StringIO(), StringIO()

    call_command("demo", "--no-serve", stdout=first)
    call_command("demo", "--no-serve", stdout=second)

    saved = read_credentials(settings.DATA_DIR / "demo-credentials.json")
    assert len(saved) == 5
    for credential in saved.values():
        for output in (first.getvalue(), second.getvalue()):
            assert credential.username in output
            assert credential.password in output
            assert credential.token in output
    assert "/api/v1/docs" in first.getvalue()
    assert f"/api/v1/events?mission={MISSION_SLUG}" in first.getvalue()
    assert "nothing changed" in second.getvalue()


def test_check_fails_in_production_without_a_secret_key():
    with (
        override_settings(SECRET_KEY_ORIGIN="missing", PRODUCTION=True),
        pytest.raises(SystemCheckError) as error,
    ):
        call_command("check", stdout=StringIO(), stderr=StringIO())
    assert "groundwatch.E001" in str(error.value)


def test_serve_refuses_to_start_in_production_without_a_secret_key(db):
    with override_settings(SECRET_KEY_ORIGIN="missing", PRODUCTION=True), pytest.raises(SystemCheckError):
        call_command("serve", "--port", "0", stdout=StringIO(), stderr=StringIO())


def test_serve_production_flag_needs_production_mode(db):
    with override_settings(PRODUCTION=False), pytest.raises(CommandError, match="GROUNDWATCH_PRODUCTION"):
        call_command("serve", "--production", "--port", "0", stdout=StringIO())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, token: str = "") -> tuple[int, bytes]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310  (loopback test server)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  (loopback test server)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _post(url: str, body: bytes) -> int:
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310  (loopback test server)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  (loopback test server)
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def _announce_body(port: int, length: int) -> int:
    """The status a POST announcing a body of ``length`` bytes gets before any of the body is sent."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(
            f"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {length}\r\n\r\n".encode()
        )
        status_line = connection.makefile("rb").readline().decode()
    return int(status_line.split()[1])


def _wait_for(url: str, server: subprocess.Popen[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, f"server exited early:\n{server.communicate()[0]}"
        try:
            if _get(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def _events_endpoint_exists() -> bool:
    try:
        resolve("/api/v1/events")
    except Resolver404:
        return False
    return True


def test_serve_answers_health_login_and_api_over_http(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GROUNDWATCH_", "DATABASE_URL"))
    }
    environment |= {"GROUNDWATCH_DATA_DIR": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "groundwatch"]
    subprocess.run(  # noqa: S603  (our own command line)
        [*command, "demo", "--no-serve"], env=environment, cwd=REPO_ROOT, check=True, capture_output=True
    )
    credentials = read_credentials(tmp_path / "data" / "demo-credentials.json")
    token = credentials["demo-analyst"].token
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    # Small limits: the server takes bodies up to the largest file groundwatch accepts, plus 1 MiB.
    limits = {"GROUNDWATCH_IMPORT_MAX_BYTES": "2000", "GROUNDWATCH_ATTACHMENT_MAX_BYTES": "1000"}
    server = subprocess.Popen(  # noqa: S603  (our own command line)
        [*command, "serve", "--port", str(port), "--threads", "2"],
        env=environment | limits,
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_for(f"{base}/healthz", server)
        assert _get(f"{base}/accounts/login/")[0] == 200
        if _events_endpoint_exists():
            status, body = _get(f"{base}/api/v1/events?mission={MISSION_SLUG}", token)
            assert status == 200, body
            assert json.loads(body)["count"] >= 15
            assert _get(f"{base}/api/v1/events?mission={MISSION_SLUG}")[0] == 401
        else:
            assert _get(f"{base}/api/v1/missions", token)[0] == 200
        assert _post(f"{base}/accounts/login/", b"x" * 100_000) == 403  # Django's answer (no CSRF token)
        assert _announce_body(port, 2 * 1024 * 1024 + 1) == 413  # waitress's, from the headers alone
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=30)
    assert server.returncode == 0, output
    assert f"listening on http://127.0.0.1:{port}/" in output
    assert "Stopped." in output
