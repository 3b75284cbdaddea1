"""Policy statements read from one sentence, and the weapon mentions they carry."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Literal

from mapper.records.evidence import Evidence

Polarity = Literal["permitted", "restricted", "ambiguous"]


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
