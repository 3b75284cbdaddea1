"""Policy statements read from one sentence, and the weapon mentions they carry."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Literal

from mapper.records.areas import AdminArea, AreaRef
from mapper.records.evidence import Evidence
from mapper.records.relations import Relation

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
class ScopePlace:
    """A place a scope names, with the shape it stands for."""

    name: str  # as written
    area: AreaRef
    country_code: str | None
    part: str | None = None  # "southern Lebanon": the part of the area toward a compass point

    @property
    def whole_country(self) -> bool:
        """A country named as a whole ("inside Russia"), not a part of it."""
        return isinstance(self.area, AdminArea) and self.area.level == "admin0" and \
            self.part is None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "area": self.area.key(), "country_code": self.country_code,
                "part": self.part}


@dataclass(frozen=True)
class BorderMention:
    """A place named in a sentence about the border ("attacks on the Kharkiv region from
    areas just over the border"): the area a border permission protects when the permission
    itself names none."""

    place: ScopePlace
    evidence: Evidence


@dataclass(frozen=True)
class Statement:
    """One policy statement read from one clause: who lets (or forbids) whom strike where,
    with what. Statements are evidence; the map shows the policies reconciled from them."""

    polarity: Polarity
    grantor: str | None  # ISO 3166-1 alpha-2
    grantee: str | None
    weapons: tuple[str, ...]  # catalog system keys or class keys, as named
    weapon_mentions: tuple[WeaponMention, ...]
    relation: Relation
    anchor_places: tuple[ScopePlace, ...]  # the area the relation is measured from or lies in
    target_country: str | None
    excluded_places: tuple[ScopePlace, ...]  # places named as off limits inside the scope
    targets: tuple[str, ...]  # target / purpose keys ("counter_fire", "military_targets")
    excluded_targets: tuple[str, ...]  # ("civilian_targets",)
    range_km: float | None  # distance stated in the text, when it gives one
    effective_date: dt.date | None
    in_force: bool  # False for background ("until this week ...", "had been barred")
    evidence: Evidence
    rule: str
    confidence: float
    defended_places: tuple[ScopePlace, ...] = ()  # the grantee's own areas it protects
    limiting: bool = False  # the text marks the scope as a limit ("only", "limited to")
    widening: bool = False  # ... or as reaching further ("anywhere", "not just")
    unlimited: bool = False  # "no range restrictions": the whole target, whatever the reach
    scoped: bool = True  # False: the clause names no weapon, place or relation of its own

    @property
    def anchors(self) -> tuple[str, ...]:
        """Names of the anchor places, as written."""
        return tuple(p.name for p in self.anchor_places)

    @property
    def excluded(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.excluded_places)

    @property
    def defended(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.defended_places)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["relation"] = str(self.relation)
        for key in ("anchor_places", "excluded_places", "defended_places"):
            d[key] = [p.to_dict() for p in getattr(self, key)]
        d.update(anchors=list(self.anchors), excluded=list(self.excluded),
                 defended=list(self.defended))
        d["effective_date"] = self.effective_date.isoformat() if self.effective_date else None
        return d
