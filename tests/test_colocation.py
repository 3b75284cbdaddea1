"""Co-location evidence between readings of different names."""

from __future__ import annotations

from mapper.gazetteer import Candidate
from mapper.geoparse.colocation import Colocation

TYPES = frozenset({"city", "admin2"})


def reading(name: str, lat: float, lon: float, feature_type: str = "city") -> Candidate:
    return Candidate(place_id=hash((name, lat, lon)), name=name, feature_type=feature_type,
                     lat=lat, lon=lon, country_code="XX", admin1_code=None, admin1_name=None,
                     population=0, geonameid=None, polygon=None, source="test",
                     matched_name=name, match="exact", score=0.5)


def test_only_the_reading_beside_another_name_gains() -> None:
    town = [reading("Town", 10.0, 10.0), reading("Town", 40.0, 40.0)]
    county = [reading("County", 10.05, 10.05, "admin2"), reading("County", -30.0, 60.0, "admin2")]
    coloc = Colocation({"town": town, "county": county}, scale_km=30.0, feature_types=TYPES,
                        town_population=100_000)
    coloc.believe("county", [0.5, 0.5])
    near, far = coloc.support("town")
    assert near > 0.5 and far < 1e-6


def test_support_follows_the_other_names_current_belief() -> None:
    town = [reading("Town", 10.0, 10.0)]
    county = [reading("County", 10.05, 10.05, "admin2"), reading("County", -30.0, 60.0, "admin2")]
    coloc = Colocation({"town": town, "county": county}, scale_km=30.0, feature_types=TYPES,
                        town_population=100_000)
    coloc.believe("county", [0.9, 0.1])
    sure = coloc.support("town")[0]
    coloc.believe("county", [0.1, 0.9])
    doubtful = coloc.support("town")[0]
    assert sure > doubtful > 0


def test_a_name_never_supports_itself_and_areas_give_nothing() -> None:
    twins = [reading("Twin", 10.0, 10.0), reading("Twin", 10.01, 10.01)]
    country = [reading("Land", 10.0, 10.0, "country")]
    coloc = Colocation({"twin": twins, "land": country}, scale_km=30.0, feature_types=TYPES,
                        town_population=100_000)
    coloc.believe("land", [1.0])
    assert coloc.support("twin") == [0.0, 0.0]
