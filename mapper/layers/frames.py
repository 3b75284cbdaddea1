"""Analyses -> GeoDataFrames: the one tabular view every writer and the dashboard start from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from mapper.analysis.models import Analysis
from mapper.geoparse.models import Place
from mapper.layers.precision import snap_to_grid

CRS = "EPSG:4326"
PLACE_COLUMNS: tuple[str, ...] = (
    "name", "resolved_name", "geonameid", "feature_type", "country_code", "admin1",
    "mentions", "spans", "confidence", "article_id", "article_date", "evidence",
)
ZONE_COLUMNS: tuple[str, ...] = (
    "status", "grantor", "grantee", "weapons", "range_km", "range_min_km", "anchors",
    "target_country", "effective_date", "area_km2", "evidence", "rule", "confidence",
    "statement_index", "border_view", "article_id", "article_date",
)
EVENT_COLUMNS: tuple[str, ...] = (
    "event_type", "sub_event_type", "event_date", "time_precision", "actor1", "actor2",
    "location", "resolved_name", "geonameid", "country_code", "admin1", "geo_precision",
    "fatalities", "evidence", "rule", "confidence", "article_id", "article_date",
)


def _iso(analysis: Analysis) -> str | None:
    return analysis.date.isoformat() if analysis.date else None


def _place_key(place: Place) -> tuple[str, Any]:
    """Mentions of one place collapse together: by GeoNames id, else by resolved name."""
    if place.geonameid is not None:
        return ("geonameid", place.geonameid)
    return ("name", place.resolved_name or place.name)


def place_rows(analysis: Analysis) -> list[tuple[dict[str, Any], Place]]:
    """One row per resolved place of one article, with the first-written mention."""
    groups: dict[tuple[str, Any], list[Place]] = {}
    for place in sorted(analysis.map_places, key=lambda p: (p.start, p.end)):
        groups.setdefault(_place_key(place), []).append(place)
    rows = []
    for mentions in groups.values():
        first = mentions[0]
        rows.append(({
            "name": first.name,
            "resolved_name": first.resolved_name,
            "geonameid": first.geonameid,
            "feature_type": first.feature_type,
            "country_code": first.country_code,
            "admin1": first.admin1_name,
            "mentions": len(mentions),
            "spans": [[p.start, p.end] for p in mentions],
            "confidence": round(max(p.score for p in mentions), 3),
            "article_id": analysis.article_id,
            "article_date": _iso(analysis),
            "evidence": analysis.sentence_at(first.start, first.end).text,
        }, first))
    return rows


def _frame(rows: list[dict[str, Any]], columns: Sequence[str], geometry: list) -> gpd.GeoDataFrame:
    """A frame with at least `columns` (even when empty), plus any keys the records add later."""
    names = list(dict.fromkeys([*columns, *(k for row in rows for k in row)]))
    frame = pd.DataFrame(rows, columns=names)
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, crs=CRS), crs=CRS)


def places_frame(analyses: Sequence[Analysis]) -> gpd.GeoDataFrame:
    """Resolved places, one row per place per article (mentions collapsed), EPSG:4326 points."""
    rows, points = [], []
    for analysis in analyses:
        for row, first in place_rows(analysis):
            rows.append(row)
            points.append(shapely.Point(first.lon, first.lat))
    frame = _frame(rows, PLACE_COLUMNS, points)
    frame["geonameid"] = frame["geonameid"].astype("Int64")
    frame["mentions"] = frame["mentions"].astype("int64")
    frame["confidence"] = frame["confidence"].astype("float64")
    return frame


def zones_frame(analyses: Sequence[Analysis]) -> gpd.GeoDataFrame:
    """Zones of every article: the contract properties plus article id and date, EPSG:4326.

    Geometries are snapped to the GeoJSON grid, so every format carries the same valid shapes."""
    rows, geometries = [], []
    for analysis in analyses:
        for zone in analysis.zones:
            rows.append({**zone.properties(), "article_id": analysis.article_id,
                         "article_date": _iso(analysis)})
            geometries.append(snap_to_grid(zone.geometry))
    frame = _frame(rows, ZONE_COLUMNS, geometries)
    for column in ("range_km", "range_min_km", "area_km2", "confidence"):
        frame[column] = frame[column].astype("float64")
    frame["statement_index"] = frame["statement_index"].astype("Int64")
    return frame


def events_frame(analyses: Sequence[Analysis]) -> gpd.GeoDataFrame:
    """Events of every article: the contract properties plus article id and date, EPSG:4326."""
    rows, points = [], []
    for analysis in analyses:
        for event in analysis.events:
            rows.append({**event.properties(), "article_id": analysis.article_id,
                         "article_date": _iso(analysis)})
            points.append(shapely.Point(event.place.lon, event.place.lat))
    frame = _frame(rows, EVENT_COLUMNS, points)
    for column in ("geonameid", "fatalities", "geo_precision", "time_precision"):
        frame[column] = frame[column].astype("Int64")
    frame["confidence"] = frame["confidence"].astype("float64")
    return frame
