"""The curated table of regions and features is well-formed and agrees with the polygons."""

from __future__ import annotations

import csv

import pytest
import shapely

from mapper.boundaries import Boundaries
from mapper.gazetteer.records import FEATURE_TYPES
from mapper.paths import geodata_dir

ROWS = list(csv.DictReader((geodata_dir() / "curated_places.csv").open(encoding="utf-8")))
LAND_TYPES = {"region", "landmark"}


def test_enough_rows_each_with_a_source() -> None:
    assert len(ROWS) >= 40
    assert all(row["source"].strip() for row in ROWS)
    keys = [row["key"] for row in ROWS]
    assert len(keys) == len(set(keys))


def test_values_are_in_range() -> None:
    for row in ROWS:
        assert row["feature_type"] in FEATURE_TYPES, row["key"]
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180, row["key"]
        assert row["country_code"] == "" or len(row["country_code"]) == 2, row["key"]


@pytest.mark.parametrize("row", [r for r in ROWS if r["admin1_units"]], ids=lambda r: r["key"])
def test_admin1_units_exist_and_belong_to_the_country(row: dict, boundaries: Boundaries) -> None:
    units = boundaries.admin1()
    for code in row["admin1_units"].split("|"):
        assert code in units.index, f"{row['key']}: {code} has no polygon"
        if row["country_code"]:
            assert units.loc[code, "country_code"] == row["country_code"], row["key"]


@pytest.mark.parametrize("row", [r for r in ROWS if r["feature_type"] in LAND_TYPES
                                 and r["country_code"] and not r["admin1_units"]],
                         ids=lambda r: r["key"])
def test_land_points_lie_in_their_country(row: dict, boundaries: Boundaries) -> None:
    country = boundaries.country_geometry(row["country_code"])
    assert country is not None, row["key"]
    point = shapely.Point(float(row["lon"]), float(row["lat"]))
    # Nearest country, within 0.6 degree: islands too small for Natural Earth 10m (Snake Island
    # lies ~45 km off the coast) and coastal landmarks on simplified coastlines.
    assert country.distance(point) < 0.6, row["key"]
    nearest = min(boundaries.countries().itertuples(), key=lambda c: c.geometry.distance(point))
    assert nearest.code == row["country_code"], row["key"]
