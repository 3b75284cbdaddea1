"""The gazetteer behind geopy's Geocoder interface, with an opt-in online fallback.

Offline by default: nothing here touches the network unless the caller builds a fallback with
`online_geocoder(...)` and chains it with `FallbackGeocoder`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

from geopy.geocoders import get_geocoder_for_service
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from mapper.gazetteer.lookup import Gazetteer
from mapper.gazetteer.records import Candidate


def candidate_location(candidate: Candidate) -> Location:
    parts = [candidate.name]
    if candidate.admin1_name and candidate.admin1_name != candidate.name:
        parts.append(candidate.admin1_name)
    if candidate.country_code:
        parts.append(candidate.country_code)
    return Location(", ".join(parts), (candidate.lat, candidate.lon), asdict(candidate))


class OfflineGazetteer(Geocoder):
    """geopy geocoder over the local gazetteer: `geocode(query, exactly_one=...)` returns
    `Location`s whose `raw` is the ranked Candidate as a dict."""

    def __init__(self, gazetteer: Gazetteer, *, fuzzy: bool = True) -> None:
        super().__init__(scheme="https", timeout=1, proxies=None, user_agent="conflict-mapper")
        self.gazetteer = gazetteer
        self.fuzzy = fuzzy

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        timeout: float | None = None,
        country_codes: Iterable[str] = (),
        limit: int = 10,
    ) -> Location | list[Location] | None:
        del timeout  # local lookups do not wait on anything
        found = self.gazetteer.search(query, fuzzy=self.fuzzy, limit=limit,
                                      context_countries=[c.upper() for c in country_codes])
        if not found:
            return None
        locations = [candidate_location(c) for c in found]
        return locations[0] if exactly_one else locations


class FallbackGeocoder(Geocoder):
    """Ask each geocoder in turn; the first non-empty answer wins."""

    def __init__(self, *geocoders: Geocoder) -> None:
        super().__init__(scheme="https", timeout=10, proxies=None, user_agent="conflict-mapper")
        if not geocoders:
            raise ValueError("FallbackGeocoder needs at least one geocoder")
        self.geocoders = geocoders

    def geocode(self, query: str, *, exactly_one: bool = True, **kwargs: object):  # type: ignore[override]
        for geocoder in self.geocoders:
            own = kwargs if isinstance(geocoder, OfflineGazetteer) else {}
            answer = geocoder.geocode(query, exactly_one=exactly_one, **own)
            if answer:
                return answer
        return None


def online_geocoder(service: str, user_agent: str = "conflict-mapper", **options: object
                    ) -> Geocoder:
    """An online geopy geocoder by service name ("nominatim", "geonames", ...). Opt-in only:
    calling this is the user's explicit choice to allow network access."""
    cls = get_geocoder_for_service(service)
    return cls(user_agent=user_agent, **options)
