"""Zones: areas on the map with a status, drawn from an article's policies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

import shapely
from shapely.geometry.base import BaseGeometry

from mapper.records.evidence import Evidence

ZoneStatus = Literal["permitted", "restricted", "ambiguous", "defended"]
ZONE_STATUSES: tuple[str, ...] = ("permitted", "restricted", "ambiguous", "defended")


@dataclass(frozen=True)
class Zone:
    """An area on the map with a status, drawn from one policy (and so from every statement
    behind that policy)."""

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
    statement_index: int | None = None  # the statement whose scope it takes
    border_view: str = "international"
    relation: str | None = None  # the spatial relation drawn ("across the border from", ...)
    policy_index: int | None = None  # index into Analysis.policies
    statement_indices: tuple[int, ...] = ()  # every statement behind it

    def properties(self) -> dict[str, Any]:
        """The zone properties of docs/formats.md (without `layer` and styling keys)."""
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
            "evidence": [e.to_dict() for e in self.evidence],
            "rule": self.rule,
            "confidence": round(self.confidence, 3),
            "statement_index": self.statement_index,
            "border_view": self.border_view,
            "relation": self.relation,
            "policy_index": self.policy_index,
            "statement_indices": list(self.statement_indices),
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.properties(), "geometry": shapely.geometry.mapping(self.geometry)}
