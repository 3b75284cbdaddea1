"""Border views: named settings that decide which country an admin-1 unit belongs to."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from mapper.paths import geodata_dir


@dataclass(frozen=True)
class BorderView:
    name: str
    title: str
    description: str = ""
    admin1_country: dict[str, str] = field(default_factory=dict)
    unclaimed_admin1: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class BorderViews:
    default: str
    views: dict[str, BorderView]

    def get(self, name: str | None = None) -> BorderView:
        key = name or self.default
        if key not in self.views:
            known = ", ".join(sorted(self.views))
            raise ValueError(f"unknown border view {key!r} (known: {known})")
        return self.views[key]


def read_views(path: Path) -> BorderViews:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    views = {
        name: BorderView(
            name=name,
            title=spec.get("title", name),
            description=spec.get("description", ""),
            admin1_country=dict(spec.get("admin1_country") or {}),
            unclaimed_admin1={k: list(v) for k, v in (spec.get("unclaimed_admin1") or {}).items()},
        )
        for name, spec in raw["views"].items()
    }
    if raw["default"] not in views:
        raise ValueError(f"{path}: default view {raw['default']!r} is not defined")
    return BorderViews(default=raw["default"], views=views)


@lru_cache(maxsize=4)
def border_views(path: Path | None = None) -> BorderViews:
    return read_views(path or geodata_dir() / "border_views.yaml")
