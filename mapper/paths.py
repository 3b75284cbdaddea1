"""Where the project's data files and the user's cache live (overridable by environment)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

GEODATA_ENV = "MAPPER_GEODATA_DIR"
CACHE_ENV = "MAPPER_CACHE_DIR"


def geodata_dir() -> Path:
    """The committed geodata/ folder (catalogs, curated tables, boundaries)."""
    override = os.environ.get(GEODATA_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[1] / "geodata"


def cache_dir() -> Path:
    """Per-user cache for derived data such as the SQLite gazetteer."""
    override = os.environ.get(CACHE_ENV)
    path = Path(override) if override else Path(platformdirs.user_cache_dir("conflict-mapper"))
    path.mkdir(parents=True, exist_ok=True)
    return path
