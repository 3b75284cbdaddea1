"""Plain records shared by the rules layer, the zone builder and every output.

Outputs (layers, maps, dashboard) depend on these records only, never on how they were made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import shapely
from shapely.geometry.base import BaseGeometry

from mapper.geoparse.models import Place

ANALYSIS_VERSION = 1

Polarity = Literal["permitted", "restricted", "ambiguous"]
ZoneStatus = Literal["permitted", "restricted", "ambiguous", "defended"]
ZONE_STATUSES: tuple[str, ...] = ("permitted", "restricted", "ambiguous", "defended")


@dataclass(frozen=True)
class Evidence:
    """The sentence a statement or zone comes from (offsets into the article text)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class WeaponMention:
    """A weapon named in the text: a catalog system ("atacms") or a class ("rockets")."""

    key: str
    text: str
    start: int
    end: int
    kind: Literal["system", "class"]
    origin: tuple[str, ...] = ()  # supplier countries the text gives ("US-supplied")
    systems: tuple[str, ...] = ()  # catalog systems the mention stands for
    min_range_km: float | None = None
    max_range_km: float | None = None


@dataclass(frozen=True)
class Statement:
    """One policy statement: who lets (or forbids) whom strike where, with what."""

    polarity: Polarity
    grantor: str | None  # ISO 3166-1 alpha-2
    grantee: str | None
    weapons: tuple[str, ...]  # catalog system keys or class keys, as named
    weapon_mentions: tuple[WeaponMention, ...]
    relation: str  # "across the border from", "near the border", "inside", "within", ...
    anchors: tuple[str, ...]  # place names as written
    anchor_refs: tuple[str, ...]  # boundary refs or "point:lat,lon" of the anchors
    target_country: str | None
    excluded: tuple[str, ...]  # places named as off limits inside the scope
    targets: tuple[str, ...]  # target / purpose keys ("counter_fire", "military_targets")
    excluded_targets: tuple[str, ...]  # ("civilian_targets",)
    range_km: float | None  # distance stated in the text, when it gives one
    effective_date: dt.date | None
    in_force: bool  # False for background ("until this week ...", "had been barred")
    evidence: Evidence
    rule: str
    confidence: float
    excluded_refs: tuple[str, ...] = ()  # boundary refs or points of `excluded`

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["effective_date"] = self.effective_date.isoformat() if self.effective_date else None
        return d


@dataclass(frozen=True)
class Zone:
    """An area on the map with a status, drawn from one statement."""

    status: ZoneStatus
    geometry: BaseGeometry  # WGS84 lon/lat
    grantor: str | None
    grantee: str | None
    weapons: tuple[str, ...]
    range_km: float | None  # the maximum distance used to draw it (None: no range applied)
    range_min_km: float | None
    anchors: tuple[str, ...]
    target_country: str | None
    effective_date: dt.date | None
    area_km2: float
    evidence: tuple[Evidence, ...]
    rule: str
    confidence: float
    statement_index: int | None = None  # index into Analysis.statements
    border_view: str = "international"

    def properties(self) -> dict[str, Any]:
        """The CONTRACT.md zone properties (without `layer` and styling keys)."""
        return {
            "status": self.status,
            "grantor": self.grantor,
            "grantee": self.grantee,
            "weapons": list(self.weapons),
            "range_km": self.range_km,
            "range_min_km": self.range_min_km,
            "anchors": list(self.anchors),
            "target_country": self.target_country,
            "effective_date": self.effective_date.isoformat() if self.effective_date else None,
            "area_km2": round(self.area_km2, 1),
            "evidence": [asdict(e) for e in self.evidence],
            "rule": self.rule,
            "confidence": round(self.confidence, 3),
            "statement_index": self.statement_index,
            "border_view": self.border_view,
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.properties(), "geometry": shapely.geometry.mapping(self.geometry)}


@dataclass(frozen=True)
class Analysis:
    """Everything the mapper found in one article."""

    article_id: str
    text: str
    places: tuple[Place, ...]
    statements: tuple[Statement, ...]
    zones: tuple[Zone, ...]
    title: str | None = None
    date: dt.date | None = None
    source: str | None = None
    border_view: str = "international"
    warnings: tuple[str, ...] = field(default_factory=tuple)
    sentences: tuple[tuple[int, int], ...] = ()  # sentence spans of `text`, in order
    version: int = ANALYSIS_VERSION

    def sentence_at(self, start: int, end: int | None = None) -> Evidence:
        """The sentence holding the span start..end: the "why" behind a place."""
        end = start if end is None else end
        for s, e in self.sentences:
            if s <= start < e:
                return Evidence(self.text[s:max(e, end)].strip(), s, max(e, end))
        return Evidence(self.text[start:end], start, end)

    @property
    def map_places(self) -> list[Place]:
        """Places to draw: resolved, not demonyms."""
        return [p for p in self.places if p.role == "place" and p.lat is not None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "article": {"id": self.article_id, "title": self.title,
                        "date": self.date.isoformat() if self.date else None,
                        "source": self.source, "text": self.text},
            "border_view": self.border_view,
            "places": [p.to_dict() for p in self.places],
            "statements": [s.to_dict() for s in self.statements],
            "zones": [z.to_dict() for z in self.zones],
            "warnings": list(self.warnings),
            "sentences": [list(span) for span in self.sentences],
        }
