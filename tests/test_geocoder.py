"""The gazetteer behind geopy's interface, and the opt-in fallback chain."""

from __future__ import annotations

from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from mapper.gazetteer import FallbackGeocoder, Gazetteer, OfflineGazetteer, online_geocoder


class RecordingGeocoder(Geocoder):
    """A stand-in for an online service: answers one name, records every query."""

    def __init__(self) -> None:
        super().__init__(user_agent="test")
        self.queries: list[str] = []

    def geocode(self, query: str, exactly_one: bool = True, **_kwargs: object):
        self.queries.append(query)
        if query == "Atlantis Prime":
            location = Location("Atlantis Prime", (1.0, 2.0), {"source": "stub"})
            return location if exactly_one else [location]
        return None


def test_geocode_returns_geopy_locations(gazetteer: Gazetteer) -> None:
    geocoder = OfflineGazetteer(gazetteer)
    location = geocoder.geocode("Kharkiv")
    assert isinstance(location, Location)
    assert abs(location.latitude - 49.98) < 0.05 and abs(location.longitude - 36.25) < 0.05
    assert location.raw["geonameid"] == 706483
    many = geocoder.geocode("Washington", exactly_one=False)
    assert isinstance(many, list) and len(many) > 1
    assert all(isinstance(loc, Location) for loc in many)


def test_country_codes_steer_the_ranking(gazetteer: Gazetteer) -> None:
    geocoder = OfflineGazetteer(gazetteer)
    assert geocoder.geocode("Normandy", country_codes=["fr"]).raw["country_code"] == "FR"


def test_unknown_is_none_and_fuzzy_is_optional(gazetteer: Gazetteer) -> None:
    assert OfflineGazetteer(gazetteer).geocode("Qwzxvbnmistan") is None
    assert OfflineGazetteer(gazetteer).geocode("Kharkiw") is not None
    assert OfflineGazetteer(gazetteer, fuzzy=False).geocode("Kharkiw") is None


def test_fallback_is_asked_only_when_offline_has_nothing(gazetteer: Gazetteer) -> None:
    online = RecordingGeocoder()
    chain = FallbackGeocoder(OfflineGazetteer(gazetteer, fuzzy=False), online)
    assert chain.geocode("Kharkiv").raw["geonameid"] == 706483
    assert online.queries == []
    assert chain.geocode("Atlantis Prime").raw == {"source": "stub"}
    assert chain.geocode("Nowhere At All") is None
    assert online.queries == ["Atlantis Prime", "Nowhere At All"]


def test_online_geocoder_is_built_by_name_without_calling_out() -> None:
    geocoder = online_geocoder("nominatim", user_agent="conflict-mapper-tests")
    assert isinstance(geocoder, Nominatim)
