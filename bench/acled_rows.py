"""A generator of realistic, entirely fictional ACLED-format rows (current 31-column export)."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

from groundwatch.ingest.files.acled import COLUMNS  # the 31 columns, in the order ACLED exports them

TYPES = [
    ("Political violence", "Battles", "Armed clash", "State forces", "Rebel group"),
    (
        "Political violence",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "State forces",
        "Civilians",
    ),
    (
        "Political violence",
        "Explosions/Remote violence",
        "Air/drone strike",
        "External/Other forces",
        "Civilians",
    ),
    ("Political violence", "Violence against civilians", "Attack", "Political militia", "Civilians"),
    ("Demonstrations", "Protests", "Peaceful protest", "Protesters", ""),
    ("Strategic developments", "Strategic developments", "Agreement", "State forces", "State forces"),
    (
        "Political violence; Demonstrations",
        "Protests",
        "Excessive force against protesters",
        "State forces",
        "Protesters",
    ),
]
PLACES = [
    ("Northland", "Alpha Province", "Alpha District", "Riverton", 39.8153, 46.7519),
    ("Northland", "Alpha Province", "Beta District", "Hillcrest", 39.9911, 46.9297),
    ("Northland", "Gamma Province", "Gamma District", "Lakeside", 39.7586, 46.7486),
    ("Northland", "Delta Province", "Delta District", "Stonebridge", 39.6408, 46.5469),
]
ACTORS = {
    "State forces": "Military Forces of Northland (2019-)",
    "Rebel group": "Northern Liberation Front",
    "Political militia": "Unidentified Armed Group (Northland)",
    "External/Other forces": "Military Forces of Southland (2015-)",
    "Protesters": "Protesters (Northland)",
    "Civilians": "Civilians (Northland)",
}


def rows(count: int, seed: int = 7, prefix: str = "NTH") -> Iterator[list[str]]:
    randomiser = random.Random(seed)
    start = dt.date(2023, 1, 1)
    for number in range(1, count + 1):
        disorder, event_type, sub_type, inter1, inter2 = randomiser.choice(TYPES)
        country, admin1, admin2, location, lat, lon = randomiser.choice(PLACES)
        day = start + dt.timedelta(days=randomiser.randrange(600))
        fatalities = randomiser.choice([0, 0, 0, 1, 2, 3, 10])
        yield [
            f"{prefix}{number}",
            day.isoformat(),
            str(day.year),
            randomiser.choice("1112"),
            disorder,
            event_type,
            sub_type,
            ACTORS[inter1],
            "",
            inter1,
            ACTORS.get(inter2, ""),
            "",
            inter2,
            f"{inter1}-{inter2}" if inter2 else f"{inter1} only",
            "Civilians targeted" if inter2 == "Civilians" else "",
            "999",
            "Fictional region",
            country,
            admin1,
            admin2,
            "",
            location,
            f"{lat + randomiser.uniform(-0.05, 0.05):.4f}",
            f"{lon + randomiser.uniform(-0.05, 0.05):.4f}",
            randomiser.choice("112"),
            "Local Monitor Network; Northland Daily",
            "Local partner-National",
            f"On {day:%d %B %Y}, a fictional {sub_type.lower()} was reported in {location}.",
            str(fatalities),
            "",
            str(1700000000 + number),
        ]


def write_csv(path: Path, count: int, seed: int = 7) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows(count, seed))
    return path
