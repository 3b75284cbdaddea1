"""Plain records that flow from the sources into the SQLite gazetteer and back out of lookups."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class NameKind(IntEnum):
    """How a name relates to its place; lower is a stronger signal."""

    CANONICAL = 0
    ALTERNATE = 1
    CODE = 2  # airport/ISO codes and romanised CJK spellings: real but rarely meant in prose


FEATURE_TYPES = ("country", "admin1", "admin2", "city", "region", "water", "river", "landmark")


@dataclass
class PlaceRecord:
    name: str
    feature_type: str
    lat: float
    lon: float
    country_code: str | None
    admin1_code: str | None = None
    admin1_name: str | None = None
    population: int = 0
    geonameid: int | None = None
    polygon: str | None = None  # "admin0:UA", "admin1:UA-63", "admin1:UA-14|UA-09"
    source: str = ""
    names: dict[str, NameKind] = field(default_factory=dict)

    def add_name(self, name: str | None, kind: NameKind) -> None:
        if not name:
            return
        name = name.strip()
        if name and (name not in self.names or kind < self.names[name]):
            self.names[name] = kind


@dataclass(frozen=True)
class Candidate:
    """A gazetteer entry that matches a queried name, with its ranking score (0..1)."""

    place_id: int
    name: str
    feature_type: str
    lat: float
    lon: float
    country_code: str | None
    admin1_code: str | None
    admin1_name: str | None
    population: int
    geonameid: int | None
    polygon: str | None
    source: str
    matched_name: str
    match: str  # "exact" | "designator" | "fuzzy" | "demonym" | "id"
    score: float
    name_kind: int = NameKind.ALTERNATE  # how the matched name relates to the place
