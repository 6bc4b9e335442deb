"""Scale-out on one PostgreSQL and one Redis: two web processes in production mode and two task workers.

Imports are uploaded through the web page of either server (signed in once, on the first: sessions live in
the database, so the second accepts the same cookie). The uploads queue background imports on the shared
Redis queue; both workers take jobs from it. One worker is killed (SIGKILL) while it is in the middle of an
import; the other worker re-runs that job, which resumes from its ledger. At the end every job ran to
completion exactly once (one attempt each, two for the interrupted one) and every row is in the database
once. Runs only when the suite runs on PostgreSQL (as CI does), with Redis at 127.0.0.1:6379.
"""

from __future__ import annotations

import csv
import inspect
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from groundwatch.ingest.tasks import import_file
from groundwatch.operations.queue import RedisBackend
from groundwatch.operations.tests.support import count_rows, migrated_database, on_postgresql, wait_for

ROOT = Path(__file__).resolve().parents[3]
SMALL_JOBS, SMALL_ROWS = 8, 150
# A background import commits in batches of this many rows; the big file spans two and a bit, so the
# worker can be killed after the first batch is committed and before the import ends.
BATCH = inspect.signature(import_file.func).parameters["batch_size"].default
BIG_ROWS = 2 * BATCH + 500


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _acled_file(path: Path, rows: int, seed: int) -> Path:
    sys.path.insert(0, str(ROOT))
    try:
        from bench.acled_rows import COLUMNS
        from bench.acled_rows import rows as acled_rows
    finally:
        sys.path.remove(str(ROOT))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(acled_rows(rows, seed, prefix=f"J{seed}X"))  # ids distinct across files
    return path


class WebServer:
    """One `groundwatch serve --production` process, spoken to as if through the HTTPS reverse proxy."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and command
            [
                sys.executable,
                "-m",
                "groundwatch",
                "serve",
                "--production",
                "--port",
                str(self.port),
                "--threads",
                "4",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        self.last_answer = ""
        self.proxy = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "127.0.0.1",
            "Origin": f"https://127.0.0.1:{self.port}",
        }

    def ready(self) -> bool:
        try:
            response = httpx.get(f"{self.base}/readyz", headers=self.proxy, timeout=2)
        except httpx.HTTPError as error:
            self.last_answer = repr(error)
            return False
        self.last_answer = f"{response.status_code} {response.text[:300]}"
        return response.status_code == 200

    def wait_until_ready(self) -> None:
        try:
            wait_for(self.ready, timeout=60, process=self.process)
        except AssertionError as error:
            raise AssertionError(f"{error}; /readyz last answered: {self.last_answer}") from None

    def post(self, path: str, cookies: dict[str, str], **kwargs: Any) -> httpx.Response:
        cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        headers = {**self.proxy, "Cookie": cookie}
        return httpx.post(f"{self.base}{path}", headers=headers, timeout=60, follow_redirects=False, **kwargs)


def _set_cookies(response: httpx.Response) -> dict[str, str]:
    found = {}
    for header in response.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def _records(backend: RedisBackend) -> dict[str, dict[str, str]]:
    prefix = backend.key("result", "")
    return {key[len(prefix) :]: backend.client.hgetall(key) for key in backend.client.scan_iter(f"{prefix}*")}


def _finished_by(record: dict[str, str]) -> str:
    return json.loads(record["worker_ids"])[-1] if record.get("status") == "SUCCESSFUL" else ""


def test_two_web_processes_and_two_workers_share_the_work(transactional_db, tmp_path, redis_backend):
    if not on_postgresql():
        pytest.skip("scale-out runs on PostgreSQL (run the suite with DATABASE_URL=postgres://…)")
    from groundwatch.core.choices import Role
    from groundwatch.tests.factories import TEST_PASSWORD, make_member, make_mission

    mission = make_mission("Scale-out mission")
    analyst = make_member(mission, Role.ANALYST, "scale-analyst")
    files = [_acled_file(tmp_path / f"small-{n}.csv", SMALL_ROWS, seed=n) for n in range(SMALL_JOBS)]
    big = _acled_file(tmp_path / "big.csv", BIG_ROWS, seed=99)

    with migrated_database(tmp_path, "scale") as (env, target):
        from groundwatch.protection.keys import load_keyring

        load_keyring(
            Path(env["GROUNDWATCH_DATA_DIR"]) / "field-keys.json", create=True
        )  # production never makes one
        env.update(
            GROUNDWATCH_PRODUCTION="1",
            GROUNDWATCH_SECRET_KEY=secrets.token_urlsafe(50),
            GROUNDWATCH_HTTPS_PROXY="1",
            GROUNDWATCH_LOG_LEVEL="WARNING",
            GROUNDWATCH_TASK_BACKEND="redis",
            GROUNDWATCH_REDIS_URL=redis_backend.url,
            GROUNDWATCH_TASK_REDIS_PREFIX=redis_backend.prefix,
            GROUNDWATCH_TASK_VISIBILITY_TIMEOUT="2",
        )
        webs = [WebServer(env), WebServer(env)]
        workers = [
            subprocess.Popen(
                [sys.executable, "-m", "groundwatch", "run_worker"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(2)
        ]
        worker_ids = {f"{socket.gethostname()}-{worker.pid}" for worker in workers}
        try:
            for web in webs:
                web.wait_until_ready()
            # Sign in on the first server only. The CSRF cookie is the client's own (any 32-character
            # secret, echoed in the form), as a browser would hold one from an earlier page.
            csrf = secrets.token_hex(16)
            signed_in = webs[0].post(
                "/accounts/login/",
                {"csrftoken": csrf},
                data={"username": analyst.username, "password": TEST_PASSWORD, "csrfmiddlewaretoken": csrf},
            )
            assert signed_in.status_code == 302, signed_in.text[:500]
            cookies = {"csrftoken": csrf, "sessionid": _set_cookies(signed_in)["sessionid"]}

            def upload(web: WebServer, path: Path) -> None:
                with path.open("rb") as handle:
                    response = web.post(
                        f"/m/{mission.slug}/imports/",
                        cookies,
                        data={"format": "acled", "rule": "accept", "csrfmiddlewaretoken": csrf},
                        files={"file": (path.name, handle, "text/csv")},
                    )
                assert response.status_code == 302, (web.port, response.status_code, response.text[:500])
                assert f"/m/{mission.slug}/imports/" in response.headers["location"]

            for number, path in enumerate(files):
                upload(webs[number % 2], path)  # alternate between the two web processes

            def both_workers_finished_a_job() -> bool:
                return {_finished_by(record) for record in _records(redis_backend).values()} >= worker_ids

            wait_for(both_workers_finished_a_job, timeout=60)

            upload(webs[1], big)
            progress = "SELECT coalesce(max(rows_done), 0) FROM ingest_importrun WHERE file_name = %s"
            wait_for(lambda: count_rows(target, progress, (big.name,)) >= BATCH, timeout=60)
            (big_id,) = [key for key, rec in _records(redis_backend).items() if big.name in rec["kwargs"]]
            holder = redis_backend.client.get(redis_backend.key("lease", big_id))
            assert redis_backend.get_result(big_id).status == "RUNNING" and holder, "import ended too soon"
            os.kill(int(holder.rsplit("-", 1)[1]), signal.SIGKILL)  # mid-import: one batch committed

            def all_done() -> bool:
                records = _records(redis_backend).values()
                return all(record["status"] in ("SUCCESSFUL", "FAILED") for record in records)

            wait_for(all_done, timeout=90)
        finally:
            for process in [*workers, *(web.process for web in webs)]:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in [*workers, *(web.process for web in webs)]:
                process.wait(timeout=30)

        records = _records(redis_backend)
        assert len(records) == SMALL_JOBS + 1  # one job per upload, none queued twice
        assert all(record["status"] == "SUCCESSFUL" for record in records.values()), [
            record.get("errors") for record in records.values()
        ]
        attempts = {key: int(record["attempts"]) for key, record in records.items()}
        assert attempts.pop(big_id) == 2  # killed once, then run again by the other worker
        assert set(attempts.values()) == {1}  # every other job ran exactly once
        big_workers = json.loads(records[big_id]["worker_ids"])
        assert len(set(big_workers)) == 2 and big_workers[0] == holder
        assert {
            worker for record in records.values() for worker in json.loads(record["worker_ids"])
        } == worker_ids

        runs = "SELECT count(*) FROM ingest_importrun WHERE mission_id = %s AND status = 'completed'"
        assert count_rows(target, runs, (mission.pk,)) == SMALL_JOBS + 1
        events = count_rows(target, "SELECT count(*) FROM events_event WHERE mission_id = %s", (mission.pk,))
        assert events == SMALL_JOBS * SMALL_ROWS + BIG_ROWS  # no row lost, none written twice
        created = "SELECT coalesce(sum(rows_created), 0) FROM ingest_importrun WHERE mission_id = %s"
        assert count_rows(target, created, (mission.pk,)) == SMALL_JOBS * SMALL_ROWS + BIG_ROWS
