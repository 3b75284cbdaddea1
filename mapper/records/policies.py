"""Policies: what an article says one grantor lets (or forbids) one grantee do with one family of
weapons against one country, reconciled from every statement of the article about it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mapper.records.evidence import Evidence
from mapper.records.relations import Relation
from mapper.records.statements import Polarity, ScopePlace, WeaponMention


@dataclass(frozen=True)
class Policy:
    status: Polarity
    grantor: str
    grantee: str | None
    target_country: str
    family: str  # "class" (weapons named by kind, or none) or "system:<keys>"
    weapons: tuple[str, ...]
    weapon_mentions: tuple[WeaponMention, ...]
    relation: Relation
    anchor_places: tuple[ScopePlace, ...]
    defended_places: tuple[ScopePlace, ...]
    excluded_places: tuple[ScopePlace, ...]
    range_km: float | None  # a distance the text states
    effective_date: dt.date | None
    statements: tuple[int, ...]  # indices into Analysis.statements, the scope's source first
    evidence: tuple[Evidence, ...]  # one per statement (sentence, offsets, rule, confidence)
    rule: str  # how the scope was chosen ("scope from limiting statement", ...)
    confidence: float
    targets: tuple[str, ...] = ()
    excluded_targets: tuple[str, ...] = ()
    limiting: bool = False  # the winning scope was stated as a limit
    widening: bool = False  # ... or as reaching further than one place
    scoped: bool = True  # False: no statement behind it says where (it draws nothing)

    @property
    def anchors(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.anchor_places)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status, "grantor": self.grantor, "grantee": self.grantee,
            "target_country": self.target_country, "family": self.family,
            "weapons": list(self.weapons), "relation": str(self.relation),
            "anchors": [p.to_dict() for p in self.anchor_places],
            "defended": [p.to_dict() for p in self.defended_places],
            "excluded": [p.to_dict() for p in self.excluded_places],
            "range_km": self.range_km,
            "effective_date": self.effective_date.isoformat() if self.effective_date else None,
            "statements": list(self.statements),
            "evidence": [e.to_dict() for e in self.evidence],
            "rule": self.rule, "confidence": self.confidence,
            "targets": list(self.targets), "excluded_targets": list(self.excluded_targets),
        }
