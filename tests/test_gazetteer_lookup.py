"""Lookups an analyst relies on, against the real gazetteer."""

import pytest

from mapper.boundaries import geodesic_distance_km
from mapper.gazetteer import Gazetteer

KHARKIV_CITY = 706483
KHARKIV_OBLAST_ISO = "UA-63"


def top(gazetteer: Gazetteer, name: str, **kwargs):
    found = gazetteer.lookup(name, **kwargs)
    assert found, f"no candidates for {name!r}"
    return found[0]


@pytest.mark.parametrize("name", ["Kharkiv", "Kharkov", "Харків", "Харьков", "Charków"])
def test_kharkiv_spellings_resolve_to_the_city(gazetteer: Gazetteer, name: str) -> None:
    best = top(gazetteer, name)
    assert (best.geonameid, best.feature_type, best.country_code) == (KHARKIV_CITY, "city", "UA")


@pytest.mark.parametrize("name", ["Kharkiv Oblast", "Kharkiv region", "Kharkiv oblast",
                                  "the Kharkiv region", "Kharkivska oblast", "Харківська область"])
def test_kharkiv_region_spellings_resolve_to_the_oblast(gazetteer: Gazetteer, name: str) -> None:
    best = top(gazetteer, name)
    assert best.feature_type == "admin1"
    assert best.admin1_code == KHARKIV_OBLAST_ISO
    assert best.polygon == f"admin1:{KHARKIV_OBLAST_ISO}"


@pytest.mark.parametrize(("name", "iso"), [("Sumy region", "UA-59"), ("Belgorod Oblast", "RU-BEL"),
                                           ("Kursk Oblast", "RU-KRS"), ("Donetsk Oblast", "UA-14")])
def test_region_designators(gazetteer: Gazetteer, name: str, iso: str) -> None:
    best = top(gazetteer, name)
    assert (best.feature_type, best.admin1_code) == ("admin1", iso)


@pytest.mark.parametrize(("name", "geonameid"), [("Kyiv", 703448), ("Kiev", 703448),
                                                 ("Київ", 703448), ("Odesa", 698740),
                                                 ("Odessa", 698740), ("Moscow", 524901),
                                                 ("Москва", 524901)])
def test_transliterations(gazetteer: Gazetteer, name: str, geonameid: int) -> None:
    assert top(gazetteer, name).geonameid == geonameid


@pytest.mark.parametrize(("name", "lat", "lon"), [("Vovchansk", 50.29, 36.94),
                                                  ("Lyptsi", 50.20, 36.43),
                                                  ("Вовчанськ", 50.29, 36.94)])
def test_front_line_villages(gazetteer: Gazetteer, name: str, lat: float, lon: float) -> None:
    best = top(gazetteer, name)
    assert (best.country_code, best.admin1_code) == ("UA", KHARKIV_OBLAST_ISO)
    assert geodesic_distance_km(best.lat, best.lon, lat, lon) < 10


def test_normandy_is_french_when_the_context_says_france(gazetteer: Gazetteer) -> None:
    found = gazetteer.lookup("Normandy", limit=20)
    assert any(c.country_code == "FR" and c.feature_type in {"admin1", "region"} for c in found)
    assert any(c.country_code == "US" for c in found), "Normandy, Missouri is a candidate too"
    best = top(gazetteer, "Normandy", context_countries=["FR"])
    assert best.country_code == "FR" and best.feature_type in {"admin1", "region"}
    assert geodesic_distance_km(best.lat, best.lon, 49.12, 0.11) < 120


def test_washington_candidates_include_dc_and_the_state(gazetteer: Gazetteer) -> None:
    found = gazetteer.lookup("Washington", limit=10)
    codes = {(c.feature_type, c.admin1_code) for c in found}
    assert ("city", "US-DC") in codes
    assert ("admin1", "US-WA") in codes
    assert found[0].admin1_code == "US-DC"


@pytest.mark.parametrize(("name", "lat", "lon", "max_km"), [
    ("Black Sea", 43.4, 34.0, 400), ("the Black Sea", 43.4, 34.0, 400),
    ("Donbas", 48.3, 38.5, 150), ("Donbass", 48.3, 38.5, 150), ("Crimea", 45.3, 34.4, 120),
    ("Sea of Azov", 46.0, 36.5, 200), ("Kerch Strait", 45.3, 36.5, 40),
])
def test_curated_features_resolve(gazetteer: Gazetteer, name: str, lat: float, lon: float,
                                  max_km: float) -> None:
    best = top(gazetteer, name)
    assert geodesic_distance_km(best.lat, best.lon, lat, lon) < max_km


def test_donbas_and_crimea_link_to_polygons(gazetteer: Gazetteer) -> None:
    assert top(gazetteer, "Donbas").polygon in {"admin1:UA-14|UA-09", "admin1:UA-09|UA-14"}
    crimea = [c for c in gazetteer.lookup("Crimea") if c.polygon]
    assert crimea and all(c.country_code == "UA" for c in crimea)


def test_dnipro_river_vs_city(gazetteer: Gazetteer) -> None:
    assert top(gazetteer, "Dnipro").feature_type == "city"
    assert top(gazetteer, "the Dnipro River").feature_type == "river"
    assert top(gazetteer, "Dnieper").feature_type == "river"


@pytest.mark.parametrize(("name", "code"), [("Russia", "RU"), ("Ukraine", "UA"), ("USA", "US"),
                                            ("U.S.", "US"), ("United States", "US"),
                                            ("Britain", "GB"), ("Россия", "RU"),
                                            ("Україна", "UA"), ("Georgia", "GE")])
def test_countries_are_countries(gazetteer: Gazetteer, name: str, code: str) -> None:
    best = top(gazetteer, name)
    assert (best.feature_type, best.country_code) == ("country", code)


def test_scores_are_probabilities(gazetteer: Gazetteer) -> None:
    found = gazetteer.lookup("Paris", limit=100)
    assert all(0.0 <= c.score <= 1.0 for c in found)
    assert sum(c.score for c in found) == pytest.approx(1.0, abs=0.01)
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


def test_feature_type_filter(gazetteer: Gazetteer) -> None:
    found = gazetteer.lookup("Kharkiv", feature_types=["admin1"])
    assert found and {c.feature_type for c in found} == {"admin1"}


@pytest.mark.parametrize(("typo", "geonameid"), [("Kharkiw", 706483), ("Zaporizhzia", 687700),
                                                 ("Mariupl", 701822)])
def test_fuzzy_lookup_for_misspellings(gazetteer: Gazetteer, typo: str, geonameid: int) -> None:
    assert gazetteer.lookup(typo) == []
    found = gazetteer.fuzzy_lookup(typo)
    assert found and found[0].geonameid == geonameid
    assert found[0].match == "fuzzy" and found[0].score < 1.0


@pytest.mark.parametrize("bad", ["", "   ", "x" * 10_000, "\x00\x01\x02", "'; DROP TABLE names;--",
                                 "%", "_", "Kharkiv' OR '1'='1", "\\", "🙂🙂", "\ufeff\u200b"])
def test_bad_input_returns_empty_not_error(gazetteer: Gazetteer, bad: str) -> None:
    assert gazetteer.lookup(bad) == []
    assert isinstance(gazetteer.fuzzy_lookup(bad), list)
    assert isinstance(gazetteer.search(bad), list)


def test_non_string_input_is_empty(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup(None) == []  # type: ignore[arg-type]
    assert gazetteer.lookup(42) == []  # type: ignore[arg-type]


def test_unknown_names_are_empty(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Qwzxvbnmistan") == []
    assert gazetteer.search("Qwzxvbnmistan") == []
