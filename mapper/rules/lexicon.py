"""The rule lexicon (geodata/lexicon/rules.yaml) and the officials table (lexicon/actors.csv)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from mapper.paths import geodata_dir


@dataclass(frozen=True)
class RelationRule:
    relation: str
    anchor: str  # "after" | "none"
    distance: bool
    phrases: tuple[str, ...]
    places_only: tuple[str, ...]  # feature types an anchor must have (empty: any)


@dataclass(frozen=True)
class TargetRule:
    key: str
    phrases: tuple[str, ...]
    excluded: bool


@dataclass(frozen=True)
class Actor:
    name: str
    country_code: str | None
    kind: str


@dataclass(frozen=True)
class RuleLexicon:
    raw: dict[str, Any]
    relations: tuple[RelationRule, ...]
    targets: tuple[TargetRule, ...]
    actors: dict[str, Actor]  # lower-case name or alias -> actor
    units: dict[str, float]

    def __post_init__(self) -> None:
        # Word sets are asked for per sentence; build each once (the lexicon is immutable).
        object.__setattr__(self, "_words", {})

    def words(self, key: str) -> frozenset[str]:
        cache: dict[str, frozenset[str]] = self._words  # type: ignore[attr-defined]
        if key not in cache:
            cache[key] = frozenset(str(w).lower() for w in self.raw.get(key) or ())
        return cache[key]

    def phrases(self, key: str) -> tuple[str, ...]:
        return tuple(str(p).lower() for p in self.raw.get(key) or ())

    def zone_setting(self, key: str) -> Any:
        return (self.raw.get("zones") or {}).get(key)

    def confidence(self, key: str) -> float:
        return float((self.raw.get("confidence") or {}).get(key, 0.5))


def load_rule_lexicon(rules_path: Path | None = None, actors_path: Path | None = None
                      ) -> RuleLexicon:
    rules_path = rules_path or geodata_dir() / "lexicon" / "rules.yaml"
    actors_path = actors_path or geodata_dir() / "lexicon" / "actors.csv"
    raw = yaml.safe_load(rules_path.read_text(encoding="utf-8"))
    relations = tuple(
        RelationRule(relation=r["relation"], anchor=r.get("anchor", "after"),
                     distance=bool(r.get("distance")),
                     phrases=tuple(str(p).lower() for p in r["phrases"]),
                     places_only=tuple(r.get("places_only") or ()))
        for r in raw.get("relations") or ())
    targets = tuple(TargetRule(key=t["key"], phrases=tuple(str(p).lower() for p in t["phrases"]),
                               excluded=bool(t.get("excluded")))
                    for t in raw.get("targets") or ())
    actors: dict[str, Actor] = {}
    with actors_path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            actor = Actor(row["name"], row["country_code"] or None, row["kind"])
            for alias in [row["name"], *(row["aliases"] or "").split("|")]:
                if alias.strip():
                    actors[alias.strip().lower()] = actor
    units = {str(k).lower(): float(v) for k, v in (raw.get("units") or {}).items()}
    return RuleLexicon(raw=raw, relations=relations, targets=targets, actors=actors, units=units)


@lru_cache(maxsize=1)
def rule_lexicon() -> RuleLexicon:
    return load_rule_lexicon()
