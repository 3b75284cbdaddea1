"""Analyses -> a CSV with ACLED-like columns, for spreadsheets and event datasets: one row per
place (`row_type` place) and one per conflict event (`row_type` event, with ACLED's event columns).

`geo_precision` follows ACLED's 1-3 scale:
1 = the exact town or site (city, landmark);
2 = part of a region, near a town (admin2: district, raion, county);
3 = a large area only (admin1, country, region, water body, river).

Text cells that a spreadsheet would run as a formula (starting with = + - @ or a tab) get a
leading apostrophe, as OWASP advises for CSV files opened in Excel or LibreOffice.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from mapper.analysis.models import Analysis
from mapper.atomic import write_bytes_atomic
from mapper.boundaries import load_boundaries
from mapper.layers.frames import place_rows

CSV_COLUMNS: tuple[str, ...] = (
    "article_id", "event_date", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "geonameid", "feature_type", "confidence", "source_sentence", "country_code",
    "row_type", "event_type", "sub_event_type", "actor1", "actor2", "time_precision",
    "fatalities", "notes", "source",
)
GEO_PRECISION: dict[str, int] = {
    "city": 1, "landmark": 1,
    "admin2": 2,
    "admin1": 3, "country": 3, "region": 3, "water": 3, "river": 3,
}


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str | None) -> str:
    """Article text as a CSV cell that no spreadsheet evaluates."""
    text = text or ""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def geo_precision(feature_type: str | None) -> int:
    """ACLED precision code of a feature type (unknown types count as the coarsest, 3)."""
    return GEO_PRECISION.get(feature_type or "", 3)


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO alpha-2 -> English country name, from the Natural Earth admin-0 layer."""
    frame = load_boundaries().frame
    rows = frame[(frame["level"] == 0) & frame["code"].notna()]
    return {str(c): str(n) for c, n in zip(rows["code"], rows["name_en"].fillna(rows["name"]),
                                           strict=True)}


def csv_rows(analyses: Sequence[Analysis]) -> list[dict[str, object]]:
    names = country_names()
    rows = []
    for analysis in analyses:
        for row, first in place_rows(analysis):
            code = row["country_code"]
            rows.append({
                "article_id": _cell(row["article_id"]), "event_date": row["article_date"] or "",
                "country": names.get(code, code or ""), "admin1": _cell(row["admin1"]),
                "location": _cell(row["resolved_name"] or row["name"]),
                "latitude": round(first.lat, 6), "longitude": round(first.lon, 6),
                "geo_precision": geo_precision(row["feature_type"]),
                "geonameid": row["geonameid"] if row["geonameid"] is not None else "",
                "feature_type": row["feature_type"] or "", "confidence": row["confidence"],
                "source_sentence": _cell(row["evidence"]), "country_code": code or "",
                "row_type": "place",
            })
        rows.extend(event_rows(analysis, names))
    return rows


def event_rows(analysis: Analysis, names: dict[str, str]) -> list[dict[str, object]]:
    """ACLED-like rows of one article's events (notes = the evidence sentence)."""
    rows: list[dict[str, object]] = []
    for event in analysis.events:
        p = event.place
        code = p.country_code
        notes = " ".join(e.text for e in event.evidence)
        rows.append({
            "article_id": _cell(analysis.article_id),
            "event_date": event.event_date.isoformat() if event.event_date else "",
            "country": names.get(code or "", code or ""), "admin1": _cell(p.admin1),
            "location": _cell(p.resolved_name or p.name), "latitude": round(p.lat, 6),
            "longitude": round(p.lon, 6), "geo_precision": p.precision,
            "geonameid": p.geonameid if p.geonameid is not None else "",
            "feature_type": p.feature_type or "", "confidence": event.confidence,
            "source_sentence": _cell(event.evidence[0].text), "country_code": code or "",
            "row_type": "event", "event_type": event.event_type,
            "sub_event_type": event.sub_event_type, "actor1": _cell(event.actor1),
            "actor2": _cell(event.actor2), "time_precision": event.time_precision,
            "fatalities": event.fatalities if event.fatalities is not None else "",
            "notes": _cell(notes), "source": _cell(analysis.article_id),
        })
    return rows


def csv_bytes(analyses: Sequence[Analysis]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(analyses))
    return buffer.getvalue().encode("utf-8")


def write_csv(analyses: Sequence[Analysis], path: Path) -> None:
    write_bytes_atomic(Path(path), csv_bytes(analyses))


EVENT_CSV_COLUMNS: tuple[str, ...] = (
    "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1",
    "location", "latitude", "longitude", "geo_precision", "time_precision", "fatalities", "notes",
    "source",
)


def event_csv_bytes(analyses: Sequence[Analysis]) -> bytes:
    """Only the event rows, with ACLED's column order (for `mapper analyze --events-only`)."""
    names = country_names()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EVENT_CSV_COLUMNS, lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for analysis in analyses:
        writer.writerows(event_rows(analysis, names))
    return buffer.getvalue().encode("utf-8")
