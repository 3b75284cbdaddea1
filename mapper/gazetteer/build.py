"""Write PlaceRecords into a fresh SQLite gazetteer, atomically (temp file, then rename)."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from tqdm import tqdm

from mapper.gazetteer.normalize import normalize_name
from mapper.gazetteer.records import PlaceRecord

SCHEMA_VERSION = "2"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    geonameid INTEGER,
    name TEXT NOT NULL,
    feature_type TEXT NOT NULL,
    country_code TEXT,
    admin1_code TEXT,
    admin1_name TEXT,
    population INTEGER NOT NULL DEFAULT 0,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    polygon TEXT,
    source TEXT NOT NULL
);
CREATE TABLE demonyms (
    norm TEXT PRIMARY KEY,
    place_id INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE names (
    norm TEXT NOT NULL,
    place_id INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    PRIMARY KEY (norm, place_id)
) WITHOUT ROWID;
"""

RecordStage = tuple[str, Callable[[], Iterable[PlaceRecord]]]


def write_gazetteer(
    path: Path,
    stages: list[RecordStage],
    meta: dict[str, str],
    progress: bool = True,
    demonyms: Sequence[tuple[str, str]] = (),
) -> dict[str, int]:
    """Build the gazetteer at `path` from record stages; returns row counts.

    The database is written to a temporary sibling and renamed into place only when complete,
    so a reader never sees a half-built file under the real name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.building-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    started = time.perf_counter()
    conn = sqlite3.connect(tmp)
    try:
        conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
        conn.executescript(SCHEMA)
        counts = {"places": 0, "names": 0}
        place_id = 0
        for label, make_records in stages:
            bar = tqdm(desc=f"gazetteer: {label}", unit=" places", disable=not progress,
                       mininterval=0.5, leave=False)
            place_rows, name_rows = [], []
            for record in make_records():
                place_id += 1
                place_rows.append((
                    place_id, record.geonameid, record.name, record.feature_type,
                    record.country_code, record.admin1_code, record.admin1_name,
                    int(record.population or 0), round(record.lat, 6), round(record.lon, 6),
                    record.polygon, record.source,
                ))
                for name, kind in sorted(record.names.items(), key=lambda item: item[1]):
                    norm = normalize_name(name)
                    if norm:
                        name_rows.append((norm, place_id, int(kind)))
                bar.update(1)
            conn.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
            conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", name_rows)
            counts["places"] += len(place_rows)
            bar.close()
        counts["names"] = conn.execute("SELECT count(*) FROM names").fetchone()[0]
        counts["demonyms"] = _insert_demonyms(conn, demonyms)
        conn.execute("CREATE INDEX places_geonameid ON places(geonameid)")
        conn.execute("CREATE INDEX names_place ON names(place_id)")
        full_meta = {
            **meta,
            "schema_version": SCHEMA_VERSION,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "build_seconds": f"{time.perf_counter() - started:.1f}",
            "places": str(counts["places"]),
            "names": str(counts["names"]),
            "demonyms": str(counts["demonyms"]),
            "complete": "1",
        }
        conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(full_meta.items()))
        conn.commit()
        conn.execute("VACUUM")
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    conn.close()
    os.replace(tmp, path)
    return counts


def plural_forms(demonym: str) -> list[str]:
    """"Russian" -> ["Russian", "Russians"]; "British" and "Chinese" have no plural form."""
    forms = [demonym]
    if demonym.endswith(("an", "i", "ot", "ar")):
        forms.append(demonym + "s")
    return forms


def _insert_demonyms(conn: sqlite3.Connection, demonyms: Iterable[tuple[str, str]]) -> int:
    """Link each demonym to a place: an ISO2 code names a country, anything else the most
    prominent place with that canonical name."""
    rows = {}
    for demonym, target in demonyms:
        if len(target) == 2 and target.isupper():
            hit = conn.execute("SELECT id FROM places WHERE feature_type = 'country' AND "
                               "country_code = ?", (target,)).fetchone()
        else:
            hit = conn.execute(
                "SELECT p.id FROM names n JOIN places p ON p.id = n.place_id WHERE n.norm = ? "
                "ORDER BY p.feature_type IN ('country', 'region', 'water') DESC, "
                "p.feature_type = 'admin1' DESC, n.kind, p.population DESC LIMIT 1",
                (normalize_name(target),)).fetchone()
        if hit is None:
            continue
        for form in plural_forms(demonym):
            norm = normalize_name(form)
            if norm:
                rows.setdefault(norm, hit[0])
    conn.executemany("INSERT INTO demonyms VALUES (?, ?)", sorted(rows.items()))
    return len(rows)
