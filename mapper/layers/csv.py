"""Analyses -> a CSV of places with ACLED-like columns, for spreadsheets and event datasets.

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
