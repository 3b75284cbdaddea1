"""Dashboard controls -> AnalysisSettings, and a hashable key of them for caching."""

from __future__ import annotations

import dataclasses
import hashlib
import math
from collections.abc import Collection
from pathlib import Path
from typing import Any

from mapper.analysis.models import Analysis
from mapper.catalogs.weapons import WeaponCatalog
from mapper.records import AnalysisSettings

SettingsKey = tuple[str, float | None, tuple[tuple[str, float | None, float | None], ...],
                    float, bool]


def range_table(catalog: WeaponCatalog) -> list[dict[str, Any]]:
    """Rows for the range-override editor: one per catalogued system, published ranges."""
    return [{"key": s.key, "system": s.name, "role": s.role, "min_km": s.min_range_km,
             "max_km": s.max_range_km} for s in catalog.systems.values()]


def _number(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def range_overrides(rows: list[dict[str, Any]], catalog: WeaponCatalog
                    ) -> tuple[dict[str, tuple[float | None, float | None]], list[str]]:
    """Edited rows -> overrides for the systems whose range differs from the catalog.

    Returns (overrides, problems); a row with a negative range or min > max is left out and
    named in `problems`.
    """
    overrides: dict[str, tuple[float | None, float | None]] = {}
    problems: list[str] = []
    for row in rows:
        system = catalog.systems.get(str(row.get("key")))
        if system is None:
            continue
        low, high = _number(row.get("min_km")), _number(row.get("max_km"))
        if high is None:
            high = system.max_range_km
        if (low is not None and low < 0) or high <= 0:
            problems.append(f"{system.name}: ranges must be positive")
            continue
        if low is not None and low > high:
            problems.append(f"{system.name}: minimum {low:g} km is above maximum {high:g} km")
            continue
        if (low, high) != (system.min_range_km, system.max_range_km):
            overrides[system.key] = (low, high)
    return overrides, problems


def settings_key(border_view: str, default_depth_km: float | None,
                 overrides: dict[str, tuple[float | None, float | None]],
                 min_confidence: float, include_background: bool = False) -> SettingsKey:
    """A hashable, order-independent key of the controls (cache key of an analysis)."""
    return (border_view, default_depth_km,
            tuple(sorted((k, lo, hi) for k, (lo, hi) in overrides.items())),
            float(min_confidence), include_background)


def settings_from_key(key: SettingsKey) -> AnalysisSettings:
    border_view, depth, overrides, min_confidence, background = key
    return AnalysisSettings(border_view=border_view, default_depth_km=depth,
                            range_overrides={k: (lo, hi) for k, lo, hi in overrides},
                            min_confidence=min_confidence, include_background=background)


def confident_places(analyses: list[Analysis], threshold: float) -> list[Analysis]:
    """The analyses without places scored below `threshold` (zones keep their own filter)."""
    if threshold <= 0:
        return list(analyses)
    return [dataclasses.replace(a, places=tuple(p for p in a.places if p.score >= threshold))
            for a in analyses]


def with_statuses(analyses: list[Analysis], statuses: Collection[str]) -> list[Analysis]:
    """The analyses with only the zones of the given statuses (what the map shows)."""
    wanted = set(statuses)
    return [dataclasses.replace(a, zones=tuple(z for z in a.zones if z.status in wanted))
            for a in analyses]


def fingerprint(*roots: Path) -> str:
    """A short hash of every file under `roots` (path, size, mtime): changes with the code or
    the data, so results cached on disk never outlive the code that made them."""
    digest = hashlib.sha256()
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()
                                                     and "__pycache__" not in p.parts)
        for path in files:
            try:
                stat = path.stat()
            except OSError:
                continue
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]
