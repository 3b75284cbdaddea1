"""Typed references to the areas a scope names: a country, a union of first-level regions, or a
point (a town or a landmark, drawn as a circle).

The gazetteer stores a region's shape as a short text key ("admin1:UA-63"); it is decoded once,
where a place leaves the geoparser, and every package after that handles these values only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AdminLevel = Literal["admin0", "admin1"]


@dataclass(frozen=True)
class AdminArea:
    """A country (admin0, one ISO 3166-1 code) or the union of admin-1 units (ISO 3166-2)."""

    level: AdminLevel
    codes: tuple[str, ...]

    @classmethod
    def country(cls, code: str) -> AdminArea:
        return cls("admin0", (code,))

    @classmethod
    def parse(cls, stored: str | None) -> AdminArea | None:
        """The gazetteer's stored key ("admin1:UA-14|UA-09") as a value; None for no shape."""
        if not stored:
            return None
        level, _, codes = stored.partition(":")
        if level not in ("admin0", "admin1") or not codes:
            raise ValueError(f"not an area key: {stored!r}")
        return cls(level, tuple(codes.split("|")))  # type: ignore[arg-type]

    def key(self) -> str:
        """The stored form (for JSON output and caches)."""
        return f"{self.level}:{'|'.join(self.codes)}"

    def is_country(self, code: str | None = None) -> bool:
        return self.level == "admin0" and (code is None or self.codes == (code,))


@dataclass(frozen=True)
class PointArea:
    """A place known only by its point: drawn as a circle whose radius depends on its kind."""

    lat: float
    lon: float
    feature_type: str = "city"

    def key(self) -> str:
        return f"point:{self.lat:.5f},{self.lon:.5f}:{self.feature_type}"


AreaRef = AdminArea | PointArea
