"""The weapons catalog and the weapon-class lexicon (data the rules layer reads) are consistent."""

from __future__ import annotations

import csv

import pytest
import yaml

from mapper.gazetteer import normalize_name
from mapper.paths import geodata_dir

ROWS = list(csv.DictReader((geodata_dir() / "weapons.csv").open(encoding="utf-8")))
CLASSES = yaml.safe_load((geodata_dir() / "lexicon" / "weapon_classes.yaml")
                         .read_text(encoding="utf-8"))["classes"]
CATEGORIES = {"rocket", "ballistic_missile", "cruise_missile", "glide_bomb", "launcher",
              "aircraft", "air_defence", "drone"}


def test_rows_are_well_formed() -> None:
    keys = [r["key"] for r in ROWS]
    assert len(keys) == len(set(keys)) >= 15
    for row in ROWS:
        assert row["category"] in CATEGORIES, row["key"]
        assert row["role"] in {"strike", "defence"}, row["key"]
        assert row["source"].strip(), row["key"]
        high = float(row["max_range_km"])
        low = float(row["min_range_km"]) if row["min_range_km"] else None
        assert high > 0 and (low is None or 0 < low <= high), row["key"]


def test_aliases_name_one_system_each() -> None:
    seen: dict[str, str] = {}
    for row in ROWS:
        for alias in [row["name"], *row["aliases"].split("|")]:
            norm = normalize_name(alias)
            assert seen.setdefault(norm, row["key"]) == row["key"], f"{alias!r} is ambiguous"


@pytest.mark.parametrize(("key", "low", "high"), [("gmlrs", 70, 84), ("atacms", 165, 300),
                                                  ("storm_shadow", 250, 560)])
def test_ranges_are_intervals(key: str, low: float, high: float) -> None:
    row = next(r for r in ROWS if r["key"] == key)
    assert (float(row["min_range_km"]), float(row["max_range_km"])) == (low, high)


def test_classes_refer_to_catalogued_systems() -> None:
    keys = {r["key"] for r in ROWS}
    class_keys = [c["key"] for c in CLASSES]
    assert len(class_keys) == len(set(class_keys))
    for cls in CLASSES:
        assert set(cls.get("systems") or []) <= keys, cls["key"]
        assert set(cls.get("categories") or []) <= CATEGORIES, cls["key"]
        assert cls["phrases"], cls["key"]
