"""Plain records of the geoparser: recognised toponyms and resolved places."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from mapper.records.areas import AdminArea

Role = Literal["place", "actor"]


@dataclass(frozen=True)
class Toponym:
    """A span of text that names a place (role "place") or, as a demonym or adjective, the
    country behind an actor (role "actor": "Russian forces")."""

    start: int
    end: int
    text: str
    source: str  # "ner", "relabel", "gazetteer", "demonym", "gold"
    role: Role = "place"
    feature_hint: frozenset[str] = frozenset()  # from a designator: "Kharkiv region" -> admin1
    modifier: bool = False  # modifies a noun ("US officials", "Russia's army")


@dataclass(frozen=True)
class Place:
    """A toponym resolved against the gazetteer (lat/lon None when it could not be)."""

    start: int
    end: int
    name: str  # as written
    role: Role
    resolved_name: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    feature_type: str | None
    country_code: str | None
    admin1_code: str | None
    admin1_name: str | None
    place_id: int | None
    polygon: AdminArea | None  # the shape the gazetteer gives it (a country, regions)
    score: float
    source: str

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["polygon"] = self.polygon.key() if self.polygon else None
        return d
