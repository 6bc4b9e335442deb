"""Kill an import subprocess at random moments until it finishes; then check nothing was lost or doubled.

Used by ``test_kill_resume.py`` (a few rounds) and ``bench/kill_resume.py`` (20 rounds).
"""

# Runs our own interpreter with our own arguments only.
# ruff: noqa: S603

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SETUP = """
import django; django.setup()
from groundwatch.tests.factories import make_mission
make_mission("Kill test", slug="kill-test")
"""


@dataclass(frozen=True)
class RoundResult:
    kills: int
    events: int
    claims: int
    records: int
    batches: list[int]
    rows_done: int


def _env(data_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(GROUNDWATCH_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="groundwatch.settings")
    return env


def prepare(work: Path, rows: int) -> tuple[Path, Path]:
    """A migrated SQLite data dir with one mission, and an ACLED file of ``rows`` rows."""
    sys.path.insert(0, str(ROOT))
    from bench.acled_rows import write_csv

    pristine = work / "pristine"
    groundwatch = [sys.executable, "-m", "groundwatch"]
    subprocess.run(
        [*groundwatch, "migrate", "-v", "0", "--skip-checks"], env=_env(pristine), check=True, cwd=ROOT
    )
    subprocess.run([sys.executable, "-c", SETUP], env=_env(pristine), check=True, cwd=ROOT)
    return pristine, write_csv(work / "acled.csv", rows)


def one_round(
    pristine: Path, data_file: Path, work: Path, seed: int, batch_size: int = 250, max_kills: int = 12
) -> RoundResult:
    data_dir = work / f"round-{seed}"
    shutil.copytree(pristine, data_dir)
    randomiser = random.Random(seed)
    command = [
        sys.executable,
        "-m",
        "groundwatch",
        "import",
        str(data_file),
        "--mission",
        "kill-test",
        "--batch-size",
        str(batch_size),
    ]
    kills = 0
    while True:
        process = subprocess.Popen(
            command, env=_env(data_dir), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if kills == 0:  # the first kill lands while batches are being written, however fast the import is
            _wait_for_a_batch(data_dir / "groundwatch.sqlite3", process)
            time.sleep(randomiser.uniform(0, 0.3))
        elif kills < max_kills:  # later ones at any moment (start-up included); then the last run finishes
            time.sleep(randomiser.uniform(0.3, 2.5))
        if kills >= max_kills or process.poll() is not None:
            assert process.wait() == 0, f"import failed with {process.returncode}"
            break
        process.send_signal(signal.SIGKILL)
        process.wait()
        kills += 1
    return _inspect(data_dir / "groundwatch.sqlite3", kills)


def _wait_for_a_batch(database: Path, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    """Return once the import has committed its first batch (or has stopped)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)) as db:
            if db.execute("SELECT COUNT(*) FROM ingest_importbatch").fetchone()[0]:
                return
        time.sleep(0.01)


def _inspect(database: Path, kills: int) -> RoundResult:
    with sqlite3.connect(database) as db:
        (events,) = db.execute("SELECT COUNT(*) FROM events_event").fetchone()
        (claims,) = db.execute("SELECT COUNT(*) FROM events_claim").fetchone()
        (records,) = db.execute("SELECT COUNT(DISTINCT external_id) FROM ingest_importedrecord").fetchone()
        batches = [row[0] for row in db.execute("SELECT number FROM ingest_importbatch ORDER BY number")]
        (rows_done,) = db.execute("SELECT rows_done FROM ingest_importrun").fetchone()
    return RoundResult(kills, events, claims, records, batches, rows_done)
