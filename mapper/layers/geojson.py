"""Analyses -> one RFC 7946 FeatureCollection (docs/formats.md, "GeoJSON layers")."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from mapper.analysis.models import Analysis
from mapper.atomic import write_bytes_atomic
from mapper.layers.frames import place_rows
from mapper.layers.precision import DECIMALS, snap_to_grid
from mapper.layers.style import event_simplestyle, place_simplestyle, zone_simplestyle


def rfc7946_geometry(geometry: BaseGeometry, decimals: int = DECIMALS) -> dict[str, Any]:
    """GeoJSON geometry snapped to `decimals` (still valid), exterior rings counter-clockwise."""
    oriented = shapely.orient_polygons(snap_to_grid(geometry, decimals), exterior_cw=False)
    return _plain(shapely.geometry.mapping(oriented))


def _plain(value: Any) -> Any:
    """Tuples -> lists, numpy floats -> float, so the dict is plain JSON data."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.floating):
        return float(value)
    return value


def place_features(analysis: Analysis) -> list[dict[str, Any]]:
    features = []
    for row, first in place_rows(analysis):
        sentence = analysis.sentence_at(first.start, first.end)
        title = row["resolved_name"] or row["name"]
        properties = {
            "layer": "place", **{k: v for k, v in row.items() if k != "evidence"},
            "evidence": [{"text": sentence.text, "start": sentence.start, "end": sentence.end}],
            **place_simplestyle(title, sentence.text),
        }
        features.append({"type": "Feature", "properties": properties,
                         "geometry": rfc7946_geometry(shapely.Point(first.lon, first.lat))})
    return features


def zone_features(analysis: Analysis) -> list[dict[str, Any]]:
    features = []
    for zone in analysis.zones:
        properties = {"layer": "zone", **zone.properties(), "article_id": analysis.article_id,
                      "article_date": analysis.date.isoformat() if analysis.date else None,
                      **zone_simplestyle(zone)}
        features.append({"type": "Feature", "properties": properties,
                         "geometry": rfc7946_geometry(zone.geometry)})
    return features


def event_features(analysis: Analysis) -> list[dict[str, Any]]:
    """One Point per event (CONTRACT.md `layer = "event"`)."""
    features = []
    for event in analysis.events:
        properties = {"layer": "event", **event.properties(), "article_id": analysis.article_id,
                      "article_date": analysis.date.isoformat() if analysis.date else None,
                      **event_simplestyle(event)}
        point = shapely.Point(event.place.lon, event.place.lat)
        features.append({"type": "Feature", "properties": properties,
                         "geometry": rfc7946_geometry(point)})
    return features


def feature_collection(analyses: Sequence[Analysis]) -> dict[str, Any]:
    """Zones first (drawn underneath), then places, then events; no `crs` member (RFC 7946)."""
    features: list[dict[str, Any]] = []
    for analysis in analyses:
        features.extend(zone_features(analysis))
    for analysis in analyses:
        features.extend(place_features(analysis))
    for analysis in analyses:
        features.extend(event_features(analysis))
    return {"type": "FeatureCollection", "features": features}


def geojson_bytes(analyses: Sequence[Analysis]) -> bytes:
    return json.dumps(feature_collection(analyses), ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def write_geojson(analyses: Sequence[Analysis], path: Path) -> None:
    """Write the FeatureCollection atomically (never a half-written file under `path`)."""
    write_bytes_atomic(Path(path), geojson_bytes(analyses))
