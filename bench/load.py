"""Loopback load test: groundwatch served on PostgreSQL under a realistic mix, for docs/operations/capacity.md.

    .venv/bin/python bench/load.py [--users 16] [--seconds 30] [--events 20000] [--server waitress|gunicorn]

Creates its own PostgreSQL database (gw_ops_load at 127.0.0.1:5432, dropped afterwards), fills it with
bench/generate.py, starts the server on 127.0.0.1 only, and runs virtual users (asyncio + httpx) for the
given time while an ACLED import runs: analysts page through events, dashboards pull filtered event
lists, monitors submit reports, reviewers list reports. Prints requests/s, p50/p95/p99 and errors, overall
and per kind. The load generator shares the machine's cores with the server: figures are a lower bound.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATABASE = "gw_ops_load"
ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def _admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN, autocommit=True) as connection:
        connection.execute(statement)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(events: int) -> dict[str, Any]:
    """Migrate, generate data, and make an analyst and a monitor with API tokens (in this process)."""
    from bench.generate import generate, setup

    setup(None)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    summary = generate(events, seed=42, mission_name="Load mission")
    from groundwatch.accounts.models import Mission
    from groundwatch.accounts.services import issue_api_token
    from groundwatch.core.choices import Role
    from groundwatch.tests.factories import make_member

    mission = Mission.objects.get(pk=summary["mission_id"])
    tokens = {}
    for role in (Role.ANALYST, Role.MONITOR):
        user = make_member(mission, role, f"load-{role}")
        tokens[str(role)] = issue_api_token(user=user, actor=None, name="load test")
    from django.db import connections

    connections.close_all()
    return {"slug": mission.slug, "tokens": tokens}


def start_server(kind: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    if kind == "gunicorn":
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "groundwatch.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
        ]
    else:
        command = [
            sys.executable,
            "-m",
            "groundwatch",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--threads",
            "8",
        ]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603


async def user_loop(
    client: Any,
    setup: dict[str, Any],
    until: float,
    samples: dict[str, list[float]],
    errors: dict[str, int],
    rng: random.Random,
) -> None:
    analyst = {"Authorization": f"Bearer {setup['tokens']['analyst']}"}
    monitor = {"Authorization": f"Bearer {setup['tokens']['monitor']}"}
    slug = setup["slug"]
    number = 0
    while time.monotonic() < until:
        pick = rng.random()
        if pick < 0.5:
            kind, request = (
                "analyst list",
                client.get(
                    f"/api/v1/events?mission={slug}&limit=50&offset={rng.randrange(0, 2000, 50)}",
                    headers=analyst,
                ),
            )
        elif pick < 0.7:
            kind, request = (
                "dashboard",
                client.get(
                    f"/api/v1/events?mission={slug}&event_type=armed_clash&limit=200", headers=analyst
                ),
            )
        elif pick < 0.9:
            number += 1
            body = {
                "mission": slug,
                "text": f"Patrol note {number}: road open, two checkpoints.",
                "channel": "api",
            }
            kind, request = "monitor submit", client.post("/api/v1/reports", json=body, headers=monitor)
        else:
            kind, request = (
                "review list",
                client.get(f"/api/v1/reports?mission={slug}&limit=20", headers=analyst),
            )
        started = time.perf_counter()
        try:
            response = await request
            ok = response.status_code < 400
        except Exception:
            ok = False
        samples.setdefault(kind, []).append(time.perf_counter() - started)
        if not ok:
            errors[kind] = errors.get(kind, 0) + 1


async def drive(port: int, setup: dict[str, Any], users: int, seconds: float) -> dict[str, Any]:
    import httpx

    samples: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=60) as client:
        until = time.monotonic() + seconds
        started = time.monotonic()
        await asyncio.gather(
            *(user_loop(client, setup, until, samples, errors, random.Random(n)) for n in range(users))
        )
        elapsed = time.monotonic() - started
    return summarise(samples, errors, elapsed)


def _percentiles(values: list[float]) -> dict[str, float]:
    if len(values) < 2:
        return {"p50": values[0] * 1000 if values else 0, "p95": 0, "p99": 0}
    cuts = statistics.quantiles(values, n=100)
    return {"p50": cuts[49] * 1000, "p95": cuts[94] * 1000, "p99": cuts[98] * 1000}


def summarise(samples: dict[str, list[float]], errors: dict[str, int], elapsed: float) -> dict[str, Any]:
    every = [value for values in samples.values() for value in values]
    kinds = {
        kind: {"requests": len(values), **_percentiles(values), "errors": errors.get(kind, 0)}
        for kind, values in sorted(samples.items())
    }
    return {
        "requests": len(every),
        "seconds": elapsed,
        "requests_per_s": len(every) / elapsed,
        **_percentiles(every),
        "errors": sum(errors.values()),
        "kinds": kinds,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--server", choices=["waitress", "gunicorn"], default="waitress")
    parser.add_argument("--no-import", action="store_true", help="no ACLED import during the test")
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    _admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{DATABASE}"')
    server = importer = None
    try:
        with tempfile.TemporaryDirectory(prefix="gw-load-") as temp:
            os.environ.update(
                DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
                GROUNDWATCH_DATA_DIR=temp,
                GROUNDWATCH_REQUIRE_TWO_FACTOR="false",
                GROUNDWATCH_LOG_LEVEL="WARNING",
                DJANGO_SETTINGS_MODULE="groundwatch.settings",
            )
            setup = prepare(options.events)
            port = _free_port()
            server = start_server(options.server, port, dict(os.environ))
            import httpx

            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not become ready")
                time.sleep(0.5)
            if not options.no_import:
                from bench.acled_rows import write_csv

                csv_path = write_csv(Path(temp) / "acled.csv", 5000)
                importer = subprocess.Popen(  # noqa: S603 - our own command
                    [
                        sys.executable,
                        "-m",
                        "groundwatch",
                        "import",
                        str(csv_path),
                        "--mission",
                        setup["slug"],
                    ],
                    env=dict(os.environ),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            result = asyncio.run(drive(port, setup, options.users, options.seconds))
    finally:
        for process in (importer, server):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        _admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    result.update(
        users=options.users,
        server=options.server,
        events=options.events,
        import_running=not options.no_import,
    )
    print(
        f"{options.server}, {options.users} users, {result['seconds']:.0f} s: {result['requests']:,} requests, "
        f"{result['requests_per_s']:.1f} req/s, p50 {result['p50']:.0f} ms, p95 {result['p95']:.0f} ms, "
        f"p99 {result['p99']:.0f} ms, {result['errors']} errors"
    )
    for kind, figures in result["kinds"].items():
        print(
            f"  {kind:<15} {figures['requests']:>6,} req  p50 {figures['p50']:>6.0f}  p95 {figures['p95']:>6.0f}  "
            f"p99 {figures['p99']:>6.0f} ms  errors {figures['errors']}"
        )
    if options.json:
        options.json.write_text(json.dumps(result, indent=1))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
