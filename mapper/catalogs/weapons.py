"""The weapons catalog (geodata/weapons.csv) and weapon classes (lexicon/weapon_classes.yaml).

Ranges are intervals: a system has a published minimum and maximum reach; a class takes the
span of the systems it stands for. Nothing here knows any weapon by name.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from mapper.paths import geodata_dir


@dataclass(frozen=True)
class WeaponSystem:
    key: str
    name: str
    aliases: tuple[str, ...]
    category: str
    role: str  # strike | defence
    origin: str  # ISO 3166-1 alpha-2 of the maker
    min_range_km: float | None
    max_range_km: float
    source: str


@dataclass(frozen=True)
class WeaponClass:
    key: str
    label: str
    phrases: tuple[str, ...]
    systems: tuple[str, ...]
    categories: tuple[str, ...]
    origins: tuple[str, ...]  # empty: any supplier
    adjectives_name_origin: bool
    requires_origin: bool
    supply_words: tuple[str, ...]
    role: str
    default_max_range_km: float | None


@dataclass(frozen=True)
class WeaponCatalog:
    systems: dict[str, WeaponSystem]
    classes: dict[str, WeaponClass]

    def with_ranges(self, overrides: dict[str, tuple[float | None, float | None]]
                    ) -> WeaponCatalog:
        """A copy with some systems' (min, max) ranges replaced (dashboard overrides)."""
        systems = dict(self.systems)
        for key, (low, high) in overrides.items():
            if key in systems:
                old = systems[key]
                systems[key] = replace(old, min_range_km=low if low is not None else None,
                                       max_range_km=high if high is not None else old.max_range_km)
        return WeaponCatalog(systems, self.classes)

    def class_systems(self, cls: WeaponClass, origins: tuple[str, ...] = ()) -> list[WeaponSystem]:
        """Systems a class stands for, narrowed to the given (or the class's own) suppliers."""
        wanted = origins or cls.origins
        if cls.systems:
            found = [self.systems[k] for k in cls.systems if k in self.systems]
        else:
            found = [s for s in self.systems.values() if s.category in cls.categories]
        if wanted:
            narrowed = [s for s in found if s.origin in wanted]
            # A named supplier of a class with listed systems keeps them even when the maker
            # differs ("German rocket launchers" are M270s built elsewhere).
            found = narrowed if (narrowed or not cls.systems) else found
        return found

    def label(self, key: str) -> str:
        """A weapon or class key as people write it ("himars" -> "HIMARS")."""
        if key in self.systems:
            return self.systems[key].name
        if key in self.classes:
            return self.classes[key].label
        return key

    def labels(self, keys: tuple[str, ...] | list[str], empty: str = "unspecified weapons") -> str:
        return ", ".join(self.label(k) for k in keys) or empty

    def range_of(self, keys: list[str]) -> tuple[float | None, float | None]:
        """(min, max) km over systems: the smallest published minimum, the largest maximum."""
        systems = [self.systems[k] for k in keys if k in self.systems]
        if not systems:
            return None, None
        lows = [s.min_range_km if s.min_range_km is not None else s.max_range_km for s in systems]
        return min(lows), max(s.max_range_km for s in systems)


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


def load_weapon_catalog(csv_path: Path | None = None, classes_path: Path | None = None
                        ) -> WeaponCatalog:
    csv_path = csv_path or geodata_dir() / "weapons.csv"
    classes_path = classes_path or geodata_dir() / "lexicon" / "weapon_classes.yaml"
    systems: dict[str, WeaponSystem] = {}
    with csv_path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            systems[row["key"]] = WeaponSystem(
                key=row["key"], name=row["name"], aliases=_split(row["aliases"]),
                category=row["category"], role=row["role"], origin=row["origin"],
                min_range_km=float(row["min_range_km"]) if row["min_range_km"] else None,
                max_range_km=float(row["max_range_km"]), source=row["source"])
    raw = yaml.safe_load(classes_path.read_text(encoding="utf-8"))["classes"]
    classes: dict[str, WeaponClass] = {}
    for c in raw:
        origins = tuple(c.get("origins") or ([c["origin"]] if c.get("origin") else []))
        classes[c["key"]] = WeaponClass(
            key=c["key"], label=str(c.get("label") or c["key"].replace("_", " ")),
            phrases=tuple(c["phrases"]), systems=tuple(c.get("systems") or ()),
            categories=tuple(c.get("categories") or ()), origins=origins,
            adjectives_name_origin=bool(c.get("adjectives_name_origin")),
            requires_origin=bool(c.get("requires_origin")),
            supply_words=tuple(c.get("supply_words") or ()), role=c.get("role", "strike"),
            default_max_range_km=c.get("default_max_range_km"))
    return WeaponCatalog(systems, classes)


@lru_cache(maxsize=1)
def weapon_catalog() -> WeaponCatalog:
    return load_weapon_catalog()
