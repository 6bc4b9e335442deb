"""Small scripted workloads for the operations tests and benches, run in their own process.

    python -m groundwatch.operations.scenario seed-and-write --state DIR [--reports 20]
        Seeds mission A (reports with attachments, claims, events, measures), writes A's canonical export
        to DIR/source-export.json, then records reports with attachments into mission B until DIR/stop
        exists, appending each acknowledged report id to DIR/written.txt.

The database and store come from the environment (GROUNDWATCH_DATA_DIR / DATABASE_URL) like any command.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundwatch.settings")
    import django

    django.setup()


def seed_mission(name: str, reports: int) -> int:
    from groundwatch.events.services import MeasureInput
    from groundwatch.tests.factories import make_claim, make_event, make_mission, make_report

    mission = make_mission(name)
    for number in range(reports):
        report = make_report(
            mission,
            f"Monitors counted {number + 3} trucks at checkpoint {number % 7}.",
            files=[(f"photo-{number}.jpg", f"picture {name} {number}".encode() * 50)],
        )
        make_claim(report)
        make_event(
            mission,
            f"Convoy {number}",
            event_type="aid_delivery",
            date_start=dt.date(2023, 9, 1) + dt.timedelta(days=number % 28),
            measures=[MeasureInput("ammunition", number * 10 + 1)],
        )
    return mission.pk


def write_until_stopped(mission_id: int, state: Path) -> None:
    from groundwatch.accounts.models import Mission
    from groundwatch.tests.factories import make_report

    mission = Mission.objects.get(pk=mission_id)
    number = 0
    with (state / "written.txt").open("a", encoding="utf-8") as written:
        while not (state / "stop").exists():
            report = make_report(
                mission, f"Live report {number}", files=[(f"live-{number}.txt", f"live {number}".encode())]
            )
            written.write(f"{report.pk}\n")
            written.flush()
            number += 1
            time.sleep(0.005)


def seed_and_write(state: Path, reports: int) -> None:
    from groundwatch.operations.canonical import canonical_export

    quiet = seed_mission("Quiet mission", reports)
    live = seed_mission("Live mission", 2)
    (state / "source-export.json").write_bytes(canonical_export(quiet))
    (state / "missions.json").write_text(json.dumps({"quiet": quiet, "live": live}))
    write_until_stopped(live, state)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m groundwatch.operations.scenario")
    parser.add_argument("action", choices=["seed-and-write"])
    parser.add_argument("--state", type=Path, required=True)
    parser.add_argument("--reports", type=int, default=20)
    arguments = parser.parse_args(argv)
    _setup()
    seed_and_write(arguments.state, arguments.reports)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
