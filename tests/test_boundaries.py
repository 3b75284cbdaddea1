import pytest
import shapely

from mapper.boundaries import Boundaries, border_views, boundaries_path, geodesic_area_km2

SIMFEROPOL = shapely.Point(34.10, 44.95)
KREMLIN = shapely.Point(37.617, 55.752)
ZELENOGRAD = shapely.Point(37.214, 55.992)  # part of Moscow city, inside Moscow Oblast's ring
SERGIEV_POSAD = shapely.Point(38.133, 56.300)  # Moscow Oblast


def test_committed_file_is_compact() -> None:
    assert boundaries_path().stat().st_size <= 20 * 1024 * 1024


def test_kharkiv_oblast_geodesic_area_within_one_percent(boundaries: Boundaries) -> None:
    area = geodesic_area_km2(boundaries.admin1_geometry("UA-63"))
    assert area == pytest.approx(31_415, rel=0.01)


def test_default_view_is_internationally_recognised(boundaries: Boundaries) -> None:
    assert border_views().default == "international"
    assert boundaries.country_geometry("UA").contains(SIMFEROPOL)
    assert not boundaries.country_geometry("RU").contains(SIMFEROPOL)
    assert boundaries.admin1().loc["UA-43", "country_code"] == "UA"
    assert boundaries.country_at(44.95, 34.10) == "UA"


def test_de_facto_view_is_explicit(boundaries: Boundaries) -> None:
    view = "de_facto_natural_earth"
    assert boundaries.country_geometry("RU", view).contains(SIMFEROPOL)
    assert not boundaries.country_geometry("UA", view).contains(SIMFEROPOL)
    assert boundaries.admin1(view).loc["UA-40", "country_code"] == "RU"
    moved_area = geodesic_area_km2(boundaries.union_of_admin1(["UA-43", "UA-40"]))
    ua_default = geodesic_area_km2(boundaries.country_geometry("UA"))
    ua_de_facto = geodesic_area_km2(boundaries.country_geometry("UA", view))
    assert ua_default - ua_de_facto == pytest.approx(moved_area, rel=0.01)


def test_unknown_view_is_a_clear_error(boundaries: Boundaries) -> None:
    with pytest.raises(ValueError, match="unknown border view"):
        boundaries.country_geometry("UA", "no-such-view")


def test_moscow_city_and_oblast_codes_are_not_swapped(boundaries: Boundaries) -> None:
    units = boundaries.admin1()
    city, oblast = units.loc["RU-MOW"], units.loc["RU-MOS"]
    assert int(city["geonameid"]) == 524894 and city["name_local"] == "Москва"
    assert int(oblast["geonameid"]) == 524925
    assert city.geometry.contains(KREMLIN) and city.geometry.contains(ZELENOGRAD)
    assert oblast.geometry.contains(SERGIEV_POSAD) and not oblast.geometry.contains(KREMLIN)


def test_regions_dissolved_from_departments(boundaries: Boundaries) -> None:
    normandy = boundaries.admin1_geometry("FR-NOR")
    assert normandy is not None
    assert geodesic_area_km2(normandy) == pytest.approx(29_906, rel=0.03)
    assert normandy.contains(shapely.Point(-0.37, 49.18))  # Caen


def test_attributes_kept(boundaries: Boundaries) -> None:
    columns = set(boundaries.frame.columns)
    assert {"code", "country_code", "geonameid", "name", "name_local", "names_alt",
            "level", "kind"} <= columns
    ukraine = boundaries.frame.query("kind == 'admin0' and code == 'UA'").iloc[0]
    assert int(ukraine["geonameid"]) == 690791
