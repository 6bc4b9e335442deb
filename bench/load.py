"""Loopback load test: groundwatch served on PostgreSQL under a realistic mix, for docs/operations/capacity.md.

    .venv/bin/python bench/load.py [--users 16] [--seconds 30] [--events 20000]
                                   [--server waitress|gunicorn] [--processes 2] [--threads 4] [--json OUT]

Creates its own PostgreSQL database (gw_ops_load at 127.0.0.1:5432, dropped afterwards), fills it with
bench/generate.py, starts the server on 127.0.0.1 only, and runs virtual users (asyncio + httpx) for the
given time while an ACLED import runs. Each virtual user sends requests back to back (no think time), each
one drawn from this mix:

    30 %  analyst: a page of the event list (API, 50 events with their relations)
    10 %  analyst: one event (API)
    10 %  dashboard: the mission dashboard page (HTML, aggregations), signed in with a session
     5 %  dashboard: the map's data (JSON cells)
    15 %  monitor: an ODK Collect submission over OpenRosa (HEAD, then the instance XML and a 24 KB photo)
    15 %  monitor: a report through the API
    15 %  reviewer: the latest reports (API)

Prints requests/s, p50/p95/p99 and errors, overall and per kind (an OpenRosa HEAD+POST counts as one
request, timed as the pair). The load generator shares the machine's cores with the server: figures are a
lower bound.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
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


PASSWORD = "load-test-analyst-password-1"  # noqa: S105 - a throwaway account in a scratch database
PHOTO = b"\xff\xd8\xff\xe0" + os.urandom(24 * 1024) + b"\xff\xd9"


def openrosa_instance(place: str, instance_id: str, number: int) -> bytes:
    """A filled-in instance of the shipped incident_report form, as a phone sends it."""
    return (
        '<?xml version="1.0" ?><data id="incident_report" version="2024100101" '
        'xmlns:jr="http://openrosa.org/javarosa" xmlns:orx="http://openrosa.org/xforms"><event>'
        f"<event_date>2023-10-{1 + number % 28:02d}</event_date><violation_type>shelling</violation_type>"
        f"<place>{place}</place><location>39.81 46.75 0.0 5.0</location><local_area>school</local_area>"
        f"<description>Load test {number}: shelling reported near the school.</description></event>"
        "<act><victims_killed>1</victims_killed><victims_injured>2</victims_injured><victims_detained/>"
        "<victims_missing/><victim_group>residents</victim_group></act><involvement><perpetrator>unknown"
        "</perpetrator><perpetrator_kind>unknown</perpetrator_kind></involvement><information>"
        "<source_connection>witness</source_connection><reliability>likely_reliable</reliability>"
        f"<photo>photo.jpg</photo></information><meta><instanceID>{instance_id}</instanceID></meta></data>"
    ).encode()


def prepare(events: int) -> dict[str, Any]:
    """Migrate, generate data, install the shipped forms, and make an analyst (API token and password)
    and a monitor (API token, also used as the phone's device token) in this process."""
    from bench.generate import generate, setup

    setup(None)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    summary = generate(events, seed=42, mission_name="Load mission")
    from groundwatch.accounts.models import Mission
    from groundwatch.accounts.services import issue_api_token
    from groundwatch.core.choices import Role
    from groundwatch.events.models import Event
    from groundwatch.geo.models import Place
    from groundwatch.geo.services import load_seed_places
    from groundwatch.ingest.services import install_shipped_forms
    from groundwatch.tests.factories import make_member

    mission = Mission.objects.get(pk=summary["mission_id"])
    tokens, names = {}, {}
    for role in (Role.ANALYST, Role.MONITOR):
        user = make_member(mission, role, f"load-{role}")
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        tokens[str(role)] = issue_api_token(user=user, actor=None, name="load test")
        names[str(role)] = user.username
    load_seed_places()
    install_shipped_forms(mission=mission, actor=None)
    place = Place.objects.order_by("pk").first()
    assert place is not None, "the seed gazetteer is empty"
    event_ids = list(Event.objects.filter(mission=mission).values_list("pk", flat=True)[:2000])
    from django.db import connections

    connections.close_all()
    return {
        "slug": mission.slug,
        "tokens": tokens,
        "names": names,
        "place": f"place_{place.pk}",
        "event_ids": event_ids,
    }


def start_server(
    kind: str, port: int, env: dict[str, str], processes: int, threads: int
) -> subprocess.Popen[bytes]:
    if kind == "gunicorn":
        if not (Path(sys.executable).parent / "gunicorn").exists():
            raise SystemExit('gunicorn is not installed here: pip install ".[server]"')
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "groundwatch.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(processes),
            "--threads",
            str(threads),
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
            str(threads),
        ]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603


MIX = (
    (0.30, "analyst list"),
    (0.40, "analyst event"),
    (0.50, "dashboard page"),
    (0.55, "map data"),
    (0.70, "openrosa submit"),
    (0.85, "api report"),
    (1.00, "review list"),
)


async def one_request(client: Any, kind: str, setup: dict[str, Any], rng: random.Random, number: int) -> bool:
    """Send one request of the mix; True when every response was a success."""
    slug = setup["slug"]
    analyst = {"Authorization": f"Bearer {setup['tokens']['analyst']}"}
    monitor = {"Authorization": f"Bearer {setup['tokens']['monitor']}"}
    if kind == "analyst list":
        offset = rng.randrange(0, 2000, 50)
        response = await client.get(
            f"/api/v1/events?mission={slug}&limit=50&offset={offset}", headers=analyst
        )
    elif kind == "analyst event":
        response = await client.get(f"/api/v1/events/{rng.choice(setup['event_ids'])}", headers=analyst)
    elif kind == "dashboard page":
        response = await client.get(f"/m/{slug}/dashboard/", cookies=setup["session"])
    elif kind == "map data":
        response = await client.get(f"/m/{slug}/map/data.json", cookies=setup["session"])
    elif kind == "openrosa submit":
        phone = {"Authorization": setup["phone"], "X-OpenRosa-Version": "1.0"}
        url = f"/m/{slug}/openrosa/submission"
        head = await client.head(url, headers=phone)
        if head.status_code != 204:
            return False
        files = {
            "xml_submission_file": (
                "instance.xml",
                openrosa_instance(setup["place"], f"uuid:{uuid.uuid4()}", number),
                "text/xml",
            ),
            "photo.jpg": ("photo.jpg", PHOTO, "image/jpeg"),
        }
        response = await client.post(url, headers=phone, files=files)
    elif kind == "api report":
        body = {
            "mission": slug,
            "text": f"Patrol note {number}: road open, two checkpoints.",
            "channel": "api",
        }
        response = await client.post("/api/v1/reports", json=body, headers=monitor)
    else:
        response = await client.get(f"/api/v1/reports?mission={slug}&limit=20", headers=analyst)
    return response.status_code in (200, 201)  # a redirect (to the sign-in page) is a failure too


async def user_loop(
    client: Any,
    setup: dict[str, Any],
    until: float,
    samples: dict[str, list[float]],
    errors: dict[str, int],
    rng: random.Random,
) -> None:
    number = 0
    while time.monotonic() < until:
        pick = rng.random()
        kind = next(name for limit, name in MIX if pick < limit)
        number += 1
        started = time.perf_counter()
        try:
            ok = await one_request(client, kind, setup, rng, number)
        except Exception:  # a failed request counts as an error; the run goes on
            ok = False
        samples.setdefault(kind, []).append(time.perf_counter() - started)
        if not ok:
            errors[kind] = errors.get(kind, 0) + 1


def sign_in(port: int, setup: dict[str, Any]) -> None:
    """The analyst's browser session for the dashboard pages (a real sign-in through the login form)."""
    import httpx

    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as browser:
        page = browser.get("/accounts/login/")
        page.raise_for_status()
        token = browser.cookies["csrftoken"]
        form = {"username": setup["names"]["analyst"], "password": PASSWORD, "csrfmiddlewaretoken": token}
        signed_in = browser.post("/accounts/login/", data=form)
        if signed_in.status_code != 302:
            raise SystemExit(f"the analyst could not sign in: {signed_in.status_code}")
        setup["session"] = {"sessionid": signed_in.cookies["sessionid"]}
    encoded = base64.b64encode(f"{setup['names']['monitor']}:{setup['tokens']['monitor']}".encode()).decode()
    setup["phone"] = f"Basic {encoded}"


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
    parser.add_argument("--processes", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=0, help="threads per process (8 waitress, 4 gunicorn)")
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
            threads = options.threads or (8 if options.server == "waitress" else 4)
            server = start_server(options.server, port, dict(os.environ), options.processes, threads)
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
            sign_in(port, setup)
            result = asyncio.run(drive(port, setup, options.users, options.seconds))
    finally:
        for process in (importer, server):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        _admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    shape = (
        f"{options.processes} processes x {threads} threads"
        if options.server == "gunicorn"
        else f"1 x {threads}"
    )
    result.update(
        users=options.users,
        server=f"{options.server}, {shape}",
        load_average=os.getloadavg(),
        events=options.events,
        import_running=not options.no_import,
    )
    print(
        f"{result['server']}, {options.users} users, {result['seconds']:.0f} s: {result['requests']:,} requests, "
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
