"""OpenRosa throughput: field-app submissions against `groundwatch serve` on loopback.

    .venv/bin/python bench/openrosa.py [--clients 10] [--seconds 25] [--postgres] [--password]
                                       [--processes 1]

Starts from an empty data directory (SQLite, or a scratch PostgreSQL database gw_bench_openrosa with
--postgres), installs the shipped forms, then starts `groundwatch serve` on 127.0.0.1 and runs N
concurrent clients, each sending what ODK Collect sends for one filled-in incident report: a HEAD to
/submission, then a multipart POST with ``xml_submission_file`` and a 24 KB photo, each with a new
instanceID. Prints submissions/s and p50/p95 latency of the POST and of the HEAD+POST pair.

The baseline, measured in the same run against the same server by the same clients: GET /healthz
(a view that returns {"status": "ok"}: Django's request path with no database). Authentication is a
device token sent as the Basic password (what phones are given); --password signs in with the account
password instead (each request then runs the password hasher). The load generator shares the
machine's cores with the server, so the figures are a lower bound for the server alone.
--processes N (N > 1) serves with gunicorn, N processes sharing the clients' threads (pip install ".[server]").
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import resource
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
DATABASE = "gw_bench_openrosa"
ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PHOTO = b"\xff\xd8\xff\xe0" + os.urandom(24 * 1024) + b"\xff\xd9"
PASSWORD = "bench-openrosa-password-1"  # noqa: S105 - a throwaway account in a scratch database


def _admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN, autocommit=True) as connection:
        connection.execute(statement)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def incident_xml(place: str, instance_id: str) -> bytes:
    """An incident report shaped exactly as ODK Collect writes the instance of the shipped form."""
    return (
        '<?xml version=\'1.0\' ?><data id="incident_report" version="2024100101" '
        'xmlns:jr="http://openrosa.org/javarosa" xmlns:orx="http://openrosa.org/xforms">'
        "<event><event_date>2023-09-19</event_date><violation_type>shelling</violation_type>"
        f"<place>{place}</place><location>39.8153 46.7519 0.0 4.0</location><local_area>market</local_area>"
        "<description>Shells hit the central market in the morning.</description></event>"
        "<act><victims_killed>3</victims_killed><victims_injured>7</victims_injured><victims_detained/>"
        "<victims_missing/><victim_group>market traders</victim_group></act>"
        "<involvement><perpetrator>Artillery unit</perpetrator><perpetrator_kind>state_forces"
        "</perpetrator_kind></involvement><information><source_connection>witness</source_connection>"
        "<reliability>likely_reliable</reliability><photo>1695112345678.jpg</photo></information>"
        f"<meta><instanceID>{instance_id}</instanceID></meta></data>"
    ).encode()


def prepare() -> dict[str, Any]:
    """Migrate, load the seed gazetteer, make a mission with the shipped forms and a monitor."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundwatch.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    from django.db import connections

    from groundwatch.accounts.services import issue_api_token
    from groundwatch.core.choices import Role
    from groundwatch.geo.models import Place
    from groundwatch.geo.services import load_seed_places
    from groundwatch.ingest.services import install_shipped_forms
    from groundwatch.tests.factories import make_member, make_mission

    load_seed_places()
    mission = make_mission("OpenRosa bench mission")
    install_shipped_forms(mission=mission, actor=None)
    monitor = make_member(mission, Role.MONITOR, "bench-monitor")
    monitor.set_password(PASSWORD)
    monitor.save(update_fields=["password"])
    token = issue_api_token(user=monitor, actor=None, name="bench phone")
    place = Place.objects.order_by("pk").first()
    assert place is not None, "the seed gazetteer is empty"
    connections.close_all()
    return {"slug": mission.slug, "token": token, "username": monitor.username, "place": f"place_{place.pk}"}


def queries_per_submission(setup: dict[str, Any]) -> int:
    """SQL statements one submission (HEAD + POST) runs, counted in this process with the test client."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1", headers=_auth(setup, password=False))
    url = f"/m/{setup['slug']}/openrosa/submission"
    client.head(url)  # warm-up: URLconf, imports
    with CaptureQueriesContext(connection) as captured:
        client.head(url)
        data = {
            "xml_submission_file": SimpleUploadedFile(
                "1695112345678.xml", incident_xml(setup["place"], f"uuid:{uuid.uuid4()}"), "text/xml"
            ),
            "1695112345678.jpg": SimpleUploadedFile("1695112345678.jpg", PHOTO, "image/jpeg"),
        }
        response = client.post(url, data=data)
    assert response.status_code == 201, response.content[:300]
    return len(captured.captured_queries)


def _auth(setup: dict[str, Any], *, password: bool) -> dict[str, str]:
    secret = PASSWORD if password else setup["token"]
    encoded = base64.b64encode(f"{setup['username']}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {encoded}", "X-OpenRosa-Version": "1.0"}


def start_server(port: int, threads: int, processes: int = 1) -> subprocess.Popen[bytes]:
    if processes > 1:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        if not gunicorn.exists():
            raise SystemExit('--processes needs gunicorn: pip install ".[server]"')
        command = [str(gunicorn), "groundwatch.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", str(processes), "--threads", str(max(1, -(-threads // processes)))]
    else:
        command = [sys.executable, "-m", "groundwatch", "serve", "--host", "127.0.0.1", "--port", str(port)]
        command += ["--threads", str(threads)]
    return subprocess.Popen(command, env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603


def _wait_ready(port: int, server: subprocess.Popen[bytes]) -> None:
    import httpx

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(
                f"the server stopped: {server.stderr.read().decode()[-2000:] if server.stderr else ''}"
            )
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("the server did not become ready")


async def _submitter(
    client: Any, setup: dict[str, Any], headers: dict[str, str], until: float, out: dict[str, Any]
) -> None:
    url = f"/m/{setup['slug']}/openrosa/submission"
    while time.monotonic() < until:
        started = time.perf_counter()
        try:
            head = await client.head(url, headers=headers)
            posted = time.perf_counter()
            files = {
                "xml_submission_file": (
                    "1695112345678.xml",
                    incident_xml(setup["place"], f"uuid:{uuid.uuid4()}"),
                    "text/xml",
                ),
                "1695112345678.jpg": ("1695112345678.jpg", PHOTO, "image/jpeg"),
            }
            response = await client.post(url, headers=headers, files=files)
            ok = head.status_code == 204 and response.status_code == 201
        except Exception:  # a failed request counts as an error; the run goes on
            ok, posted = False, time.perf_counter()
        ended = time.perf_counter()
        if ok:
            out["post"].append(ended - posted)
            out["pair"].append(ended - started)
        else:
            out["errors"] += 1


async def _pinger(client: Any, until: float, out: dict[str, Any]) -> None:
    while time.monotonic() < until:
        started = time.perf_counter()
        try:
            ok = (await client.get("/healthz")).status_code == 200
        except Exception:  # counted as an error
            ok = False
        if ok:
            out["post"].append(time.perf_counter() - started)
        else:
            out["errors"] += 1


async def drive(port: int, clients: int, seconds: float, make: Any) -> dict[str, Any]:
    import httpx

    out: dict[str, Any] = {"post": [], "pair": [], "errors": 0}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=60) as client:
        started = time.monotonic()
        until = started + seconds
        await asyncio.gather(*(make(client, until, out) for _ in range(clients)))
        elapsed = time.monotonic() - started
    return {
        "count": len(out["post"]),
        "per_s": len(out["post"]) / elapsed,
        "p50_ms": _quantile(out["post"], 50),
        "p95_ms": _quantile(out["post"], 95),
        "pair_p50_ms": _quantile(out["pair"], 50),
        "pair_p95_ms": _quantile(out["pair"], 95),
        "errors": out["errors"],
        "seconds": elapsed,
    }


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process and its children (gunicorn's workers) have used so far, from /proc.

    0 where there is no /proc.
    """
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _quantile(values: list[float], percent: int) -> float:
    if not values:
        return 0.0
    if len(values) < 2:
        return values[0] * 1000
    return statistics.quantiles(values, n=100)[percent - 1] * 1000


def measure(
    data: Path,
    *,
    clients: int = 10,
    seconds: float = 25,
    postgres: bool = False,
    password: bool = False,
    processes: int = 1,
) -> dict[str, Any]:
    """The whole run: a fresh database, a server, the baseline, then the submissions."""
    os.environ.update(
        GROUNDWATCH_DATA_DIR=str(data),
        GROUNDWATCH_REQUIRE_TWO_FACTOR="false",
        GROUNDWATCH_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="groundwatch.settings",
    )
    if postgres:
        _admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        _admin(f'CREATE DATABASE "{DATABASE}"')
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
    else:
        os.environ.pop("DATABASE_URL", None)
    server = None
    try:
        setup = prepare()
        queries = queries_per_submission(setup)
        from django.db import connections

        connections.close_all()
        port = _free_port()
        server = start_server(port, threads=max(clients, 8), processes=processes)
        _wait_ready(port, server)
        headers = _auth(setup, password=password)
        asyncio.run(drive(port, clients, 2, lambda c, u, o: _pinger(c, u, o)))  # warm-up
        baseline = asyncio.run(drive(port, clients, min(seconds, 10), lambda c, u, o: _pinger(c, u, o)))
        asyncio.run(drive(port, 2, 2, lambda c, u, o: _submitter(c, setup, headers, u, o)))  # warm-up
        cpu_before, client_before = _cpu_seconds(server.pid), _own_cpu_seconds()
        ours = asyncio.run(drive(port, clients, seconds, lambda c, u, o: _submitter(c, setup, headers, u, o)))
        server_cpu = _cpu_seconds(server.pid) - cpu_before
        client_cpu = _own_cpu_seconds() - client_before
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
        if postgres:
            _admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    return {
        "database": "postgresql" if postgres else "sqlite",
        "auth": "password" if password else "device token",
        "clients": clients,
        "server": f"gunicorn, {processes} processes" if processes > 1 else "groundwatch serve (waitress)",
        "queries_per_submission": queries,
        "server_cpu_ms_per_submission": 1000 * server_cpu / max(ours["count"], 1),
        "client_cpu_ms_per_submission": 1000 * client_cpu / max(ours["count"], 1),
        "submissions": ours,
        "baseline_healthz": baseline,
    }


def render(result: dict[str, Any]) -> str:
    ours, base = result["submissions"], result["baseline_healthz"]
    return "\n".join(
        [
            f"OpenRosa, {result['clients']} clients, {result['server']}, {result['database']}, {result['auth']}, "
            f"{os.cpu_count()} cores (load generator on the same machine)",
            f"| {'':<34} | {'per s':>8} | {'p50 ms':>8} | {'p95 ms':>8} | {'errors':>6} |",
            f"|{'-' * 36}|{'-' * 9}:|{'-' * 9}:|{'-' * 9}:|{'-' * 7}:|",
            f"| {'submissions (POST)':<34} | {ours['per_s']:>8.1f} | {ours['p50_ms']:>8.1f} | "
            f"{ours['p95_ms']:>8.1f} | {ours['errors']:>6} |",
            f"| {'submissions (HEAD + POST)':<34} | {ours['per_s']:>8.1f} | {ours['pair_p50_ms']:>8.1f} | "
            f"{ours['pair_p95_ms']:>8.1f} | {'':>6} |",
            f"| {'baseline: GET /healthz':<34} | {base['per_s']:>8.1f} | {base['p50_ms']:>8.1f} | "
            f"{base['p95_ms']:>8.1f} | {base['errors']:>6} |",
            f"ratio submissions/baseline: {ours['per_s'] / base['per_s']:.3f}; "
            f"SQL statements per submission (HEAD + POST): {result['queries_per_submission']}; "
            f"server CPU per submission: {result['server_cpu_ms_per_submission']:.1f} ms; "
            f"load generator CPU per submission: {result['client_cpu_ms_per_submission']:.1f} ms",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=25)
    parser.add_argument(
        "--postgres", action="store_true", help="a scratch PostgreSQL database instead of SQLite"
    )
    parser.add_argument(
        "--password", action="store_true", help="sign in with the password, not a device token"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="serve with gunicorn, this many processes (default: waitress)",
    )
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gw-openrosa-") as temp:
        result = measure(
            Path(temp),
            clients=options.clients,
            seconds=options.seconds,
            postgres=options.postgres,
            password=options.password,
            processes=options.processes,
        )
    print(render(result))
    if options.json:
        options.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
